"""Read settings from the environment and fail loudly, naming the variable, on malformed values."""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, *, default: str | None) -> str:
    value = _raw(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name}; it is required.")
        return default
    return value


def env_bool(name: str, *, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be true or false (1/0, yes/no), not {value!r}."
    )


def env_int(name: str, *, default: int) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number, not {value!r}."
        ) from None


def env_list(name: str, *, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Concurrent writers on SQLite wait their turn instead of failing at once with "database is
# locked": every transaction takes the write lock when it begins (no deadlock on upgrading a read
# lock), a busy writer is waited for up to 20 seconds, and WAL lets readers go on during a write.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def sqlite_database(path: str) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": dict(SQLITE_OPTIONS)}


def parse_database_url(name: str, url: str) -> dict:
    """Turn ``postgres://user:pass@host:port/db`` or ``sqlite:///path`` into Django settings."""
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://host/db.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name} has a malformed port: {url!r}.") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": dict(parse_qsl(parts.query)),
        }
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("/") and url.startswith("sqlite:////"):
            db_path = path
        else:
            db_path = path.lstrip("/") or ":memory:"
        return sqlite_database(db_path)
    raise ImproperlyConfigured(
        f"{name} must start with postgres:// or sqlite://, not {parts.scheme or url!r}."
    )


def env_database(name: str, *, default_sqlite: Path) -> dict:
    value = _raw(name)
    if not value:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        return sqlite_database(str(default_sqlite))
    return parse_database_url(name, value)
