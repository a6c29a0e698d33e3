import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_answers_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_health_answers_503_when_the_apps_tables_are_missing(client):
    """A database that answers but is not ours (never migrated, wrong URL) is not healthy."""
    with connection.cursor() as cursor:  # undone with the test's transaction, on both databases
        cursor.execute("ALTER TABLE initiatives_area RENAME TO initiatives_area_elsewhere")
    response = client.get("/health/")
    assert response.status_code == 503
