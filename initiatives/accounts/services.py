"""Writes on the municipality's side. Keyword-only, validated, atomic."""

import logging

from django.contrib.auth.models import Group
from django.db import transaction

from initiatives.accounts.models import AuthenticatorReset
from initiatives.accounts.roles import ANCHOR, ROLES, forget_roles

logger = logging.getLogger(__name__)


@transaction.atomic
def user_set_roles(*, user, roles, department, changed_by, organisation=None) -> None:
    """Replace the user's roles; keep groups that are not roles untouched. Only anchor
    institution staff keep an organisation."""
    wanted = set(roles) & set(ROLES)
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
    user.groups.remove(*[g for name, g in groups.items() if name not in wanted])
    user.groups.add(*[groups[name] for name in wanted if name in groups])
    user.department = department
    user.organisation = organisation if ANCHOR in wanted else None
    user.full_clean()
    user.save(update_fields=["department", "organisation"])
    forget_roles(user)


@transaction.atomic
def user_reset_authenticators(*, user, reset_by) -> AuthenticatorReset:
    """Remove every second factor of ``user`` (lost phone) and record who did it, and when.

    The user is asked to set up a new authenticator at the next login (the two-factor middleware).
    """
    from allauth.mfa.models import Authenticator

    removed, _per_model = Authenticator.objects.filter(user=user).delete()
    record = AuthenticatorReset(
        user=user,
        user_email=user.email,
        reset_by=reset_by,
        reset_by_email=reset_by.email,
        authenticators=removed,
    )
    record.full_clean()
    record.save()
    logger.warning(
        "Authenticators of user %s reset by coordinator %s (%d removed)",
        user.pk,
        reset_by.pk,
        removed,
    )
    return record
