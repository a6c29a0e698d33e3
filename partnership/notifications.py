"""E-mail to partners and departments.

Members hear about everything the municipality records about their initiative (nothing is written
behind a partner's back); a department hears when a blockage is handed to it or an initiator speaks
to it; the daily ``send_reminders`` job reminds of what is due, overdue or stuck.

Messages are rendered in the recipient's language (the city's: Dutch), one message per recipient so
that addresses stay private, with an absolute link built from ``settings.SITE_URL`` because a cron
job has no request at hand. Services call these after their transaction commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.accounts.models import Department
from initiatives.mail import send_mail
from initiatives.models import Membership
from initiatives.permissions import CIVIL_SERVANT, COORDINATOR
from partnership.models import (
    Blockage,
    BlockageHandoff,
    Commitment,
    Contact,
    Objection,
    PeerListing,
    ReminderLog,
    Reply,
)
from partnership.selectors.intake import clock_of, intake_term

logger = logging.getLogger(__name__)

# Overdue commitments and long-open blockages are reminded again after this many days.
REMINDER_REPEAT_DAYS = 7
# How many initiatives a coordinator's daily digest lists by name.
DIGEST_LIMIT = 25


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def partner_page_url(initiative) -> str:
    return absolute_url(initiative.get_absolute_url())


# Recipients -------------------------------------------------------------------------------


def member_addresses(initiative, *, exclude=None) -> list[str]:
    """Current, active members; uses a prefetched ``current_members`` list when present."""
    prefetched = getattr(initiative, "current_members", None)
    if prefetched is not None:
        emails = [m.user.email for m in prefetched if m.user.is_active]
        if exclude is not None:
            emails = [e for e in emails if e != exclude.email]
        return sorted(set(emails))
    users = get_user_model().objects.filter(
        memberships__initiative=initiative, memberships__left_at__isnull=True, is_active=True
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return sorted(set(users.values_list("email", flat=True)))


def department_addresses(department: Department) -> list[str]:
    """The department's shared address, or else its civil servants and coordinators."""
    if department.email:
        return [department.email]
    users = get_user_model().objects.filter(
        department=department, is_active=True, groups__name__in=[CIVIL_SERVANT, COORDINATOR]
    )
    return sorted(set(users.values_list("email", flat=True)))


def departments_addresses(department_ids) -> dict[int, list[str]]:
    """``department_addresses`` for many departments in two queries."""
    result: dict[int, list[str]] = {}
    shared = dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "email"))
    users = (
        get_user_model()
        .objects.filter(
            department__in=[pk for pk, email in shared.items() if not email],
            is_active=True,
            groups__name__in=[CIVIL_SERVANT, COORDINATOR],
        )
        .values_list("department_id", "email")
        .distinct()
    )
    for pk, email in shared.items():
        result[pk] = [email] if email else []
    for pk, email in users:
        result[pk].append(email)
    return {pk: sorted(set(emails)) for pk, emails in result.items()}


def coordinator_addresses() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=COORDINATOR)
    return sorted(set(users.values_list("email", flat=True)))


# Sending ----------------------------------------------------------------------------------


def send(*, template: str, recipients, context: dict) -> int:
    """Render ``partnership/email/<template>_subject.txt`` and ``_body.txt`` in Dutch and send
    one message per recipient. Returns the number of messages sent."""
    recipients = [r for r in dict.fromkeys(recipients) if r]
    if not recipients:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"partnership/email/{template}_subject.txt", context)
        body = render_to_string(f"partnership/email/{template}_body.txt", context)
    return send_mail(subject=subject, body=body, recipients=recipients)


def after_commit(func, **kwargs) -> None:
    """Send once the rows are committed; a failing mail server never undoes a logged entry."""

    def run():
        try:
            func(**kwargs)
        except Exception:  # noqa: BLE001 - mail is best effort after the commit
            logger.exception("Sending %s failed", func.__name__)

    transaction.on_commit(run)


# What happened ----------------------------------------------------------------------------


def _kind_of(entry) -> str:
    if isinstance(entry, Contact):
        return "contact"
    if isinstance(entry, Commitment):
        return "commitment"
    if isinstance(entry, Blockage):
        return "blockage"
    if isinstance(entry, BlockageHandoff):
        return "handoff"
    if isinstance(entry, Reply):
        return "reply"
    raise TypeError(f"Not a logged entry: {entry!r}")


def entry_logged(*, entry, actor=None) -> int:
    """Tell the members that something was recorded about their initiative."""
    initiative = (
        entry.blockage.initiative if isinstance(entry, BlockageHandoff) else entry.initiative
    )
    ctx = {
        "initiative": initiative,
        "entry": entry,
        "kind": _kind_of(entry),
        "actor": actor,
        "url": partner_page_url(initiative),
    }
    return send(
        template="logged", recipients=member_addresses(initiative, exclude=actor), context=ctx
    )


def item_settled(*, item, actor=None) -> int:
    """Tell the members a commitment or blockage was settled; for a blockage, invite a rating."""
    initiative = item.initiative
    ctx = {
        "initiative": initiative,
        "item": item,
        "kind": _kind_of(item),
        "url": partner_page_url(initiative),
        "rating_url": "",
    }
    if isinstance(item, Blockage):
        ctx["rating_url"] = absolute_url(
            reverse("partnership:rate_blockage", kwargs={"slug": initiative.slug, "pk": item.pk})
        )
    return send(
        template="settled", recipients=member_addresses(initiative, exclude=actor), context=ctx
    )


def handoff_received(*, handoff: BlockageHandoff) -> int:
    """Tell the department that a blockage is now theirs."""
    blockage = handoff.blockage
    ctx = {
        "handoff": handoff,
        "blockage": blockage,
        "initiative": blockage.initiative,
        "url": partner_page_url(blockage.initiative),
        "worklist_url": absolute_url(reverse("partnership:worklist")),
    }
    return send(
        template="handoff",
        recipients=department_addresses(handoff.to_department),
        context=ctx,
    )


def triage_addresses(initiative) -> list[str]:
    """Who routes what an initiative sent without knowing the department: its point of contact,
    or without one the coordinators."""
    if initiative.point_of_contact_id and initiative.point_of_contact.is_active:
        return [initiative.point_of_contact.email]
    return coordinator_addresses()


def triage_needed(*, blockage: Blockage) -> int:
    """Tell the point of contact (or the coordinators) that a blockage waits to be routed."""
    initiative = blockage.initiative
    ctx = {
        "initiative": initiative,
        "blockage": blockage,
        "url": partner_page_url(initiative),
        "worklist_url": absolute_url(reverse("partnership:worklist")) + "#triage",
    }
    return send(template="triage", recipients=triage_addresses(initiative), context=ctx)


def partner_spoke(*, reply: Reply | None = None, blockage: Blockage | None = None) -> int:
    """Tell a department that an initiator raised a blockage with it, disputed its commitment or
    answered its contact: the partner's voice reaches the people it is meant for."""
    if blockage is not None:
        kind, item = "raised", blockage
    elif reply.commitment_id:
        kind, item = "dispute", reply.commitment
    elif reply.contact_id:
        kind = "question" if reply.kind == Reply.Kind.QUESTION else "answer"
        item = reply.contact
    else:  # a civil servant's own response to a blockage: the members are told instead
        return 0
    ctx = {
        "initiative": item.initiative,
        "reply": reply,
        "subject_item": item,
        "kind": kind,
        "url": partner_page_url(item.initiative),
        "term": settings.FIRST_ANSWER_WORKING_DAYS,
    }
    return send(
        template="partner_spoke", recipients=department_addresses(item.department), context=ctx
    )


def objection_lodged(*, objection: Objection) -> int:
    """Tell the owning department (and the person it is assigned to) that an initiative
    objects to its decision: it lands in their queue with its term."""
    initiative = objection.request.initiative
    ctx = {
        "objection": objection,
        "city_request": objection.request,
        "initiative": initiative,
        "url": absolute_url(objection.get_absolute_url()),
        "worklist_url": absolute_url(reverse("partnership:worklist")),
    }
    recipients = department_addresses(objection.department)
    if objection.owner_id and objection.owner.email:
        recipients = [*recipients, objection.owner.email]
    return send(template="objection_lodged", recipients=recipients, context=ctx)


def objection_decided(*, objection: Objection) -> int:
    """Tell the members the outcome of their objection (or confirm its withdrawal)."""
    initiative = objection.request.initiative
    ctx = {
        "objection": objection,
        "city_request": objection.request,
        "initiative": initiative,
        "url": absolute_url(objection.get_absolute_url()),
    }
    return send(template="objection_decided", recipients=member_addresses(initiative), context=ctx)


def assigned(*, initiative, user, role: str) -> int:
    """Tell a civil servant they became an initiative's point of contact or coordinator."""
    ctx = {"initiative": initiative, "role": role, "url": partner_page_url(initiative)}
    return send(template="assigned", recipients=[user.email], context=ctx)


def peer_message_received(*, message) -> int:
    """Tell the members of an initiative that another initiative the same rule blocks wrote to
    them. The mail names the sending initiative only; the answer is written in the app."""
    listing = PeerListing.objects.filter(
        initiative_id=message.sender_id, framework_id=message.framework_id
    ).first()
    if listing is None:
        return 0
    path = reverse("partnership:peer_conversation", kwargs={"pk": listing.pk})
    ctx = {
        "message": message,
        "url": absolute_url(f"{path}?van={message.recipient.slug}"),
    }
    recipients = member_addresses(message.recipient)
    return send(template="peer_message", recipients=recipients, context=ctx)


def area_coordinator_addresses(area) -> list[str]:
    """The coordinators who look after ``area``; when nobody does, every coordinator, so that
    no new initiative goes unseen."""
    users = get_user_model().objects.filter(
        is_active=True, groups__name=COORDINATOR, coordinated_areas=area
    )
    return sorted(set(users.values_list("email", flat=True))) or coordinator_addresses()


def initiative_registered(*, initiative) -> int:
    """Tell the area's coordinators that a new initiative waits in the intake for a point of
    contact, with the term the city set itself."""
    clock = clock_of(initiative, term=intake_term(), today=timezone.localdate())
    ctx = {
        "initiative": initiative,
        "clock": clock,
        "url": partner_page_url(initiative),
        "intake_url": absolute_url(reverse("partnership:intake")),
        "assign_url": absolute_url(
            reverse("partnership:initiative_assign", kwargs={"slug": initiative.slug})
        ),
    }
    return send(
        template="initiative_registered",
        recipients=area_coordinator_addresses(initiative.area),
        context=ctx,
    )


def point_of_contact_named(*, initiative, actor=None) -> int:
    """Tell the members who their point of contact is and how to reach them."""
    ctx = {
        "initiative": initiative,
        "person": initiative.point_of_contact,
        "url": partner_page_url(initiative),
    }
    return send(
        template="point_of_contact_named",
        recipients=member_addresses(initiative, exclude=actor),
        context=ctx,
    )


# Reminders --------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    commitments_due_soon: int = 0
    commitments_overdue: int = 0
    blockages_open: int = 0
    coordinator_digests: int = 0
    emails: int = 0
    failed: int = 0
    keys: list[str] = field(default_factory=list)

    @property
    def reminders(self) -> int:
        return (
            self.commitments_due_soon
            + self.commitments_overdue
            + self.blockages_open
            + self.coordinator_digests
        )


def _send_reminder(key, day, messages, ctx, result) -> int | None:
    """Claim the reminder and send it, in one transaction. None when it was already sent that
    day (a second run, or another process at the same moment: the unique key and date decide)
    or when sending failed (then the claim is rolled back, so a rerun tries again)."""
    recipients = [address for _, addresses in messages for address in addresses]
    if not recipients:
        return None
    try:
        with transaction.atomic():
            # One INSERT: the selection already left out what was sent today, so a clash is rare.
            ReminderLog.objects.create(
                key=key, sent_on=day, recipients=", ".join(recipients)[:10000]
            )
            return sum(
                send(template=template, recipients=addresses, context=ctx)
                for template, addresses in messages
            )
    except IntegrityError:
        return None
    except Exception:  # noqa: BLE001 - one failing reminder must not stop the others
        logger.exception("Reminder %s could not be sent", key)
        result.failed += 1
        return None


def _members_prefetch(prefix: str) -> Prefetch:
    return Prefetch(
        f"{prefix}memberships",
        queryset=Membership.objects.filter(left_at__isnull=True).select_related("user"),
        to_attr="current_members",
    )


def send_reminders(*, day: dt.date) -> ReminderResult:
    """Daily: commitments due soon (once) or overdue (weekly), blockages open too long (weekly),
    and a digest to coordinators of initiatives waiting for one (daily). Idempotent per day."""
    from partnership.selectors.pillar import initiatives_needing_coordinator
    from partnership.selectors.worklist import (
        blockages_to_remind,
        commitments_due_soon_to_remind,
        commitments_overdue_to_remind,
    )

    result = ReminderResult()
    since = day - dt.timedelta(days=REMINDER_REPEAT_DAYS)

    due_soon = list(
        commitments_due_soon_to_remind(day=day).prefetch_related(_members_prefetch("initiative__"))
    )
    overdue = list(
        commitments_overdue_to_remind(day=day, since=since).prefetch_related(
            _members_prefetch("initiative__")
        )
    )
    blockages = list(
        blockages_to_remind(day=day, since=since).prefetch_related(
            _members_prefetch("initiative__")
        )
    )
    dept_ids = {c.department_id for c in due_soon + overdue} | {b.department_id for b in blockages}
    dept_addresses = departments_addresses(dept_ids) if dept_ids else {}

    for state, commitments in (("due_soon", due_soon), ("overdue", overdue)):
        for commitment in commitments:
            key = f"commitment-{state.replace('_', '-')}:{commitment.pk}"
            department = dept_addresses.get(commitment.department_id, [])
            members = member_addresses(commitment.initiative)
            ctx = {
                "commitment": commitment,
                "initiative": commitment.initiative,
                "state": state,
                "day": day,
                "days_overdue": (day - commitment.due_on).days,
                "url": partner_page_url(commitment.initiative),
            }
            sent = _send_reminder(
                key,
                day,
                [
                    ("reminder_commitment_department", department),
                    ("reminder_commitment_member", members),
                ],
                ctx,
                result,
            )
            if sent is None:
                continue
            result.emails += sent
            result.keys.append(key)
            if state == "due_soon":
                result.commitments_due_soon += 1
            else:
                result.commitments_overdue += 1

    for blockage in blockages:
        key = f"blockage-open:{blockage.pk}"
        department = dept_addresses.get(blockage.department_id, [])
        members = member_addresses(blockage.initiative)
        ctx = {
            "blockage": blockage,
            "initiative": blockage.initiative,
            "day": day,
            "days_open": (day - blockage.raised_on).days,
            "url": partner_page_url(blockage.initiative),
        }
        sent = _send_reminder(
            key,
            day,
            [("reminder_blockage_department", department), ("reminder_blockage_member", members)],
            ctx,
            result,
        )
        if sent is None:
            continue
        result.emails += sent
        result.keys.append(key)
        result.blockages_open += 1

    waiting = initiatives_needing_coordinator()
    total = waiting.count()
    if total:
        coordinators = coordinator_addresses()
        key = "needs-coordinator"
        ctx = {
            "initiatives": [
                {"title": i.title, "url": partner_page_url(i)}
                for i in waiting.order_by("created_at", "pk")[:DIGEST_LIMIT]
            ],
            "total": total,
            "day": day,
            "worklist_url": absolute_url(reverse("partnership:worklist")),
        }
        sent = _send_reminder(key, day, [("reminder_coordinator", coordinators)], ctx, result)
        if sent is not None:
            result.emails += sent
            result.keys.append(key)
            result.coordinator_digests += 1
    return result
