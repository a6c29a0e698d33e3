"""Helpers for the request tests: reference data by code, decided requests, a fixed today."""

import datetime as dt

from django.utils import timezone

from partnership.models import CityRequest, Objection, RefusalGround, RequestKind, RequestStep
from tests.support import factories as f

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def kind(code: str) -> RequestKind:
    return RequestKind.objects.get(code=code)


def ground(code: str) -> RefusalGround:
    return RefusalGround.objects.get(code=code)


def on_day(monkeypatch, day: dt.date) -> None:
    """Make ``timezone.localdate()`` answer ``day`` for the services and views under test."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def decided_request(
    *,
    initiative=None,
    kind_code: str = "grond",
    decision: str = CityRequest.Decision.GRANTED,
    submitted_on: dt.date | None = None,
    decided_on: dt.date | None = None,
    days_late: int = 0,
    grounds=(),
    **kwargs,
) -> CityRequest:
    """A request already decided, ``days_late`` days after its deadline (0: on time)."""
    request_kind = kind(kind_code)
    submitted_on = submitted_on or timezone.localdate() - dt.timedelta(days=200)
    deadline = submitted_on + dt.timedelta(days=request_kind.decision_term_days)
    decided_on = decided_on or deadline + dt.timedelta(days=days_late) - dt.timedelta(
        days=0 if days_late else 10
    )
    if initiative is None:
        initiative = f.InitiativeFactory()
    city_request = f.CityRequestFactory(
        initiative=initiative,
        kind=request_kind,
        submitted_on=submitted_on,
        deadline=deadline,
        status=CityRequest.Status.DECIDED,
        decision=decision,
        decided_on=decided_on,
        reasons=kwargs.pop("reasons", "Zo besloten."),
        **kwargs,
    )
    city_request.grounds.set(grounds)
    RequestStep.objects.create(request=city_request, status="submitted", on=submitted_on)
    RequestStep.objects.create(
        request=city_request, status="decided", decision=decision, on=decided_on
    )
    return city_request


def objection(
    *,
    city_request=None,
    lodged_on: dt.date | None = None,
    status: str = Objection.Status.LODGED,
    outcome: str = "",
    **kwargs,
) -> Objection:
    """An objection to a refusal decided ten days ago (by default), straight in the database."""
    today = timezone.localdate()
    if city_request is None:
        city_request = decided_request(
            decision=CityRequest.Decision.REFUSED,
            decided_on=today - dt.timedelta(days=10),
            submitted_on=today - dt.timedelta(days=60),
            initiative=kwargs.pop("initiative", None),
        )
    lodged_on = lodged_on or today
    if status == Objection.Status.DECIDED:
        kwargs.setdefault("answered_on", today)
        kwargs.setdefault("answer", "Na heroverweging blijft het besluit staan.")
    return Objection.objects.create(
        request=city_request,
        grounds=kwargs.pop("grounds", "Het besluit klopt niet met onze cijfers."),
        lodged_on=lodged_on,
        due_on=lodged_on + dt.timedelta(weeks=12),
        department=kwargs.pop("department", None) or city_request.department,
        status=status,
        outcome=outcome,
        **kwargs,
    )
