"""The dashboards are served from a cache and are still exact (issue 20): every kind of write a
dashboard reads shows on the next page load, a write that is rolled back changes nothing, and a
page with nothing written since is served without computing a figure."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from initiatives.accounts.changes import announce_bulk_write
from initiatives.models import STATUS_TRANSITIONS, Initiative
from initiatives.services import initiative_change_status
from partnership.dashboards import cache
from partnership.dashboards.filters import DashboardFilter
from partnership.models import Blockage, Commitment
from partnership.services.logging import (
    blockage_handoff,
    blockage_log,
    blockage_settle,
    commitment_settle,
    contact_log,
)
from tests.support import factories as f
from tests.support.factories_dashboards import build_city, by_label, dept, get, tables

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite allows one writer at a time; the case is PostgreSQL's",
)


@pytest.fixture
def city(db):
    return build_city()


@pytest.fixture(autouse=True)
def _cache_as_served(monkeypatch):
    """As in production: the cache on (its default), a day's lifetime."""
    monkeypatch.delenv("DASHBOARD_CACHE_SECONDS", raising=False)
    assert cache.seconds() > 0


def cell(client, slug: str, figure: str, label: str, column: int = 1) -> str:
    return by_label(tables(get(client, slug))[figure])[label][column]


def plus(text: str, n: int) -> int:
    return number(text) + n


def number(text: str) -> int:
    """A whole number as the page writes it (1,030 in English, 1.030 in Dutch)."""
    return int(text.replace(",", "").replace(".", ""))


def _servant():
    return f.CivilServantFactory()


# Each kind of write a dashboard reads: (what changes, the write, where it shows, how).
def register(city):
    f.InitiativeFactory(slug="nieuw-in-charlois", area=city.a1.area)


def change_status(city):
    initiative = Initiative.objects.get(pk=city.a1.pk)
    initiative_change_status(
        initiative=initiative,
        to_status=sorted(STATUS_TRANSITIONS[initiative.status])[0],
        changed_on=timezone.localdate(),
        changed_by=_servant(),
    )


def drop_themes(city):
    city.b1.themes.clear()  # a many-to-many change, no save


def delete_initiative(city):
    city.b2.delete()


def raise_blockage(city):
    blockage_log(
        initiative=city.a1,
        logged_by=_servant(),
        department=dept("Stadsbeheer"),
        description="Geen vergunning voor de moestuin.",
        severity="high",
        category="permit",
    )


def hand_off(city):
    listed = [city.a1, city.a2, city.a3, city.b1, city.b2]
    blockage = (
        Blockage.objects.filter(
            settled_on__isnull=True, archived_at__isnull=True, initiative__in=listed
        )
        .annotate(n=Count("handoffs"))
        .filter(n=1)
        .order_by("pk")
        .first()
    )
    target = dept("Werk en Inkomen") if blockage.department != dept("Werk en Inkomen") else None
    target = target or dept("Stadsbeheer")
    blockage_handoff(blockage=blockage, by=_servant(), to_department=target, reason="Niet van ons.")


def settle_blockage(city):
    blockage = (
        Blockage.objects.filter(settled_on__isnull=True, archived_at__isnull=True)
        .order_by("pk")
        .first()
    )
    blockage_settle(
        blockage=blockage,
        by=_servant(),
        status=Blockage.Status.RESOLVED,
        settled_on=timezone.localdate(),
        resolution="Opgelost.",
    )


def settle_commitment(city):
    commitment = Commitment.objects.filter(status=Commitment.Status.OPEN).order_by("pk").first()
    commitment_settle(
        commitment=commitment,
        settled_by=_servant(),
        status=Commitment.Status.BROKEN,
        settled_on=timezone.localdate(),
        note="Niet gelukt.",
    )


def log_contact(city):
    contact_log(
        initiative=city.a2,
        logged_by=_servant(),
        date=timezone.localdate(),
        channel="phone",
        department=dept("Stadsbeheer"),
        initiated_by="municipality",
        summary="Gebeld over de moestuin.",
    )


def record_value(city):
    f.ValueRecordFactory(initiative=city.a1)


def update_in_bulk(city):
    """``QuerySet.update()`` sends no signal: the code that uses it says so."""
    with transaction.atomic():
        Initiative.objects.filter(pk=city.a1.pk).update(volunteers=city.a1.volunteers + 1000)
        announce_bulk_write(Initiative)


def total(slug, figure, label="Total", column=1):
    return slug, figure, label, column


WRITES = {
    "an initiative registered": (register, total("beweging", "by_area"), 1),
    "an initiative deleted": (delete_initiative, total("beweging", "by_area"), -1),
    "themes removed": (drop_themes, total("beweging", "by_theme", "Care and wellbeing"), -1),
    "a blockage logged": (raise_blockage, total("knelpunten", "open_by_department", column=-1), 1),
    "a blockage settled": (
        settle_blockage,
        total("knelpunten", "open_by_department", column=-1),
        -1,
    ),
    "a blockage handed off": (hand_off, total("knelpunten", "handoffs", "1"), -1),
    "a commitment broken": (settle_commitment, total("toezeggingen", "by_department", column=3), 1),
    "volunteers changed in bulk": (
        update_in_bulk,
        total("beweging", "volunteers_reach", column=2),
        1000,
    ),
}


@pytest.mark.parametrize("name", WRITES)
def test_a_committed_write_shows_on_the_next_page_load(name, coordinator_client, city):
    write, (slug, figure, label, column), change = WRITES[name]
    before = cell(coordinator_client, slug, figure, label, column)
    assert cell(coordinator_client, slug, figure, label, column) == before  # now from the cache
    write(city)
    assert number(cell(coordinator_client, slug, figure, label, column)) == plus(before, change)


def test_a_status_change_shows_on_the_next_page_load(coordinator_client, city):
    before = by_label(tables(get(coordinator_client, "beweging"))["by_status"])
    change_status(city)
    after = by_label(tables(get(coordinator_client, "beweging"))["by_status"])
    assert after != before
    assert after["Total"] == before["Total"]


def test_a_logged_contact_and_a_value_record_change_the_data_version(city):
    for write in (log_contact, record_value, change_status):
        before = cache.version()
        write(city)
        assert cache.version() != before, write.__name__


def test_a_value_record_shows_on_the_next_page_load(coordinator_client, city):
    before = by_label(tables(get(coordinator_client, "publieke-waarde"))["by_dimension"])
    record_value(city)
    after = by_label(tables(get(coordinator_client, "publieke-waarde"))["by_dimension"])
    assert after != before


def test_a_rolled_back_write_changes_nothing(
    coordinator_client, city, django_assert_max_num_queries
):
    before = cell(coordinator_client, "beweging", "by_area", "Total")
    version = cache.version()
    with pytest.raises(RuntimeError), transaction.atomic():
        register(city)
        raise_blockage(city)
        assert cache.version() != version  # seen inside the transaction only
        raise RuntimeError("the request failed")
    assert cache.version() == version
    # Still the cached page: session, user, roles, the filter's options, the version (and on
    # PostgreSQL the snapshot); no figure is computed again.
    with django_assert_max_num_queries(7):
        assert cell(coordinator_client, "beweging", "by_area", "Total") == before
    assert cell(coordinator_client, "knelpunten", "open_by_department", "Total", -1) == "3"


def test_a_page_inside_a_rolled_back_transaction_leaves_no_figure_behind(coordinator_client, city):
    """Figures computed from a write that is then rolled back are filed under a version no
    commit can have (random per write), so they are never served."""
    before = cell(coordinator_client, "beweging", "by_area", "Total")
    with pytest.raises(RuntimeError), transaction.atomic():
        register(city)
        assert number(cell(coordinator_client, "beweging", "by_area", "Total")) == plus(before, 1)
        raise RuntimeError("rolled back")
    assert cell(coordinator_client, "beweging", "by_area", "Total") == before
    register(city)
    assert number(cell(coordinator_client, "beweging", "by_area", "Total")) == plus(before, 1)


def test_an_unchanged_page_computes_no_figure(council_client, city, django_assert_max_num_queries):
    for slug in ("beweging", "knelpunten", "toezeggingen", "publieke-waarde"):
        get(council_client, slug)
        with django_assert_max_num_queries(7):
            assert get(council_client, slug).status_code == 200


def test_coordinators_and_council_members_get_their_own_figures(
    council_client, coordinator_client, city
):
    """The cache keeps exact figures (coordinators) apart from those with small numbers hidden."""
    assert cell(coordinator_client, "beweging", "by_area", "Charlois") == "3"
    assert cell(council_client, "beweging", "by_area", "Charlois") != "3"
    assert cell(coordinator_client, "beweging", "by_area", "Charlois") == "3"


def test_a_download_reflects_the_write_too(coordinator_client, city):
    path = "/dashboard/beweging/?figure=by_area&format=csv"
    before = coordinator_client.get(path).content.decode()
    register(city)
    after = coordinator_client.get(path).content.decode()
    assert after != before


def test_the_day_is_part_of_the_key(monkeypatch):
    """Overdue and open-now figures change at midnight without any write."""
    later = timezone.localdate() + dt.timedelta(days=400)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    assert later.isoformat() in cache._key(DashboardFilter({}), "toezeggingen")


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_another_servers_write_shows_once_committed_and_not_before(
    reference_data, coordinator_client
):
    """Two app servers are two database connections: a write still open in one does not show
    on a page the other serves (nor does it spoil the cache), and shows the moment it commits."""
    from django.db import connection

    before = cell(coordinator_client, "beweging", "by_area", "Total")
    written, commit = threading.Event(), threading.Event()

    def other_server():
        try:
            with transaction.atomic():
                f.InitiativeFactory(slug="op-een-andere-server")
                written.set()
                commit.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_server)
    thread.start()
    try:
        assert written.wait(30)
        assert cell(coordinator_client, "beweging", "by_area", "Total") == before
    finally:
        commit.set()
        thread.join()
    assert number(cell(coordinator_client, "beweging", "by_area", "Total")) == plus(before, 1)


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_writers_at_the_same_moment_all_succeed_and_all_count(reference_data, coordinator_client):
    """Every write bumps the version in its own transaction; writers on many connections at
    once (threads of several app servers) neither fail nor lose a bump."""
    from django.db import connection

    writers = 12
    before = cache.generation()
    start, failures = threading.Barrier(writers), []

    def write(n: int) -> None:
        try:
            start.wait(30)
            with transaction.atomic():
                initiative = f.InitiativeFactory(slug=f"tegelijk-{n}")
                initiative.themes.clear()
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert cache.generation() >= before + writers
    assert cell(coordinator_client, "beweging", "by_area", "Total") == str(writers)


def test_a_flush_or_a_migration_gives_a_new_version(city):
    """A data migration sends no model signal and ``flush`` empties the version's own table:
    after either, nothing cached before is served."""
    from django.core.management import call_command

    before = cache.version()
    call_command("migrate", verbosity=0)
    assert cache.version() != before


# --- Per table: a write recomputes the figures that read what it changed, and no others ------


def test_a_contact_leaves_the_commitments_warm_and_changes_the_blockage_figure_reading_it(
    coordinator_client, city, django_assert_max_num_queries
):
    newcomer = f.DepartmentFactory()  # a department no initiative dealt with yet
    get(coordinator_client, "toezeggingen")
    involvement = tables(get(coordinator_client, "knelpunten"))["departments_per_initiative"]
    contact_log(
        initiative=city.a1,
        logged_by=_servant(),
        date=timezone.localdate(),
        channel="phone",
        department=newcomer,
        initiated_by="municipality",
        summary="Een nieuwe afdeling aan tafel.",
    )
    # Nothing the commitments dashboard reads changed: no figure computed, as when unchanged.
    with django_assert_max_num_queries(7):
        assert get(coordinator_client, "toezeggingen").status_code == 200
    # The figure that counts the departments an initiative dealt with reads the contacts.
    assert tables(get(coordinator_client, "knelpunten"))["departments_per_initiative"] != (
        involvement
    )


def test_a_figure_depends_on_what_a_shared_read_read_before_it(city):
    """Figures of one page share grouped reads (``memo``): one computed earlier in the request
    still counts for the figure that uses it, though it runs no query of its own."""
    from partnership.dashboards import reads

    flt = DashboardFilter({})
    reads.memo(flt, "blockages", lambda: list(Blockage.objects.values_list("pk", flat=True)))
    with reads.recording() as read:
        reads.memo(flt, "blockages", lambda: pytest.fail("computed twice"))
    assert read == {Blockage._meta.db_table}


def test_the_tables_a_statement_reads_are_found_by_their_whole_names():
    from partnership.dashboards import reads

    sql = (
        'SELECT 1 FROM "partnership_blockagehandoff" JOIN partnership_blockage b '
        "ON b.id = 1 WHERE x = 'partnership_contactx'"
    )
    assert reads.tables_in(sql) == {"partnership_blockagehandoff", "partnership_blockage"}


def test_a_rolled_back_write_to_one_table_changes_no_table_version(city):
    before = cache.table_versions()
    with pytest.raises(RuntimeError), transaction.atomic():
        log_contact(city)
        assert cache.table_versions() != before
        raise RuntimeError("rolled back")
    assert cache.table_versions() == before


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_writers_sharing_a_shard_write_two_tables_in_opposite_orders_without_deadlock(
    monkeypatch,
):
    """Two app servers' threads may share a shard. One bumps contacts then commitments, the
    other the other way round: they queue on the shard's row instead of deadlocking."""
    import time

    from django.db import connection

    monkeypatch.setattr(cache, "_shard", lambda: 0)
    first_written, failures = threading.Event(), []

    def write(tables, *, first: bool) -> None:
        try:
            if not first:
                assert first_written.wait(30)
            with transaction.atomic():
                cache.bump(tables[0])
                if first:
                    first_written.set()
                    time.sleep(0.5)  # the other writer now asks for its first table
                cache.bump(tables[1])
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    before = cache.table_versions()
    threads = [
        threading.Thread(target=write, args=(("contact", "commitment"),), kwargs={"first": True}),
        threading.Thread(target=write, args=(("commitment", "contact"),), kwargs={"first": False}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    after = cache.table_versions()
    for table in ("contact", "commitment"):
        assert int(after[table].split(".")[0]) == int(before.get(table, "0.0").split(".")[0]) + 2


def test_no_figure_reads_a_table_whose_writes_are_not_followed(city):
    """Writes to the history tables, the forms sent, notifications and the like bump no version
    (``reads.IGNORED_MODELS``): that is exact only while no figure reads them, with or without
    filters."""
    import re

    from django.apps import apps
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from partnership.dashboards import reads
    from partnership.dashboards.registry import DASHBOARDS

    unfollowed = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in reads.WATCHED_APPS and not reads.watched(model)
    }
    assert "partnership_historicalblockage" in unfollowed
    pattern = re.compile(rf"\b({'|'.join(map(re.escape, sorted(unfollowed)))})\b")
    queries = ["", "since=2020-01-01&until=2030-12-31&domain=physical"]
    read = set()
    for query in queries:
        for board in DASHBOARDS:
            flt = DashboardFilter(QueryDict(query))
            with CaptureQueriesContext(connection) as captured:
                for figure in board.figures:
                    figure.selector(flt)
            read |= {m for q in captured.captured_queries for m in pattern.findall(q["sql"])}
    assert read == set()
