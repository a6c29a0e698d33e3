"""Two app servers share PostgreSQL and, with REDIS_URL, the Redis cache: sessions then come
from the shared cache (backed by the database); without it from the database alone, never from
a cache that lives in one server's memory."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({"session": settings.SESSION_ENGINE,
                  "cache": settings.CACHES["default"]["BACKEND"]}))
"""


def _settings(**environ) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    # Local use (the settings fail closed without it or a secret key).
    env.update(DJANGO_SETTINGS_MODULE="partnership.config.settings", DJANGO_DEBUG="true")
    env.update(environ)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_with_redis_sessions_are_read_from_the_shared_cache_and_kept_in_the_database():
    seen = _settings(REDIS_URL="redis://127.0.0.1:6379/15")
    assert seen["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert seen["session"] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_sessions_stay_in_the_database_every_server_reads():
    seen = _settings()
    assert seen["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert seen["session"] == "django.contrib.sessions.backends.db"
