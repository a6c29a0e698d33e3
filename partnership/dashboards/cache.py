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
import time
from collections.abc import Callable

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

# Rows a transaction may lock (one per thread, see ``_shard``): enough that the threads of a few
# app servers seldom share one (16 threads in 16 shards shared 6 on average, and each shared
# row made one writer wait for the other's commit); reads only ever meet the shards written.
SHARDS = 64
EVERY_TABLE = "*"  # the version of writes that name no table: part of every key
DEFAULT_SECONDS = 24 * 3600
# Part of every key: raise it when the shape of a cached value changes, or the versions a
# figure depends on (5: the tally's parts with versions of their own), so that app servers
# running the new code never read what the old code cached (and the other way round).
FORMAT = "5"
# One request computes a figure that is not cached; others that want it meanwhile wait for it
# (polling the cache), at most WAIT_SECONDS, then compute it themselves. A computation that
# failed holds the figure for at most COMPUTE_SECONDS.
COMPUTE_SECONDS = 30
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.02


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
    shard, token = _shard(), secrets.randbits(40)  # 64 shards' tokens add up within 64 bits
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
    values = {key: found[versioned[key]] for key in keys if versioned.get(key) in found}
    # A figure that another request computes under the same versions is waited for (after
    # this request computed its own), not computed twice at the same time.
    stale = [versioned[key] for key in keys if key in versioned and key not in values]
    mine = {k for k in stale if cache.add(_computing(k), 1, COMPUTE_SECONDS)}
    elsewhere = {key for key in keys if versioned.get(key) in set(stale) - mine}
    todo = {key: c for key, c in zip(keys, computations, strict=True) if key not in values}
    try:
        values.update(_compute(flt, current, ttl, todo, skip=elsewhere))
        if elsewhere:
            done = _computed_elsewhere([versioned[key] for key in elsewhere])
            values.update({k: done[versioned[k]] for k in elsewhere if versioned[k] in done})
            values.update(_compute(flt, current, ttl, todo, skip=values))
    finally:
        if mine:
            cache.delete_many([_computing(k) for k in mine])
    return [values[key] for key in keys]


def _compute(flt, current: dict[str, str], ttl: int, todo: dict, skip) -> dict:
    """The figures of ``todo`` (key: (parts, compute)) but those in ``skip``, by key, computed
    in one read-only snapshot and cached under the versions of the tables each read."""
    todo = {key: c for key, c in todo.items() if key not in skip}
    if not todo:
        return {}
    values, fresh = {}, {}
    with read_snapshot():
        for key, (_parts, compute) in todo.items():
            with reads.recording() as read:
                values[key] = compute()
            tables = sorted(read)
            fresh[f"{key}:reads"] = tables
            fresh[_versioned(key, tables, current)] = values[key]
    cache.set_many(fresh, ttl)
    return values


def _computing(key: str) -> str:
    return f"{key}:computing"


def _computed_elsewhere(keys: list[str]) -> dict:
    """What other requests (on any app server sharing the cache) are computing under ``keys``,
    as each is stored; a key whose computation ended without storing it (it failed, or read
    other tables this time), or is not stored after ``WAIT_SECONDS``, is left out: this request
    computes it itself. The figures are as exact as this request's own would be: the same
    versions of the same tables, read before the other request's snapshot was taken. Without
    this, every council member who opened a dashboard right after a write computed its
    figures at the same time."""
    found: dict = {}
    waiting = list(keys)
    deadline = time.monotonic() + WAIT_SECONDS
    while waiting and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        seen = cache.get_many(waiting + [_computing(k) for k in waiting])
        found.update({k: seen[k] for k in waiting if k in seen})
        waiting = [k for k in waiting if k not in seen and _computing(k) in seen]
    return found


def cached(flt, parts: tuple[str, ...], compute):
    """``compute()``'s result, cached as ``cached_many`` caches each."""
    return cached_many(flt, [(parts, compute)])[0]


def figure_table(board, figure, flt):
    """The figure's exact table (downloads take it from here)."""
    return cached(flt, (board.slug, figure.key), lambda: figure.selector(flt))
