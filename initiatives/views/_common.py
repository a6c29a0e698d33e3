from django.core.exceptions import ValidationError

from initiatives.models import Initiative, Membership


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
