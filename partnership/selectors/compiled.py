"""Queries compiled once per process, run with the values of the request.

Some pages run a query that is the same on every request but for a few values (an initiative's
id, a department's): building and compiling its nested subqueries costs Python more than the
database takes to run it. Such a query is built once with stand-ins for those values (numbers no
row has as a key), its SQL kept per database, time zone (dates are cut in it in the SQL) and
shape, and run with the stand-ins replaced (``with_values``). The partner page's facts
(``pillar``) and timeline (``partner_page``) and the work list's costly sections (``worklist``)
are read this way.
"""

from django.db import connection
from django.db.models import DateField
from django.utils import timezone

_queries: dict[tuple, tuple[str, tuple]] = {}

# Reads a date column of such a query: SQLite hands dates back as text.
A_DATE = DateField()


def compiled(key: tuple, build) -> tuple[str, tuple]:
    """The (SQL, parameters) that ``build()`` returns, built once per process for ``key`` on
    the current database and time zone. ``build`` puts stand-ins where the values go."""
    key = (connection.vendor, timezone.get_current_timezone_name(), *key)
    if key not in _queries:
        sql, params = build()
        _queries[key] = (sql, tuple(params))
    return _queries[key]


def with_values(params, values: dict[int, object]) -> list:
    """``params`` with each stand-in (a key of ``values``) replaced by its value."""
    return [values[p] if type(p) is int and p in values else p for p in params]
