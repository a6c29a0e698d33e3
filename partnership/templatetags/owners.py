from django import template

from initiatives import permissions

register = template.Library()


@register.filter
def can_reassign(commitment, user) -> bool:
    """For display only (the view checks again): may ``user`` hand this commitment to another
    owner in its department?"""
    return permissions.can_reassign_commitment(user, commitment)
