"""The dashboards' figures, cached and still exact: filed under the versions of the tables they
read, which every write bumps in its own transaction.

Exact means: a page shows every write committed before it was requested. So the cache key holds
the *versions* (``TableVersion``) of the tables the figures read (``reads``: found from their
SQL), which a write to a table changes inside the very transaction that writes the data
(``bump``). A page reads the versions (one query) before it would compute the figures (in one
read-only snapshot taken after it, ``selectors.read_snapshot``), so:

- a committed write has changed the version every later page reads: the key of every figure that
  reads that table is new, those figures are computed afresh from data that holds the write;
  figures that do not read it stay cached (a logged contact leaves the blockages dashboard warm);
- an uncommitted write is invisible, its version too: the old key still describes the data
  (figures computed from a snapshot a little later than their versions may hold a write that
  committed in between; every request after that commit reads the new version);
- a rolled-back write never becomes visible; its version had a random ``token``, so no later
  commit can take over a key computed inside that transaction (a test, a request that failed).
- figures computed under a version were computed from exactly that version's data, whichever
  app server did it: the cache (Redis via ``REDIS_URL``; per process otherwise) is shared.

Each entry is two: under the figure's own key (dashboard, filters, day, language) the tables it
read, and under that key plus those tables' versions the figures. A figure whose tables are
not known yet (first load, or evicted) is computed and both are stored.

Which writes bump: every save or delete of a model in the accounts (except the user itself:
logins), initiatives, partnership and publicvalue apps, and every change of a many-to-many
relation, through Django's model signals; ``migrate`` and ``flush`` (``after_migrate``); and
writes that send none (``QuerySet.update()``, ``bulk_create``, the demo seed, a restore), which
announce themselves through ``initiatives.accounts.changes.announce_bulk_write`` (with their
model, or none: then every figure is new). Outside a transaction (autocommit) the bump follows
the write's own commit before ``save()`` returns. The initiatives' facts (``facts``) are bumped
only when a write changes one of them, which is what keeps their figures cached.

Besides the versions the key holds the day (overdue and "open now" change at midnight), the
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
from collections.abc import Callable
from contextlib import nullcontext

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Sum
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from initiatives.accounts.changes import written_in_bulk
from initiatives.accounts.memo import memo as per_request
from partnership.config.env import env_int
from partnership.dashboards import reads
from partnership.dashboards.models import DataVersion, TableVersion
from partnership.dashboards.selectors import read_snapshot

SHARDS = 16
EVERY_TABLE = "*"  # the version of writes that name no table: part of every key
DEFAULT_SECONDS = 24 * 3600
# Part of every key: raise it when the shape of a cached value changes, so that app servers
# running the new code never read what the old code cached (and the other way round).
FORMAT = "4"


def seconds() -> int:
    return env_int("DASHBOARD_CACHE_SECONDS", default=DEFAULT_SECONDS)


def _shard() -> int:
    """One row per thread (and process): a transaction bumps one row however often it writes,
    and two app servers' threads seldom share one."""
    return hash((os.getpid(), threading.get_ident())) % SHARDS


def bump(*tables: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Change the version of each of ``tables`` (none: of writes that name no table) and the
    data version, in the current transaction of ``using``: two statements however many tables.
    The shard's ``DataVersion`` row is locked first: transactions sharing a shard queue on it,
    so they never take two tables' rows in opposite orders."""
    conn = connections[using]
    shard, token = _shard(), secrets.randbits(40)  # 16 shards' tokens add up within 64 bits
    rows = [[table, shard] for table in sorted(set(tables or (EVERY_TABLE,)))]
    with conn.cursor() as cursor:
        for model, keys, values in (
            (DataVersion, "shard", [[shard]]),
            (TableVersion, '"table", shard', rows),
        ):
            name = conn.ops.quote_name(model._meta.db_table)
            placeholders = ", ".join(
                "(" + ", ".join(["%s"] * len(row)) + ", 1, %s)" for row in values
            )
            cursor.execute(
                f"INSERT INTO {name} ({keys}, writes, token) "  # noqa: S608
                f"VALUES {placeholders} ON CONFLICT ({keys}) "
                f"DO UPDATE SET writes = {name}.writes + 1, token = excluded.token",
                [p for row in values for p in (*row, token)],
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


def table_versions() -> dict[str, str]:
    """Each written table's version as this transaction sees it (one query): its writes and
    the sum of its shards' random tokens."""
    rows = (
        TableVersion.objects.values("table")
        .annotate(writes=Sum("writes"), tokens=Sum("token"))
        .values_list("table", "writes", "tokens")
    )
    return {table: f"{writes}.{tokens}" for table, writes, tokens in rows}


def _on_write(sender, **kwargs) -> None:
    if sender.__module__ == "__fake__":
        return  # a migration's historical model: the table may not exist yet, no page is served
    if getattr(sender, "_meta", None) and reads.watched(sender):
        bump(sender._meta.db_table, using=kwargs.get("using") or DEFAULT_DB_ALIAS)


def _on_bulk_write(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    bump(sender._meta.db_table if sender is not None else EVERY_TABLE, using=using)


def after_migrate(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After ``migrate`` (a data migration sends no signal we count) or ``flush`` (which
    empties the version's own tables): a new version, so nothing cached before is served."""
    if TableVersion._meta.db_table in connections[using].introspection.table_names():
        bump(using=using)  # (not when migrated back to before the table existed)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"dashboards-cache-{signal!r}")
    written_in_bulk.connect(_on_bulk_write, dispatch_uid="dashboards-cache-bulk")


def _key(flt, *parts: str) -> str:
    """The figures' own key, without versions: what they are, for which day and language."""
    digest = hashlib.sha256(flt.cache_key().encode()).hexdigest()[:16]
    return ":".join(
        (
            "dashboards",
            FORMAT,
            timezone.localdate().isoformat(),  # overdue and "open now" change with the day
            get_language() or "nl",
            *parts,
            digest,
        )
    )


def _versioned(key: str, tables, current: dict[str, str]) -> str:
    """``key`` under the versions of ``tables`` (and of writes that name none)."""
    stamp = ";".join(f"{t}={current.get(t, '0')}" for t in (EVERY_TABLE, *sorted(tables)))
    return f"{key}:{hashlib.sha256(stamp.encode()).hexdigest()[:24]}"


def cached_many(flt, computations: list[tuple[tuple[str, ...], Callable]]) -> list:
    """Each ``compute()``'s result, in order: from the cache when none of the tables it read has
    changed since it was computed; the others computed in one read-only snapshot
    (``read_snapshot``), each while recording the tables it reads (``reads``). Two round trips
    to the cache, whatever the number.

    The versions are read first, on their own (a warm page is that one query); the snapshot that
    computes the figures is taken after it, so an entry holds at least every write its versions
    count, and perhaps a later one whose own version every later request then reads. Every
    request is therefore served figures holding every write committed before it began."""
    ttl = seconds()
    if ttl <= 0:
        with read_snapshot():
            return [compute() for _, compute in computations]
    current = per_request(flt, "dashboard_versions", table_versions)
    keys = [_key(flt, *parts) for parts, _ in computations]
    known = cache.get_many([f"{key}:reads" for key in keys])
    versioned = {
        key: _versioned(key, known[f"{key}:reads"], current)
        for key in keys
        if f"{key}:reads" in known
    }
    found = cache.get_many(list(versioned.values()))
    results, fresh = [], {}
    missing = [key not in versioned or versioned[key] not in found for key in keys]
    with read_snapshot() if any(missing) else nullcontext():
        for key, (_, compute), miss in zip(keys, computations, missing, strict=True):
            if not miss:
                results.append(found[versioned[key]])
                continue
            with reads.recording() as read:
                value = compute()
            tables = sorted(read)
            fresh[f"{key}:reads"] = tables
            fresh[_versioned(key, tables, current)] = value
            results.append(value)
    if fresh:
        cache.set_many(fresh, ttl)
    return results


def cached(flt, parts: tuple[str, ...], compute):
    """``compute()``'s result, cached as ``cached_many`` caches each."""
    return cached_many(flt, [(parts, compute)])[0]


def figure_table(board, figure, flt):
    """The figure's exact table (downloads take it from here)."""
    return cached(flt, (board.slug, figure.key), lambda: figure.selector(flt))
