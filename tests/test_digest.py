"""The daily digest: one mail per person and per department mailbox, listing every item, and
respecting what each person chose to hear of."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from initiatives.accounts.models import Department
from initiatives.models import Membership
from partnership import notifications
from partnership.models import Notification, NotificationPreference
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


def remind(day=DAY) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def digest() -> str:
    out = StringIO()
    call_command("send_digest", stdout=out)
    return out.getvalue()


def commitment(initiative, department, due_in_days, description):
    return f.CommitmentFactory(
        initiative=initiative,
        department=department,
        description=description,
        promised_on=DAY - dt.timedelta(days=60),
        due_on=DAY + dt.timedelta(days=due_in_days),
    )


@pytest.fixture
def busy_day(initiative, member, so):
    """Two initiatives of one member, five reminders for one department."""
    second = f.InitiativeFactory(title="Buurtkeuken Afrikaanderwijk")
    Membership.objects.create(initiative=second, user=member, role="lead")
    commitment(initiative, so, 3, "Een plek voor de bakken.")
    commitment(initiative, so, -4, "Water aansluiten.")
    commitment(second, so, -10, "Een keuken in het wijkgebouw.")
    commitment(second, so, 1, "Sleutel van het wijkgebouw.")  # due tomorrow: urgent
    f.BlockageFactory(
        initiative=second,
        department=so,
        description="Vergunning blijft liggen.",
        raised_on=DAY - dt.timedelta(days=45),
    )
    return second


def test_one_reminder_run_sends_one_mail_per_person_and_per_department(
    busy_day, member, so, mailoutbox
):
    output = remind()
    per_address = Counter(a for m in mailoutbox for a in m.to)
    assert per_address == {member.email: 1, so.email: 1}
    assert "2 e-mails sent" in output


def test_the_digest_lists_every_item_with_its_link(busy_day, initiative, member, so, mailoutbox):
    remind()
    to_department = next(m for m in mailoutbox if m.to == [so.email])
    for text in (
        "Een plek voor de bakken.",
        "Water aansluiten.",
        "Een keuken in het wijkgebouw.",
        "Sleutel van het wijkgebouw.",
        "Vergunning blijft liggen.",
    ):
        assert text in to_department.body
    assert "5" in to_department.subject
    assert f"https://partners.rotterdam.example{initiative.get_absolute_url()}" in (
        to_department.body
    )
    assert "https://partners.rotterdam.example/meldingen/" in to_department.body
    # What cannot wait (a term expiring tomorrow) comes first.
    assert to_department.body.index("Sleutel van het wijkgebouw.") < to_department.body.index(
        "Een plek voor de bakken."
    )
    to_member = next(m for m in mailoutbox if m.to == [member.email])
    assert "Buurtkeuken Afrikaanderwijk" in to_member.body
    assert "Moestuin Tarwewijk" in to_member.body


def test_a_second_digest_sends_nothing_new(busy_day, mailoutbox):
    remind()
    sent = len(mailoutbox)
    assert "0 digests" in digest()
    assert len(mailoutbox) == sent


def test_items_go_into_the_digest_they_went_out_in(busy_day, so, mailoutbox):
    remind()
    department_digest = Notification.objects.get(kind="digest", department=so)
    assert department_digest.items.count() == 5
    assert set(department_digest.items.values_list("mail_state", flat=True)) == {"in_digest"}
    assert all(item.emailed_at for item in department_digest.items.all())


def test_a_muted_category_is_not_notified(busy_day, member, so, mailoutbox):
    NotificationPreference.objects.create(user=member, muted_categories=["reminders"])
    remind()
    assert [m.to for m in mailoutbox] == [[so.email]]
    assert not Notification.objects.filter(recipient=member).exists()


def test_without_the_digest_by_mail_the_notifications_stay_in_the_app(
    busy_day, member, so, mailoutbox
):
    NotificationPreference.objects.create(user=member, digest_by_mail=False)
    remind()
    # The member's reminders are in the app, the urgent one (due tomorrow) is mailed alone.
    mine = Notification.objects.filter(recipient=member)
    assert mine.count() == 5
    (to_member,) = [m for m in mailoutbox if m.to == [member.email]]
    assert "Sleutel van het wijkgebouw." in to_member.body
    assert "Water aansluiten." not in to_member.body
    assert set(mine.exclude(urgent=True).values_list("mail_state", flat=True)) == {"skipped"}


def test_a_mandatory_notification_cannot_be_switched_off(
    coordinator_client, initiative, civil_servant, mailoutbox, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=civil_servant, muted_categories=list(notifications.CATEGORIES), digest_by_mail=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse("partnership:initiative_assign", kwargs={"slug": initiative.slug}),
            {"point_of_contact": civil_servant.pk},
        )
    # The civil servant once; the initiative's members are told who their point of contact
    # is (urgent too).
    assert sorted(m.to[0] for m in mailoutbox) == sorted([civil_servant.email, "lid@example.org"])


def test_the_preferences_page_saves_the_choice(member_client, member):
    response = member_client.post(
        reverse("partnership:notification_preferences"),
        {"categories": ["records", "requests"], "digest_by_mail": ""},
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=member)
    assert preference.muted_categories == ["other", "partners", "reminders"]
    assert preference.digest_by_mail is False
    page = member_client.get(reverse("partnership:notification_preferences"))
    assert page.context["form"].initial["categories"] == ["records", "requests"]


def test_an_unknown_category_is_refused_on_its_field(member_client, member):
    response = member_client.post(
        reverse("partnership:notification_preferences"), {"categories": ["alles"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["categories"]
    assert not NotificationPreference.objects.exists()


def test_a_department_without_a_mailbox_is_reached_through_its_civil_servants_once(
    initiative, mailoutbox
):
    beheer = Department.objects.get(name="Stadsbeheer")
    colleague = f.CivilServantFactory(email="beheer@example.org", department=beheer)
    commitment(initiative, beheer, 3, "Bankjes plaatsen.")
    commitment(initiative, beheer, -3, "Boom snoeien.")
    remind()
    to_colleague = [m for m in mailoutbox if m.to == [colleague.email]]
    assert len(to_colleague) == 1
    assert "Bankjes plaatsen." in to_colleague[0].body and "Boom snoeien." in to_colleague[0].body
