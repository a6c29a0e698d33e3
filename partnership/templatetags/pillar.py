"""Template tags for the rating of the city on the partner page. They only display: the user's
ratings are loaded by the view's selector (``selectors.timeline.partner_page_data``)."""

from django import template

from initiatives import permissions
from partnership.models import Blockage, CityRequest
from partnership.services.logging import is_rateable

register = template.Library()


@register.simple_tag(takes_context=True)
def rating_state(context, item):
    """What the rating partial shows for ``item`` (a Blockage or CityRequest): nothing, the form,
    or the member's earlier score."""
    user = context.get("user")
    state = {"show": False, "score": None, "kind": ""}
    if isinstance(item, Blockage):
        state["kind"] = "blockage"
    elif isinstance(item, CityRequest):
        state["kind"] = "request"
    else:
        return state
    if user is None or not user.is_authenticated or not is_rateable(item):
        return state
    can_speak = context.get("can_speak")
    if can_speak is None:  # outside the partner page, which passes it
        can_speak = permissions.can_speak_for_initiative(user, item.initiative)
    if not can_speak:
        return state
    ratings = context.get("my_ratings") or {}
    state["show"] = True
    state["score"] = ratings.get((state["kind"], item.pk))
    return state


@register.filter
def days_between(start, end):
    """Whole days from ``start`` to ``end`` (dates), never negative."""
    if not start or not end:
        return ""
    return max(0, (end - start).days)
