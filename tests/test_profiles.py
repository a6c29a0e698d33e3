"""People, not only addresses (issue 15): a profile with name, phone and way of contact; sign-up
asks the name; names instead of addresses; an initiator's phone only for the city, and only
when they allow it."""

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from initiatives.accounts.models import User
from initiatives.accounts.validators import phone_digits
from initiatives.models import Invitation
from initiatives.permissions import can_see_phone
from tests.support import factories as f

pytestmark = pytest.mark.django_db

PROFILE = "/account/profiel/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def profile_data(**overrides):
    data = {
        "name": "Jan de Vries",
        "phone": "06 12345678",
        "preferred_contact": "email",
        "phone_visible_to_city": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


# The profile page ----------------------------------------------------------------------------


def test_the_header_names_the_person_and_links_to_the_profile(member_client, member):
    body = member_client.get("/").content.decode()
    header = body.split('class="account-nav"', 1)[1].split("</ul>", 1)[0]
    assert f'href="{PROFILE}"' in header
    assert escape(member.name) in header
    assert member.email not in header


def test_an_initiator_saves_name_phone_and_choices(member_client, member):
    data = profile_data(
        name="  Jan   de Vries ", preferred_contact="either", phone_visible_to_city="on"
    )
    response = member_client.post(PROFILE, data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.phone) == ("Jan de Vries", "06 12345678")
    assert member.preferred_contact == "either" and member.phone_visible_to_city
    assert "Je profiel is opgeslagen." in member_client.get(PROFILE).content.decode()


def test_the_phone_stays_hidden_from_the_city_by_default(member_client, member):
    member_client.post(PROFILE, profile_data())
    member.refresh_from_db()
    assert member.phone_visible_to_city is False


@pytest.mark.parametrize(
    "phone",
    ["06 12345678", "06-12345678", "010-123 45 67", "+31 6 12345678", "0031 6 1234 5678",
     "+32 2 123 45 67", "+1 (212) 555-0100", "+44 20 7946 0000", ""],
)  # fmt: skip
def test_dutch_and_international_numbers_are_accepted(member_client, member, phone):
    response = member_client.post(PROFILE, profile_data(phone=phone))
    assert response.status_code == 302, response.context["form"].errors


@pytest.mark.parametrize(
    "phone, dutch, english",
    [
        ("06 1234 567", "10 cijfers", "10 digits"),
        ("+31 6 123", "10 cijfers", "10 digits"),
        ("612345678", "Begin met 0", "Start with 0"),
        ("+12 34", "8 tot 15 cijfers", "8 to 15 digits"),
        ("bel me maar", "alleen cijfers", "only digits"),
        ("06<script>", "alleen cijfers", "only digits"),
    ],
)
def test_a_wrong_phone_number_is_explained_at_its_field_in_dutch_and_english(
    member_client, member, phone, dutch, english
):
    nl = member_client.post(PROFILE, profile_data(phone=phone))
    assert nl.status_code == 200
    assert dutch in " ".join(nl.context["form"].errors["phone"])
    en = member_client.post(PROFILE, profile_data(phone=phone), **EN)
    assert list(en.context["form"].errors) == ["phone"]
    assert english in " ".join(en.context["form"].errors["phone"])
    member.refresh_from_db()
    assert member.phone != phone


def test_the_name_is_required(member_client, member):
    response = member_client.post(PROFILE, profile_data(name="   "), **EN)
    assert "name" in response.context["form"].errors
    member.refresh_from_db()
    assert member.name


def test_reached_by_phone_needs_a_number_and_the_city_allowed_to_see_it(member_client, member):
    no_phone = member_client.post(PROFILE, profile_data(phone="", preferred_contact="phone"), **EN)
    assert no_phone.context["form"].errors["phone"] == [
        "Fill in your phone number if you want to be reached by phone."
    ]
    hidden = member_client.post(PROFILE, profile_data(preferred_contact="phone"), **EN)
    assert list(hidden.context["form"].errors) == ["phone_visible_to_city"]
    member.refresh_from_db()
    assert member.preferred_contact == "email"


def test_a_civil_servant_gives_a_work_number_without_the_initiators_choice(
    civil_servant_client, civil_servant
):
    page = civil_servant_client.get(PROFILE)
    assert "phone_visible_to_city" not in page.context["form"].fields
    data = profile_data(name="Sanne de Boer", phone="010 489 1234", phone_visible_to_city="on")
    assert civil_servant_client.post(PROFILE, data).status_code == 302
    civil_servant.refresh_from_db()
    assert civil_servant.name == "Sanne de Boer" and not civil_servant.phone_visible_to_city


def test_the_profile_page_needs_a_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_phone_digits_gives_one_international_form():
    assert phone_digits("06-12345678") == "+31612345678"
    assert phone_digits("0032 2 123 45 67") == "+3221234567"
    assert phone_digits("+31 (0)10 123") == "+31010123"


# Sign-up ---------------------------------------------------------------------------------------


def signup(client, **overrides):
    data = {
        "name": "Fatima el Amrani",
        "email": "fatima@example.org",
        "password1": "Moestuin-2026!",
        "password2": "Moestuin-2026!",
    }
    data.update(overrides)
    return client.post("/accounts/signup/", data, **EN)


def test_sign_up_asks_the_name_first_and_an_optional_phone(client):
    form = client.get("/accounts/signup/").context["form"]
    assert list(form.fields)[0] == "name"
    assert form.fields["name"].required and not form.fields["phone"].required


def test_sign_up_stores_the_name_and_phone(client):
    assert signup(client, phone="06 98765432").status_code == 302
    user = User.objects.get(email="fatima@example.org")
    assert (user.name, user.phone) == ("Fatima el Amrani", "06 98765432")
    assert not user.phone_visible_to_city


def test_sign_up_without_a_name_or_with_a_wrong_phone_is_refused_at_the_field(client):
    response = signup(client, name=" ", phone="12")
    errors = response.context["form"].errors
    assert set(errors) == {"name", "phone"}
    assert not User.objects.filter(email="fatima@example.org").exists()


# Names instead of addresses --------------------------------------------------------------------


def test_the_display_name_falls_back_to_the_address():
    assert User(name="Jan de Vries", email="jan@example.org").display_name == "Jan de Vries"
    assert User(name="  ", email="jan@example.org").display_name == "jan@example.org"
    assert str(User(name="", email="jan@example.org")) == "jan@example.org"


def test_the_partner_page_names_the_civil_servant_and_department_who_logged(
    member_client, initiative
):
    servant = f.CivilServantFactory(name="Sanne de Boer", email="s.deboer@rotterdam.example")
    f.ContactFactory(initiative=initiative, logged_by=servant)
    f.CommitmentFactory(initiative=initiative, logged_by=servant, owner=servant)
    body = member_client.get(initiative.get_absolute_url(), {"tab": "timeline"}).content.decode()
    assert "vastgelegd door Sanne de Boer, Stadsontwikkeling" in body
    assert "Eigenaar: Sanne de Boer, Stadsontwikkeling" in body
    assert "s.deboer@rotterdam.example" not in body


def test_pending_invitations_name_who_sent_them(member_client, member, initiative):
    Invitation.objects.create(initiative=initiative, invited_by=member, email="nieuw@example.org")
    body = member_client.get(initiative.get_absolute_url(), {"tab": "members"}).content.decode()
    assert escape(f"door {member.name}") in body  # as HTML writes it (d'Heripon)


# Who sees whose phone --------------------------------------------------------------------------

VIEWERS = ["member", "co_initiator", "other_initiator", "civil_servant", "coordinator",
           "council_member", "anchor", "visitor"]  # fmt: skip
# Whether each viewer sees the co-initiator's phone: when hidden, and when shown to the city.
SEES_HIDDEN = {"co_initiator"}
SEES_SHOWN = {"co_initiator", "civil_servant", "coordinator"}


@pytest.fixture
def co_initiator(initiative):
    return f.MembershipFactory(
        initiative=initiative, user__name="Piet van Dijk", user__phone="06-55512345"
    ).user


@pytest.fixture
def viewers(member, co_initiator, other_initiator, civil_servant, coordinator, council_member):
    from django.contrib.auth.models import AnonymousUser

    organisation = f.PartnerOrganisationFactory()
    anchor = f.AnchorFactory(organisation=organisation)
    return {
        "member": member,
        "co_initiator": co_initiator,
        "other_initiator": other_initiator,
        "civil_servant": civil_servant,
        "coordinator": coordinator,
        "council_member": council_member,
        "anchor": anchor,
        "visitor": AnonymousUser(),
    }


@pytest.mark.parametrize("shown", [False, True])
@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_phone_rule_per_role(viewers, co_initiator, viewer, shown):
    co_initiator.phone_visible_to_city = shown
    co_initiator.save()
    expected = viewer in (SEES_SHOWN if shown else SEES_HIDDEN)
    assert can_see_phone(viewers[viewer], co_initiator) is expected


def test_staff_phones_are_work_numbers_for_everyone_logged_in(viewers, civil_servant):
    for name in ("member", "other_initiator", "council_member", "coordinator"):
        assert can_see_phone(viewers[name], civil_servant)
    assert not can_see_phone(viewers["visitor"], civil_servant)


@pytest.mark.parametrize("shown", [False, True])
@pytest.mark.parametrize("viewer", ["member", "co_initiator", "civil_servant", "coordinator"])
def test_the_partner_page_members_table_follows_the_rule(
    client, viewers, co_initiator, initiative, viewer, shown
):
    co_initiator.phone_visible_to_city = shown
    co_initiator.save()
    client.force_login(viewers[viewer])
    body = client.get(initiative.get_absolute_url(), {"tab": "members"}).content.decode()
    assert "Piet van Dijk" in body
    assert ("06-55512345" in body) is (viewer in (SEES_SHOWN if shown else SEES_HIDDEN))


@pytest.mark.parametrize("viewer", ["other_initiator", "council_member", "anchor", "visitor"])
def test_outsiders_never_see_the_phone_on_the_initiative_page(
    client, viewers, co_initiator, initiative, viewer
):
    co_initiator.phone_visible_to_city = True
    co_initiator.save()
    if viewer != "visitor":
        client.force_login(viewers[viewer])
    body = client.get(initiative.get_absolute_url()).content.decode()
    assert "06-55512345" not in body and "Piet van Dijk" not in body


@pytest.mark.parametrize("shown", [False, True])
def test_the_users_page_shows_a_coordinator_the_phone_only_when_allowed(
    coordinator_client, co_initiator, civil_servant, shown, django_assert_max_num_queries
):
    co_initiator.phone_visible_to_city = shown
    co_initiator.save()
    f.InitiatorFactory.create_batch(5)
    # Session, user, roles; the filter's choices (2); the count, the page, its groups.
    with django_assert_max_num_queries(9):
        body = coordinator_client.get(reverse("partnership:user_list")).content.decode()
    assert ("06-55512345" in body) is shown
    assert civil_servant.phone in body


def test_ones_own_data_export_holds_ones_own_phone_and_choices(client, co_initiator):
    client.force_login(co_initiator)
    response = client.get(reverse("partnership:my_data"), {"format": "json"})
    account = json.loads(response.content)["account"]
    assert account["phone"] == "06-55512345"
    assert account["phone_visible_to_city"] is False
    assert account["preferred_contact"] == "email"


def test_the_partner_page_query_count_does_not_grow_with_members(
    civil_servant_client, initiative, django_assert_max_num_queries
):
    def queries() -> int:
        with django_assert_max_num_queries(40) as captured:
            assert civil_servant_client.get(initiative.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    f.MembershipFactory.create_batch(6, initiative=initiative)
    assert queries() == few
