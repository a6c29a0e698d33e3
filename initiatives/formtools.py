"""Form plumbing shared by every app (the bottom app, so that all may import it): the one date
widget, and the one way a service's ``ValidationError`` lands on a form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A filter's date field says which form it expects (a browser without a date picker shows a bare
# text box) and accepts it beside the ISO form that a date picker sends.
DATE_HINT = _("As dd-mm-yyyy, for example 31-12-2026.")
FILTER_DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    """A browser date picker; the value is written in ISO format, which it requires."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` next to the fields it names; errors on fields the
    form does not have, and errors without a field, go above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def error_text(error: ValidationError) -> str:
    """A service's ``ValidationError`` as one line, for a message above the page."""
    return " ".join(error.messages)
