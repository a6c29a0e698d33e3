"""Form plumbing shared by every app (the bottom app, so that all may import it): the one date
widget, the filters' select, and the one way a service's ``ValidationError`` lands on a form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
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


def _attrs(attrs: dict) -> str:
    """The attributes as Django's template django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """Django's select, written by Python as its templates (select.html, select_option.html,
    attrs.html) write it, for the filter forms: the work list's four selects have some sixty
    options and the dashboards' filter form is on every dashboard page, and rendering two
    small templates per option took longer than the rest of the form."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                html.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))


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
