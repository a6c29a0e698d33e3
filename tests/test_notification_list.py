"""The in-app notification list: everyone logged in reads their own (and their department
mailbox's), newest first, marks them read; the header counts what is unread."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.accounts.models import Department
from partnership.models import Notification
from tests.support import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("partnership:notification_list")
READ = reverse("partnership:notification_read")


def note(user=None, minutes_ago=0, **extra):
    return f.NotificationFactory(
        recipient=user,
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        **extra,
    )


def test_the_list_shows_my_notifications_newest_first_with_the_unread_marked(member_client, member):
    note(member, minutes_ago=30, subject="Oudere melding", read_at=timezone.now())
    note(member, minutes_ago=5, subject="Nieuwe melding", link="/initiatieven/moestuin/")
    page = member_client.get(LIST).content.decode()
    assert page.index("Nieuwe melding") < page.index("Oudere melding")
    assert 'href="/initiatieven/moestuin/"' in page
    assert page.count("notification-unread") == 1
    assert "ongelezen" in page


def test_nobody_sees_anothers_notifications(member_client, member, other_initiator):
    theirs = note(other_initiator, subject="Niet voor jou")
    assert "Niet voor jou" not in member_client.get(LIST).content.decode()
    response = member_client.post(READ, {"notification": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_read(member_client, member):
    mine = note(member)
    other = note(member)
    response = member_client.post(READ, {"notification": mine.pk})
    assert response.status_code == 302 and response["Location"] == LIST
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None


def test_mark_all_read(member_client, member, other_initiator):
    for _ in range(3):
        note(member)
    theirs = note(other_initiator)
    member_client.post(READ, {"all": "1"})
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_garbage_is_not_found(member_client):
    assert member_client.post(READ, {"notification": "abc"}).status_code == 404
    assert member_client.post(READ, {"notification": "99999"}).status_code == 404
    assert member_client.post(READ, {})["Location"] == LIST


def test_the_header_counts_the_unread_on_every_page(member_client, member):
    for _ in range(3):
        note(member)
    note(member, read_at=timezone.now())
    page = member_client.get(reverse("partnership:my_initiatives")).content.decode()
    assert "3 ongelezen" in page


def test_a_visitor_runs_no_notification_query(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(reverse("partnership:privacy"))
    assert "ongelezen" not in response.content.decode()


def test_the_department_mailbox_is_read_by_its_civil_servants_only(
    civil_servant_client, civil_servant, member_client, client_for
):
    department = civil_servant.department
    department.email = "afdeling@rotterdam.example"
    department.save()
    shared = f.NotificationFactory(
        recipient=None, department=department, email=department.email, subject="Voor de afdeling"
    )
    assert "Voor de afdeling" in civil_servant_client.get(LIST).content.decode()
    assert "Voor de afdeling" not in member_client.get(LIST).content.decode()
    other = Department.objects.exclude(pk=department.pk).first()
    elsewhere = client_for(f.CivilServantFactory(department=other))
    assert "Voor de afdeling" not in elsewhere.get(LIST).content.decode()
    assert elsewhere.post(READ, {"notification": shared.pk}).status_code == 404
    # Read by one colleague is read for all, as in a shared mailbox.
    civil_servant_client.post(READ, {"notification": shared.pk})
    shared.refresh_from_db()
    assert shared.read_at is not None


def test_an_initiator_in_a_department_does_not_read_its_mailbox(member_client, member):
    department = Department.objects.get(name="Stadsbeheer")
    member.department = department
    member.save()
    f.NotificationFactory(recipient=None, department=department, subject="Voor de afdeling")
    assert "Voor de afdeling" not in member_client.get(LIST).content.decode()


def test_digests_are_not_listed_as_notifications(member_client, member):
    note(member, kind="digest", subject="Je dagelijkse overzicht")
    assert "Je dagelijkse overzicht" not in member_client.get(LIST).content.decode()


def test_the_list_is_paginated_with_a_bounded_number_of_queries(
    member_client, member, django_assert_max_num_queries
):
    Notification.objects.bulk_create(
        [
            Notification(recipient=member, email=member.email, kind="logged", subject=f"M {i}")
            for i in range(60)
        ]
    )
    # Session, user, roles, the page's count and rows, the header's unread count.
    with django_assert_max_num_queries(8):
        response = member_client.get(LIST)
    assert len(response.context["notifications"]) == 25
    with django_assert_max_num_queries(8):
        response = member_client.get(LIST, {"page": 3})
    assert len(response.context["notifications"]) == 10


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
