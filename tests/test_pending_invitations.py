"""Members see the invitations that nobody has accepted yet on the partner page and can
withdraw them; a withdrawn link no longer lets anyone join."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Invitation
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _invite(initiative, email, **extra):
    return Invitation.objects.create(
        initiative=initiative,
        email=email,
        token=f"token-{email}",
        invited_by=f.InitiatorFactory(),
        **extra,
    )


def test_members_see_only_the_invitations_that_can_still_be_accepted(member_client, initiative):
    _invite(initiative, "open@example.org")
    _invite(initiative, "gebruikt@example.org", accepted_at=timezone.now())
    _invite(initiative, "ingetrokken@example.org", revoked_at=timezone.now())
    _invite(initiative, "verlopen@example.org", created_at=timezone.now() - dt.timedelta(days=31))
    html = member_client.get(initiative.get_absolute_url(), {"tab": "members"}).content.decode()
    assert "open@example.org" in html
    assert "gebruikt@example.org" not in html
    assert "ingetrokken@example.org" not in html
    assert "verlopen@example.org" not in html


def test_the_municipality_does_not_see_the_pending_invitations(civil_servant_client, initiative):
    _invite(initiative, "open@example.org")
    html = civil_servant_client.get(
        initiative.get_absolute_url(), {"tab": "members"}
    ).content.decode()
    assert "open@example.org" not in html


def test_a_member_withdraws_an_invitation_and_its_link_stops_working(
    member_client, other_initiator, client_for, initiative
):
    invitation = _invite(initiative, "open@example.org")
    url = reverse("initiatives:invitation_revoke", args=[initiative.slug, invitation.pk])
    response = member_client.post(url)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = member_client.get(initiative.get_absolute_url(), {"tab": "members"}).content.decode()
    assert "open@example.org" not in page.split('id="members-heading"')[1]
    accept = reverse("initiatives:invitation_accept", args=[invitation.token])
    answer = client_for(other_initiator).post(accept)
    assert answer.status_code == 410
    assert not initiative.memberships.filter(user=other_initiator).exists()


def test_someone_outside_the_initiative_cannot_withdraw_its_invitations(
    other_initiator_client, civil_servant_client, initiative
):
    invitation = _invite(initiative, "open@example.org")
    url = reverse("initiatives:invitation_revoke", args=[initiative.slug, invitation.pk])
    assert other_initiator_client.post(url).status_code == 403
    assert civil_servant_client.post(url).status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_invitation_of_another_initiative_is_not_found(member_client, initiative):
    other = f.InitiativeFactory()
    invitation = _invite(other, "elders@example.org")
    url = reverse("initiatives:invitation_revoke", args=[initiative.slug, invitation.pk])
    assert member_client.post(url).status_code == 404
