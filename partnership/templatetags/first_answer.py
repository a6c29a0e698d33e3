"""The first-answer clock beside what a partner sent: "first answer by Tue 8 Dec" or "term for a
first answer passed 2 working days ago". Pure arithmetic on a date the page already loaded."""

import datetime as dt
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import get_language

from partnership import clock

register = template.Library()


def first_answer_state(started_on: dt.date, today: dt.date | None = None) -> dict:
    """The due day and the working days left (negative: passed) of a first-answer term."""
    today = today or timezone.localdate()
    due = clock.first_answer_due(started_on, settings.FIRST_ANSWER_WORKING_DAYS)
    left = clock.working_days_between(today, due)
    return {"due": due, "left": left, "late": max(0, -left)}


@lru_cache(maxsize=4096)
def _badge(started_on: dt.date, today: dt.date, language: str, term: int) -> str:
    state = first_answer_state(started_on, today)
    return get_template("partnership/first_answer_clock.html").render({"show": True, **state})


@register.simple_tag
def first_answer_clock(started_on, today=None):
    """The clock for something that started on ``started_on`` and has no first answer yet. It
    is arithmetic on that day, the day it is read, the language and the term alone, so each
    badge is rendered once per those four: a partner page or work list shows dozens, on a few
    starting days."""
    if not started_on:
        return ""
    today = today or timezone.localdate()
    return _badge(started_on, today, get_language(), settings.FIRST_ANSWER_WORKING_DAYS)


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """Tests that change the formats or the term get fresh badges."""
    _badge.cache_clear()
