"""Hostile input, part 4: plain regression tests for what the fuzzing of test_hostile_input*.py
found, each as a user would meet it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from initiatives.models import Theme
from partnership.models import RefusalGround
from publicvalue.models import ValueDimension
from tests.support import factories as f
from tests.support.factories_requests import EN, kind
from tests.support.initiative_edit import URL as EDIT_URL
from tests.support.initiative_edit import form_data

pytestmark = pytest.mark.django_db

THIRTY_DIGITS = "9" * 30


def test_an_id_too_large_for_the_database_is_an_invalid_choice_not_a_server_error(
    member_client, initiative
):
    # It crashed the query on SQLite (OverflowError): a 500 instead of an error at the field.
    response = member_client.post(EDIT_URL, form_data(initiative, themes=[THIRTY_DIGITS]), **EN)
    assert response.status_code == 200
    assert "themes" in response.context["form"].errors
    assert 'id="id_themes_error"' in response.content.decode()
    assert initiative.themes.count() == 0


def test_a_chosen_theme_still_saves(member_client, initiative):
    green = Theme.objects.get(slug="groen-en-klimaat")
    response = member_client.post(EDIT_URL, form_data(initiative, themes=[str(green.pk)]))
    assert response.status_code == 302
    assert list(initiative.themes.all()) == [green]


def test_a_decision_with_a_ground_id_too_large_is_refused_at_the_field(
    civil_servant_client, initiative
):
    city_request = f.CityRequestFactory(initiative=initiative, status="considering")
    prefix = f"decide-{city_request.pk}"
    response = civil_servant_client.post(
        reverse("partnership:request_decide", args=[initiative.slug, city_request.pk]),
        {
            f"{prefix}-decision": "refused",
            f"{prefix}-grounds": [THIRTY_DIGITS],
            f"{prefix}-reasons": "Nee.",
        },
        **EN,
    )
    assert response.status_code == 200
    assert "grounds" in response.context["form"].errors
    city_request.refresh_from_db()
    assert city_request.status == "considering"


def test_a_new_refusal_ground_longer_than_a_name_may_be_is_refused_at_its_field(
    coordinator_client,
):
    # It was looked up with a LIKE pattern SQLite refused (a 500), and a shorter but still too
    # long line came back as an error on the kind's own name.
    edit = reverse("partnership:request_kind_edit", args=[kind("grond").pk])
    before = RefusalGround.objects.count()
    response = coordinator_client.post(
        edit,
        {"name": "Grond", "decision_term_days": "56", "new_grounds": "Te lang " * 30},
        **EN,
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["new_grounds"]
    assert "Line 1 is too long: a ground has at most 200 characters." in errors["new_grounds"]
    assert RefusalGround.objects.count() == before


def test_a_figure_naming_a_control_character_still_downloads_as_xlsx(council_client):
    # openpyxl refused the whole workbook for one name with a control character: a 500.
    framework = f.PolicyFrameworkFactory(name="Grond\x0bprijs\x01=1+1")
    initiative = f.InitiativeFactory()
    f.BlockageFactory(initiative=initiative, policy_framework=framework)
    response = council_client.get(
        "/dashboard/knelpunten/", {"figure": "frameworks", "format": "xlsx"}, **EN
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[0].value for row in sheet.iter_rows()]
    assert "Grondprijs=1+1" in names


def test_a_control_character_does_not_hide_a_formula_from_the_xlsx(council_client):
    framework = f.PolicyFrameworkFactory(name='\x01=HYPERLINK("http://example.com")')
    f.BlockageFactory(initiative=f.InitiativeFactory(), policy_framework=framework)
    response = council_client.get(
        "/dashboard/knelpunten/", {"figure": "frameworks", "format": "xlsx"}, **EN
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[0].value for row in sheet.iter_rows()]
    assert '\'=HYPERLINK("http://example.com")' in names


@pytest.mark.parametrize("kind_of", ["dimensies", "indicatoren"])
def test_a_dimension_or_indicator_numbered_zero_is_not_found(coordinator_client, kind_of):
    # /kader/dimensies/0/ showed the form for a new dimension, and saved one.
    before = ValueDimension.objects.count()
    url = f"/publieke-waarde/kader/{kind_of}/0/"
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, {"name": "Nul", "code": "nul"}).status_code == 404
    assert ValueDimension.objects.count() == before


def test_an_error_on_radio_buttons_is_tied_to_their_group(civil_servant_client, initiative):
    # Django leaves aria-describedby off the radio buttons themselves: it belongs on the group.
    commitment = f.CommitmentFactory(initiative=initiative)
    response = civil_servant_client.post(
        reverse("partnership:commitment_settle", args=[initiative.slug, commitment.pk]),
        {"settled_on": "2020-01-01", "note": "Gedaan."},
        **EN,
    )
    html = response.content.decode()
    assert '<fieldset class="field-group" aria-describedby="id_status_error">' in html
    assert "<legend>Outcome:</legend>" in html
    assert '<ul class="errorlist" id="id_status_error">' in html


def test_a_title_with_a_line_break_still_lets_members_invite(
    member_client, initiative, mailoutbox, django_capture_on_commit_callbacks
):
    # A line break in the title went into the invitation's subject, which an e-mail header
    # cannot hold: sending raised BadHeaderError after the invitation was stored.
    initiative.title = "Moestuin\r\nBcc: iedereen@example.org"
    initiative.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("initiatives:initiative_invite", args=[initiative.slug]),
            {"email": "nieuw@example.org"},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "\n" not in mailoutbox[0].subject and "Bcc" not in mailoutbox[0].subject
    assert mailoutbox[0].bcc == []
