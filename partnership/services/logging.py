"""Writes for the partnership log: contacts, commitments, blockages, hand-offs, the partner's
replies, ratings of the city, and who is the initiative's point of contact and coordinator.

Keyword-only, validated with ``full_clean()`` before saving, atomic. Every entry keeps who logged it
and when; django-simple-history keeps each later change with the user its middleware saw. Members
and departments are e-mailed once the transaction has committed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives import permissions
from initiatives.dates import check_dates
from partnership import notifications
from partnership.models import (
    Blockage,
    BlockageHandoff,
    CityRequest,
    Commitment,
    Contact,
    PolicyFramework,
    Rating,
    Reply,
)

# Contacts ---------------------------------------------------------------------------------


@transaction.atomic
def contact_log(
    *,
    initiative,
    logged_by,
    date: dt.date,
    channel: str,
    department,
    initiated_by: str,
    summary: str,
    outcome: str = "",
    referred_to=None,
) -> Contact:
    check_dates(past={"date": date})
    contact = Contact(
        initiative=initiative,
        logged_by=logged_by,
        date=date,
        channel=channel,
        department=department,
        initiated_by=initiated_by,
        summary=summary,
        outcome=outcome,
        referred_to=referred_to,
    )
    contact.full_clean()
    contact.save()
    # A new contact of the department with the initiative (a call back, a meeting) is its
    # first answer to the questions the initiative asked it.
    _mark_answered(
        Reply.objects.filter(
            initiative=initiative, contact__department=department, kind=Reply.Kind.QUESTION
        )
    )
    notifications.after_commit(notifications.entry_logged, entry=contact, actor=logged_by)
    return contact


@transaction.atomic
def contact_answer(*, contact: Contact, author, body: str, asks: bool = False) -> Reply:
    """A member's answer to a logged contact ("that is not what was agreed"). When it asks a
    question, the contact's department owes a first answer within the term."""
    reply = Reply(
        initiative_id=contact.initiative_id,
        contact=contact,
        kind=Reply.Kind.QUESTION if asks else Reply.Kind.ANSWER,
        body=body,
        author=author,
    )
    reply.full_clean()
    reply.save()
    notifications.after_commit(notifications.partner_spoke, reply=reply)
    return reply


# Commitments ------------------------------------------------------------------------------


@transaction.atomic
def commitment_log(
    *,
    initiative,
    logged_by,
    description: str,
    department,
    due_on: dt.date,
    promised_on: dt.date | None = None,
    owner=None,
) -> Commitment:
    """A promise, owned by a person of the promising department: ``owner``, else the civil
    servant logging it when they work there (else nobody yet: the department names one)."""
    promised_on = promised_on or timezone.localdate()
    check_dates(past={"promised_on": promised_on}, ahead={"due_on": due_on})
    if owner is None and logged_by is not None and logged_by.department_id == department.pk:
        owner = logged_by
    commitment = Commitment(
        initiative=initiative,
        logged_by=logged_by,
        description=description,
        department=department,
        owner=owner,
        promised_on=promised_on,
        due_on=due_on,
    )
    commitment.full_clean()
    commitment.save()
    notifications.after_commit(notifications.entry_logged, entry=commitment, actor=logged_by)
    return commitment


@transaction.atomic
def commitment_settle(
    *, commitment: Commitment, settled_by, status: str, settled_on: dt.date, note: str
) -> Commitment:
    """Kept, broken or withdrawn; a disputed commitment can be settled, a settled one cannot."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if status not in Commitment.SETTLED:
        raise ValidationError({"status": _("Choose kept, broken or withdrawn.")})
    if commitment.status not in (Commitment.Status.OPEN, Commitment.Status.DISPUTED):
        raise ValidationError(_("This commitment has already been settled."))
    check_dates(past={"settled_on": settled_on})
    commitment.status = status
    commitment.settled_on = settled_on
    commitment.settlement_note = note
    commitment.settled_by = settled_by
    commitment.full_clean()
    commitment.save()
    # Settling a disputed commitment answers the dispute.
    _mark_answered(commitment.replies.all())
    notifications.after_commit(notifications.item_settled, item=commitment, actor=settled_by)
    return commitment


@transaction.atomic
def commitment_reassign(*, commitment: Commitment, owner, by) -> Commitment:
    """Hand an unsettled commitment to another owner in its department; the history keeps who
    owned it before, who changed it and when."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.status not in (Commitment.Status.OPEN, Commitment.Status.DISPUTED):
        raise ValidationError(_("This commitment has already been settled."))
    if not permissions.can_reassign_commitment(by, commitment):
        raise ValidationError(
            _("Only the department's own civil servants or a coordinator can change the owner.")
        )
    if owner is not None and owner.pk == commitment.owner_id:
        raise ValidationError({"owner": _("This person already owns the commitment.")})
    previous = commitment.owner
    commitment.owner = owner
    commitment.full_clean()
    commitment._change_reason = _("owner changed from %(old)s to %(new)s") % {
        "old": previous.display_name if previous else "–",
        "new": owner.display_name if owner else "–",
    }
    commitment._history_user = by
    commitment.save()
    return commitment


@transaction.atomic
def commitment_dispute(*, commitment: Commitment, author, body: str) -> Reply:
    """A member disputes a commitment in their own words; the civil servant's record stays."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    reply = Reply(
        initiative_id=commitment.initiative_id,
        commitment=commitment,
        kind=Reply.Kind.DISPUTE,
        body=body,
        author=author,
    )
    reply.full_clean()
    reply.save()
    if commitment.status != Commitment.Status.DISPUTED:
        commitment.status = Commitment.Status.DISPUTED
        commitment.full_clean()
        commitment.save()
    notifications.after_commit(notifications.partner_spoke, reply=reply)
    return reply


# First answers ----------------------------------------------------------------------------


def _mark_answered(replies) -> None:
    """The partner's disputes and questions in ``replies`` have had the city's first answer."""
    replies.filter(kind__in=Reply.ASKING, first_answered_at__isnull=True).update(
        first_answered_at=timezone.now()
    )


def _answer_blockage(blockage: Blockage) -> bool:
    """Start counting the blockage as answered; True when this is its first answer."""
    if blockage.first_answered_at is not None:
        return False
    blockage.first_answered_at = timezone.now()
    return True


@transaction.atomic
def reply_answer(*, reply: Reply, by, body: str) -> Reply:
    """A civil servant answers a partner's question or dispute: the answer is added beside it
    (never over it) and the partner's words leave the "waiting for a first answer" list."""
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    if reply.kind not in Reply.ASKING:
        raise ValidationError(_("Only a question or a dispute waits for an answer."))
    answer = Reply(
        initiative_id=reply.initiative_id,
        contact_id=reply.contact_id,
        commitment_id=reply.commitment_id,
        blockage_id=reply.blockage_id,
        kind=Reply.Kind.ANSWER,
        body=body,
        author=by,
    )
    answer.full_clean()
    answer.save()
    if reply.first_answered_at is None:
        reply.first_answered_at = timezone.now()
        reply.save(update_fields=["first_answered_at"])
    notifications.after_commit(notifications.entry_logged, entry=answer, actor=by)
    return answer


# Blockages --------------------------------------------------------------------------------


def _category(policy_framework: PolicyFramework | None, category: str) -> str:
    """The framework's category when there is one: the dashboards group by it."""
    if policy_framework is not None:
        return policy_framework.category
    if not category:
        raise ValidationError(
            {"category": _("Choose a category, or the policy framework that blocks.")}
        )
    return category


@transaction.atomic
def blockage_log(
    *,
    initiative,
    logged_by,
    department,
    description: str,
    severity: str,
    policy_framework: PolicyFramework | None = None,
    category: str = "",
    raised_on: dt.date | None = None,
) -> Blockage:
    """A civil servant records where the initiative got stuck. Without a department the
    framework's owning department holds it."""
    raised_on = raised_on or timezone.localdate()
    check_dates(past={"raised_on": raised_on})
    if department is None and policy_framework is not None:
        department = policy_framework.department
    if department is None:
        raise ValidationError(
            {"department": _("Choose the department, or the policy framework that blocks.")}
        )
    blockage = Blockage(
        initiative=initiative,
        logged_by=logged_by,
        department=department,
        policy_framework=policy_framework,
        category=_category(policy_framework, category),
        description=description,
        severity=severity,
        raised_by_role=Blockage.RaisedBy.CIVIL_SERVANT,
        raised_on=raised_on,
    )
    blockage.full_clean()
    blockage.save()
    notifications.after_commit(notifications.entry_logged, entry=blockage, actor=logged_by)
    return blockage


@transaction.atomic
def blockage_raise(
    *,
    initiative,
    raised_by,
    description: str,
    severity: str,
    policy_framework: PolicyFramework | None = None,
    category: str = "",
) -> Blockage:
    """An initiator raises a blockage in their own words; they never choose a department. The
    rule they name brings its owning department; without one ("I don't know") the blockage
    waits in the triage of the initiative's point of contact (or the coordinators)."""
    if policy_framework is not None:
        category = policy_framework.category
    blockage = Blockage(
        initiative=initiative,
        logged_by=raised_by,
        department=policy_framework.department if policy_framework is not None else None,
        policy_framework=policy_framework,
        category=category or PolicyFramework.Category.OTHER,
        description=description,
        severity=severity,
        raised_by_role=Blockage.RaisedBy.INITIATOR,
        raised_on=timezone.localdate(),
    )
    blockage.full_clean()
    blockage.save()
    if blockage.department_id is None:
        notifications.after_commit(notifications.triage_needed, blockage=blockage)
    else:
        notifications.after_commit(notifications.partner_spoke, blockage=blockage)
    notifications.after_commit(notifications.entry_logged, entry=blockage, actor=raised_by)
    return blockage


@transaction.atomic
def blockage_respond(
    *,
    blockage: Blockage,
    by,
    kind: str,
    body: str,
    policy_framework: PolicyFramework | None = None,
) -> Reply:
    """A civil servant confirms or answers a blockage. The initiator's description is never
    changed; naming the policy framework sets it (and its category) for the dashboards."""
    if kind not in (Reply.Kind.CONFIRMATION, Reply.Kind.ANSWER):
        raise ValidationError({"kind": _("Confirm or answer.")})
    blockage = Blockage.objects.select_for_update().get(pk=blockage.pk)
    reply = Reply(
        initiative_id=blockage.initiative_id, blockage=blockage, kind=kind, body=body, author=by
    )
    reply.full_clean()
    reply.save()
    changed = _answer_blockage(blockage)
    if kind == Reply.Kind.CONFIRMATION and blockage.confirmed_by_id is None:
        blockage.confirmed_by = by
        blockage.confirmed_at = timezone.now()
        changed = True
    if policy_framework is not None and policy_framework.pk != blockage.policy_framework_id:
        blockage.policy_framework = policy_framework
        blockage.category = policy_framework.category
        changed = True
    if changed:
        blockage.full_clean()
        blockage.save()
    notifications.after_commit(notifications.entry_logged, entry=reply, actor=by)
    return reply


def _open_blockage_for_update(blockage: Blockage) -> Blockage:
    blockage = Blockage.objects.select_for_update().get(pk=blockage.pk)
    if not blockage.is_open:
        raise ValidationError(_("This blockage has already been settled."))
    return blockage


@transaction.atomic
def blockage_handoff(
    *, blockage: Blockage, by, to_department, reason: str, handed_on: dt.date | None = None
) -> BlockageHandoff:
    """Hand the blockage to another department: a row in its trail, and the new department
    holds it from now on and is told so. An unrouted blockage (raised with "I don't know") is
    routed out of triage the same way, a hand-off without a department it came from; that
    routing is no answer to the partner, so the new department's first-answer clock runs on."""
    blockage = _open_blockage_for_update(blockage)
    handed_on = handed_on or timezone.localdate()
    check_dates(past={"handed_on": handed_on})
    if handed_on < blockage.raised_on:
        raise ValidationError(
            {"handed_on": _("A blockage cannot be handed on before it was raised.")}
        )
    if to_department.pk == blockage.department_id:
        raise ValidationError({"to_department": _("The blockage is already with this department.")})
    handoff = BlockageHandoff(
        blockage=blockage,
        from_department_id=blockage.department_id,
        to_department=to_department,
        handed_on=handed_on,
        reason=reason,
        handed_by=by,
    )
    handoff.full_clean()
    handoff.save()
    if not handoff.is_routing:
        _answer_blockage(blockage)
    blockage.department = to_department
    blockage.full_clean()
    blockage.save()
    notifications.after_commit(notifications.handoff_received, handoff=handoff)
    notifications.after_commit(notifications.entry_logged, entry=handoff, actor=by)
    return handoff


@transaction.atomic
def blockage_escalate(*, blockage: Blockage, by) -> Blockage:
    blockage = _open_blockage_for_update(blockage)
    if blockage.status == Blockage.Status.ESCALATED:
        raise ValidationError(_("This blockage has already been escalated."))
    blockage.status = Blockage.Status.ESCALATED
    blockage.escalated_on = timezone.localdate()
    blockage.full_clean()
    blockage.save()
    notifications.after_commit(notifications.entry_logged, entry=blockage, actor=by)
    return blockage


@transaction.atomic
def blockage_settle(
    *, blockage: Blockage, by, status: str, settled_on: dt.date, resolution: str
) -> Blockage:
    """Resolved, worked around or closed unresolved, with how; members are asked to rate."""
    if status not in Blockage.SETTLED:
        raise ValidationError({"status": _("Choose resolved, worked around or unresolved.")})
    blockage = _open_blockage_for_update(blockage)
    check_dates(past={"settled_on": settled_on})
    blockage.status = status
    blockage.settled_on = settled_on
    blockage.resolution = resolution
    blockage.settled_by = by
    _answer_blockage(blockage)
    blockage.full_clean()
    blockage.save()
    notifications.after_commit(notifications.item_settled, item=blockage, actor=by)
    return blockage


# Rating the city --------------------------------------------------------------------------


def is_rateable(item) -> bool:
    if isinstance(item, Blockage):
        return item.status in Blockage.SETTLED and item.archived_at is None
    if isinstance(item, CityRequest):
        return item.status == CityRequest.Status.DECIDED and item.archived_at is None
    return False


@transaction.atomic
def rating_create(*, item: Blockage | CityRequest, user, score: int, comment: str = "") -> Rating:
    """One rating per member per settled blockage or decided request."""
    if not is_rateable(item):
        raise ValidationError(_("You can rate this once it has been settled."))
    subject = {"blockage": item} if isinstance(item, Blockage) else {"request": item}
    if Rating.objects.filter(user=user, **subject).exists():
        raise ValidationError(_("You have already rated this."))
    rating = Rating(
        initiative_id=item.initiative_id, user=user, score=score, comment=comment, **subject
    )
    rating.full_clean()
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as exc:  # a double submit between the check and the insert
        raise ValidationError(_("You have already rated this.")) from exc
    return rating


# Point of contact and coordinator ---------------------------------------------------------


@transaction.atomic
def initiative_assign(*, initiative, point_of_contact, coordinator, by):
    """Name the point of contact and the coordinator; both must work for the municipality."""
    for field, user in (("point_of_contact", point_of_contact), ("coordinator", coordinator)):
        if user is not None and not permissions.is_municipal(user):
            raise ValidationError({field: _("Choose a civil servant or coordinator.")})
    previous = (initiative.point_of_contact_id, initiative.coordinator_id)
    initiative.point_of_contact = point_of_contact
    initiative.coordinator = coordinator
    if point_of_contact is not None and initiative.point_of_contact_assigned_at is None:
        # The intake clock stops at the first point of contact; a later change keeps the date.
        initiative.point_of_contact_assigned_at = timezone.now()
    initiative.updated_by = by
    initiative.full_clean()
    initiative.save()
    if point_of_contact is not None and point_of_contact.pk != previous[0]:
        # The initiative hears at once who its point of contact is (immediate, not a digest).
        notifications.after_commit(
            notifications.point_of_contact_named, initiative=initiative, actor=by
        )
    for role, user, before in (
        ("point_of_contact", point_of_contact, previous[0]),
        ("coordinator", coordinator, previous[1]),
    ):
        if user is not None and user.pk != before and user.pk != by.pk:
            notifications.after_commit(
                notifications.assigned, initiative=initiative, user=user, role=role
            )
    return initiative
