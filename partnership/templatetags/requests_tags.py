"""Tags for the request and cooperation partials of the partner page.

The partials get only the partner page's context (see HELPERS.md); these tags add what they
need at a fixed number of queries, however many requests the timeline holds.
"""

from django import template
from django.utils import timezone

from partnership import clock
from partnership.forms.requests import (
    ClockForm,
    ConsiderForm,
    DecisionForm,
    WithdrawForm,
    form_prefix,
)
from partnership.models import CityRequest
from partnership.selectors.requests import (
    contracts_for,
    partner_links_for,
    refusal_grounds_by_kind,
)

register = template.Library()


def _grounds_by_kind(context) -> dict:
    """All kinds' grounds, loaded once per HTTP request however many forms are drawn."""
    request = context.get("request")
    cached = getattr(request, "_refusal_grounds_by_kind", None)
    if cached is None:
        cached = refusal_grounds_by_kind()
        if request is not None:
            request._refusal_grounds_by_kind = cached
    return cached


@register.simple_tag(takes_context=True)
def request_clock(context, city_request: CityRequest) -> dict:
    """Days late (at the decision, or up to today) and, while open, days left."""
    today = context.get("today") or timezone.localdate()
    late = clock.days_late(city_request.deadline, city_request.decided_on, today)
    is_open = city_request.status != CityRequest.Status.DECIDED
    return {
        "days_late": late,
        "days_left": clock.days_left(city_request.deadline, today) if is_open else None,
    }


@register.simple_tag(takes_context=True)
def request_actions(context, city_request: CityRequest) -> dict:
    """The action forms this user may use on one request; none once it is decided."""
    actions = {"consider": None, "decide": None, "clock": None, "withdraw": None}
    if city_request.status == CityRequest.Status.DECIDED:
        return actions
    can_log = bool(context.get("can_log"))
    can_speak = bool(context.get("can_speak"))
    if can_log:
        if city_request.status == CityRequest.Status.SUBMITTED:
            actions["consider"] = ConsiderForm(prefix=form_prefix(city_request, "consider"))
        else:
            actions["decide"] = DecisionForm(
                kind=city_request.kind,
                grounds=_grounds_by_kind(context).get(city_request.kind_id, []),
                prefix=form_prefix(city_request, "decide"),
            )
        actions["clock"] = ClockForm(prefix=form_prefix(city_request, "clock"))
    if can_log or can_speak:
        actions["withdraw"] = WithdrawForm(prefix=form_prefix(city_request, "withdraw"))
    return actions


@register.inclusion_tag("partnership/cooperation_summary.html", takes_context=True)
def request_cooperation(context, initiative) -> dict:
    """The initiative's partner organisations and contracts, two queries."""
    can_log = bool(context.get("can_log"))
    return {
        "initiative": initiative,
        "partner_links": list(partner_links_for(initiative)),
        "contracts": list(contracts_for(initiative)),
        "can_log": can_log,
        "can_link": can_log or bool(context.get("can_speak")),
        "can_speak": bool(context.get("can_speak")),
    }
