"""Notifications to partners and departments: stored first (an outbox), then mailed.

Members hear about everything the municipality records about their initiative (nothing is written
behind a partner's back); a department hears when a blockage is handed to it or an initiator speaks
to it; the daily ``send_reminders`` job reminds of what is due, overdue or stuck.

Every event stores one ``Notification`` per recipient in the event's own transaction, rendered in
the recipient's language (Dutch by default), with an absolute link on the address the app is served
on. Only what cannot wait (a decision, a new point of contact, a term expiring tomorrow) is mailed
at once, after the commit; everything else goes out in one daily digest per person and per
department mailbox. ``dispatch`` sends with retries and backoff, so a mail server that is down
loses nothing; every user reads their notifications in the app as well.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.accounts.models import Department
from initiatives.mail import send_mail
from initiatives.models import Membership
from initiatives.permissions import CIVIL_SERVANT, COORDINATOR
from initiatives.site import FALLBACK_SITE_URL, request_site_url, site_url
from partnership.models import (
    Blockage,
    BlockageHandoff,
    Commitment,
    Contact,
    Notification,
    NotificationPreference,
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

# Categories a user can switch off on the preferences page; kinds map to them.
RECORDS = "records"
PARTNERS = "partners"
REQUESTS = "requests"
REMINDERS = "reminders"
ASSIGNMENTS = "assignments"
OTHER = "other"
CATEGORIES = (RECORDS, PARTNERS, REQUESTS, REMINDERS, ASSIGNMENTS, OTHER)
# Assignments (becoming a point of contact or coordinator) are never switched off.
SWITCHABLE_CATEGORIES = (RECORDS, PARTNERS, REQUESTS, REMINDERS, OTHER)
_CATEGORY_OF_KIND = {
    "logged": RECORDS,
    "settled": RECORDS,
    "handoff": PARTNERS,
    "partner_spoke": PARTNERS,
    "request_submitted": REQUESTS,
    "request_decided": REQUESTS,
    "assigned": ASSIGNMENTS,
    "point_of_contact": ASSIGNMENTS,
    "point_of_contact_named": ASSIGNMENTS,
    "initiative_registered": ASSIGNMENTS,
    "triage": PARTNERS,
    "peer_message": PARTNERS,
    "objection_lodged": REQUESTS,
    "objection_decided": REQUESTS,
}
# What cannot wait for tomorrow's digest: mailed at once (and never switched off, below).
URGENT_KINDS = {
    "request_decided",
    "assigned",
    "point_of_contact",
    "point_of_contact_named",
    "objection_decided",
}
# What a user cannot switch off: a decision on their own request, a new point of contact.
MANDATORY_KINDS = URGENT_KINDS

# The dispatcher: at most this many attempts, waiting 1, 2, 4 ... minutes (at most 6 hours)
# between them; after that the row is marked failed (it stays in the in-app list).
MAX_ATTEMPTS = 15
MAX_BACKOFF_MINUTES = 360


def category_of(kind: str) -> str:
    if kind.startswith("reminder_"):
        return REMINDERS
    return _CATEGORY_OF_KIND.get(kind, OTHER)


def current_site_url() -> str:
    """``SITE_URL`` when set, else the request's scheme and host, else the address the last
    notification was made on (a command-line run), else the development server's."""
    if settings.SITE_URL or request_site_url():
        return site_url()
    # A request's address, not the fallback a command-line run had to use.
    last = (
        Notification.objects.exclude(site_url__in=["", FALLBACK_SITE_URL])
        .order_by("-created_at", "-pk")
        .values_list("site_url", flat=True)
        .first()
    )
    return site_url(last_recorded=last or "")


def absolute_url(path: str, *, base: str | None = None) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{current_site_url() if base is None else base}{path}"


def partner_page_url(initiative) -> str:
    return absolute_url(initiative.get_absolute_url())


# Recipients -------------------------------------------------------------------------------


def member_users(initiative, *, exclude=None) -> list:
    """Current, active members; uses a prefetched ``current_members`` list when present."""
    prefetched = getattr(initiative, "current_members", None)
    if prefetched is not None:
        users = [m.user for m in prefetched if m.user.is_active]
    else:
        users = list(
            get_user_model().objects.filter(
                memberships__initiative=initiative,
                memberships__left_at__isnull=True,
                is_active=True,
            )
        )
    if exclude is not None:
        users = [u for u in users if u.pk != exclude.pk]
    return list({u.pk: u for u in users}.values())


def department_addresses(department: Department) -> list[str]:
    """The department's shared address, or else its civil servants and coordinators."""
    if department.email:
        return [department.email]
    return sorted({u.email for u in _department_staff([department.pk]).get(department.pk, [])})


def _department_staff(department_ids) -> dict[int, list]:
    users = (
        get_user_model()
        .objects.filter(
            department__in=department_ids,
            is_active=True,
            groups__name__in=[CIVIL_SERVANT, COORDINATOR],
        )
        .distinct()
    )
    result: dict[int, list] = {}
    for user in users:
        result.setdefault(user.department_id, []).append(user)
    return result


def coordinator_addresses() -> list[str]:
    return sorted({u.email for u in _coordinators()})


def _coordinators() -> list:
    return list(
        get_user_model().objects.filter(is_active=True, groups__name=COORDINATOR).distinct()
    )


@dataclass(frozen=True)
class _Target:
    user: object | None = None
    department: Department | None = None
    email: str = ""

    @property
    def key(self):
        if self.user is not None:
            return ("user", self.user.pk)
        if self.department is not None:
            return ("department", self.department.pk)
        return ("email", self.email.lower())

    @property
    def language(self) -> str:
        return getattr(self.user, "language", "") or settings.LANGUAGE_CODE


def _targets(recipients) -> list[_Target]:
    """Users, departments (their shared mailbox, or else each of their civil servants) and bare
    addresses (of a user or a department mailbox when one has it), each once."""
    targets: list[_Target] = []
    addresses, departments = [], []
    for recipient in recipients:
        if not recipient:
            continue
        if isinstance(recipient, str):
            addresses.append(recipient)
        elif isinstance(recipient, Department):
            departments.append(recipient)
        else:
            targets.append(_Target(user=recipient, email=recipient.email))
    staff = _department_staff([d.pk for d in departments if not d.email]) if departments else {}
    for department in departments:
        if department.email:
            targets.append(_Target(department=department, email=department.email))
        else:
            targets += [_Target(user=u, email=u.email) for u in staff.get(department.pk, [])]
    if addresses:
        lowered = {a.lower(): a for a in addresses}
        mailboxes = {d.email.lower(): d for d in Department.objects.filter(email__in=addresses)}
        users = {
            u.email.lower(): u
            for u in get_user_model().objects.filter(email__in=addresses, is_active=True)
        }
        for low, address in lowered.items():
            if low in mailboxes:
                targets.append(_Target(department=mailboxes[low], email=address))
            elif low in users:
                targets.append(_Target(user=users[low], email=users[low].email))
            else:
                targets.append(_Target(email=address))
    return list({t.key: t for t in targets}.values())


def _muted_user_ids(user_ids, category: str) -> set[int]:
    if not user_ids:
        return set()
    return {
        pk
        for pk, muted in NotificationPreference.objects.filter(user__in=user_ids).values_list(
            "user_id", "muted_categories"
        )
        if category in (muted or [])
    }


# Storing ----------------------------------------------------------------------------------


def _absolute_links(context: dict, base: str) -> dict:
    """Links a caller built as paths (``url``, ``worklist_url``...) made absolute on ``base``."""
    return {
        key: f"{base}{value}"
        if key.endswith("url") and isinstance(value, str) and value.startswith("/")
        else value
        for key, value in context.items()
    }


def _render(template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"partnership/email/{template}_subject.txt", context)
        body = render_to_string(f"partnership/email/{template}_body.txt", context)
    return " ".join(subject.split())[:300], body


def send(
    *,
    template: str,
    recipients,
    context: dict,
    link: str = "",
    urgent: bool | None = None,
    kind: str = "",
    dispatch_now: bool = True,
) -> int:
    """Store one notification per recipient (users, departments or addresses), rendered from
    ``partnership/email/<template>_subject.txt`` and ``_body.txt`` in the recipient's language.
    Urgent ones are mailed once the transaction commits; the others wait for the daily digest.
    The historic name: nothing is mailed here. Returns the number of notifications stored.
    ``dispatch_now=False`` leaves urgent ones to the caller's digest run (one mail, not two)."""
    kind = kind or template
    urgent = kind in URGENT_KINDS if urgent is None else urgent
    targets = _targets(recipients)
    if kind not in MANDATORY_KINDS:
        muted = _muted_user_ids([t.user.pk for t in targets if t.user], category_of(kind))
        targets = [t for t in targets if t.user is None or t.user.pk not in muted]
    if not targets:
        return 0
    base = current_site_url()
    context = _absolute_links({"site_url": base, **context}, base)
    if not link:
        url = context.get("url", "")
        link = url[len(base) :] if isinstance(url, str) and url.startswith(base) else url
    now = timezone.now()
    rendered: dict[str, tuple[str, str]] = {}
    rows = []
    for target in targets:
        language = target.language
        if language not in rendered:
            rendered[language] = _render(template, context, language)
        subject, body = rendered[language]
        if not target.email:
            state = Notification.MailState.SKIPPED
        elif urgent:
            state = Notification.MailState.PENDING
        else:
            state = Notification.MailState.DIGEST
        rows.append(
            Notification(
                recipient=target.user,
                department=target.department,
                email=target.email,
                kind=kind[:60],
                subject=subject,
                body=body,
                link=link[:500],
                site_url=base,
                language=language,
                urgent=urgent,
                created_at=now,
                mail_state=state,
            )
        )
    created = Notification.objects.bulk_create(rows)
    pending = [n.pk for n in created if n.mail_state == Notification.MailState.PENDING]
    if dispatch_now and pending and all(pk is not None for pk in pending):
        transaction.on_commit(lambda: _dispatch_quietly(pending))
    return len(created)


def after_commit(func, **kwargs) -> None:
    """Store the notifications now, in the event's own transaction (so they commit with it and
    nothing is lost), inside a savepoint: a failure here is logged and never undoes the event.
    Mail leaves after the commit (urgent ones) or with the daily digest. The name is historic."""
    try:
        with transaction.atomic():
            func(**kwargs)
    except Exception:  # noqa: BLE001 - a notification must never undo what was recorded
        logger.exception("Storing notification %s failed", getattr(func, "__name__", func))


# Sending ----------------------------------------------------------------------------------


@dataclass
class DispatchResult:
    sent: int = 0
    failed: int = 0


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_BACKOFF_MINUTES))


def dispatch(*, ids=None, now=None, limit: int = 1000) -> DispatchResult:
    """Mail what is pending and due, oldest first, one message per row. Each row is claimed
    before it is sent (its attempt counted, its next attempt pushed back), so two dispatchers
    never send one row twice; a failure leaves it pending with the error and a later attempt."""
    now = now or timezone.now()
    result = DispatchResult()
    queue = Notification.objects.filter(mail_state=Notification.MailState.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    if ids is not None:
        queue = queue.filter(pk__in=list(ids))
    # Uses the index notification_queue (mail_state, next_attempt_at).
    for row in queue.order_by("created_at", "pk")[:limit]:
        attempts = row.attempts + 1
        claimed = Notification.objects.filter(
            pk=row.pk, mail_state=Notification.MailState.PENDING, attempts=row.attempts
        ).update(attempts=attempts, next_attempt_at=now + _backoff(attempts))
        if not claimed:
            continue
        try:
            send_mail(subject=row.subject, body=row.body, recipients=[row.email])
        except Exception as exc:  # noqa: BLE001 - one failing mail must not stop the others
            logger.warning("Notification %s could not be mailed: %s", row.pk, exc)
            update = {"last_error": f"{type(exc).__name__}: {exc}"[:2000]}
            if attempts >= MAX_ATTEMPTS:
                update["mail_state"] = Notification.MailState.FAILED
            Notification.objects.filter(pk=row.pk).update(**update)
            result.failed += 1
            continue
        sent_at = timezone.now()
        Notification.objects.filter(pk=row.pk).update(
            mail_state=Notification.MailState.SENT, emailed_at=sent_at, last_error=""
        )
        if row.kind == Notification.DIGEST:
            row.items.update(emailed_at=sent_at)
        result.sent += 1
    return result


def _dispatch_quietly(ids) -> None:
    try:
        dispatch(ids=ids)
    except Exception:  # noqa: BLE001 - the dispatcher from cron tries again
        logger.exception("Dispatching notifications %s failed", ids)


# The daily digest -------------------------------------------------------------------------


@dataclass
class DigestResult:
    digests: int = 0
    items: int = 0
    emails: int = 0
    failed: int = 0


def send_digests(*, now=None) -> DigestResult:
    """One mail per person and per department mailbox with everything not yet mailed: what
    waits for the digest and any urgent mail still pending (one mail, not two). A single item
    goes out as itself. Users who turned the digest off get only urgent mail; their other
    notifications stay in the app. Then everything due is dispatched."""
    now = now or timezone.now()
    result = DigestResult()
    state = Notification.MailState
    off = set(
        NotificationPreference.objects.filter(digest_by_mail=False).values_list(
            "user_id", flat=True
        )
    )
    if off:
        Notification.objects.filter(
            mail_state=state.DIGEST, recipient__in=off, department__isnull=True
        ).update(mail_state=state.SKIPPED)
    waiting = (
        Notification.objects.filter(mail_state__in=[state.DIGEST, state.PENDING])
        .exclude(kind=Notification.DIGEST)
        .exclude(email="")
        .select_related("recipient")
        .order_by("-urgent", "created_at", "pk")
    )
    groups: dict[tuple, list[Notification]] = {}
    for row in waiting:
        groups.setdefault((row.recipient_id, row.department_id, row.email.lower()), []).append(row)
    for rows in groups.values():
        if len(rows) == 1:
            Notification.objects.filter(pk=rows[0].pk, mail_state=state.DIGEST).update(
                mail_state=state.PENDING
            )
            continue
        first = rows[0]
        language = first.language or settings.LANGUAGE_CODE
        base = next((r.site_url for r in rows if r.site_url), "") or current_site_url()
        context = {
            "items": rows,
            "count": len(rows),
            "site_url": base,
            "list_url": f"{base}{reverse('partnership:notification_list')}",
            "department": first.department,
        }
        subject, body = _render("digest", context, language)
        with transaction.atomic():
            digest = Notification.objects.create(
                recipient=first.recipient,
                department=first.department,
                email=first.email,
                kind=Notification.DIGEST,
                subject=subject,
                body=body,
                link=reverse("partnership:notification_list"),
                site_url=base,
                language=language,
                urgent=True,
                created_at=now,
                mail_state=state.PENDING,
            )
            bundled = Notification.objects.filter(
                pk__in=[r.pk for r in rows], mail_state__in=[state.DIGEST, state.PENDING]
            ).update(digest=digest, mail_state=state.IN_DIGEST)
        result.digests += 1
        result.items += bundled
    sent = dispatch(now=now)
    result.emails, result.failed = sent.sent, sent.failed
    return result


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
        "url": initiative.get_absolute_url(),
    }
    return send(template="logged", recipients=member_users(initiative, exclude=actor), context=ctx)


def item_settled(*, item, actor=None) -> int:
    """Tell the members a commitment or blockage was settled; for a blockage, invite a rating."""
    initiative = item.initiative
    ctx = {
        "initiative": initiative,
        "item": item,
        "kind": _kind_of(item),
        "url": initiative.get_absolute_url(),
        "rating_url": "",
    }
    if isinstance(item, Blockage):
        ctx["rating_url"] = reverse(
            "partnership:rate_blockage", kwargs={"slug": initiative.slug, "pk": item.pk}
        )
    return send(template="settled", recipients=member_users(initiative, exclude=actor), context=ctx)


def handoff_received(*, handoff: BlockageHandoff) -> int:
    """Tell the department that a blockage is now theirs."""
    blockage = handoff.blockage
    ctx = {
        "handoff": handoff,
        "blockage": blockage,
        "initiative": blockage.initiative,
        "url": blockage.initiative.get_absolute_url(),
        "worklist_url": reverse("partnership:worklist"),
    }
    return send(template="handoff", recipients=[handoff.to_department], context=ctx)


def triage_people(initiative) -> list:
    """Who routes what an initiative sent without knowing the department: its point of contact,
    or without one the coordinators."""
    if initiative.point_of_contact_id and initiative.point_of_contact.is_active:
        return [initiative.point_of_contact]
    return _coordinators()


def triage_needed(*, blockage: Blockage) -> int:
    """Tell the point of contact (or the coordinators) that a blockage waits to be routed."""
    initiative = blockage.initiative
    ctx = {
        "initiative": initiative,
        "blockage": blockage,
        "url": partner_page_url(initiative),
        "worklist_url": absolute_url(reverse("partnership:worklist")) + "#triage",
    }
    return send(template="triage", recipients=triage_people(initiative), context=ctx)


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
    if item.department is None:
        return 0
    ctx = {
        "initiative": item.initiative,
        "reply": reply,
        "subject_item": item,
        "kind": kind,
        "url": item.initiative.get_absolute_url(),
        "term": settings.FIRST_ANSWER_WORKING_DAYS,
    }
    return send(template="partner_spoke", recipients=[item.department], context=ctx)


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
    recipients = [objection.department, objection.owner]  # no owner yet: the department alone
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
    return send(template="objection_decided", recipients=member_users(initiative), context=ctx)


def assigned(*, initiative, user, role: str) -> int:
    """Tell a civil servant they became an initiative's point of contact or coordinator: at once,
    and not to be switched off."""
    ctx = {"initiative": initiative, "role": role, "url": initiative.get_absolute_url()}
    return send(template="assigned", recipients=[user], context=ctx)


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
    recipients = member_users(message.recipient)
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
        recipients=member_users(initiative, exclude=actor),
        context=ctx,
    )


# Reminders --------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    commitments_due_soon: int = 0
    commitments_overdue: int = 0
    blockages_open: int = 0
    coordinator_digests: int = 0
    notifications: int = 0
    digests: int = 0
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


def _store_reminder(key, day, messages, ctx, result, *, urgent=False) -> int | None:
    """Claim the reminder and store its notifications, in one transaction. None when it was
    already made that day (a second run, or another process at the same moment: the unique key
    and date decide) or when nobody is to be told."""
    if not any(recipients for _, recipients in messages):
        return None
    addresses = [getattr(r, "email", r) for _, recipients in messages for r in recipients]
    try:
        with transaction.atomic():
            # One INSERT: the selection already left out what was made today, so a clash is rare.
            ReminderLog.objects.create(
                key=key, sent_on=day, recipients=", ".join(a for a in addresses if a)[:10000]
            )
            return sum(
                send(
                    template=template,
                    recipients=recipients,
                    context=ctx,
                    urgent=urgent,
                    # The digests at the end of the run carry the urgent ones too.
                    dispatch_now=False,
                )
                for template, recipients in messages
            )
    except IntegrityError:
        return None
    except Exception:  # noqa: BLE001 - one failing reminder must not stop the others
        logger.exception("Reminder %s could not be stored", key)
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
    and a note to coordinators of initiatives waiting for one (daily), each stored as
    notifications; then one digest per person and per department mailbox. Idempotent per day."""
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
    departments = {
        d.pk: d
        for d in Department.objects.filter(
            pk__in={c.department_id for c in due_soon + overdue}
            | {b.department_id for b in blockages}
        )
    }

    for state, commitments in (("due_soon", due_soon), ("overdue", overdue)):
        for commitment in commitments:
            key = f"commitment-{state.replace('_', '-')}:{commitment.pk}"
            department = departments.get(commitment.department_id)
            ctx = {
                "commitment": commitment,
                "initiative": commitment.initiative,
                "state": state,
                "day": day,
                "days_overdue": (day - commitment.due_on).days,
                "url": commitment.initiative.get_absolute_url(),
            }
            stored = _store_reminder(
                key,
                day,
                [
                    ("reminder_commitment_department", [department] if department else []),
                    ("reminder_commitment_member", member_users(commitment.initiative)),
                ],
                ctx,
                result,
                # A term expiring tomorrow cannot wait for the digest.
                urgent=commitment.due_on == day + dt.timedelta(days=1),
            )
            if stored is None:
                continue
            result.notifications += stored
            result.keys.append(key)
            if state == "due_soon":
                result.commitments_due_soon += 1
            else:
                result.commitments_overdue += 1

    for blockage in blockages:
        key = f"blockage-open:{blockage.pk}"
        department = departments.get(blockage.department_id)
        ctx = {
            "blockage": blockage,
            "initiative": blockage.initiative,
            "day": day,
            "days_open": (day - blockage.raised_on).days,
            "url": blockage.initiative.get_absolute_url(),
        }
        stored = _store_reminder(
            key,
            day,
            [
                ("reminder_blockage_department", [department] if department else []),
                ("reminder_blockage_member", member_users(blockage.initiative)),
            ],
            ctx,
            result,
        )
        if stored is None:
            continue
        result.notifications += stored
        result.keys.append(key)
        result.blockages_open += 1

    waiting = initiatives_needing_coordinator()
    total = waiting.count()
    if total:
        key = "needs-coordinator"
        ctx = {
            "initiatives": [
                {"title": i.title, "url": partner_page_url(i)}
                for i in waiting.order_by("created_at", "pk")[:DIGEST_LIMIT]
            ],
            "total": total,
            "day": day,
            "url": reverse("partnership:worklist"),
            "worklist_url": reverse("partnership:worklist"),
        }
        stored = _store_reminder(key, day, [("reminder_coordinator", _coordinators())], ctx, result)
        if stored is not None:
            result.notifications += stored
            result.keys.append(key)
            result.coordinator_digests += 1

    digest = send_digests()
    result.digests, result.emails = digest.digests, digest.emails
    result.failed += digest.failed
    return result
