"""Writes on the municipality's side. Keyword-only, validated, atomic."""

import logging

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from initiatives.accounts.models import AuthenticatorReset, Department
from initiatives.accounts.roles import ROLES, forget_roles

logger = logging.getLogger(__name__)


@transaction.atomic
def user_set_roles(*, user, roles, department, changed_by) -> None:
    """Replace the user's roles; keep groups that are not roles untouched. Which organisation an
    anchor institution's staff member works for is kept above this app (``AnchorStaff``)."""
    wanted = set(roles) & set(ROLES)
    groups = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
    user.groups.remove(*[g for name, g in groups.items() if name not in wanted])
    user.groups.add(*[groups[name] for name in wanted if name in groups])
    user.department = department
    user.full_clean()
    user.save(update_fields=["department"])
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


def _unique_slug(name: str, department: Department | None = None) -> str:
    base = slugify(name)[:190] or "afdeling"
    slug, n = base, 2
    others = Department.objects.exclude(pk=department.pk) if department else Department.objects
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_parent(department: Department, parent: Department | None) -> None:
    if parent is None:
        return
    if department.pk and parent.pk == department.pk:
        raise ValidationError({"parent": _("A department cannot be its own cluster.")})
    if parent.parent_id is not None:
        raise ValidationError({"parent": _("Choose a cluster: a department has no departments.")})
    if department.pk and department.children.exists():
        raise ValidationError(
            {"parent": _("This cluster has departments of its own; it cannot join another.")}
        )


@transaction.atomic
def department_create(*, name: str, parent: Department | None, email: str = "") -> Department:
    """A new cluster (no parent) or department; its slug follows from the name."""
    department = Department(name=name, parent=parent, email=email, slug=_unique_slug(name))
    _check_parent(department, parent)
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def department_update(
    *, department: Department, name: str, parent: Department | None, email: str = ""
) -> Department:
    """Rename a department, move it to another cluster or change where hand-offs are sent.
    The slug stays: it may be in links and exports."""
    _check_parent(department, parent)
    department.name, department.parent, department.email = name, parent, email
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def profile_update(
    *,
    user,
    name: str,
    phone: str,
    preferred_contact: str,
    phone_visible_to_city: bool | None = None,
):
    """A person's own name, phone and way of contact. ``phone_visible_to_city`` None keeps the
    current choice (staff do not make it: their number is a work number)."""
    user.name = " ".join(name.split())
    user.phone = " ".join(phone.split())
    user.preferred_contact = preferred_contact
    if phone_visible_to_city is not None:
        user.phone_visible_to_city = phone_visible_to_city
    if preferred_contact != user.PreferredContact.EMAIL and not user.phone:
        raise ValidationError(
            {"phone": _("Fill in your phone number if you want to be reached by phone.")}
        )
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name", "phone", "preferred_contact", "phone_visible_to_city"])
    return user
