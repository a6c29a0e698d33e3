"""The demo users' notifications (issue 15): what the last weeks told each of them, made through
the product's own ``partnership.notifications`` from the records the seed wrote, so every text and
link is real. Older ones were read and mailed in a digest; the last days' are unread, waiting for
tomorrow's digest. Written last, with its own random generator."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from initiatives.accounts.models import User
from initiatives.models import Initiative
from partnership import models as pm
from partnership import notifications
from partnership.demo.accounts import DEMO_LOGINS

# How many past events each demo user hears of, and for how many days back.
EVENTS_PER_USER = 12
DAYS_BACK = 21
# Notifications younger than this are unread and not yet in a digest.
UNREAD_DAYS = 3


def write(seeder) -> None:
    if pm.Notification.objects.exists():
        return
    rng = random.Random(seeder.rng.random())
    users = {u.email: u for u in User.objects.filter(email__in=list(DEMO_LOGINS))}
    first_pk = (pm.Notification.objects.order_by("-pk").values_list("pk", flat=True).first()) or 0
    initiator = users.get("initiatiefnemer@example.org")
    if initiator is not None:
        _initiator(initiator)
    servant = users.get("ambtenaar@example.org")
    if servant is not None:
        _civil_servant(servant)
    coordinator = users.get("coordinator@example.org")
    if coordinator is not None:
        _coordinator(coordinator)
    _age(seeder, rng, first_pk)
    seeder.counts[pm.Notification._meta.label] = pm.Notification.objects.filter(
        pk__gt=first_pk
    ).count()


def _initiator(user) -> None:
    """What the municipality recorded about the demo initiator's initiatives."""
    mine = Initiative.objects.filter(memberships__user=user, memberships__left_at__isnull=True)
    entries = (
        list(pm.Contact.objects.filter(initiative__in=mine).order_by("-date")[:6])
        + list(pm.Commitment.objects.filter(initiative__in=mine).order_by("-promised_on")[:3])
        + list(pm.Blockage.objects.filter(initiative__in=mine).order_by("-raised_on")[:3])
    )
    for entry in entries[:EVENTS_PER_USER]:
        notifications.send(
            template="logged",
            recipients=[user],
            context={
                "initiative": entry.initiative,
                "entry": entry,
                "kind": notifications._kind_of(entry),
                "url": entry.initiative.get_absolute_url(),
            },
        )
    settled = pm.Blockage.objects.filter(initiative__in=mine, settled_on__isnull=False)
    for blockage in settled.order_by("-settled_on")[:2]:
        notifications.send(
            template="settled",
            recipients=[user],
            context={
                "initiative": blockage.initiative,
                "item": blockage,
                "kind": "blockage",
                "url": blockage.initiative.get_absolute_url(),
                "rating_url": "",
            },
        )
    decided = pm.CityRequest.objects.filter(initiative__in=mine, decided_on__isnull=False)
    for city_request in decided.order_by("-decided_on")[:1]:
        notifications.send(
            template="request_decided",
            recipients=[user],
            context={
                "city_request": city_request,
                "initiative": city_request.initiative,
                "grounds": list(city_request.grounds.all()),
                "url": city_request.initiative.get_absolute_url(),
            },
        )


def _civil_servant(user) -> None:
    """What partners sent to the civil servant's department (its mailbox, which they read), what
    was handed to it, and the initiatives they became the point of contact of."""
    department = user.department
    if department is not None:
        raised = pm.Blockage.objects.filter(
            department=department,
            raised_by_role=pm.Blockage.RaisedBy.INITIATOR,
        ).select_related("initiative")
        for blockage in raised.order_by("-raised_on")[: EVENTS_PER_USER // 2]:
            notifications.partner_spoke(blockage=blockage)
        for handoff in (
            pm.BlockageHandoff.objects.filter(to_department=department)
            .select_related("blockage__initiative")
            .order_by("-handed_on")[:4]
        ):
            notifications.handoff_received(handoff=handoff)
    for initiative in Initiative.objects.filter(point_of_contact=user).order_by("-created_at")[:2]:
        notifications.assigned(initiative=initiative, user=user, role="point_of_contact")


def _coordinator(user) -> None:
    for initiative in Initiative.objects.filter(coordinator=user).order_by("-created_at")[:3]:
        notifications.assigned(initiative=initiative, user=user, role="coordinator")


def _age(seeder, rng: random.Random, first_pk: int) -> None:
    """Spread the new rows over the last weeks: older ones read and mailed, recent ones not."""
    rows = list(pm.Notification.objects.filter(pk__gt=first_pk).order_by("pk"))
    tz = timezone.get_current_timezone()
    for row in rows:
        days_ago = rng.randint(0, DAYS_BACK)
        day = seeder.today - timedelta(days=days_ago)
        row.created_at = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), tz)
        if days_ago >= UNREAD_DAYS or row.urgent:
            # Mailed at once when urgent, else with the next morning's digest.
            row.mail_state = pm.Notification.MailState.SENT
            row.emailed_at = row.created_at + timedelta(hours=0 if row.urgent else 16)
            row.attempts = 1
            if days_ago >= UNREAD_DAYS and rng.random() < 0.8:
                row.read_at = row.created_at + timedelta(hours=rng.randint(1, 48))
    pm.Notification.objects.bulk_update(
        rows, ["created_at", "mail_state", "emailed_at", "attempts", "read_at"]
    )
