"""Several people saving at the same moment: nobody gets an error page, nobody's work is lost."""

import threading
import time

from django.db import DatabaseError, connections, transaction

from partnership.config import env

WRITERS = 20


def _configured(db_settings: dict) -> dict:
    return connections.configure_settings({"default": db_settings})["default"]


def _concurrent_saves(db_settings: dict) -> list[Exception]:
    """WRITERS threads, each with its own connection, read then write in one transaction (as a
    view does: look something up, then save) at the same moment. Returns the failures."""
    alias = "concurrency"
    connections.settings[alias] = _configured(db_settings)
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE saves (id INTEGER PRIMARY KEY, n INTEGER)")
        connections[alias].close()
        start = threading.Barrier(WRITERS)
        failures: list[Exception] = []

        def save(n: int) -> None:
            try:
                start.wait()
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM saves")
                    cursor.fetchone()
                    time.sleep(0.01)
                    cursor.execute("INSERT INTO saves (n) VALUES (%s)", [n])
            except DatabaseError as error:
                failures.append(error)
            finally:
                connections[alias].close()

        threads = [threading.Thread(target=save, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM saves")
            saved = cursor.fetchone()[0]
        connections[alias].close()
        assert saved == WRITERS - len(failures)
        return failures
    finally:
        del connections[alias]
        del connections.settings[alias]


def test_twenty_simultaneous_saves_on_the_default_sqlite_database_all_succeed(
    tmp_path, monkeypatch, django_db_blocker
):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db_settings = env.env_database("DATABASE_URL", default_sqlite=tmp_path / "db.sqlite3")
    with django_db_blocker.unblock():
        failures = _concurrent_saves(db_settings)
    assert failures == []


def test_the_default_sqlite_database_writes_ahead_and_waits_for_a_busy_writer(
    tmp_path, monkeypatch, django_db_blocker
):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    db_settings = env.env_database("DATABASE_URL", default_sqlite=tmp_path / "db.sqlite3")
    assert db_settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db_settings["OPTIONS"]["timeout"] >= 10
    alias = "pragma"
    connections.settings[alias] = _configured(db_settings)
    try:
        with django_db_blocker.unblock(), connections[alias].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        connections[alias].close()
    finally:
        del connections[alias]
        del connections.settings[alias]


def test_a_sqlite_database_url_gets_the_same_waiting_behaviour():
    db = env.parse_database_url("DATABASE_URL", "sqlite:////tmp/partner.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
