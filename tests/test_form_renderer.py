"""The form renderer (initiatives.formtools.FormRenderer) writes inputs, selects, text areas,
radio and checkbox lists and labels in Python: what it writes must be what Django's own form
templates write, byte for byte, for every form of the product, bound or not, with hostile
values, in Dutch and English. A renderer that does both and compares them is put in its place
while every page is opened as every role and every form is sent back with hostile values."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils import translation

from initiatives.formtools import DateInput, FormRenderer
from tests.support import hostile
from tests.support.hostile import EN, MARKUP, crawl, rolled_back

pytestmark = pytest.mark.django_db

ATTRIBUTE_BREAK = '" onfocus="alert(1)'
WRITTEN = {
    "django/forms/widgets/text.html",
    "django/forms/widgets/select.html",
    "django/forms/widgets/textarea.html",
    "django/forms/label.html",
}


class Compared(FormRenderer):
    """Writes each template as FormRenderer does and renders it as Django does; keeps both."""

    rendered: Counter = Counter()
    differences: list[tuple[str, str, str]] = []

    def render(self, template_name, context, request=None):
        written = super().render(template_name, context, request=request)
        templated = DjangoTemplates.render(self, template_name, context, request=request)
        Compared.rendered[template_name] += 1
        if written != templated:
            Compared.differences.append((template_name, written, templated))
        return written


@pytest.fixture
def compared():
    Compared.rendered.clear()
    Compared.differences.clear()
    with override_settings(FORM_RENDERER="tests.test_form_renderer.Compared"):
        yield Compared


class EveryWidget(forms.Form):
    text = forms.CharField(label=f"Name {MARKUP}", max_length=20, help_text="help")
    number = forms.DecimalField(label="Amount", localize=True, required=False)
    count = forms.IntegerField(required=False, min_value=0)
    email = forms.EmailField(required=False)
    url = forms.URLField(
        required=False, assume_scheme="https", widget=forms.URLInput(attrs={"placeholder": "x"})
    )
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(required=False, widget=DateInput)
    agreed = forms.BooleanField(required=False)
    story = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        choices=[("", "—"), ("Group", [("a", f"A {MARKUP}"), ("b", "B")]), (1500, 1500)],
        required=False,
    )
    kinds = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    answer = forms.ChoiceField(
        choices=[("yes", "Yes"), ("Other", [("no", "No"), ("maybe", ATTRIBUTE_BREAK)])],
        widget=forms.RadioSelect(attrs={"class": "choices"}),
        required=False,
    )
    days = forms.MultipleChoiceField(
        choices=[(1, "Monday"), (2, "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    maybe = forms.NullBooleanField(required=False)
    disabled = forms.CharField(required=False, disabled=True, initial=ATTRIBUTE_BREAK)


HOSTILE_DATA = {
    "text": MARKUP + "x" * 30,
    "number": "1234567.5",
    "count": "-1",
    "email": ATTRIBUTE_BREAK,
    "url": "javascript:alert(1)",
    "secret": ATTRIBUTE_BREAK,
    "hidden": MARKUP,
    "date": "2026-02-30",
    "agreed": "on",
    "story": f"{MARKUP}\n{ATTRIBUTE_BREAK}",
    "kind": "1500",
    "kinds": ["a", "b", MARKUP],
    "answer": "maybe",
    "days": ["2"],
    "maybe": "true",
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "data",
    [None, {}, HOSTILE_DATA, {**HOSTILE_DATA, "number": "1.234.567,5", "date": "2026-11-30"}],
    ids=["unbound", "empty", "hostile", "valid"],
)
def test_every_widget_is_written_as_djangos_templates_write_it(compared, language, data):
    with translation.override(language):
        form = EveryWidget(data, initial={"date": dt.date(2026, 11, 30), "number": Decimal("1e3")})
        if data is not None:
            form.is_valid()
        for field in form:
            str(field)
            field.label_tag()
            field.legend_tag()
            field.label_tag(attrs={"class": "x"}, label_suffix="?")
    assert compared.differences == []
    assert {
        "django/forms/widgets/number.html",
        "django/forms/widgets/radio.html",
        "django/forms/widgets/checkbox_select.html",
        "django/forms/widgets/checkbox.html",
        "django/forms/widgets/date.html",
    } | WRITTEN <= set(compared.rendered)


def test_an_overridden_template_is_rendered_from_that_template(tmp_path):
    (tmp_path / "django/forms/widgets").mkdir(parents=True)
    (tmp_path / "django/forms/widgets/attrs.html").write_text(" data-own")
    renderer = FormRenderer()
    engine = renderer.engine.engine
    engine.dirs = [tmp_path, *engine.dirs]  # as an installed app's templates would
    field = EveryWidget(renderer=renderer)["text"]
    assert str(field) == '<input type="text" name="text" data-own>'


@pytest.mark.parametrize("headers", [EN, {"HTTP_ACCEPT_LANGUAGE": "nl"}], ids=["en", "nl"])
def test_every_form_of_every_page_is_written_as_djangos_templates_write_it(
    compared, django_db_blocker, headers
):
    """Every page as every role (every form unbound), then every form sent back with a hostile
    value in each field (every form bound, with its errors)."""
    with hostile.world_in_transaction(django_db_blocker) as world, rolled_back():
        found = crawl(world, headers=headers)
        for variants in found.forms.values():
            for form in variants:
                if form.method != "post":
                    continue
                data = {name: MARKUP for name in form.fields}
                with rolled_back():
                    world.client(form.role).post(form.action, data, **headers)
    assert compared.differences == []
    assert WRITTEN <= set(compared.rendered)
