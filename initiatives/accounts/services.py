"""Writes on the municipality's side. Keyword-only, validated, atomic."""

from django.contrib.auth.models import Group
from django.db import transaction

from initiatives.accounts.roles import ROLES, forget_roles


@transaction.atomic
def user_set_roles(*, user, roles, department, changed_by) -> None:
    """Replace the user's roles; keep groups that are not roles untouched."""
    wanted = set(roles) & set(ROLES)
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
    user.groups.remove(*[g for name, g in groups.items() if name not in wanted])
    user.groups.add(*[groups[name] for name in wanted if name in groups])
    user.department = department
    user.full_clean()
    user.save(update_fields=["department"])
    forget_roles(user)
