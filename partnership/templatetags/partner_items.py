"""Cheaper forms of two things the partner page's items repeat dozens of times per view.

``{{ date }}`` formats a date anew every time (about 20 µs: the language's format, then the
month's name through gettext) and ``{% url %}`` of a record resolves a pattern anew for every
row (about 35 µs, and its id makes every path another); an overview with thirty open items does
each some sixty times. Both give the same text as Django's, and the template escapes it as any
other value."""

import datetime as dt
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats
from django.utils.translation import get_language

from initiatives.templatetags.url_once import reversed_path

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
    is reversed once per action and initiative (``url_once``), then only the record's id
    changes."""
    slug = context["initiative"].slug
    head, mark, tail = reversed_path(viewname, (slug, _PK_MARK)).rpartition(str(_PK_MARK))
    if not mark:
        raise ValueError(f"{viewname} does not end in the record's id")
    return f"{head}{int(pk)}{tail}"


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """Tests that change the formats get fresh dates."""
    _formatted.cache_clear()
