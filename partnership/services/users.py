"""The users page's write: roles and department (the accounts app's) and, for an anchor
institution's staff, their organisation (the initiatives app's), in one transaction."""

from django.db import transaction

from initiatives.accounts.roles import ANCHOR
from initiatives.accounts.services import user_set_roles
from initiatives.services import anchor_staff_set


@transaction.atomic
def user_roles_save(*, user, roles, department, organisation, changed_by) -> None:
    """Only anchor institution staff keep an organisation."""
    user_set_roles(user=user, roles=roles, department=department, changed_by=changed_by)
    anchor_staff_set(user=user, organisation=organisation if ANCHOR in set(roles) else None)
