"""Optional caching of figure tables under a generation key that every write bumps.

Off unless ``DASHBOARD_CACHE_SECONDS`` (environment) is above zero: the figures are fast enough
from the database (see ``make bench``). When on, use a cache shared by all app servers (Redis via
``REDIS_URL``): the generation lives in the cache, so a write in one process is seen by all.

Any save or delete of a model in the initiatives, partnership or publicvalue apps, and any change
of a many-to-many relation, bumps the generation, so a write shows on the next page load. Bulk
``QuerySet.update()``/``bulk_create()`` send no signals: code that uses them for data the
dashboards read must call ``bump()`` itself (the demo seed runs before any page is served).
The receivers are connected by the dashboards app's ``AppConfig.ready()`` (``connect()``), so no
other app has to know about the dashboards.
"""

import hashlib

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from initiatives.accounts.memo import memo as per_request
from partnership.config.env import env_int

GENERATION_KEY = "dashboards:generation"
WATCHED_APPS = frozenset({"accounts", "initiatives", "partnership", "publicvalue"})
IGNORED_MODELS = frozenset({"user", "reminderlog", "dashboardsetting"})


def seconds() -> int:
    return env_int("DASHBOARD_CACHE_SECONDS", default=0)


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY) or 1
    return value


def bump(**kwargs) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _on_write(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta and meta.app_label in WATCHED_APPS and meta.model_name not in IGNORED_MODELS:
        bump()


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"dashboards-cache-{signal!r}")


def figure_table(board, figure, flt):
    """The figure's table, from the cache when caching is on and nothing was written since."""
    ttl = seconds()
    if ttl <= 0:
        return figure.selector(flt)
    memo = per_request(flt, "dashboard_generation", generation)
    digest = hashlib.sha256(flt.cache_key().encode()).hexdigest()[:16]
    key = ":".join(
        (
            "dashboards",
            str(memo),
            timezone.localdate().isoformat(),  # overdue and "open now" change with the day
            get_language() or "nl",
            board.slug,
            figure.key,
            digest,
        )
    )
    table = cache.get(key)
    if table is None:
        table = figure.selector(flt)
        cache.set(key, table, ttl)
    return table
