"""Several people saving at the same moment: nobody gets an error page, nobody's work is lost."""

import re
import threading
import time

import pytest
from django.db import DatabaseError, connections, transaction
from django.urls import reverse

from initiatives.models import Invitation
from partnership.config import env
from partnership.models import Contact
from publicvalue.models import ValueRecord
from tests.support.form_data import contact_data, create_url, form_data, new_url

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


# A form posted twice (double click, back button, a network resending) stores one record -------


def _token(page) -> str:
    match = re.search(r'name="submit_token" value="([^"]+)"', page.content.decode())
    assert match, "the form carries a one-time token"
    return match.group(1)


def _double_submit(client, url: str, data: dict):
    data = {**data, "submit_token": _token(client.get(url))}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert (second.status_code, second["Location"]) == (302, first["Location"])
    return second


@pytest.mark.django_db
def test_a_contact_posted_twice_is_logged_once(civil_servant_client, initiative):
    _double_submit(civil_servant_client, new_url(initiative), contact_data())
    assert Contact.objects.filter(initiative=initiative).count() == 1


@pytest.mark.django_db
def test_a_value_record_posted_twice_is_recorded_once(member_client, initiative):
    response = _double_submit(member_client, create_url(initiative), form_data())
    assert ValueRecord.objects.filter(initiative=initiative).count() == 1
    page = member_client.get(response["Location"])
    assert "Dit formulier was al verstuurd; het is één keer opgeslagen." in page.content.decode()


@pytest.mark.django_db
def test_an_invitation_posted_twice_is_sent_once(
    member_client, initiative, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("initiatives:initiative_invite", kwargs={"slug": initiative.slug})
    with django_capture_on_commit_callbacks(execute=True):
        _double_submit(member_client, url, {"email": "nieuw@example.org"})
    assert Invitation.objects.filter(initiative=initiative).count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_post_without_a_token_still_works_as_before(civil_servant_client, initiative):
    assert civil_servant_client.post(new_url(initiative), contact_data()).status_code == 302
    assert Contact.objects.filter(initiative=initiative).count() == 1


@pytest.mark.django_db
def test_a_form_with_errors_keeps_its_token_usable(civil_servant_client, initiative):
    url = new_url(initiative)
    data = {**contact_data(), "submit_token": _token(civil_servant_client.get(url))}
    assert civil_servant_client.post(url, {**data, "summary": ""}).status_code == 200
    assert civil_servant_client.post(url, data).status_code == 302
    assert Contact.objects.filter(initiative=initiative).count() == 1
