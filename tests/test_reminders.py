"""`manage.py send_reminders`: what is due, overdue or stuck, and who is waiting for a
coordinator, stored as notifications and mailed as one digest per person and per department
mailbox. Run daily; running it twice on one day sends nothing twice."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from initiatives.accounts.models import Department
from partnership import notifications
from partnership.models import Commitment, Notification, ReminderLog
from tests.support import factories as f

pytestmark = pytest.mark.django_db

DAY = dt.date(2030, 6, 10)


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.COMMITMENT_DUE_SOON_DAYS = 7
    settings.BLOCKAGE_REMINDER_DAYS = 30
    settings.SITE_URL = "https://partners.rotterdam.example"


@pytest.fixture
def so():
    department = Department.objects.get(name="Stadsontwikkeling")
    department.email = "so@rotterdam.example"
    department.save()
    return department


def run(day=DAY) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def addresses(mailoutbox):
    return sorted(a for m in mailoutbox for a in m.to)


def commitment(initiative, department, due_in_days, **extra):
    return f.CommitmentFactory(
        initiative=initiative,
        department=department,
        promised_on=DAY - dt.timedelta(days=60),
        due_on=DAY + dt.timedelta(days=due_in_days),
        **extra,
    )


def test_a_commitment_due_soon_reminds_the_department_and_the_members(
    initiative, member, so, mailoutbox
):
    commitment(initiative, so, due_in_days=3)
    output = run()
    assert addresses(mailoutbox) == [member.email, "so@rotterdam.example"]
    assert "1 commitments due soon" in output and "2 e-mails sent" in output
    assert all("https://partners.rotterdam.example/initiatieven/" in m.body for m in mailoutbox)


def test_running_twice_on_one_day_sends_nothing_twice(initiative, so, mailoutbox):
    commitment(initiative, so, due_in_days=3)
    commitment(initiative, so, due_in_days=-4)
    f.BlockageFactory(initiative=initiative, department=so, raised_on=DAY - dt.timedelta(days=45))
    run()
    sent = len(mailoutbox)
    # Three reminders for the department (and for any member): one digest each, not a mail each.
    assert len(set(addresses(mailoutbox))) == sent
    department_digest = next(m for m in mailoutbox if m.to == ["so@rotterdam.example"])
    assert department_digest.body.count("Moestuin Tarwewijk") >= 3
    output = run()
    assert len(mailoutbox) == sent
    assert "0 e-mails sent" in output
    assert ReminderLog.objects.filter(sent_on=DAY).count() == 3


def test_due_soon_is_said_once_and_overdue_weekly(initiative, member, so, mailoutbox):
    soon = commitment(initiative, so, due_in_days=2)
    run(DAY)
    run(DAY + dt.timedelta(days=1))  # still due soon: not again
    assert len(mailoutbox) == 2
    mailoutbox.clear()
    # Overdue from DAY + 3 on: reminded then, not the next days, again a week later.
    for offset in range(3, 11):
        run(DAY + dt.timedelta(days=offset))
    days_sent = sorted(
        log.sent_on for log in ReminderLog.objects.filter(key=f"commitment-overdue:{soon.pk}")
    )
    assert days_sent == [DAY + dt.timedelta(days=3), DAY + dt.timedelta(days=10)]
    assert len(mailoutbox) == 4


def test_settled_and_far_off_commitments_are_left_alone(initiative, so, mailoutbox):
    commitment(initiative, so, due_in_days=30)
    commitment(initiative, so, due_in_days=-5, status="kept", settled_on=DAY)
    commitment(initiative, so, due_in_days=-5, status="disputed")
    run()
    assert mailoutbox == []


def test_a_blockage_open_past_the_threshold_is_reminded(initiative, member, so, mailoutbox):
    old = f.BlockageFactory(
        initiative=initiative, department=so, raised_on=DAY - dt.timedelta(days=31)
    )
    f.BlockageFactory(initiative=initiative, department=so, raised_on=DAY - dt.timedelta(days=29))
    f.BlockageFactory(
        initiative=initiative,
        department=so,
        raised_on=DAY - dt.timedelta(days=90),
        status="resolved",
        settled_on=DAY - dt.timedelta(days=1),
    )
    output = run()
    assert addresses(mailoutbox) == [member.email, "so@rotterdam.example"]
    assert "1 long-open blockages" in output
    assert ReminderLog.objects.filter(key=f"blockage-open:{old.pk}").exists()
    assert any("31" in m.subject for m in mailoutbox)


def test_coordinators_are_mailed_daily_until_one_is_assigned(initiative, coordinator, mailoutbox):
    f.ContactFactory(
        initiative=initiative,
        department=Department.objects.get(name="Stadsontwikkeling"),
        referred_to=Department.objects.get(name="Stadsbeheer"),
        date=DAY - dt.timedelta(days=5),
    )
    run(DAY)
    run(DAY)
    run(DAY + dt.timedelta(days=1))
    assert [m.to for m in mailoutbox] == [[coordinator.email], [coordinator.email]]
    assert "Moestuin Tarwewijk" in mailoutbox[0].body
    mailoutbox.clear()
    initiative.coordinator = coordinator
    initiative.save()
    output = run(DAY + dt.timedelta(days=2))
    assert mailoutbox == []
    assert "0 coordinator digests" in output


def test_a_failed_reminder_is_tried_again(initiative, so, mailoutbox, monkeypatch):
    commitment(initiative, so, due_in_days=3)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("initiatives.mail.get_connection", broken)
    err = StringIO()
    call_command("send_reminders", "--date", DAY.isoformat(), stdout=StringIO(), stderr=err)
    assert "could not be sent" in err.getvalue()
    # The reminders are kept, waiting to be mailed, with the error for the back office.
    pending = Notification.objects.filter(mail_state="pending")
    assert pending.count() == 2
    assert all("smtp down" in n.last_error for n in pending)
    monkeypatch.undo()
    run()  # the same day again: nothing new to remind, and the failed mails wait their turn
    assert mailoutbox == []
    notifications.dispatch(now=timezone.now() + dt.timedelta(minutes=5))
    assert len(mailoutbox) == 2


def test_a_malformed_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "10-06-2030")


def test_without_a_date_it_reminds_for_today(initiative, so, mailoutbox):
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().startswith("Reminders for ")


def test_a_reminder_another_run_claimed_meanwhile_is_not_sent(
    initiative, so, mailoutbox, monkeypatch
):
    """Two runs at once: both may select a commitment, only the one that records it sends."""
    due = commitment(initiative, so, due_in_days=3)
    ReminderLog.objects.create(key=f"commitment-due-soon:{due.pk}", sent_on=DAY)
    monkeypatch.setattr(
        "partnership.selectors.worklist.commitments_due_soon_to_remind",
        lambda day: Commitment.objects.due_soon(today=day).select_related("initiative"),
    )
    output = run()
    assert mailoutbox == []
    assert "0 commitments due soon" in output
