"""AVG/GDPR: a page says what is kept, why and for how long; a user downloads their data and
deletes their account, while the initiatives' record and the city's logs stay intact."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils import timezone

from initiatives.accounts.models import User
from initiatives.models import Initiative, Invitation, Membership
from partnership.models import Rating, Reply
from publicvalue.models import ValueRecord
from tests.support import factories as f
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


# The privacy page


def test_anyone_reads_what_is_kept_why_and_for_how_long(client, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    response = client.get("/privacy/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    for words in ("e-mail address, name and phone number", "Why", "How long", "after 8 hours"):
        assert words in html
    assert len(response.context["rows"]) >= 8


def test_the_privacy_page_is_in_dutch_by_default(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "nl"


# Downloading my data


def test_anonymous_visitors_are_asked_to_log_in_for_their_data(client):
    for url in ("/account/gegevens/", "/account/gegevens/?format=json", "/account/verwijderen/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_data_page_offers_the_download(member_client):
    response = member_client.get("/account/gegevens/", **EN)
    assert response.status_code == 200
    assert 'href="/account/gegevens/?format=json"' in response.content.decode()


def test_a_user_downloads_everything_kept_about_them_as_json(
    member_client, member, initiative, civil_servant
):
    contact = f.ContactFactory(initiative=initiative, logged_by=civil_servant)
    Reply.objects.create(
        initiative=initiative, contact=contact, body="Dat was niet de afspraak", author=member
    )
    blockage = f.BlockageFactory(initiative=initiative, status="resolved")
    Rating.objects.create(
        initiative=initiative, blockage=blockage, user=member, score=4, comment="Goed geholpen"
    )
    f.ValueRecordFactory(initiative=initiative, recorded_by=member, narrative="Veertig uur")
    Invitation.objects.create(
        initiative=initiative, email="buur@example.org", token="t1", invited_by=member
    )
    f.ValueRecordFactory(initiative=initiative, recorded_by=civil_servant, narrative="niet van mij")

    response = member_client.get("/account/gegevens/?format=json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["account"]["phone"] == member.phone
    assert data["account"]["roles"] == ["initiator"]
    assert data["account"]["email_addresses"] == [
        {"email": member.email, "verified": True, "primary": True}
    ]
    assert [m["initiative__title"] for m in data["memberships"]] == [initiative.title]
    assert [r["body"] for r in data["replies"]] == ["Dat was niet de afspraak"]
    assert [(r["score"], r["comment"]) for r in data["ratings"]] == [(4, "Goed geholpen")]
    assert [v["narrative"] for v in data["value_records_recorded"]] == ["Veertig uur"]
    assert [i["email"] for i in data["invitations_sent"]] == ["buur@example.org"]
    assert data["logged"]["contacts"] == []


def test_a_civil_servant_receives_what_they_logged(civil_servant_client, civil_servant, initiative):
    f.ContactFactory(initiative=initiative, logged_by=civil_servant, summary="Bezoek aan de tuin")
    f.ContactFactory(initiative=initiative, summary="Iemand anders")

    data = json.loads(civil_servant_client.get("/account/gegevens/?format=json").content)

    assert [c["summary"] for c in data["logged"]["contacts"]] == ["Bezoek aan de tuin"]
    assert data["account"]["department"] == "Stadsontwikkeling"


def test_the_download_runs_a_bounded_number_of_queries(
    member_client, member, initiative, django_assert_max_num_queries
):
    for _ in range(10):
        f.ValueRecordFactory(initiative=initiative, recorded_by=member)
        Reply.objects.create(
            initiative=initiative,
            contact=f.ContactFactory(initiative=initiative),
            body="x",
            author=member,
        )
    # One query per section (nine of them for a civil servant's own work), whatever the rows.
    with django_assert_max_num_queries(45):
        assert member_client.get("/account/gegevens/?format=json").status_code == 200


# Deleting my account


def test_deleting_needs_the_password(member_client, member):
    response = member_client.post("/account/verwijderen/", {"password": "fout"}, **EN)
    assert response.status_code == 200
    assert response.context["form"].errors["password"] == ["This is not your password."]
    member.refresh_from_db()
    assert member.is_active and member.email == "lid@example.org"


def test_a_user_deletes_their_account_and_their_personal_data_is_erased(member_client, member):
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "x"})

    response = member_client.post("/account/verwijderen/", {"password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/"
    member.refresh_from_db()
    assert member.email == f"deleted-{member.pk}@invalid"
    assert (member.name, member.phone, member.last_login) == ("", "", None)
    assert not member.is_active
    assert not member.has_usable_password()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not EmailAddress.objects.filter(email="lid@example.org").exists()
    assert not Authenticator.objects.filter(user=member).exists()
    # Logged out, and the old address and password no longer open anything.
    assert not member_client.get("/").context["user"].is_authenticated
    assert (
        member_client.post(
            "/accounts/login/", {"login": "lid@example.org", "password": PASSWORD}
        ).status_code
        == 200
    )
    assert not User.objects.filter(email="lid@example.org").exists()


def test_the_record_and_the_city_logs_stay_intact_pointing_to_the_anonymous_account(
    client_for, member, initiative, civil_servant
):
    contact = f.ContactFactory(initiative=initiative, logged_by=civil_servant, summary="Gesprek")
    reply = Reply.objects.create(
        initiative=initiative, contact=contact, body="Klopt", author=member
    )
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=member)

    client_for(member).post("/account/verwijderen/", {"password": PASSWORD})
    client_for(civil_servant).post("/account/verwijderen/", {"password": PASSWORD})

    contact.refresh_from_db()
    reply.refresh_from_db()
    record.refresh_from_db()
    initiative.refresh_from_db()
    assert Initiative.objects.filter(pk=initiative.pk, archived_at__isnull=True).exists()
    assert contact.summary == "Gesprek" and contact.logged_by_id == civil_servant.pk
    assert reply.body == "Klopt" and reply.author_id == member.pk
    assert record.recorded_by_id == member.pk
    assert User.objects.get(pk=civil_servant.pk).email == f"deleted-{civil_servant.pk}@invalid"


def test_a_sole_lead_with_other_members_hands_the_lead_to_the_longest_standing_member(
    client_for, member, initiative
):
    earlier = timezone.now() - timezone.timedelta(days=300)
    later = timezone.now() - timezone.timedelta(days=10)
    newcomer = f.MembershipFactory(initiative=initiative, joined_at=later)
    veteran = f.MembershipFactory(initiative=initiative, joined_at=earlier)

    client_for(member).post("/account/verwijderen/", {"password": PASSWORD}, **EN)

    leaving = Membership.objects.get(initiative=initiative, user=member)
    assert leaving.left_at is not None
    veteran.refresh_from_db()
    newcomer.refresh_from_db()
    assert veteran.role == Membership.Role.LEAD and veteran.left_at is None
    assert newcomer.role == Membership.Role.CO_INITIATOR
    assert (
        Membership.objects.filter(initiative=initiative, role="lead", left_at__isnull=True).count()
        == 1
    )
    assert leaving.history.latest("history_date").history_change_reason == "account deleted"
    assert veteran.history.latest("history_date").history_change_reason == (
        "lead handed on: the lead deleted their account"
    )


def test_a_sole_member_leaves_the_initiative_in_place_without_an_active_member(
    client_for, member, initiative
):
    client_for(member).post("/account/verwijderen/", {"password": PASSWORD})

    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert not Membership.objects.filter(initiative=initiative, left_at__isnull=True).exists()
    assert Membership.objects.filter(initiative=initiative, user=member).exists()


def test_a_co_initiator_leaves_without_touching_the_lead(client_for, member, initiative):
    co = f.MembershipFactory(initiative=initiative)
    client_for(co.user).post("/account/verwijderen/", {"password": PASSWORD})
    lead = Membership.objects.get(initiative=initiative, role="lead", left_at__isnull=True)
    assert lead.user == member


def test_a_deleted_civil_servant_is_no_longer_anyones_point_of_contact(
    client_for, civil_servant, initiative
):
    initiative.point_of_contact = civil_servant
    initiative.coordinator = civil_servant
    initiative.save()

    client_for(civil_servant).post("/account/verwijderen/", {"password": PASSWORD})

    initiative.refresh_from_db()
    assert initiative.point_of_contact is None and initiative.coordinator is None


def test_invitations_to_the_deleted_address_are_anonymised(client_for, member, initiative):
    invitee = f.InitiatorFactory(email="genodigd@example.org")
    Invitation.objects.create(
        initiative=initiative, email="genodigd@example.org", token="t2", invited_by=member
    )
    client_for(invitee).post("/account/verwijderen/", {"password": PASSWORD})
    assert not Invitation.objects.filter(email="genodigd@example.org").exists()
    assert Invitation.objects.get(token="t2").email == f"deleted-{invitee.pk}@invalid"


def test_the_deleted_users_value_records_still_count(client_for, member, initiative):
    f.ValueRecordFactory(initiative=initiative, recorded_by=member)
    client_for(member).post("/account/verwijderen/", {"password": PASSWORD})
    assert ValueRecord.objects.filter(initiative=initiative).count() == 1
