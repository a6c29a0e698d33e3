"""Decision-clock arithmetic for requests: pure functions on dates, no database.

Terms are counted in calendar days. ``datetime.date`` arithmetic already knows month lengths and
leap years, so every function here works through ``timedelta`` and never through day-of-month
fields; the tests pin month ends and 29 February.
"""

import datetime as dt
from collections.abc import Iterable


def deadline(submitted_on: dt.date, term_days: int, adjustments: Iterable[int] = ()) -> dt.date:
    """The day a decision is due: submission plus the term plus every suspension or extension."""
    if term_days < 0:
        raise ValueError("A decision term cannot be negative.")
    extra = 0
    for days in adjustments:
        if days < 0:
            raise ValueError("A clock adjustment only adds days.")
        extra += days
    return submitted_on + dt.timedelta(days=term_days + extra)


def adjusted(current_deadline: dt.date, days: int) -> dt.date:
    """The deadline after one more suspension or extension of ``days`` days.

    Adjusting the stored deadline, rather than recomputing it from the kind's term, keeps a
    request's clock stable when a coordinator later changes the term of its kind.
    """
    if days < 1:
        raise ValueError("A clock adjustment adds at least one day.")
    return current_deadline + dt.timedelta(days=days)


def days_late(due: dt.date, decided_on: dt.date | None, today: dt.date) -> int:
    """Days past the deadline: at the decision for a decided request, else up to ``today``."""
    end = decided_on if decided_on is not None else today
    return max(0, (end - due).days)


def days_left(due: dt.date, today: dt.date) -> int:
    """Days until the deadline (0 on the day itself, negative once it has passed)."""
    return (due - today).days


def is_late(due: dt.date, decided_on: dt.date | None, today: dt.date) -> bool:
    return days_late(due, decided_on, today) > 0


def is_nearing(due: dt.date, today: dt.date, within_days: int) -> bool:
    """Whether an open request's deadline falls within the next ``within_days`` days."""
    return 0 <= days_left(due, today) <= within_days


# Working days (Monday to Friday): the intake term and the first-answer clocks ---------------


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The day ``days`` working days after ``start`` (a term's last day), so that
    ``working_days_between(start, due) == days``: sent on Friday or on Saturday with a term of 5
    working days, due the next Friday."""
    if days < 0:
        raise ValueError("A term cannot be negative.")
    day = start
    weeks, rest = divmod(days, 5)
    day += dt.timedelta(weeks=weeks)
    while rest:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            rest -= 1
    if days and not is_working_day(day):  # a whole number of weeks from a weekend day
        day -= dt.timedelta(days=day.weekday() - 4)
    return day


def first_answer_due(started_on: dt.date, term_working_days: int) -> dt.date:
    """The last day of the city's first-answer term."""
    return add_working_days(started_on, term_working_days)


def _weekday_number(day: dt.date) -> int:
    """Working days from a fixed Monday up to (not including) ``day``; weekend days map to the
    following Monday's number. A closed form, so long spans cost nothing."""
    ordinal = day.toordinal() - 1  # 1 January of year 1 is a Monday: ordinal 0 is a Monday
    weeks, weekday = divmod(ordinal, 7)
    return weeks * 5 + min(weekday, 5)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` lies
    before ``start``). Registered on a Monday, answered on Tuesday: one working day."""
    return _weekday_number(end + dt.timedelta(days=1)) - _weekday_number(
        start + dt.timedelta(days=1)
    )
