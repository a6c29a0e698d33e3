"""THE per-request memo: a value computed once and kept on an object that lives for one request
(the request's user, a dashboard filter ...), so that the checks and figures of one page share
one query. Here, at the bottom, so that every app may use it.

Every memo of an object lives in one dict, ``obj.__dict__["_memo"]``, under a key per value;
``forget`` drops a value that a write has made stale (e.g. a user's roles after a change).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_ATTRIBUTE = "_memo"


def memo(obj, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` the first time per object and key; the kept value after that."""
    store = obj.__dict__.setdefault(_ATTRIBUTE, {})
    if key not in store:
        store[key] = compute()
    return store[key]


def forget(obj, key: str) -> None:
    """Drop the kept value, so that the next ``memo`` computes it afresh."""
    obj.__dict__.get(_ATTRIBUTE, {}).pop(key, None)
