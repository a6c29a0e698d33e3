"""Notifications are stored first (an outbox) and mailed afterwards: a mail server that is down
loses nothing, a later run sends what waited, and only what cannot wait is mailed at once."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from initiatives.accounts.models import Department
from partnership import notifications
from partnership.models import Notification
from tests.support import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "tests.support.mail.BrokenBackend"


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def _post(client, url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return _post


def log_contact(client, initiative, post, **extra):
    return post(
        client,
        reverse("partnership:contact_new", kwargs={"slug": initiative.slug}),
        {
            "date": TODAY.isoformat(),
            "channel": "phone",
            "department": Department.objects.get(name="Stadsontwikkeling").pk,
            "initiated_by": "municipality",
            "summary": "Gebeld over de vergunning.",
        },
        **extra,
    )


def later(minutes=10):
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_an_event_is_stored_before_anything_is_mailed(
    civil_servant_client, initiative, member, mailoutbox, post
):
    log_contact(civil_servant_client, initiative, post)
    (row,) = Notification.objects.all()
    assert row.recipient == member
    assert row.kind == "logged"
    assert row.read_at is None
    assert "Gebeld over de vergunning." in row.body
    # Not urgent: it waits for the digest, and nothing is mailed yet.
    assert row.mail_state == "digest" and not row.urgent
    assert mailoutbox == []


def test_an_urgent_notification_is_mailed_at_the_end_of_the_request(
    coordinator_client, initiative, civil_servant, mailoutbox, post
):
    response = post(
        coordinator_client,
        reverse("partnership:initiative_assign", kwargs={"slug": initiative.slug}),
        {"point_of_contact": civil_servant.pk},
    )
    assert response.status_code == 302
    row = Notification.objects.get(recipient=civil_servant)
    assert row.urgent and row.mail_state == "sent" and row.emailed_at is not None
    # The civil servant once; the initiative's members are told who their point of contact
    # is (urgent too).
    assert sorted(m.to[0] for m in mailoutbox) == sorted([civil_servant.email, "lid@example.org"])


def test_a_failing_mail_server_leaves_the_notification_pending_and_a_later_run_sends_it(
    coordinator_client, initiative, civil_servant, mailoutbox, post, settings, smtp_down
):
    response = post(
        coordinator_client,
        reverse("partnership:initiative_assign", kwargs={"slug": initiative.slug}),
        {"point_of_contact": civil_servant.pk},
    )
    assert response.status_code == 302  # the assignment stands
    row = Notification.objects.get(recipient=civil_servant)
    assert row.mail_state == "pending"
    assert row.attempts == 1
    assert "smtp down" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert mailoutbox == []

    # Still down a while later: tried again, backing off further.
    first_wait = row.next_attempt_at
    notifications.dispatch(now=later())
    row.refresh_from_db()
    assert row.attempts == 2 and row.mail_state == "pending"
    assert row.next_attempt_at > first_wait

    # The server is back: the dispatcher from cron sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notifications.dispatch(now=later(60))
    notifications.dispatch(now=later(600))
    row.refresh_from_db()
    assert row.mail_state == "sent" and row.last_error == ""
    # The civil servant once; the initiative's members are told who their point of contact
    # is (urgent too).
    assert sorted(m.to[0] for m in mailoutbox) == sorted([civil_servant.email, "lid@example.org"])


def test_the_dispatcher_waits_for_the_backoff(initiative, member, mailoutbox):
    row = f.NotificationFactory(
        recipient=member, mail_state="pending", attempts=3, next_attempt_at=later(30)
    )
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert mailoutbox == []
    assert "0 e-mails sent" in out.getvalue()
    notifications.dispatch(now=later(31))
    row.refresh_from_db()
    assert row.mail_state == "sent"


def test_nothing_is_lost_when_the_digest_cannot_be_sent(
    civil_servant_client, initiative, member, mailoutbox, post, settings, smtp_down
):
    log_contact(civil_servant_client, initiative, post)
    log_contact(civil_servant_client, initiative, post)
    call_command("send_digest", stdout=StringIO())
    assert mailoutbox == []
    digest = Notification.objects.get(kind="digest")
    assert digest.mail_state == "pending" and "smtp down" in digest.last_error
    assert digest.items.count() == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_digest", stdout=StringIO())  # no second digest of the same items
    assert Notification.objects.filter(kind="digest").count() == 1
    notifications.dispatch(now=later())
    (message,) = mailoutbox
    assert message.to == [member.email]
    assert message.body.count("Gebeld over de vergunning.") == 2
    assert all(n.emailed_at for n in digest.items.all())


def test_a_mail_given_up_on_stays_in_the_list(initiative, member, mailoutbox, smtp_down):
    row = f.NotificationFactory(
        recipient=member, mail_state="pending", attempts=notifications.MAX_ATTEMPTS - 1
    )
    notifications.dispatch(now=later())
    row.refresh_from_db()
    assert row.mail_state == "failed"
    assert Notification.objects.visible_to(member).filter(pk=row.pk).exists()


def test_links_use_the_address_the_request_came_in_on(
    civil_servant_client, initiative, member, post, settings
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["gemeente.example", "testserver"]
    log_contact(civil_servant_client, initiative, post, HTTP_HOST="gemeente.example")
    row = Notification.objects.get()
    assert row.site_url == "http://gemeente.example"
    assert "http://gemeente.example/initiatieven/moestuin-tarwewijk/" in row.body
    assert "8000" not in row.body


def test_a_command_line_run_uses_the_address_recorded_last(initiative, member, settings):
    settings.SITE_URL = ""
    f.NotificationFactory(recipient=member, site_url="https://partners.rotterdam.example")
    # A later command-line run that knew no better does not make the fallback the address.
    f.NotificationFactory(recipient=member, site_url="http://127.0.0.1:8000")
    assert notifications.current_site_url() == "https://partners.rotterdam.example"


def test_the_site_url_setting_wins(civil_servant_client, initiative, member, post, settings):
    settings.SITE_URL = "https://partners.rotterdam.example"
    settings.ALLOWED_HOSTS = ["gemeente.example", "testserver"]
    log_contact(civil_servant_client, initiative, post, HTTP_HOST="gemeente.example")
    assert "https://partners.rotterdam.example/initiatieven/" in Notification.objects.get().body


def test_the_notification_is_written_in_the_recipients_language(
    civil_servant_client, initiative, member, post
):
    log_contact(civil_servant_client, initiative, post, HTTP_ACCEPT_LANGUAGE="en")
    row = Notification.objects.get()
    assert row.language == "nl"
    assert row.subject.startswith("De gemeente heeft een contact")


def test_a_failure_to_store_a_notification_never_undoes_the_event(
    civil_servant_client, initiative, member, post, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(notifications, "send", broken)
    response = log_contact(civil_servant_client, initiative, post)
    assert response.status_code == 302
    assert initiative.contacts.count() == 1
