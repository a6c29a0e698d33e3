"""Writes on initiatives and their memberships. Keyword-only, validated, atomic."""

import datetime as dt
import secrets
from contextlib import contextmanager

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from initiatives.accounts.memo import forget
from initiatives.accounts.roles import forget_roles
from initiatives.dates import check_dates
from initiatives.mail import send_mail
from initiatives.models import (
    INITIATIVE_HISTORY,
    STATUS_TRANSITIONS,
    AnchorStaff,
    Initiative,
    Invitation,
    Membership,
    Status,
    StatusChange,
)
from initiatives.permissions import ANCHOR_ORGANISATION_MEMO, INITIATOR
from initiatives.signals import initiative_registered
from initiatives.site import site_url

# Paths under /initiatieven/ that a slug must never shadow.
RESERVED_SLUGS = frozenset({"nieuw", "mijn", "uitnodiging"})
SLUG_MAX_LENGTH = 200
INVITATION_VALID_DAYS = 30

# Fields of an initiative that its members set in the registration and edit forms.
EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "area",
    "neighbourhood",
    "domain",
    "started_on",
    "legal_form",
    "website",
    "volunteers",
    "people_reached",
    "uses_municipal_land",
    "uses_municipal_building",
    "uses_public_space",
    "is_public",
)


def _slug_base(title: str) -> str:
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-")
    return base or "initiatief"


def unique_slug(title: str) -> str:
    """The slugified title, with -2, -3, ... appended when it is taken or reserved."""
    base = _slug_base(title)
    taken = (
        set(Initiative.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        | RESERVED_SLUGS
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _ensure_initiator(user) -> None:
    """Whoever registers or joins an initiative is an initiator from then on."""
    group, _created = Group.objects.get_or_create(name=INITIATOR)
    user.groups.add(group)
    forget_roles(user)


@contextmanager
def _one_version(initiative: Initiative):
    """Hold back simple-history while themes and asks change (it would write a version per
    ``set()``), so that the registration or edit is one version holding them all."""
    initiative.skip_history_when_saving = True
    try:
        yield
    finally:
        del initiative.skip_history_when_saving


@transaction.atomic
def initiative_create(
    *,
    created_by,
    title: str,
    summary: str,
    area,
    domain: str,
    description: str = "",
    neighbourhood=None,
    themes=(),
    asks=(),
    status: str = Status.IDEA,
    started_on: dt.date | None = None,
    legal_form: str = "informal",
    website: str = "",
    volunteers: int = 0,
    people_reached: int = 0,
    uses_municipal_land: bool = False,
    uses_municipal_building: bool = False,
    uses_public_space: bool = False,
    is_public: bool = True,
) -> Initiative:
    """Register an initiative; its creator becomes its lead and its first status is a row."""
    check_dates(starts={"started_on": started_on})
    initiative = Initiative(
        title=title,
        summary=summary,
        description=description,
        area=area,
        neighbourhood=neighbourhood,
        domain=domain,
        status=status,
        started_on=started_on,
        legal_form=legal_form,
        website=website,
        volunteers=volunteers,
        people_reached=people_reached,
        uses_municipal_land=uses_municipal_land,
        uses_municipal_building=uses_municipal_building,
        uses_public_space=uses_public_space,
        is_public=is_public,
        created_by=created_by,
        updated_by=created_by,
    )
    initiative._history_user = created_by
    initiative._change_reason = "registered"
    with _one_version(initiative):
        # Two people registering the same title at once: retry with the next free slug.
        for attempt in range(5):
            initiative.slug = unique_slug(title)
            initiative.full_clean()
            try:
                with transaction.atomic():
                    initiative.save()
                break
            except IntegrityError:
                if attempt == 4:
                    raise
        initiative.themes.set(themes)
        initiative.asks.set(asks)
    INITIATIVE_HISTORY.create_historical_record(initiative, "+")

    membership = Membership(initiative=initiative, user=created_by, role=Membership.Role.LEAD)
    membership.full_clean()
    membership.save()
    StatusChange.objects.create(
        initiative=initiative,
        from_status="",
        to_status=status,
        changed_on=timezone.localdate(),
        changed_by=created_by,
    )
    _ensure_initiator(created_by)
    # The intake (in partnership) tells the area's coordinators; this app cannot call it.
    initiative_registered.send(sender=Initiative, initiative=initiative)
    return initiative


class StaleEdit(Exception):
    """Someone else saved the record after this edit started; nothing was written."""

    def __init__(self, current):
        super().__init__("The record was changed by someone else in the meantime.")
        self.current = current


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    changed_by,
    themes=None,
    asks=None,
    expected_version: str | None = None,
    **fields,
):
    """Change the editable fields; simple-history keeps the previous version. With
    expected_version (the edit_version the form started from) a save on top of someone else's
    later save is refused with StaleEdit instead of silently overwriting it."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if "started_on" in fields:
        check_dates(starts={"started_on": fields["started_on"]})
    if expected_version is not None:
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if current.edit_version != expected_version:
            raise StaleEdit(current)
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.updated_by = changed_by
    initiative._history_user = changed_by
    initiative._change_reason = "edited"
    initiative.full_clean()
    with _one_version(initiative):
        if themes is not None:
            initiative.themes.set(themes)
        if asks is not None:
            initiative.asks.set(asks)
    initiative.save()  # the one version of this edit: its fields, themes and asks together
    return initiative


def last_status_change_on(initiative: Initiative) -> dt.date | None:
    return (
        initiative.status_changes.order_by("-changed_on")
        .values_list("changed_on", flat=True)
        .first()
    )


@transaction.atomic
def initiative_change_status(
    *, initiative: Initiative, to_status: str, changed_on: dt.date, changed_by, reason: str = ""
) -> StatusChange:
    """Append a status change; only the transitions in STATUS_TRANSITIONS are allowed."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if to_status not in STATUS_TRANSITIONS.get(locked.status, set()):
        raise ValidationError({"to_status": _("This status cannot follow the current status.")})
    check_dates(
        past={"changed_on": changed_on},
        future_messages={"changed_on": _("The date cannot be in the future.")},
    )
    previous = last_status_change_on(locked)
    if previous and changed_on < previous:
        raise ValidationError(
            {"changed_on": _("The date cannot be before the previous status change.")}
        )
    change = StatusChange(
        initiative=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_on=changed_on,
        reason=reason,
        changed_by=changed_by,
    )
    change.full_clean()
    change.save()
    locked.status = to_status
    locked.updated_by = changed_by
    locked._history_user = changed_by
    locked._change_reason = "status"
    locked.save(update_fields=["status", "updated_by", "updated_at"])
    initiative.status = to_status
    return change


def invitation_url(invitation: Invitation) -> str:
    return site_url() + reverse("initiatives:invitation_accept", kwargs={"token": invitation.token})


@transaction.atomic
def invitation_create(*, initiative: Initiative, email: str, invited_by) -> Invitation:
    """Invite someone by e-mail to join as co-initiator; the link carries a random token."""
    email = email.strip()
    if initiative.memberships.filter(user__email__iexact=email, left_at__isnull=True).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    invitation = Invitation(
        initiative=initiative,
        email=email,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
    )
    invitation.full_clean()
    invitation.save()
    ctx = {
        "initiative": initiative,
        "inviter": invited_by,
        "url": invitation_url(invitation),
        "valid_days": INVITATION_VALID_DAYS,
    }
    # A fixed subject: the initiative's title and the inviter's name are chosen by users, and
    # would let anyone send mail from the platform with a subject of their choosing.
    subject = _("Invitation to join an initiative on the Partnerplatform")
    body = render_to_string("initiatives/email/invitation.txt", ctx)
    # Sent after commit so a rolled-back invitation never reaches anyone.
    transaction.on_commit(
        lambda: send_mail(subject=subject, body=body, recipients=[invitation.email])
    )
    return invitation


def invitation_is_for(invitation: Invitation, user) -> bool:
    """The invitation is bound to its address: ``user`` must have verified that address."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email.strip(), verified=True
    ).exists()


def invitation_problem(invitation: Invitation | None, user=None) -> str | None:
    """Why this invitation cannot be accepted (by ``user``), or None."""
    if invitation is None:
        return _("This invitation link is not valid. Ask the initiative for a new invitation.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been used.")
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn. Ask the initiative for a new invitation.")
    if invitation.created_at < timezone.now() - dt.timedelta(days=INVITATION_VALID_DAYS):
        return _("This invitation has expired. Ask the initiative for a new invitation.")
    if invitation.initiative.archived_at is not None:
        return _("This initiative is archived; it cannot take new members.")
    if (
        user is not None
        and invitation.initiative.memberships.filter(user=user, left_at__isnull=True).exists()
    ):
        return _("You are already a member of this initiative.")
    if user is not None and not invitation_is_for(invitation, user):
        return _(
            "This invitation was sent to another e-mail address. Log in with the address the "
            "invitation was sent to (and verify it), or ask the person who invited you to invite "
            "the address you use here."
        )
    return None


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join as co-initiator; a former member rejoins on the same membership row."""
    invitation = (
        Invitation.objects.select_for_update().select_related("initiative").get(pk=invitation.pk)
    )
    problem = invitation_problem(invitation, user)
    if problem:
        raise ValidationError(problem)
    membership = Membership.objects.filter(initiative=invitation.initiative, user=user).first()
    if membership is None:
        membership = Membership(initiative=invitation.initiative, user=user)
    membership.role = Membership.Role.CO_INITIATOR
    membership.left_at = None
    membership.joined_at = timezone.now()
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _ensure_initiator(user)
    return membership


@transaction.atomic
def membership_hand_lead(*, initiative: Initiative, from_user, to_user) -> None:
    """Hand the lead to another current member: demote first, then promote, in one transaction,
    so that the partial unique constraint ``membership_one_lead`` holds at every statement."""
    current = {
        m.user_id: m
        for m in Membership.objects.select_for_update().filter(
            initiative=initiative, left_at__isnull=True
        )
    }
    old = current.get(from_user.pk)
    new = current.get(to_user.pk)
    if old is None or old.role != Membership.Role.LEAD:
        raise ValidationError(_("Only the lead can hand over the lead role."))
    if new is None or new.pk == old.pk:
        raise ValidationError({"new_lead": _("Choose another current member.")})
    old.role = Membership.Role.CO_INITIATOR
    old.save(update_fields=["role"])
    new.role = Membership.Role.LEAD
    new.full_clean()
    new.save(update_fields=["role"])


@transaction.atomic
def membership_leave(*, initiative: Initiative, user) -> None:
    """Leave an initiative; the lead hands over first unless nobody else is left."""
    memberships = list(
        Membership.objects.select_for_update().filter(initiative=initiative, left_at__isnull=True)
    )
    mine = next((m for m in memberships if m.user_id == user.pk), None)
    if mine is None:
        raise ValidationError(_("You are not a member of this initiative."))
    if mine.role == Membership.Role.LEAD and len(memberships) > 1:
        raise ValidationError(
            _("You are the lead: hand the lead role to another member before you leave.")
        )
    mine.left_at = timezone.now()
    mine.save(update_fields=["left_at"])


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """A member withdraws an invitation nobody has accepted yet: its link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.full_clean()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def anchor_staff_set(*, user, organisation) -> AnchorStaff | None:
    """Tie ``user`` to the anchor institution they work for, or untie them (``None``).

    A change of organisation starts a new ``since``; the link's history keeps the old one."""
    link = AnchorStaff.objects.select_for_update().filter(user=user).first()
    forget(user, ANCHOR_ORGANISATION_MEMO)
    if organisation is None:
        if link:
            link.delete()
        return None
    if link and link.organisation_id == organisation.pk:
        return link
    link = link or AnchorStaff(user=user)
    link.organisation = organisation
    link.since = timezone.now()
    link.full_clean()
    link.save()
    return link
