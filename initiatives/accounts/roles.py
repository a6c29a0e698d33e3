"""Roles: Django groups created by this app's migration, read once per request.

Who someone *is* lives here, at the bottom, so that the adapter, the two-factor middleware and the
user pages need nothing above them. What someone may do with an initiative is decided in
``initiatives.permissions``, which re-exports these names.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from initiatives.accounts.memo import forget, memo

INITIATOR = "initiator"
CIVIL_SERVANT = "civil_servant"
COUNCIL_MEMBER = "council_member"
COORDINATOR = "coordinator"
# Staff of an anchor institution (housing corporation, hospital, university, ...): tied to one
# partner organisation, they record what their organisation does with initiatives.
ANCHOR = "anchor"
ROLES = (INITIATOR, CIVIL_SERVANT, COUNCIL_MEMBER, COORDINATOR, ANCHOR)
ROLE_LABELS = {
    INITIATOR: _("initiator"),
    CIVIL_SERVANT: _("civil servant"),
    COUNCIL_MEMBER: _("council member"),
    COORDINATOR: _("coordinator"),
    ANCHOR: _("anchor institution staff"),
}


ROLES_MEMO = "role_names"
# The role names read in the same query as the session's user (initiatives.accounts.backends).
READ_WITH_USER = "role_names_read_with_user"


def roles_of(user) -> frozenset[str]:
    """The user's role names: read with the session's user, or kept on the user object for the
    request (one query)."""
    if not user.is_authenticated:
        return frozenset()
    read = getattr(user, READ_WITH_USER, None)
    if read is not None:
        return read
    prefetched = getattr(user, "_prefetched_objects_cache", {}).get("groups")
    if prefetched is not None:
        # A list of people fetched with prefetch_related("groups"): no query per person.
        return frozenset(g.name for g in prefetched if g.name in ROLES)
    return memo(
        user,
        ROLES_MEMO,
        lambda: frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True)),
    )


def forget_roles(user) -> None:
    """After a change of the user's groups: the next ``roles_of`` reads them afresh."""
    forget(user, ROLES_MEMO)
    if getattr(user, READ_WITH_USER, None) is not None:
        delattr(user, READ_WITH_USER)


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_coordinator(user) -> bool:
    return has_role(user, COORDINATOR)


def is_municipal(user) -> bool:
    """Civil servants and coordinators: they log for any initiative and see personal data."""
    return has_role(user, CIVIL_SERVANT, COORDINATOR)


def is_council_member(user) -> bool:
    return has_role(user, COUNCIL_MEMBER)


def has_anchor_role(user) -> bool:
    """Holds the anchor role. Which organisation they speak for is the initiatives app's
    (``initiatives.permissions.anchor_organisation``): this bottom app cannot look it up."""
    return has_role(user, ANCHOR)


def can_read_dashboards(user) -> bool:
    return has_role(user, COUNCIL_MEMBER, CIVIL_SERVANT, COORDINATOR)


def can_manage_users(user) -> bool:
    return is_coordinator(user)


def can_edit_value_framework(user) -> bool:
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
