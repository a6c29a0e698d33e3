"""THE bounds of every date a user enters (forms) or a service stores, in one place.

No date before 1 January 2000 (the scheme is younger: year 1 is a typing error), no date more
than ``YEARS_AHEAD`` years ahead (a due date in 9999 would make reminders count hundreds of
thousands of days), and dates of what has happened (a contact, a promise, a decision ...) not in
the future. Forms use the validators ``past_date`` and ``bounded_date``; services call
``check_dates``, so that a service called without a form keeps the same rules.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST = dt.date(2000, 1, 1)
# An initiative may have started long before it was registered.
EARLIEST_START = dt.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest(today: dt.date | None = None) -> dt.date:
    """The last date accepted: ``YEARS_AHEAD`` years from today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def date_problem(
    value: dt.date | None,
    *,
    past_only: bool,
    earliest: dt.date = EARLIEST,
    future_message: str | None = None,
    today: dt.date | None = None,
) -> str | None:
    """What is wrong with ``value`` as a date a user enters, or None."""
    if value is None:
        return None
    today = today or timezone.localdate()
    if value < earliest:
        return _("The date cannot be before %(date)s.") % {"date": date_format(earliest, "j F Y")}
    if past_only and value > today:
        return future_message or _("This date cannot be in the future.")
    if value > latest(today):
        return _("The date cannot be more than %(years)d years ahead.") % {"years": YEARS_AHEAD}
    return None


def past_date(value: dt.date | None) -> None:
    """Form validator: a date of something that has happened."""
    problem = date_problem(value, past_only=True)
    if problem:
        raise ValidationError(problem, code="date_bounds")


def bounded_date(value: dt.date | None) -> None:
    """Form validator: a date that may lie ahead (a due date, a contract's end), within bounds."""
    problem = date_problem(value, past_only=False)
    if problem:
        raise ValidationError(problem, code="date_bounds")


def start_date(value: dt.date | None) -> None:
    """Form validator: an initiative's start, which may lie long ago or a little ahead."""
    problem = date_problem(value, past_only=False, earliest=EARLIEST_START)
    if problem:
        raise ValidationError(problem, code="date_bounds")


def check_dates(
    *,
    past: dict[str, dt.date | None] | None = None,
    ahead: dict[str, dt.date | None] | None = None,
    starts: dict[str, dt.date | None] | None = None,
    future_messages: dict[str, str] | None = None,
) -> None:
    """For services: raise one ``ValidationError`` naming every field whose date is out of
    bounds. ``past``: dates of what has happened; ``ahead``: dates that may lie ahead;
    ``starts``: an initiative's start (from 1900, may lie ahead)."""
    future_messages = future_messages or {}
    errors = {}
    kinds = (
        (past or {}, True, EARLIEST),
        (ahead or {}, False, EARLIEST),
        (starts or {}, False, EARLIEST_START),
    )
    for fields, past_only, earliest in kinds:
        for field, value in fields.items():
            problem = date_problem(
                value,
                past_only=past_only,
                earliest=earliest,
                future_message=future_messages.get(field),
            )
            if problem:
                errors[field] = problem
    if errors:
        raise ValidationError(errors)
