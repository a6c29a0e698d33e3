"""Who may do what: the one place where roles and object rules are decided.

Roles are Django groups created by a migration. This module sits in the lowest app so that every
app can import it; it depends only on ``django.contrib.auth`` and memberships.

Views check these through ``role_required`` or the ``get_*_or_404`` helpers; templates receive the
results for display only.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

INITIATOR = "initiator"
CIVIL_SERVANT = "civil_servant"
COUNCIL_MEMBER = "council_member"
COORDINATOR = "coordinator"
ROLES = (INITIATOR, CIVIL_SERVANT, COUNCIL_MEMBER, COORDINATOR)
ROLE_LABELS = {
    INITIATOR: _("initiator"),
    CIVIL_SERVANT: _("civil servant"),
    COUNCIL_MEMBER: _("council member"),
    COORDINATOR: _("coordinator"),
}


def roles_of(user) -> frozenset[str]:
    """The user's role names, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_coordinator(user) -> bool:
    return has_role(user, COORDINATOR)


def is_municipal(user) -> bool:
    """Civil servants and coordinators: they log for any initiative and see personal data."""
    return has_role(user, CIVIL_SERVANT, COORDINATOR)


def is_council_member(user) -> bool:
    return has_role(user, COUNCIL_MEMBER)


def can_read_dashboards(user) -> bool:
    return has_role(user, COUNCIL_MEMBER, CIVIL_SERVANT, COORDINATOR)


def can_manage_users(user) -> bool:
    return is_coordinator(user)


def can_edit_value_framework(user) -> bool:
    return is_coordinator(user)


def member_ids(initiative) -> set[int]:
    """Ids of current members; uses a prefetched ``current_members`` list when present."""
    prefetched = getattr(initiative, "current_members", None)
    if prefetched is not None:
        return {m.user_id for m in prefetched}
    return set(
        initiative.memberships.filter(left_at__isnull=True).values_list("user_id", flat=True)
    )


def is_member(user, initiative) -> bool:
    return user.is_authenticated and user.pk in member_ids(initiative)


def is_lead(user, initiative) -> bool:
    return (
        user.is_authenticated
        and initiative.memberships.filter(user=user, role="lead", left_at__isnull=True).exists()
    )


def can_view_initiative(user, initiative) -> bool:
    """Public initiatives are seen by all; private ones only by members and the municipality."""
    if initiative.archived_at is not None:
        return is_municipal(user) or is_member(user, initiative)
    return initiative.is_public or is_municipal(user) or is_member(user, initiative)


def can_view_partner_page(user, initiative) -> bool:
    """The full record (contacts, commitments, blockages, personal data): members and the city."""
    return is_municipal(user) or is_member(user, initiative)


def can_see_personal_data(user, initiative) -> bool:
    return can_view_partner_page(user, initiative)


def can_edit_initiative(user, initiative) -> bool:
    return is_member(user, initiative)


def can_log_for_initiative(user, initiative) -> bool:
    """Contacts, commitments, hand-offs and settlements are logged by the municipality."""
    return is_municipal(user)


def can_speak_for_initiative(user, initiative) -> bool:
    """Raise a blockage, answer a contact, dispute a commitment, record value: members."""
    return is_member(user, initiative)


def can_record_value(user, initiative) -> bool:
    return is_member(user, initiative) or is_municipal(user)


def can_verify_value(user) -> bool:
    return is_municipal(user)


def can_assign_coordinator(user) -> bool:
    return is_coordinator(user)


def role_required(*roles: str):
    """View decorator: log in first, then 403 unless the user has one of ``roles``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def check_visible(user, initiative) -> None:
    """404 for what must not be known to exist."""
    if not can_view_initiative(user, initiative):
        raise Http404


def check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def can_change_status(user, initiative) -> bool:
    """Members and the municipality record the initiative's status changes."""
    return is_member(user, initiative) or is_municipal(user)


def can_invite(user, initiative) -> bool:
    """Any current member may invite a co-initiator."""
    return is_member(user, initiative)


def can_submit_request(user, initiative) -> bool:
    """Requests, withdrawals and partner links: members for their initiative, or the
    municipality registering on its behalf."""
    return is_member(user, initiative) or is_municipal(user)


def can_edit_value_record(user, record, initiative) -> bool:
    """Whoever recorded a value record may correct it until the municipality verifies it."""
    return (
        record.verified_at is None
        and record.recorded_by_id is not None
        and record.recorded_by_id == user.pk
        and can_record_value(user, initiative)
    )


def can_read_audit_trail(user, initiative) -> bool:
    """The change history of an initiative: its members and coordinators (partners see what the
    city changed; civil servants work from the partner page, not from the audit trail)."""
    return is_coordinator(user) or is_member(user, initiative)


def can_archive_item(user, initiative) -> bool:
    """Archiving hides an item without losing it: members and the municipality."""
    return is_member(user, initiative) or is_municipal(user)


def can_hard_delete(user) -> bool:
    """Hard deletion, always with a reason kept in the history: coordinators only."""
    return is_coordinator(user)
