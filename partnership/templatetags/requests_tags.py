"""Tags for the request and cooperation partials of the partner page.

They only display: what they show is loaded by the view (the refusal grounds by
``selectors.timeline.partner_page_data`` or the request page), so they issue no queries.
"""

from django import template
from django.utils import timezone

from initiatives import permissions
from partnership import clock
from partnership.forms.requests import (
    ClockForm,
    ConsiderForm,
    DecisionForm,
    WithdrawForm,
    form_prefix,
)
from partnership.models import CityRequest

register = template.Library()


def _grounds(context, city_request: CityRequest):
    """The kind's refusal grounds from the view's ``refusal_grounds``; None (the form then
    reads them) on a page that did not load them."""
    by_kind = context.get("refusal_grounds")
    return None if by_kind is None else by_kind.get(city_request.kind_id, [])


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
    user = context.get("user")
    if can_log:
        if city_request.status == CityRequest.Status.SUBMITTED:
            actions["consider"] = ConsiderForm(prefix=form_prefix(city_request, "consider"))
        elif user is not None and permissions.can_decide_request(user, city_request):
            # Offered to the deciding department and coordinators only; the view enforces it.
            actions["decide"] = DecisionForm(
                kind=city_request.kind,
                grounds=_grounds(context, city_request),
                city_request=city_request,
                prefix=form_prefix(city_request, "decide"),
            )
        actions["clock"] = ClockForm(prefix=form_prefix(city_request, "clock"))
    if can_log or can_speak:
        actions["withdraw"] = WithdrawForm(prefix=form_prefix(city_request, "withdraw"))
    return actions
