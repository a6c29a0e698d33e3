from django import template
from django.utils.html import format_html

from initiatives.accounts.submit_once import FIELD, new_token

register = template.Library()


@register.simple_tag
def submit_once_token():
    """The hidden one-time token of a create form (see initiatives.accounts.submit_once)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
