"""Hostile input, part 2: generated posts to every form the crawler finds (see
tests/support/hostile.py), one test per route, so a new form is fuzzed without anyone listing it.

Every answer: never a server error. A post that is refused comes back as the form with an error
tied to its field. A post that is taken redirects to a page that answers, and the pages that show
what was stored (the page it redirects to, the page the form was on, the partner page) still
answer, the partner page with 200, the stored markup shown as text. E-mails the post leaves for
after the commit are sent too.
"""

from __future__ import annotations

import pytest
from django.test import TestCase
from django.utils import timezone
from hypothesis import given

from tests.support import hostile
from tests.support.hostile import (
    EN,
    ROUTE_NAMES,
    assert_errors_tied_to_fields,
    assert_no_raw_markup,
    form_data,
    hypothesis_settings,
    rolled_back,
)

# The module-scoped world and crawl (tests/support/hostile.py), built anew for this module.
world = hostile.world
crawled = hostile.crawled

pytestmark = pytest.mark.django_db

EXAMPLES = 15  # per form; about 45 forms


def _pages_after(form, location: str, partner_page: str) -> list[tuple[str, str]]:
    """(role, path): where what a form stored is shown: the page it redirected to, the page the
    form was on, and the partner page, which shows everything about the initiative. (Every page
    with every text field made hostile is in test_hostile_input_rendering.py.)"""
    pages = [(form.role, location), (form.role, form.page), ("civil_servant", partner_page)]
    return list(dict.fromkeys(pages))


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_hostile_posts_never_break_a_form(name, world, crawled):
    variants = crawled.forms.get(("post", name))
    if not variants:
        pytest.skip("no page shows a form that posts here")
    for form in variants:
        _fuzz(form, world)


def _fuzz(form, world):
    today = timezone.localdate()
    partner_page = f"/initiatieven/{world.initiative.slug}/"

    @hypothesis_settings(EXAMPLES)
    @given(form_data(form, today))
    def check(data):
        with rolled_back():
            client = world.client(form.role)
            # What a view leaves for after the commit (e-mails) runs too, as in production.
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = client.post(form.action, data, **EN)
            assert response.status_code < 500
            if response.status_code == 200:
                assert_no_raw_markup(response)
                assert_errors_tied_to_fields(response, form)
                return
            if response.status_code not in (301, 302, 303):
                return  # a clear refusal: 403, 404, 409, 410
            # Taken: the pages that show what was stored still answer, markup as text.
            for role, path in _pages_after(form, response["Location"], partner_page):
                reader = client if role == form.role else world.client(role)
                shown = reader.get(path, **EN)
                assert shown.status_code < 500, (role, path)
                if path == partner_page and role == "civil_servant":
                    assert shown.status_code == 200, (role, path, shown.status_code)
                assert_no_raw_markup(shown, f"{path} as {role}")

    check()


@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_a_body_that_is_not_utf8_never_breaks_a_form(name, world, crawled):
    variants = crawled.forms.get(("post", name))
    if not variants:
        pytest.skip("no page shows a form that posts here")
    form = variants[-1]  # the one with the most fields found last, if any differ
    body = "&".join(f"{field}=%FF%FE%00%C0%AF" for field in form.fields).encode()
    with rolled_back():
        client = world.client(form.role)
        response = client.post(
            form.action, body, content_type="application/x-www-form-urlencoded", **EN
        )
        assert response.status_code < 500
