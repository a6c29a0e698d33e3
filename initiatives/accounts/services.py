"""Writes on the municipality's side. Keyword-only, validated, atomic."""

from django.contrib.auth.models import Group
from django.db import transaction

from initiatives.accounts.roles import ANCHOR, ROLES


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
    user._role_names = None
