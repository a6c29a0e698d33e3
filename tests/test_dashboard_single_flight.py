"""A dashboard figure that is not cached is computed by one request at a time: a request that
wants a figure another request is computing under the same versions waits for it and shows it
(as exact as its own: the same versions of the same tables), instead of computing it again. A
computation that ends without storing its figure, or takes too long, leaves the waiting request
to compute it itself: nobody waits for nothing."""

import threading
import time

import pytest
from django.core.cache import cache

from partnership.dashboards import cache as figures
from partnership.models import Contact
from tests.support import factories as f

pytestmark = pytest.mark.django_db

PARTS = ("test", "contacts")


class Filter:
    def cache_key(self) -> str:
        return "single-flight"


@pytest.fixture
def computed():
    """A figure that counts contacts, and how often it was computed."""
    calls = []

    def compute():
        calls.append(1)
        return Contact.objects.count()

    return compute, calls


def _stale_key() -> str:
    """The key the figure has now (after a write to what it read) and nobody stored yet."""
    key = figures._key(Filter(), *PARTS)
    return figures._versioned(key, ["partnership_contact"], figures.table_versions())


def _after_a_write(compute) -> str:
    figures.cached(Filter(), PARTS, compute)  # cached, with the tables it read
    f.ContactFactory()
    return _stale_key()


def _meanwhile(seconds: float, action) -> threading.Thread:
    thread = threading.Thread(target=lambda: (time.sleep(seconds), action()))
    thread.start()
    return thread


def test_a_figure_another_request_computes_is_waited_for_not_computed_again(computed):
    compute, calls = computed
    stale = _after_a_write(compute)
    assert cache.add(figures._computing(stale), 1)  # another request computes it

    def stored_by_the_other():
        cache.set(stale, "theirs")
        cache.delete(figures._computing(stale))

    other = _meanwhile(0.2, stored_by_the_other)
    assert figures.cached(Filter(), PARTS, compute) == "theirs"
    other.join()
    assert len(calls) == 1  # only the first load, before the write


def test_a_computation_that_stored_nothing_leaves_it_to_the_waiting_request(computed):
    compute, calls = computed
    stale = _after_a_write(compute)
    assert cache.add(figures._computing(stale), 1)
    failed = _meanwhile(0.2, lambda: cache.delete(figures._computing(stale)))
    assert figures.cached(Filter(), PARTS, compute) == Contact.objects.count()
    failed.join()
    assert len(calls) == 2


def test_nobody_waits_longer_than_the_bound(computed, monkeypatch):
    compute, calls = computed
    monkeypatch.setattr(figures, "WAIT_SECONDS", 0.3)
    stale = _after_a_write(compute)
    assert cache.add(figures._computing(stale), 1)  # a server that died while computing
    assert figures.cached(Filter(), PARTS, compute) == Contact.objects.count()
    assert len(calls) == 2


def test_a_request_marks_what_it_computes_and_clears_the_mark(computed):
    compute, calls = computed
    stale = _after_a_write(compute)
    marks = []
    original = cache.add

    def add(key, *args, **kwargs):
        marks.append(key)
        return original(key, *args, **kwargs)

    cache.add = add
    try:
        assert figures.cached(Filter(), PARTS, compute) == Contact.objects.count()
    finally:
        del cache.add
    assert marks == [figures._computing(stale)]
    assert cache.get(figures._computing(stale)) is None
    assert cache.get(stale) == Contact.objects.count()
