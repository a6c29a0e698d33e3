"""Cheaper forms of three things the partner page's items repeat dozens of times per view.

``{{ date }}`` formats a date anew every time (about 20 µs: the language's format, then the
month's name through gettext), ``{% url %}`` resolves a pattern anew for every row (about
35 µs), and ``{% first_answer_clock %}`` renders its template anew for every badge (about
75 µs); an overview with thirty open items does each some sixty times. All give the same text
as Django's, and the template escapes it as any other value."""

import datetime as dt
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language

from partnership.templatetags.first_answer import first_answer_state

register = template.Library()


@lru_cache(maxsize=4096)
def _formatted(value: dt.date, language: str) -> str:
    return formats.date_format(value)


@register.filter(expects_localtime=True)
def local_date(value):
    """The day as ``{{ a_date }}`` and ``{{ a_datetime|date:"DATE_FORMAT" }}`` write it (the
    active language's DATE_FORMAT; a datetime in the current time zone), formatted once per day
    and language; anything else (None, text) passes unchanged."""
    if isinstance(value, dt.datetime):
        value = value.date()
    elif type(value) is not dt.date:
        return value
    return _formatted(value, get_language())


# A record's id that no record has: it marks where the id goes in a reversed path.
_PK_MARK = 987654321


@register.simple_tag(takes_context=True)
def item_url(context, viewname: str, pk) -> str:
    """``{% url viewname initiative.slug pk %}`` for a record of the page's initiative: the path
    is reversed once per page (rendering) and action, then only the record's id changes. The
    paths are kept where ``{% include %}`` keeps its templates, for the one rendering."""
    slug = context["initiative"].slug
    paths = context.render_context.dicts[0].setdefault(item_url, {})
    around = paths.get((viewname, slug))
    if around is None:
        head, mark, tail = reverse(viewname, args=[slug, _PK_MARK]).rpartition(str(_PK_MARK))
        if not mark:
            raise ValueError(f"{viewname} does not end in the record's id")
        around = paths[(viewname, slug)] = (head, tail)
    head, tail = around
    return f"{head}{int(pk)}{tail}"


@lru_cache(maxsize=4096)
def _first_answer_badge(started_on: dt.date, today: dt.date, language: str, term: int) -> str:
    state = first_answer_state(started_on, today)
    return get_template("partnership/first_answer_clock.html").render({"show": True, **state})


@register.simple_tag
def first_answer_badge(started_on):
    """``{% first_answer_clock started_on %}`` (its badge, the same HTML), rendered once per day
    that the clock started, day it is read, language and term: it is arithmetic on those
    alone, and the items of one initiative share their few starting days across views."""
    if not started_on:
        return ""
    return _first_answer_badge(
        started_on, timezone.localdate(), get_language(), settings.FIRST_ANSWER_WORKING_DAYS
    )


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """Tests that change the formats or the term get fresh dates and badges."""
    _formatted.cache_clear()
    _first_answer_badge.cache_clear()
