from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from initiatives import permissions
from initiatives.models import Initiative, Membership


def get_initiative_or_404(user, slug: str) -> Initiative:
    """The initiative, with its current members prefetched for the permission checks;
    404 when the user may not know that it exists."""
    initiative = get_object_or_404(
        Initiative.objects.with_place().prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(left_at__isnull=True).select_related("user"),
                to_attr="current_members",
            )
        ),
        slug=slug,
    )
    permissions.check_visible(user, initiative)
    return initiative


def lead_of(initiative: Initiative):
    """The current lead's membership, from the prefetched list."""
    return next((m for m in initiative.current_members if m.role == Membership.Role.LEAD), None)


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's validation error next to the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
