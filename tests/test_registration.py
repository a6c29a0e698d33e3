"""Registering an initiative at /initiatieven/nieuw/: four steps, a draft in the session,
errors next to the field, and the person registering becomes its lead."""

import pytest
from django.contrib.auth.models import Group

from initiatives import permissions
from initiatives.models import Area, CityAsk, Initiative, Membership, StatusChange, Theme
from initiatives.services import initiative_create, unique_slug
from tests.support.factories import CouncilMemberFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/initiatieven/nieuw/"


def what(**overrides):
    data = {
        "title": "Repair Café Charlois",
        "summary": "Samen spullen repareren in plaats van weggooien.",
        "description": "",
        "domain": "physical",
        "themes": [str(Theme.objects.get(slug="groen-en-klimaat").pk)],
        "status": "starting",
    }
    return {**data, **overrides}


def where(**overrides):
    charlois = Area.objects.get(slug="charlois")
    data = {"area": str(charlois.pk), "neighbourhood": str(charlois.neighbourhoods.first().pk)}
    return {**data, **overrides}


def who(**overrides):
    data = {
        "legal_form": "informal",
        "volunteers": "6",
        "people_reached": "200",
        "started_on": "",
        "website": "",
        "is_public": "on",
    }
    return {**data, **overrides}


def need(**overrides):
    data = {"asks": [str(CityAsk.objects.get(code="space").pk)], "uses_public_space": "on"}
    return {**data, **overrides}


def post_step(client, step: int, data: dict, action: str = "next", **extra):
    return client.post(URL, {**data, "step": str(step), "action": action}, **extra)


def register(client) -> None:
    for number, data in enumerate([what(), where(), who(), need()], start=1):
        response = post_step(client, number, data)
        assert response.status_code == 302, response.content.decode()[:2000]


def test_a_visitor_is_sent_to_log_in_and_back(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/initiatieven/nieuw/"


def test_the_first_step_asks_what_the_initiative_does(member_client):
    response = member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Step 1 of 4" in body
    assert 'aria-current="step"' in body
    assert "One or two sentences: what do you do, for whom?" in body


def test_an_initiator_registers_in_four_steps_and_becomes_lead(member_client, member):
    register(member_client)
    initiative = Initiative.objects.get(title="Repair Café Charlois")
    assert initiative.slug == "repair-cafe-charlois"
    assert initiative.created_by == member
    assert initiative.status == "starting"
    assert initiative.neighbourhood.area.slug == "charlois"
    assert list(initiative.themes.values_list("slug", flat=True)) == ["groen-en-klimaat"]
    assert list(initiative.asks.values_list("code", flat=True)) == ["space"]
    assert initiative.uses_public_space and not initiative.uses_municipal_land
    assert initiative.volunteers == 6 and initiative.is_public
    membership = Membership.objects.get(initiative=initiative)
    assert (membership.user, membership.role) == (member, Membership.Role.LEAD)
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status, change.changed_by) == ("", "starting", member)


def test_finishing_leads_to_the_new_partner_page_and_clears_the_draft(member_client):
    for number, data in enumerate([what(), where(), who()], start=1):
        post_step(member_client, number, data)
    response = post_step(member_client, 4, need(), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == "/initiatieven/repair-cafe-charlois/"
    assert "initiative_draft" not in member_client.session
    page = member_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "You are its lead." in page.content.decode()


@pytest.mark.parametrize(
    "who_registers", ["civil_servant_client", "coordinator_client", "council_client"]
)
def test_any_logged_in_user_may_register_and_becomes_initiator(request, who_registers):
    client = request.getfixturevalue(who_registers)
    register(client)
    user = Membership.objects.get(initiative__title="Repair Café Charlois").user
    assert permissions.INITIATOR in set(user.groups.values_list("name", flat=True))


def test_a_user_without_any_role_gets_the_initiator_role(client_for):
    user = UserFactory()
    assert not user.groups.exists()
    register(client_for(user))
    assert user.groups.filter(name=permissions.INITIATOR).exists()


def test_errors_appear_next_to_the_field_in_english(member_client):
    response = post_step(
        member_client, 1, what(title="", summary="x" * 301), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["This field is required."]
    assert "at most 300 characters" in form.errors["summary"][0]
    body = response.content.decode()
    assert 'id="id_title_error"' in body


def test_errors_appear_in_dutch_by_default(member_client):
    response = post_step(member_client, 1, what(title=""))
    assert response.context["form"].errors["title"] == ["Dit veld is verplicht."]


def test_a_neighbourhood_outside_the_area_is_refused(member_client):
    post_step(member_client, 1, what())
    noord = Area.objects.get(slug="noord")
    response = post_step(
        member_client,
        2,
        where(neighbourhood=str(noord.neighbourhoods.first().pk)),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "is not in Charlois" in response.context["form"].errors["neighbourhood"][0]


def test_a_neighbourhood_outside_the_area_is_refused_in_dutch(member_client):
    post_step(member_client, 1, what())
    noord = Area.objects.get(slug="noord")
    elsewhere = str(noord.neighbourhoods.first().pk)
    response = post_step(member_client, 2, where(neighbourhood=elsewhere))
    assert "ligt niet in Charlois" in response.context["form"].errors["neighbourhood"][0]


def test_the_draft_survives_a_validation_error(member_client):
    post_step(member_client, 1, what(title="Buurtkeuken Oud-Charlois"))
    # Step 2 with an error: nothing typed so far is lost.
    response = post_step(member_client, 2, where(area=""))
    assert response.status_code == 200
    assert "area" in response.context["form"].errors
    back = member_client.get(URL, {"step": 1})
    assert back.context["form"]["title"].value() == "Buurtkeuken Oud-Charlois"
    # And the step with the error keeps what was typed there too.
    post_step(member_client, 2, where(area="", neighbourhood="3"), action="back")
    again = member_client.get(URL, {"step": 2})
    assert again.context["form"]["neighbourhood"].value() == "3"


def test_back_keeps_what_was_typed_without_validating(member_client):
    post_step(member_client, 1, what())
    response = post_step(member_client, 2, where(area=""), action="back")
    assert response.status_code == 302
    step_one = member_client.get(URL)
    assert step_one.context["step_number"] == 1
    assert step_one.context["form"]["summary"].value() == what()["summary"]


def test_a_later_step_cannot_be_opened_before_the_earlier_ones(member_client):
    response = member_client.get(URL, {"step": 4})
    assert response.context["step_number"] == 1
    response = post_step(member_client, 3, who())
    assert response.status_code == 302
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("step", ["0", "9", "x", ""])
def test_odd_step_numbers_never_break_the_form(member_client, step):
    assert member_client.get(URL, {"step": step}).status_code == 200
    assert member_client.post(URL, {"step": step, "action": "next"}).status_code == 302


def test_discarding_the_draft_starts_again(member_client):
    post_step(member_client, 1, what())
    member_client.post(URL, {"action": "discard"})
    response = member_client.get(URL)
    assert response.context["step_number"] == 1
    assert response.context["form"]["title"].value() in (None, "")


def test_the_steps_can_be_revisited_and_changed_before_finishing(member_client):
    register_steps = [what(), where(), who()]
    for number, data in enumerate(register_steps, start=1):
        post_step(member_client, number, data)
    post_step(member_client, 1, what(title="Nieuwe naam"))
    for number, data in enumerate([where(), who(), need()], start=2):
        post_step(member_client, number, data)
    assert Initiative.objects.get().title == "Nieuwe naam"


def test_two_initiatives_with_the_same_title_get_distinct_slugs(member):
    area = Area.objects.get(slug="charlois")
    kwargs = {
        "created_by": member,
        "title": "Buurt Tuin!",
        "summary": "s",
        "area": area,
        "domain": "social",
    }
    first = initiative_create(**kwargs)
    second = initiative_create(**kwargs)
    third = initiative_create(**kwargs)
    assert [first.slug, second.slug, third.slug] == ["buurt-tuin", "buurt-tuin-2", "buurt-tuin-3"]


def test_a_slug_never_shadows_a_page_of_the_site():
    assert unique_slug("Nieuw") == "nieuw-2"
    assert unique_slug("Mijn") == "mijn-2"


def test_a_title_without_letters_still_gets_a_slug():
    assert unique_slug("!!!") == "initiatief"
    InitiativeFactory(slug="initiatief")
    assert unique_slug("???") == "initiatief-2"


def test_registering_twice_adds_the_initiator_role_once(db):
    """Registering is open to every account; the service adds the initiator role once."""
    council = CouncilMemberFactory()
    area = Area.objects.get(slug="charlois")
    initiative_create(created_by=council, title="T", summary="s", area=area, domain="social")
    initiative_create(created_by=council, title="T", summary="s", area=area, domain="social")
    assert council.groups.filter(name=permissions.INITIATOR).count() == 1
    assert Group.objects.filter(name=permissions.INITIATOR).count() == 1


def test_a_post_stuffed_with_extra_fields_does_not_bloat_the_session(member_client):
    """240 fields of 10 kB used to land in the session row (2.4 MB); only the step's own fields,
    cut to their length, are kept, and the wizard goes on as usual."""
    import secrets

    from django.contrib.sessions.models import Session

    stuffing = {f"extra{n}": secrets.token_hex(5_000) for n in range(240)}
    response = post_step(member_client, 1, {**what(summary="y" * 10_000), **stuffing})
    assert response.status_code == 200  # the summary is too long: refused, as before
    themes = [str(pk) for pk in Theme.objects.values_list("pk", flat=True)[:2]]
    response = post_step(member_client, 1, {**what(themes=themes), **stuffing})
    assert response.status_code == 302
    session = Session.objects.get(session_key=member_client.session.session_key)
    assert len(session.session_data) < 20_000
    for number, data in enumerate([where(), who(), need()], start=2):
        assert post_step(member_client, number, data).status_code == 302
    initiative = Initiative.objects.get(title="Repair Café Charlois")
    assert initiative.themes.count() == 2
