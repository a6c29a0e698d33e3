"""Partners hear about everything recorded about them; departments hear what is handed to them.
Notifications are stored with the event and mailed with the day's digest (a single one as
itself), in Dutch, one message per recipient, with an absolute link."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from initiatives.accounts.models import Department
from initiatives.models import Membership
from tests.support import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SITE = "https://partners.rotterdam.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def co_member(initiative):
    user = f.InitiatorFactory(email="mede@example.org")
    Membership.objects.create(initiative=initiative, user=user, role="co")
    return user


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST and run what was scheduled for after the commit, as a real request would; then the
    day's digest goes out, as cron sends it."""

    def _post(client, url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {}, **extra)
        call_command("send_digest", stdout=StringIO())
        return response

    return _post


def dept(name):
    return Department.objects.get(name=name)


def recipients(mailoutbox):
    return sorted(address for m in mailoutbox for address in m.to)


def test_members_are_told_when_a_contact_is_logged(
    civil_servant_client, initiative, member, co_member, mailoutbox, post
):
    left = f.InitiatorFactory(email="vertrokken@example.org")
    Membership.objects.create(initiative=initiative, user=left, left_at=timezone.now())
    post(
        civil_servant_client,
        reverse("partnership:contact_new", kwargs={"slug": initiative.slug}),
        {
            "date": TODAY.isoformat(),
            "channel": "phone",
            "department": dept("Stadsontwikkeling").pk,
            "initiated_by": "municipality",
            "summary": "Gebeld over de vergunning.",
        },
    )
    # One message each, so members do not see each other's addresses; not to who left.
    assert sorted(m.to for m in mailoutbox) == [[member.email], [co_member.email]]
    message = mailoutbox[0]
    # User-chosen text stays out of subjects; the body names the initiative.
    assert "Moestuin Tarwewijk" not in message.subject
    assert "Moestuin Tarwewijk" in message.body
    assert "Gebeld over de vergunning." in message.body
    assert f"{SITE}/initiatieven/moestuin-tarwewijk/" in message.body


def test_the_mail_is_in_dutch_whatever_language_the_civil_servant_uses(
    civil_servant_client, initiative, member, mailoutbox, post
):
    post(
        civil_servant_client,
        reverse("partnership:commitment_new", kwargs={"slug": initiative.slug}),
        {
            "description": "Een plek voor de bakken.",
            "department": dept("Stadsontwikkeling").pk,
            "promised_on": TODAY.isoformat(),
            "due_on": "2031-03-15",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    (message,) = mailoutbox
    # Django's own Dutch month names show the message was rendered with Dutch active.
    assert "15 maart 2031" in message.body


def test_nothing_is_sent_when_nothing_was_logged(
    civil_servant_client, initiative, mailoutbox, post
):
    post(
        civil_servant_client,
        reverse("partnership:commitment_new", kwargs={"slug": initiative.slug}),
        {"description": "", "department": dept("Stadsontwikkeling").pk, "due_on": "2031-03-15"},
    )
    assert mailoutbox == []


def test_members_are_told_of_a_commitment_a_blockage_and_an_escalation(
    civil_servant_client, initiative, member, mailoutbox, post
):
    post(
        civil_servant_client,
        reverse("partnership:blockage_new", kwargs={"slug": initiative.slug}),
        {
            "department": dept("Stadsontwikkeling").pk,
            "category": "land",
            "description": "Grondprijs te hoog.",
            "severity": "high",
            "raised_on": TODAY.isoformat(),
        },
    )
    blockage = initiative.blockages.get()
    post(
        civil_servant_client,
        reverse(
            "partnership:blockage_escalate", kwargs={"slug": initiative.slug, "pk": blockage.pk}
        ),
    )
    assert recipients(mailoutbox) == [member.email, member.email]
    assert "Grondprijs te hoog." in mailoutbox[0].body


def test_a_hand_off_tells_the_new_department_and_the_members(
    civil_servant_client, initiative, member, mailoutbox, post
):
    beheer = dept("Stadsbeheer")
    beheer.email = "stadsbeheer@rotterdam.example"
    beheer.save()
    blockage = f.BlockageFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    post(
        civil_servant_client,
        reverse(
            "partnership:blockage_handoff", kwargs={"slug": initiative.slug, "pk": blockage.pk}
        ),
        {"to_department": beheer.pk, "reason": "Gaat over groen.", "handed_on": TODAY.isoformat()},
    )
    assert recipients(mailoutbox) == [member.email, "stadsbeheer@rotterdam.example"]
    to_department = next(m for m in mailoutbox if m.to == ["stadsbeheer@rotterdam.example"])
    assert "Gaat over groen." in to_department.body
    assert f"{SITE}/werkvoorraad/" in to_department.body


def test_a_department_without_an_address_is_reached_through_its_civil_servants(
    civil_servant_client, initiative, mailoutbox, post
):
    beheer = dept("Stadsbeheer")
    colleague = f.CivilServantFactory(email="beheer@example.org", department=beheer)
    f.CivilServantFactory(email="inactief@example.org", department=beheer, is_active=False)
    f.InitiatorFactory(email="geen-ambtenaar@example.org", department=beheer)
    blockage = f.BlockageFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    post(
        civil_servant_client,
        reverse(
            "partnership:blockage_handoff", kwargs={"slug": initiative.slug, "pk": blockage.pk}
        ),
        {"to_department": beheer.pk, "reason": "Groen.", "handed_on": TODAY.isoformat()},
    )
    assert colleague.email in recipients(mailoutbox)
    assert "inactief@example.org" not in recipients(mailoutbox)
    assert "geen-ambtenaar@example.org" not in recipients(mailoutbox)


def test_settling_a_blockage_invites_the_members_to_rate_the_city(
    civil_servant_client, initiative, member, mailoutbox, post
):
    blockage = f.BlockageFactory(initiative=initiative)
    post(
        civil_servant_client,
        reverse("partnership:blockage_settle", kwargs={"slug": initiative.slug, "pk": blockage.pk}),
        {"status": "resolved", "settled_on": TODAY.isoformat(), "resolution": "Huur verlaagd."},
    )
    (message,) = mailoutbox
    assert message.to == [member.email]
    assert "Huur verlaagd." in message.body
    rate = reverse("partnership:rate_blockage", kwargs={"slug": initiative.slug, "pk": blockage.pk})
    assert f"{SITE}{rate}" in message.body


def test_settling_a_commitment_tells_the_members(
    civil_servant_client, initiative, member, mailoutbox, post
):
    commitment = f.CommitmentFactory(initiative=initiative)
    post(
        civil_servant_client,
        reverse(
            "partnership:commitment_settle", kwargs={"slug": initiative.slug, "pk": commitment.pk}
        ),
        {"status": "broken", "settled_on": TODAY.isoformat(), "note": "Geen budget meer."},
    )
    (message,) = mailoutbox
    assert message.to == [member.email]
    assert "Geen budget meer." in message.body


def test_a_raised_blockage_reaches_the_rules_department_and_the_other_members(
    member_client, initiative, member, co_member, mailoutbox, post
):
    # Issue 15: the initiator names the rule, not the department; the rule's owner is told.
    beheer = dept("Stadsbeheer")
    beheer.email = "stadsbeheer@rotterdam.example"
    beheer.save()
    framework = f.PolicyFrameworkFactory(department=beheer)
    post(
        member_client,
        reverse("partnership:blockage_raise", kwargs={"slug": initiative.slug}),
        {"policy_framework": framework.pk, "description": "Geen antwoord.", "severity": "low"},
    )
    assert recipients(mailoutbox) == [co_member.email, "stadsbeheer@rotterdam.example"]


def test_a_dispute_reaches_the_department_that_made_the_promise(
    member_client, initiative, mailoutbox, post
):
    so = dept("Stadsontwikkeling")
    so.email = "so@rotterdam.example"
    so.save()
    commitment = f.CommitmentFactory(initiative=initiative, department=so)
    post(
        member_client,
        reverse(
            "partnership:commitment_dispute", kwargs={"slug": initiative.slug, "pk": commitment.pk}
        ),
        {"body": "Dit is nooit gebeurd."},
    )
    (message,) = mailoutbox
    assert message.to == ["so@rotterdam.example"]
    assert "Dit is nooit gebeurd." in message.body


def test_a_failing_mail_server_does_not_undo_what_was_logged(
    civil_servant_client, initiative, member, post, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("initiatives.mail.get_connection", broken)
    response = post(
        civil_servant_client,
        reverse("partnership:commitment_new", kwargs={"slug": initiative.slug}),
        {
            "description": "Een plek.",
            "department": dept("Stadsontwikkeling").pk,
            "promised_on": TODAY.isoformat(),
            "due_on": (TODAY + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert initiative.commitments.count() == 1
