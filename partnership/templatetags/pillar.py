"""Template tags for the partner page's pillar-to-post facts and the rating of the city.

Each tag issues a fixed number of queries, whatever the size of the timeline: the facts take two,
the rating state one per page (cached on the request), hand-off counts none (prefetched)."""

import datetime as dt

from django import template

from initiatives import permissions
from partnership.models import Blockage, CityRequest, Rating
from partnership.selectors.pillar import blockages_with_facts, initiative_facts
from partnership.services.logging import is_rateable

register = template.Library()


@register.inclusion_tag("partnership/log_pillar_facts.html", takes_context=True)
def pillar_facts(context, initiative):
    """Departments involved, hand-offs and days to a first settled answer, for the initiative
    and each of its blockages (two queries)."""
    today = context.get("today") or dt.date.today()
    blockages = list(blockages_with_facts(initiative))
    for blockage in blockages:
        end = blockage.settled_on or today
        blockage.days_open = max(0, (end - blockage.raised_on).days)
    facts = initiative_facts(initiative)
    if facts["first_contact"] and not facts["first_answer"]:
        facts["days_waiting"] = max(0, (today - facts["first_contact"]).days)
    return {
        "initiative": initiative,
        "facts": facts,
        "blockages": blockages,
        "is_coordinator": context.get("is_coordinator"),
    }


def _my_ratings(request, user, initiative_id: int) -> dict:
    """``{("blockage", id) or ("request", id): score}`` of the user's ratings for the initiative,
    loaded once per request."""
    cache = getattr(request, "_pillar_ratings", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._pillar_ratings = cache
    if initiative_id not in cache:
        rows = Rating.objects.filter(user=user, initiative_id=initiative_id).values_list(
            "blockage_id", "request_id", "score"
        )
        cache[initiative_id] = {
            ("blockage", b) if b else ("request", r): score for b, r, score in rows
        }
    return cache[initiative_id]


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
    ratings = _my_ratings(context.get("request"), user, item.initiative_id)
    state["show"] = True
    state["score"] = ratings.get((state["kind"], item.pk))
    return state


@register.filter
def days_between(start, end):
    """Whole days from ``start`` to ``end`` (dates), never negative."""
    if not start or not end:
        return ""
    return max(0, (end - start).days)
