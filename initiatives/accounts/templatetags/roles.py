from django import template

from initiatives.accounts.roles import ROLE_LABELS

register = template.Library()


@register.filter
def role_label(name: str):
    """The translated label of a role name (the group's name is a code, never shown raw)."""
    return ROLE_LABELS.get(name, name)
