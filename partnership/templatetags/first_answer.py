"""The first-answer clock beside what a partner sent: "first answer by Tue 8 Dec" or "term for a
first answer passed 2 working days ago". Pure arithmetic on a date the page already loaded."""

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone

from partnership import clock

register = template.Library()


def first_answer_state(started_on: dt.date, today: dt.date | None = None) -> dict:
    """The due day and the working days left (negative: passed) of a first-answer term."""
    today = today or timezone.localdate()
    due = clock.first_answer_due(started_on, settings.FIRST_ANSWER_WORKING_DAYS)
    left = clock.working_days_between(today, due)
    return {"due": due, "left": left, "late": max(0, -left)}


@register.inclusion_tag("partnership/first_answer_clock.html")
def first_answer_clock(started_on, today=None):
    """The clock for something that started on ``started_on`` and has no first answer yet."""
    if not started_on:
        return {"show": False}
    return {"show": True, **first_answer_state(started_on, today)}
