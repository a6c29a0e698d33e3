"""Form plumbing shared by every app (the bottom app, so that all may import it): the one date
widget, the form renderer (Django's widget templates written by Python), and the one way a
service's ``ValidationError`` lands on a form."""

from functools import cached_property
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
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


def _shown(value) -> str:
    """A value as ``{{ value }}`` shows it: localised (numbers, dates) and escaped."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value) -> str:
    """A value as ``{{ value|stringformat:'s' }}`` shows it: not localised, escaped."""
    return conditional_escape(str(value))


def _attrs(attrs: dict) -> str:
    """The attributes as Django's django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {_shown(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in (attrs or {}).items()
        if value is not False
    )


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html, as included (with its final newline)."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _input_option(option: dict) -> str:
    """django/forms/widgets/input_option.html: one radio button or checkbox of a list."""
    if not option["wrap_label"]:
        return f"{_input(option)}\n"
    target = option["attrs"].get("id")
    label_for = f' for="{_shown(target)}"' if target else ""
    return f"<label{label_for}>{_input(option)} {_shown(option['label'])}</label>\n"


def _select(context: dict) -> str:
    """django/forms/widgets/select.html, with select_option.html for each option."""
    widget = context["widget"]
    html = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            html.append(
                f'\n  <option value="{_formatted(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_shown(option['label'])}</option>\n"
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _multiple_input(context: dict) -> str:
    """django/forms/widgets/multiple_input.html: radio buttons or checkboxes, each in a div."""
    widget = context["widget"]
    target, css_class = widget["attrs"].get("id"), widget["attrs"].get("class")
    html = ["<div", f' id="{_shown(target)}"' if target else ""]
    html.append(f' class="{_shown(css_class)}">' if css_class else ">")
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{_shown(group)}</label>")
        # radio_option.html and checkbox_option.html add a line to input_option.html's
        html.extend(f"<div>\n    {_input_option(option)}\n</div>" for option in options)
        if group:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


def _textarea(context: dict) -> str:
    """django/forms/widgets/textarea.html."""
    widget = context["widget"]
    value = _shown(widget["value"]) if widget["value"] else ""
    name = _shown(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _label(context: dict) -> str:
    """django/forms/label.html: a field's label (or legend) tag."""
    if not context["use_tag"]:
        return _shown(context["label"])
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_shown(context['label'])}</{tag}>"


_INPUTS = ("checkbox", "color", "date", "datetime", "email", "file", "hidden", "input")
_INPUTS += ("number", "password", "search", "tel", "text", "time", "url")
_WRITERS = {
    **{f"django/forms/widgets/{name}.html": lambda c: _input(c["widget"]) for name in _INPUTS},
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/radio.html": _multiple_input,
    "django/forms/widgets/checkbox_select.html": _multiple_input,
    "django/forms/widgets/multiple_input.html": _multiple_input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/label.html": _label,
}
# What those templates include: Django's own, or the writers would no longer match them.
_INCLUDED = (
    "django/forms/attrs.html",
    "django/forms/widgets/attrs.html",
    "django/forms/widgets/input.html",
    "django/forms/widgets/select_option.html",
    "django/forms/widgets/input_option.html",
    "django/forms/widgets/radio_option.html",
    "django/forms/widgets/checkbox_option.html",
)


class FormRenderer(DjangoTemplates):
    """Django's form renderer, with the templates that a form renders once per field or per
    option (inputs, selects, text areas, radio and checkbox lists, labels) written by Python
    exactly as those templates write them: two to four small templates per field took half of
    a form page's time, and a select of fifty rules a hundred. A template that an installed
    app overrides is rendered from that template, as before."""

    @cached_property
    def _written(self) -> frozenset[str]:
        """The writers' templates that Django itself provides here (none overridden)."""
        own = Path(forms.__file__).parent / "templates"

        def djangos(name: str) -> bool:
            return Path(self.get_template(name).origin.name).is_relative_to(own)

        if not all(djangos(name) for name in _INCLUDED):
            return frozenset()
        return frozenset(name for name in _WRITERS if djangos(name))

    def render(self, template_name, context, request=None):
        if template_name in self._written:
            return mark_safe(_WRITERS[template_name](context).strip())
        return super().render(template_name, context, request=request)


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
