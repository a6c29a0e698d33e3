"""Reads for the intake: the city's term to name a point of contact, each initiative's intake
clock (counted in working days, see ``partnership.clock``) and the queue of initiatives still
without a point of contact.

The queue is one query for a page and one for its count (index ``initiative_intake_idx``: area
and registration time of the initiatives without a point of contact). The clock is computed in
Python for the rows of a page, from the registration time and the term read once per page."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from initiatives.models import Initiative
from partnership import clock
from partnership.filters.intake import IntakeFilter
from partnership.models import IntakeSetting


def intake_term() -> int:
    """The term in working days the city gives itself to name a point of contact (one query)."""
    term = IntakeSetting.objects.values_list("term_working_days", flat=True).first()
    return term or IntakeSetting.DEFAULT_TERM


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


@dataclass(frozen=True)
class IntakeClock:
    """How long an initiative waited (or waits) for its point of contact, against the term."""

    registered_on: dt.date
    due_on: dt.date
    term: int
    waited: int  # working days from registration to the assignment, or to today
    assigned_on: dt.date | None

    @property
    def is_assigned(self) -> bool:
        return self.assigned_on is not None

    @property
    def days_left(self) -> int:
        """Working days until the term ends (0 on its last day, negative past it)."""
        return self.term - self.waited

    @property
    def is_late(self) -> bool:
        return self.waited > self.term

    @property
    def days_over(self) -> int:
        return max(0, self.waited - self.term)


def intake_clock(
    *, registered_at: dt.datetime, assigned_at: dt.datetime | None, term: int, today: dt.date
) -> IntakeClock:
    return intake_clock_on(
        registered_on=local_day(registered_at),
        assigned_on=local_day(assigned_at) if assigned_at else None,
        term=term,
        today=today,
    )


@functools.lru_cache(maxsize=4096)
def _due_on(registered_on: dt.date, term: int) -> dt.date:
    """The term's last day: a pure function of two values, kept for the days a page meets
    again (the dashboard computes ten thousand clocks over a few thousand days)."""
    return clock.add_working_days(registered_on, term)


def intake_clock_on(
    *, registered_on: dt.date, assigned_on: dt.date | None, term: int, today: dt.date
) -> IntakeClock:
    """The clock from the local days themselves: the dashboard reads them from the database,
    grouped (no moment converted per initiative in Python)."""
    end = assigned_on or today
    return IntakeClock(
        registered_on=registered_on,
        due_on=_due_on(registered_on, term),
        term=term,
        waited=max(0, clock.working_days_between(registered_on, end)),
        assigned_on=assigned_on,
    )


def clock_of(initiative, *, term: int, today: dt.date) -> IntakeClock:
    """The initiative's clock. One whose point of contact left (an account deleted) waits again,
    counted from its registration, as the dashboard counts it."""
    named = initiative.point_of_contact_id is not None
    return intake_clock(
        registered_at=initiative.created_at,
        assigned_at=initiative.point_of_contact_assigned_at if named else None,
        term=term,
        today=today,
    )


def waiting_for_point_of_contact() -> QuerySet:
    """Initiatives without a point of contact, longest waiting (and so most urgent: the term is
    the same for all) first."""
    return (
        Initiative.objects.filter(point_of_contact__isnull=True, archived_at__isnull=True)
        .select_related("area", "neighbourhood")
        .order_by("created_at", "pk")
    )


def intake_queue(data) -> IntakeFilter:
    """The queue filtered by ``data`` (the areas ticked); ``.qs`` is the queue."""
    return IntakeFilter(data, queryset=waiting_for_point_of_contact())


def intake_for(user) -> QuerySet:
    """The queue a coordinator's work list shows: their own areas when they look after any
    (one query for those areas), else the whole city."""
    areas = list(user.coordinated_areas.values_list("pk", flat=True))
    queue = waiting_for_point_of_contact()
    return queue.filter(area__in=areas) if areas else queue
