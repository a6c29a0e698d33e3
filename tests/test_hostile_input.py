"""Hostile input, part 1: the crawler every hostile-input test builds on, the guards that keep
the fuzzing complete, and hostile query strings on every page.

The forms and filters fuzzed are not a hand-picked list. ``crawl()`` (tests/support/hostile.py)
walks the URL configuration (admin/, accounts/ and the static files left out), opens every page as
every role that may open it, and reads the forms from the HTML: their method, where they post,
their fields, the options of their selects. Hypothesis then generates values per field from what
the HTML says (type, maxlength, options), mixed with hostile values: markup, NUL bytes, 100 kB
strings, numbers of 30 digits, impossible dates, choices that were never offered, missing and
repeated fields.

One world is built per test module and kept in a transaction; every generated example runs in a
savepoint that is rolled back, so examples never see each other's writes (see ``rolled_back``).
The POST fuzzing per form is in test_hostile_input_forms.py; stored markup and formulas on every
page and in every export are in test_hostile_input_rendering.py.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import resolve
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.support import hostile
from tests.support.hostile import (
    EN,
    HOSTILE,
    HUGE_NUMBER,
    HUGE_TEXT,
    MARKUP,
    ROUTE_NAMES,
    Field,
    Form,
    assert_errors_tied_to_fields,
    assert_no_raw_markup,
    hypothesis_settings,
    rolled_back,
    routes,
    unknown_kinds,
    url_kwargs,
    valid_value,
)

pytestmark = pytest.mark.django_db

# The module-scoped world and crawl (tests/support/hostile.py), built once for this module.
world = hostile.world
crawled = hostile.crawled


# --- the guards: the crawl reaches every page, and every form it finds can be fuzzed ------------

MIN_POST_FORMS = 40  # what the app had when this was written; the crawl must not silently shrink


def test_every_page_of_the_app_is_crawled(crawled):
    missing = [f"{r.name} ({r.route})" for r in crawled.unknown]
    assert not missing, f"tell url_kwargs() how to fill in these pages: {missing}"
    assert crawled.failures == []
    assert {"/", "/initiatieven/", "/dashboard/beweging/", "/beheer/audit/"} <= set(crawled.opened)


def test_every_form_found_is_covered_by_a_strategy(crawled):
    every_form = [form for variants in crawled.forms.values() for form in variants]
    assert len({name for (method, name) in crawled.forms if method == "post"}) >= MIN_POST_FORMS
    uncovered = {
        f"{form.url_name} on {form.page}": unknown_kinds(form)
        for form in every_form
        if unknown_kinds(form)
    }
    assert not uncovered, f"add a strategy for these field kinds: {uncovered}"
    third_party = {form.url_name for form in every_form if form.url_name not in ROUTE_NAMES}
    # Only allauth's log-out button; everything else is fuzzed per route name.
    assert third_party <= {"account_logout"}, third_party


def test_forms_that_appear_only_in_some_states_are_found(crawled):
    """The world holds an item in every state that shows a form: without it the crawl would
    find fewer forms, and fewer would be fuzzed."""
    names = {name for (method, name) in crawled.forms if method == "post"}
    for name in (
        "partnership:request_consider",
        "partnership:request_decide",
        "partnership:request_clock",
        "partnership:request_withdraw",
        "partnership:rate_blockage",
        "partnership:rate_request",
        "partnership:blockage_escalate",
        "publicvalue:value_record_verify",
        "initiatives:invitation_accept",
        "publicvalue:value_indicator_delete",
        "partnership:proposal_support",
        "partnership:proposal_answer",
        "partnership:proposal_submit",
        "partnership:framework_version_create",
    ):
        assert name in names


# --- hostile query strings on every page ---------------------------------------------------------


PARAM_PATTERN = re.compile(r"GET(?:\.get|\.getlist)?[(\[]\s*[\"'](\w+)[\"']")


def params_read_by(view) -> set[str]:
    """The query parameters a view's module reads by name (``request.GET.get("page")``), and
    the per-section pages of a module that pages several lists (the work list)."""
    import inspect

    module = inspect.getmodule(inspect.unwrap(view))
    names = set(PARAM_PATTERN.findall(inspect.getsource(module)))
    names |= {f"{section}_page" for section in getattr(module, "SECTIONS", ())}
    return names | {"page"}


def _figure_keys() -> list[str]:
    from partnership.dashboards.registry import DASHBOARDS

    return sorted({figure.key for board in DASHBOARDS for figure in board.figures})


PARAM_VALUES = st.sampled_from(("1", "2", "0", "-1", "abc", "999999", "", HUGE_NUMBER))
VALID_PARAMS = {
    "format": st.sampled_from(("csv", "xlsx", "json", "pdf")),
    "figure": st.builds(_figure_keys).flatmap(st.sampled_from),
    "step": st.sampled_from(("1", "2", "3", "4", "5")),
}


@st.composite
def query_data(draw, fields: dict[str, Field], today: dt.date):
    """A query string of one to four parameters, each given once to three times."""
    names = draw(st.sets(st.sampled_from(sorted(fields)), min_size=1, max_size=4))
    data = {}
    for name in names:
        fld = fields[name]
        if fld.kind == "param":
            valid = VALID_PARAMS.get(name, PARAM_VALUES)
        else:
            valid = valid_value(fld, today).map(lambda v: v if isinstance(v, str) else ",".join(v))
        data[name] = draw(st.lists(st.one_of(valid, HOSTILE), min_size=1, max_size=3))
    return data


def test_the_checks_would_catch_a_loose_error_raw_markup_and_an_unknown_field():
    from django.http import HttpResponse

    form = Form(
        page="/initiatieven/nieuw/", role="member", method="post", action="/initiatieven/nieuw/"
    )
    loose = (
        '<form method="post"><ul class="errorlist" id="id_title_error"><li>Verplicht</li></ul>'
        '<input name="title" aria-invalid="true"></form>'
    )
    with pytest.raises(AssertionError, match="points at no error"):
        assert_errors_tied_to_fields(HttpResponse(loose), form)
    tied = loose.replace('"true"', '"true" aria-describedby="id_title_error"')
    assert_errors_tied_to_fields(HttpResponse(tied), form)
    grouped = '<fieldset aria-describedby="id_title_error">' + loose + "</fieldset>"
    assert_errors_tied_to_fields(HttpResponse(grouped), form)
    with pytest.raises(AssertionError, match="unescaped"):
        assert_no_raw_markup(HttpResponse(f"<p>{MARKUP}</p>"), "a page")
    assert_no_raw_markup(HttpResponse("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"), "a page")
    form.fields["colour"] = Field("colour", "color")
    assert unknown_kinds(form) == ["colour (color)"]


def test_the_parameters_each_view_reads_are_found():
    from partnership.dashboards.views import dashboard
    from partnership.views.worklist import worklist

    assert {"figure", "format", "page"} <= params_read_by(dashboard)
    assert {"blockages_page", "waiting_page"} <= params_read_by(worklist)


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_hostile_query_strings_never_break_a_page(name, world, crawled):
    path = crawled.urls.get(name)
    roles = crawled.opened.get(path)
    if not roles:
        pytest.skip("no role opens this page with GET (an action that only takes POST)")
    role = roles[0]
    fields = {n: Field(n, "param") for n in params_read_by(resolve(path).func)}
    get_forms = crawled.forms.get(("get", name), [])
    for get_form in get_forms:
        fields.update(get_form.fields)
    today = timezone.localdate()

    @hypothesis_settings(20 if get_forms else 6)
    @given(query_data(fields, today))
    def check(data):
        with rolled_back():
            response = world.client(role).get(path, data, **EN)
            assert response.status_code < 500
            if response.status_code != 200:
                # Only a download of a figure that is not named or does not exist is not found.
                assert response.status_code == 404 and "format" in data, response.status_code
            assert_no_raw_markup(response, f"{path}?{data}")

    check()


# --- unknown objects and oversized values, one by one ---------------------------------------------

UNKNOWN_ARGS = {
    "slug": ("bestaat-niet", "a" * 300, "-"),
    "pk": (0, 999_999_999, int(HUGE_NUMBER)),
    "token": ("onbekend", "x" * 500),
    "model": ("initiative", "user", "xyz"),
}


@pytest.mark.parametrize("route", [r for r in routes() if r.params], ids=lambda r: r.name)
def test_unknown_slugs_pks_and_tokens_are_not_found_never_a_server_error(route, world, crawled):
    from django.urls import reverse

    known = url_kwargs(world, route.name, set(route.params))
    for param in route.params:
        for value in UNKNOWN_ARGS[param]:
            path = reverse(route.name, kwargs={**known, param: value})
            for role in ("coordinator", "member"):
                with rolled_back():
                    client = world.client(role)
                    for response in (client.get(path), client.post(path, {"reason": MARKUP})):
                        assert response.status_code in (302, 403, 404, 405, 410), (
                            path,
                            role,
                            response.status_code,
                        )


EXTREMES = {
    "text": (HUGE_TEXT, "a\x00b", "\x0b\x01"),
    "number": (HUGE_NUMBER, "-" + HUGE_NUMBER, "1e400", "NaN"),
    "date": ("2026-13-45", "9999-12-31", "0001-01-01"),
    "choice": ("xyz", HUGE_NUMBER, "-1"),
    "file": (),
    "button": ("xyz",),
}


def _extremes(fld: Field) -> tuple:
    if fld.kind in ("select", "radio", "checkbox"):
        return EXTREMES["choice"]
    return EXTREMES.get(fld.kind, EXTREMES["text"])


def _baseline(form: Form) -> dict[str, list[str]]:
    """What the page filled in, as a browser would send it."""
    data = {}
    for name, fld in form.fields.items():
        if fld.kind in ("checkbox", "radio") and not fld.value:
            continue
        data[name] = [fld.value] if fld.value or fld.kind != "select" else fld.options[-1:]
    return data


def test_one_extreme_value_in_any_field_of_any_form_is_refused_or_taken_never_a_500(world, crawled):
    """Deterministic companion of the fuzzing: each field of each form, one at a time, gets a
    100 kB text, a number of 30 digits, a date that does not exist or is far away, a choice
    that was never offered; the rest of the form as the page filled it in."""
    tried, broken = 0, []
    for (method, name), variants in sorted(crawled.forms.items()):
        if method != "post" or name in ("account_logout",):
            continue
        for form in variants:
            base = _baseline(form)
            for field_name, fld in form.fields.items():
                if field_name == "csrfmiddlewaretoken":
                    continue
                for value in _extremes(fld):
                    tried += 1
                    try:
                        with rolled_back():
                            client = world.client(form.role)
                            data = {**base, field_name: [value]}
                            response = client.post(form.action, data, **EN)
                            assert response.status_code < 500
                            if response.status_code == 200:
                                assert_errors_tied_to_fields(response, form)
                    except Exception as error:  # noqa: BLE001 - every form is tried, then told
                        broken.append(f"{name}: {field_name}={value[:12]!r}: {error!r}"[:300])
    assert tried > 300
    assert not broken, "\n".join(broken)


EXPLICIT_QUERY_VALUES = ("abc", "-1", "999999", "xyz", "2026-13-45", HUGE_NUMBER, ["1", "xyz"])


def test_the_named_wrong_values_in_every_parameter_of_every_page_are_ignored_or_refused(
    world, crawled
):
    """Deterministic companion of the query-string fuzzing: page=abc, page=-1, page=999999,
    area=xyz, a date like 2026-13-45, a 30-digit number and a parameter given twice, in every
    parameter of every page at once."""
    answers = {}
    for name in ROUTE_NAMES:
        path = crawled.urls.get(name)
        roles = crawled.opened.get(path)
        if not roles:
            continue
        names = params_read_by(resolve(path).func) - {"format", "figure"}
        for get_form in crawled.forms.get(("get", name), []):
            names |= set(get_form.fields)
        for value in EXPLICIT_QUERY_VALUES:
            with rolled_back():
                response = world.client(roles[0]).get(path, dict.fromkeys(names, value), **EN)
            answers[(path, str(value))] = response.status_code
            assert_no_raw_markup(response)
    assert {status for status in answers.values()} == {200}, {
        key: status for key, status in answers.items() if status != 200
    }
    assert len(answers) > 300
