"""Who runs an initiative: invitations by e-mail, accepting them, handing over the lead, leaving."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from initiatives import permissions
from initiatives.models import Invitation, Membership
from initiatives.services import (
    INVITATION_VALID_DAYS,
    invitation_create,
    membership_hand_lead,
    membership_leave,
)
from tests.support.factories import InitiativeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

INVITE = "/initiatieven/moestuin-tarwewijk/uitnodigen/"
HAND_LEAD = "/initiatieven/moestuin-tarwewijk/lead-overdragen/"
LEAVE = "/initiatieven/moestuin-tarwewijk/verlaten/"
PAGE = "/initiatieven/moestuin-tarwewijk/"


def accept_url(invitation) -> str:
    return f"/initiatieven/uitnodiging/{invitation.token}/"


def current_roles(initiative) -> dict[str, str]:
    return {
        m.user.email: m.role
        for m in initiative.memberships.filter(left_at__isnull=True).select_related("user")
    }


@pytest.fixture
def co_member(initiative):
    return MembershipFactory(initiative=initiative, user__email="mede@example.org").user


@pytest.fixture
def co_client(client_for, co_member):
    return client_for(co_member)


# Inviting -------------------------------------------------------------------------------------


def test_a_member_invites_a_co_initiator_by_email(
    member_client, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            INVITE, {"email": "nieuw@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 302
    assert response["Location"] == PAGE
    invitation = Invitation.objects.get(initiative=initiative)
    assert invitation.email == "nieuw@example.org"
    assert len(invitation.token) >= 40
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    assert "Moestuin Tarwewijk" not in message.subject
    assert f"http://testserver/initiatieven/uitnodiging/{invitation.token}/" in message.body


def test_the_invitation_email_is_in_the_inviters_language(
    member_client, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(INVITE, {"email": "nieuw@example.org"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Accept the invitation through this link" in mail.outbox[0].body


def test_the_invitation_email_is_in_dutch_by_default(
    member_client, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(INVITE, {"email": "nieuw@example.org"})
    assert "Uitnodiging" in mail.outbox[0].subject


def test_a_co_initiator_may_invite_too(co_client, initiative):
    assert co_client.post(INVITE, {"email": "derde@example.org"}).status_code == 302
    assert Invitation.objects.filter(email="derde@example.org").exists()


def test_tokens_are_random_and_unique(member, initiative):
    tokens = {
        invitation_create(initiative=initiative, email=f"p{i}@example.org", invited_by=member).token
        for i in range(5)
    }
    assert len(tokens) == 5


def test_an_invalid_address_is_refused_next_to_the_field(
    member_client, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(INVITE, {"email": "geen-adres"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert not Invitation.objects.exists() and not mail.outbox


def test_an_invalid_address_is_refused_in_dutch(member_client, initiative):
    response = member_client.post(INVITE, {"email": "geen-adres"})
    assert response.context["form"].errors["email"] == ["Voer een geldig e-mailadres in."]


def test_inviting_a_current_member_is_refused(
    member_client, co_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            INVITE, {"email": "MEDE@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.context["form"].errors["email"] == ["This person is already a member."]
    assert not mail.outbox


@pytest.mark.parametrize(
    "who, status",
    [
        ("other_initiator_client", 403),
        ("civil_servant_client", 403),
        ("council_client", 403),
        ("coordinator_client", 403),
    ],
)
def test_only_members_invite(request, who, status, initiative):
    response = request.getfixturevalue(who).post(INVITE, {"email": "x@example.org"})
    assert response.status_code == status
    assert not Invitation.objects.exists()


def test_a_visitor_is_sent_to_log_in_to_invite(client, initiative):
    response = client.get(INVITE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_outsiders_of_a_private_initiative_get_not_found(other_initiator_client, initiative):
    initiative.is_public = False
    initiative.save()
    assert other_initiator_client.get(INVITE).status_code == 404
    assert other_initiator_client.get(LEAVE).status_code == 404
    assert other_initiator_client.get(HAND_LEAD).status_code == 404


# Accepting ------------------------------------------------------------------------------------


@pytest.fixture
def invitation(initiative, member):
    return invitation_create(initiative=initiative, email="nieuw@example.org", invited_by=member)


def test_the_invitee_logs_in_first_and_comes_back(client, invitation):
    url = accept_url(invitation)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_the_signup_link_on_the_login_page_keeps_the_way_back(client, invitation):
    url = accept_url(invitation)
    login_page = client.get(f"/accounts/login/?next={url}").content.decode()
    assert f"/accounts/signup/?next={quote(url, safe='')}" in login_page


def test_the_invitee_accepts_and_becomes_co_initiator(client_for, invitation, initiative):
    invitee = UserFactory(email="nieuw@example.org")
    client = client_for(invitee)
    page = client.get(accept_url(invitation), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Accept the invitation" in page.content.decode()
    response = client.post(accept_url(invitation))
    assert response.status_code == 302 and response["Location"] == PAGE
    assert current_roles(initiative)["nieuw@example.org"] == Membership.Role.CO_INITIATOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee and invitation.accepted_at is not None
    assert permissions.INITIATOR in set(invitee.groups.values_list("name", flat=True))
    # and now sees the partner page
    assert "partnership/partner_page.html" in {t.name for t in client.get(PAGE).templates}


def test_a_used_invitation_says_so(client_for, invitation):
    client_for(UserFactory(email="nieuw@example.org")).post(accept_url(invitation))
    response = client_for(UserFactory()).get(accept_url(invitation), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410
    assert "This invitation has already been used." in response.content.decode()


def test_a_used_invitation_says_so_in_dutch(client_for, invitation):
    client_for(UserFactory(email="nieuw@example.org")).post(accept_url(invitation))
    response = client_for(UserFactory()).get(accept_url(invitation))
    assert "Deze uitnodiging is al gebruikt." in response.content.decode()


def test_a_wrong_token_says_so(other_initiator_client):
    response = other_initiator_client.get(
        "/initiatieven/uitnodiging/verkeerd/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_a_wrong_token_cannot_be_posted_either(other_initiator_client):
    response = other_initiator_client.post("/initiatieven/uitnodiging/verkeerd/")
    assert response.status_code == 404
    assert not Membership.objects.filter(user__email="ander@example.org").exists()


def test_an_expired_invitation_says_so(client_for, invitation):
    invitation.created_at = timezone.now() - dt.timedelta(days=INVITATION_VALID_DAYS + 1)
    invitation.save()
    response = client_for(UserFactory()).post(accept_url(invitation), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410
    assert "This invitation has expired." in response.content.decode()


def test_an_existing_member_is_told_and_nothing_changes(member_client, invitation, initiative):
    response = member_client.post(accept_url(invitation), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["You are already a member of this initiative."]
    assert current_roles(initiative) == {"lid@example.org": Membership.Role.LEAD}
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_former_member_rejoins_on_the_same_row(client_for, initiative, invitation):
    former = MembershipFactory(
        initiative=initiative, user=UserFactory(email="nieuw@example.org"), left_at=timezone.now()
    )
    client_for(former.user).post(accept_url(invitation))
    former.refresh_from_db()
    assert former.left_at is None and former.role == Membership.Role.CO_INITIATOR
    assert Membership.objects.filter(initiative=initiative, user=former.user).count() == 1


# Handing over the lead ------------------------------------------------------------------------


def test_the_lead_hands_the_lead_to_another_member(member_client, initiative, co_member):
    response = member_client.post(HAND_LEAD, {"new_lead": co_member.pk})
    assert response.status_code == 302
    assert current_roles(initiative) == {
        "lid@example.org": Membership.Role.CO_INITIATOR,
        "mede@example.org": Membership.Role.LEAD,
    }


def test_there_is_exactly_one_lead_after_a_hand_over(initiative, member, co_member):
    membership_hand_lead(initiative=initiative, from_user=member, to_user=co_member)
    membership_hand_lead(initiative=initiative, from_user=co_member, to_user=member)
    leads = initiative.memberships.filter(role="lead", left_at__isnull=True)
    assert list(leads.values_list("user__email", flat=True)) == ["lid@example.org"]


def test_the_database_refuses_a_second_lead(initiative, co_member):
    membership = Membership.objects.get(initiative=initiative, user=co_member)
    membership.role = Membership.Role.LEAD
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_a_co_initiator_cannot_take_the_lead(co_client, initiative, co_member):
    response = co_client.post(HAND_LEAD, {"new_lead": co_member.pk})
    assert response.status_code == 403
    assert current_roles(initiative)["lid@example.org"] == Membership.Role.LEAD


@pytest.mark.parametrize("who", ["civil_servant_client", "coordinator_client", "council_client"])
def test_others_cannot_hand_over_the_lead(request, who, initiative, co_member):
    response = request.getfixturevalue(who).post(HAND_LEAD, {"new_lead": co_member.pk})
    assert response.status_code == 403


def test_the_lead_can_only_be_handed_to_a_current_member(
    member_client, initiative, other_initiator
):
    response = member_client.post(
        HAND_LEAD, {"new_lead": other_initiator.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["new_lead"][0]
    assert current_roles(initiative) == {"lid@example.org": Membership.Role.LEAD}


def test_the_service_refuses_a_hand_over_by_someone_not_lead(initiative, member, co_member):
    with pytest.raises(ValidationError):
        membership_hand_lead(initiative=initiative, from_user=co_member, to_user=member)


# Leaving --------------------------------------------------------------------------------------


def test_a_co_initiator_leaves(co_client, initiative, co_member):
    response = co_client.post(LEAVE)
    assert response.status_code == 302 and response["Location"] == "/initiatieven/mijn/"
    membership = Membership.objects.get(initiative=initiative, user=co_member)
    assert membership.left_at is not None
    assert "mede@example.org" not in current_roles(initiative)


def test_the_lead_must_hand_over_before_leaving(member_client, initiative, co_member):
    page = member_client.get(LEAVE, HTTP_ACCEPT_LANGUAGE="en")
    assert "hand the lead role to another member before you leave" in page.content.decode()
    response = member_client.post(LEAVE, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert current_roles(initiative)["lid@example.org"] == Membership.Role.LEAD


def test_the_only_member_may_leave_as_lead(member_client, initiative, member):
    assert member_client.post(LEAVE).status_code == 302
    assert current_roles(initiative) == {}


def test_after_handing_over_the_former_lead_may_leave(member, co_member, initiative):
    membership_hand_lead(initiative=initiative, from_user=member, to_user=co_member)
    membership_leave(initiative=initiative, user=member)
    assert current_roles(initiative) == {"mede@example.org": Membership.Role.LEAD}


@pytest.mark.parametrize("who", ["other_initiator_client", "civil_servant_client"])
def test_non_members_cannot_leave(request, who, initiative):
    assert request.getfixturevalue(who).post(LEAVE).status_code == 403


def test_a_member_of_another_initiative_is_not_a_member_here(client_for, initiative):
    elsewhere = MembershipFactory(initiative=InitiativeFactory()).user
    assert client_for(elsewhere).post(INVITE, {"email": "x@example.org"}).status_code == 403
