"""Which tables a computation read: the figures' dependencies, found from the SQL they ran.

A cached figure is filed under the versions of exactly the tables it read (``cache``), so that a
write to a table it does not read (a contact, for the blockages dashboard) leaves it warm. Nobody
has to list what a figure reads, and nobody can forget to: while a figure is computed inside
``recording()``, every statement on the connection is searched for the names of the watched
tables. A name that only appears in a string literal makes the figure depend on one table more
than it needs, never less.

Figures of one page share grouped reads through ``memo``; a memo remembers the tables its value
came from and hands them to every recording that uses it, also when the value was computed
earlier in the request (outside that recording).
"""

import re
import threading
from contextlib import contextmanager
from functools import cache

from django.apps import apps
from django.db import connection

from initiatives.accounts.memo import memo as per_request

# Writes to these apps' models change what the dashboards show (``cache``); the user row changes
# at every login and the reminder log and the dashboards' own settings are no figure. Nor are
# the records of a form sent (every post), the notifications, peers' messages, invitations and
# authenticator resets, nor the history of every record (simple_history's tables): no figure
# reads them (``tests/test_dashboard_freshness`` checks), and a version bumped for them cost
# every post two statements each.
WATCHED_APPS = frozenset({"accounts", "initiatives", "partnership", "publicvalue"})
IGNORED_MODELS = frozenset(
    {
        "user",
        "reminderlog",
        "dashboardsetting",
        "formsubmission",
        "notification",
        "notificationpreference",
        "peermessage",
        "invitation",
        "authenticatorreset",
    }
)
# The initiatives' facts and dated facts are the dashboards' own tables, but data: figures read
# them (``facts``).
WATCHED_MODELS = frozenset(
    {
        "dashboards.initiativefact",
        "dashboards.involvementday",
        "dashboards.involvementspan",
        "dashboards.involvementrank",
        "dashboards.supportday",
        "dashboards.supportspan",
        "dashboards.tally",
    }
)

_active = threading.local()


def watched(model) -> bool:
    meta = model._meta
    if meta.label_lower in WATCHED_MODELS:
        return True
    if hasattr(model, "instance_type"):  # a record's history (simple_history)
        return False
    return meta.app_label in WATCHED_APPS and meta.model_name not in IGNORED_MODELS


@cache
def _pattern() -> re.Pattern:
    names = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if watched(model)
    }
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9_])({alternatives})(?![A-Za-z0-9_])")


def tables_in(sql: str) -> set[str]:
    """The watched tables a statement names."""
    return set(_pattern().findall(sql))


def _stack() -> list[set[str]]:
    if not hasattr(_active, "stack"):
        _active.stack = []
    return _active.stack


def _note(tables) -> None:
    for recording in _stack():
        recording.update(tables)


def depends_on(*names: str) -> None:
    """Say that what is being computed depends on ``names`` too: versions that no table's name
    in the SQL reveals (the tally's kinds, ``tally.version_name``)."""
    _note(set(names))


def _record(execute, sql, params, many, context):
    _note(tables_in(sql))
    return execute(sql, params, many, context)


@contextmanager
def recording():
    """Collect the watched tables read inside the block (yields the set, filled as it goes)."""
    tables: set[str] = set()
    stack = _stack()
    outermost = not stack  # an outer recording's wrapper already notes into every set
    stack.append(tables)
    try:
        if outermost:
            with connection.execute_wrapper(_record):
                yield tables
        else:
            yield tables
    finally:
        stack.pop()  # ours: recordings nest


def memo(obj, key: str, compute):
    """``initiatives.accounts.memo`` that keeps the tables ``compute`` read with its value and
    reports them to the recordings that use the value."""

    def load():
        with recording() as tables:
            value = compute()
        return value, frozenset(tables)

    value, tables = per_request(obj, key, load)
    _note(tables)
    return value
