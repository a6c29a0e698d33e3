"""The form renderer (Jinja2 for Django's own widget templates) writes the same forms as Django's
default renderer: same fields, labels, options, values, errors and attributes. Only whitespace
may differ, and only where a browser shows none (before a closing tag)."""

import re

import pytest
from django.urls import reverse

DEFAULT = "django.forms.renderers.DjangoTemplates"


def _html(client, path, data=None) -> str:
    response = client.post(path, data) if data is not None else client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    html = re.sub(r'name="(csrfmiddlewaretoken|submit_token)" value="[^"]+"', "TOKEN", html)
    return re.sub(r'nonce="[^"]+"', "NONCE", html)


def _shown(html: str) -> str:
    """The HTML as a browser lays it out: any run of whitespace is one space, and none before a
    closing tag."""
    return re.sub(r"\s+(?=</)", "", re.sub(r"\s+", " ", html))


def _pages(initiative):
    """Every kind of field the app's forms use: text, textarea, number, date, file, select,
    select multiple, radio buttons, checkbox lists and a single checkbox; and a form sent back
    with its errors."""
    slug = {"slug": initiative.slug}
    return [
        ("member", reverse("initiatives:initiative_create"), None),
        ("member", reverse("publicvalue:value_record_create", kwargs=slug), None),
        ("member", reverse("publicvalue:value_record_create", kwargs=slug), {"quantity": "x"}),
        ("member", reverse("partnership:blockage_raise", kwargs=slug), None),
        ("civil", reverse("partnership:contact_new", kwargs=slug), None),
        ("civil", reverse("partnership:commitment_new", kwargs=slug), None),
        ("civil", reverse("partnership:worklist"), None),
        ("council", "/dashboard/knelpunten/", None),
        ("visitor", reverse("initiatives:catalogue") + "?q=tuin", None),
        ("visitor", reverse("account_signup"), None),
    ]


@pytest.mark.django_db
def test_every_kind_of_field_is_written_as_django_writes_it(
    settings, client, initiative, member_client, civil_servant_client, council_client
):
    clients = {
        "member": member_client,
        "civil": civil_servant_client,
        "council": council_client,
        "visitor": client,
    }
    assert settings.FORM_RENDERER == "partnership.config.forms.FormRenderer"
    pages = _pages(initiative)
    ours = [_html(clients[who], path, data) for who, path, data in pages]
    settings.FORM_RENDERER = DEFAULT
    theirs = [_html(clients[who], path, data) for who, path, data in pages]
    for (_, path, _), mine, django_s in zip(pages, ours, theirs, strict=True):
        assert _shown(mine) == _shown(django_s), path
    assert ours != theirs  # both renderers were used: their whitespace differs
    assert any('type="radio"' in html for html in ours)
    assert any('type="file"' in html for html in ours)
    assert any("<select" in html for html in ours)
    assert any('class="errorlist' in html for html in ours)
