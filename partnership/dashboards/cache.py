"""The dashboards' figures, cached and still exact: filed under a data version that every write
bumps in its own transaction.

Exact means: a page shows every write committed before it was requested. So the cache key holds
the *data version*, the rows of ``DataVersion``, which a write to any model the dashboards read
changes inside the very transaction that writes the data (``bump``). A page reads the version
(one query) before it would compute the figures (in one read-only snapshot taken after it,
``selectors.read_snapshot``), so:

- a committed write has changed the version every later page reads: their key is new, the
  figures are computed afresh from data that holds the write;
- an uncommitted write is invisible, its version too: the old key still describes the data
  (figures computed from a snapshot a little later than their version may hold a write that
  committed in between; every request after that commit reads the new version);
- a rolled-back write never becomes visible; its version had a random ``token``, so no later
  commit can take over a key computed inside that transaction (a test, a request that failed).
- figures computed under a version were computed from exactly that version's data, whichever
  app server did it: the cache (Redis via ``REDIS_URL``; per process otherwise) is shared.

Which writes bump: every save or delete of a model in the accounts (except the user itself:
logins), initiatives, partnership and publicvalue apps, and every change of a many-to-many
relation, through Django's model signals; ``migrate`` and ``flush`` (``after_migrate``); and
writes that send none (``QuerySet.update()``,
``bulk_create``, the demo seed, a restore), which announce themselves through
``initiatives.accounts.changes.announce_bulk_write``. Outside a transaction (autocommit) the
bump follows the write's own commit before ``save()`` returns.

Besides the version the key holds the day (overdue and "open now" change at midnight), the
language, the dashboard, the filters and whether the figures are exact (coordinators) or have
small numbers hidden. ``DASHBOARD_CACHE_SECONDS`` (default a day) bounds how long an entry
lingers; 0 turns caching off (``make bench`` measures both). The receivers are connected by the
dashboards app's ``AppConfig.ready()`` (``connect()``), so no other app has to know about the
dashboards.
"""

import hashlib
import os
import secrets
import threading

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from initiatives.accounts.changes import written_in_bulk
from initiatives.accounts.memo import memo as per_request
from partnership.config.env import env_int
from partnership.dashboards.models import DataVersion
from partnership.dashboards.selectors import read_snapshot

WATCHED_APPS = frozenset({"accounts", "initiatives", "partnership", "publicvalue"})
IGNORED_MODELS = frozenset({"user", "reminderlog", "dashboardsetting"})
SHARDS = 16
DEFAULT_SECONDS = 24 * 3600
# Part of every key: raise it when the shape of a cached value changes, so that app servers
# running the new code never read what the old code cached (and the other way round).
FORMAT = "3"


def seconds() -> int:
    return env_int("DASHBOARD_CACHE_SECONDS", default=DEFAULT_SECONDS)


def _shard() -> int:
    """One row per thread (and process): a transaction bumps one row however often it writes,
    and two app servers' threads seldom share one."""
    return hash((os.getpid(), threading.get_ident())) % SHARDS


def bump(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Change the data version, in the current transaction of ``using`` (one statement)."""
    conn = connections[using]
    table = conn.ops.quote_name(DataVersion._meta.db_table)
    with conn.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (shard, writes, token) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (shard) DO UPDATE SET writes = {table}.writes + 1, "
            "token = excluded.token",
            [_shard(), secrets.randbits(62)],
        )


def version() -> str:
    """The data version as this transaction sees it: the number of writes and a digest of the
    shards' tokens (one query)."""
    rows = sorted(DataVersion.objects.values_list("shard", "writes", "token"))
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
    return f"{sum(r[1] for r in rows)}-{digest}"


def generation() -> int:
    """How many writes the dashboards have seen (it only grows)."""
    return int(version().split("-")[0])


def _on_write(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if sender.__module__ == "__fake__":
        return  # a migration's historical model: the table may not exist yet, no page is served
    if meta and meta.app_label in WATCHED_APPS and meta.model_name not in IGNORED_MODELS:
        bump(using=kwargs.get("using") or DEFAULT_DB_ALIAS)


def _on_bulk_write(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    bump(using=using)


def after_migrate(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After ``migrate`` (a data migration sends no signal we count) or ``flush`` (which
    empties the version's own table): a new version, so nothing cached before is served."""
    if DataVersion._meta.db_table in connections[using].introspection.table_names():
        bump(using=using)  # (not when migrated back to before the table existed)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"dashboards-cache-{signal!r}")
    written_in_bulk.connect(_on_bulk_write, dispatch_uid="dashboards-cache-bulk")


def _key(flt, *parts: str) -> str:
    """The key under the version this request's snapshot sees (read once per request)."""
    current = per_request(flt, "dashboard_version", version)
    digest = hashlib.sha256(flt.cache_key().encode()).hexdigest()[:16]
    return ":".join(
        (
            "dashboards",
            FORMAT,
            current,
            timezone.localdate().isoformat(),  # overdue and "open now" change with the day
            get_language() or "nl",
            *parts,
            digest,
        )
    )


def cached(flt, parts: tuple[str, ...], compute):
    """``compute()``'s result, from the cache when the data has not changed since it was
    computed; on a miss computed in one read-only snapshot (``read_snapshot``).

    The version is read first, on its own (a warm page is that one query); the snapshot that
    computes the figures is taken after it, so an entry holds at least every write its version
    counts, and perhaps a later one whose own version every later request then reads. Every
    request is therefore served figures holding every write committed before it began."""
    ttl = seconds()
    if ttl <= 0:
        with read_snapshot():
            return compute()
    key = _key(flt, *parts)
    value = cache.get(key)
    if value is None:
        with read_snapshot():
            value = compute()
        cache.set(key, value, ttl)
    return value


def figure_table(board, figure, flt):
    """The figure's exact table (downloads take it from here)."""
    return cached(flt, (board.slug, figure.key), lambda: figure.selector(flt))
