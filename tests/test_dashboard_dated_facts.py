"""The initiatives' dated facts (issue 20): the days on which each dealt with a department or was
supported, and each fact's first and last day, kept exact in the same transaction as every
write to the records, so that a period is answered from one row per fact. They must equal what
the records hold after every kind of write, and the figures read from them must equal the same
figures counted from the records themselves, for a period from a day, until a day and between
two days (a fact seen before and after a period but not inside it is not in it)."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from initiatives.accounts.changes import announce_bulk_write
from initiatives.models import Area, Initiative
from partnership.dashboards import cache, facts
from partnership.dashboards import selectors as s
from partnership.dashboards.filters import DashboardFilter
from partnership.dashboards.models import (
    InvolvementDay,
    InvolvementRank,
    InvolvementSpan,
    SupportDay,
    SupportSpan,
)
from partnership.models import Blockage, BlockageHandoff, CityRequest, Commitment, Contact
from partnership.services.deletion import archive_item
from partnership.services.logging import (
    blockage_handoff,
    blockage_log,
    blockage_settle,
    commitment_log,
    commitment_settle,
)
from tests.support import factories as f
from tests.support.factories import logged_contact as contact
from tests.support.factories_dashboards import by_label, get, tables
from tests.support.threads import writer_thread

pytestmark = pytest.mark.django_db
D = dt.date
DAYS = InvolvementDay._meta.db_table
SPANS = InvolvementSpan._meta.db_table
SUPPORT = SupportSpan._meta.db_table
ON_POSTGRESQL = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite allows one writer at a time; the case is PostgreSQL's",
)
PERIODS = [
    "since=2024-03-01",
    "until=2024-03-31",
    "since=2024-03-01&until=2024-03-31",
    "since=2024-02-01&until=2024-06-30",
    "since=2024-05-01&until=2024-05-01",
    "since=2023-01-01&until=2023-12-31",
    "since=2024-03-01&domain=physical",
    "since=2024-02-01&until=2024-06-30&domain=social",
]


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def stored_days() -> set[tuple]:
    """Both kinds of days, as ``facts.dated`` derives them."""
    involved = InvolvementDay.objects.values_list("initiative_id", "department_id", "day")
    supported = SupportDay.objects.values_list("initiative_id", "day")
    return {(i, "involves", d, day) for i, d, day in involved} | {
        (i, "supported", None, day) for i, day in supported
    }


def derived_days() -> set[tuple]:
    return {(i, k, d, _day(day)) for i, k, d, day in facts.dated()}


def stored_spans() -> set[tuple]:
    involved = InvolvementSpan.objects.values_list(
        "initiative_id", "department_id", "first_on", "last_on"
    )
    supported = SupportSpan.objects.values_list("initiative_id", "first_on", "last_on")
    return {(i, "involves", d, first, last) for i, d, first, last in involved} | {
        (i, "supported", None, first, last) for i, first, last in supported
    }


def spans_of(days: set[tuple]) -> set[tuple]:
    found: dict[tuple, list] = {}
    for initiative, kind, department, day in days:
        found.setdefault((initiative, kind, department), []).append(day)
    return {(*key, min(seen), max(seen)) for key, seen in found.items()}


def ranks_of(spans: set[tuple]) -> set[tuple]:
    """Per initiative its five latest last days and five earliest first days, padded."""
    found: dict[int, list] = {}
    for initiative, kind, _department, first, last in spans:
        if kind == "involves":
            found.setdefault(initiative, []).append((first, last))
    padding = [None] * 5
    return {
        (
            initiative,
            *(sorted((last for _f, last in seen), reverse=True) + padding)[:5],
            *(sorted(first for first, _l in seen) + padding)[:5],
        )
        for initiative, seen in found.items()
    }


def stored_ranks() -> set[tuple]:
    columns = [f"{end}_{k}" for end in ("last", "first") for k in range(1, 6)]
    return set(InvolvementRank.objects.values_list("initiative_id", *columns))


def assert_exact() -> None:
    days = derived_days()
    assert stored_days() == days
    spans = spans_of(days)
    assert stored_spans() == spans
    assert stored_ranks() == ranks_of(spans)


@pytest.fixture
def servant(db):
    return f.CivilServantFactory()


def test_every_kind_of_write_leaves_the_dated_facts_equal_to_the_records(servant):
    initiative = f.InitiativeFactory()
    social, space, land = (
        f.department("Maatschappelijke Ontwikkeling"),
        f.department("Stadsbeheer"),
        f.department("Stadsontwikkeling"),
    )
    today = timezone.localdate()
    first = contact(initiative, servant, social, today - dt.timedelta(days=90), referred_to=space)
    contact(initiative, servant, social, today - dt.timedelta(days=10))
    assert set(
        InvolvementSpan.objects.filter(initiative=initiative).values_list(
            "department__name", "first_on", "last_on"
        )
    ) == {
        (social.name, today - dt.timedelta(days=90), today - dt.timedelta(days=10)),
        (space.name, today - dt.timedelta(days=90), today - dt.timedelta(days=90)),
    }
    assert_exact()

    promise = commitment_log(
        initiative=initiative,
        logged_by=servant,
        department=land,
        description="Grond bekijken.",
        due_on=today + dt.timedelta(days=30),
    )
    raised = blockage_log(
        initiative=initiative,
        logged_by=servant,
        department=social,
        description="Vergunning loopt vast.",
        severity="high",
        category="other",
    )
    blockage_handoff(blockage=raised, by=servant, to_department=space, reason="Hun terrein.")
    assert_exact()

    # A status change: kept, the commitment supports the initiative on the day it was settled.
    commitment_settle(
        commitment=promise,
        settled_by=servant,
        status=Commitment.Status.KEPT,
        settled_on=today,
        note="Gedaan.",
    )
    assert SupportSpan.objects.filter(initiative=initiative, first_on=today, last_on=today).exists()
    blockage_settle(
        blockage=Blockage.objects.get(pk=raised.pk),
        by=servant,
        status=Blockage.Status.RESOLVED,
        settled_on=today,
        resolution="Opgelost.",
    )
    assert_exact()

    # An update of a record's date moves its day; archiving takes its days along.
    moved = Contact.objects.get(pk=first.pk)
    moved.date = today - dt.timedelta(days=400)
    moved.save()
    assert_exact()
    archive_item(obj=Contact.objects.get(pk=first.pk), by=servant)
    assert not InvolvementDay.objects.filter(
        initiative=initiative, day=today - dt.timedelta(days=400)
    ).exists()
    assert_exact()

    archive_item(obj=Blockage.objects.get(pk=raised.pk), by=servant)  # and its hand-off
    assert_exact()
    Commitment.objects.get(pk=promise.pk).delete()
    assert_exact()


def test_a_granted_request_supports_on_the_day_it_was_decided(servant):
    initiative = f.InitiativeFactory()
    request = f.CityRequestFactory(initiative=initiative, submitted_on=D(2024, 5, 1))
    assert not SupportSpan.objects.filter(initiative=initiative).exists()
    request.status = "decided"
    request.decision = CityRequest.Decision.GRANTED
    request.decided_on = D(2024, 5, 6)
    request.save()
    assert SupportSpan.objects.filter(initiative=initiative, first_on=D(2024, 5, 6)).exists()
    request.decision = CityRequest.Decision.REFUSED
    request.save()
    assert not SupportSpan.objects.filter(initiative=initiative).exists()
    assert_exact()


def test_deleting_an_initiative_takes_its_dated_facts_along(servant):
    initiative, other = f.InitiativeFactory(), f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    contact(initiative, servant, social, D(2024, 3, 1))
    contact(other, servant, social, D(2024, 3, 1))
    initiative.delete()
    assert not InvolvementDay.objects.filter(initiative_id=initiative.pk).exists()
    assert not InvolvementSpan.objects.filter(initiative_id=initiative.pk).exists()
    assert_exact()


def test_a_write_without_signals_derives_them_all_again(servant):
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    Contact.objects.bulk_create(
        [
            Contact(
                initiative=initiative,
                logged_by=servant,
                department=social,
                date=D(2024, 3, day),
                channel="phone",
                initiated_by="municipality",
                summary="In bulk.",
            )
            for day in (1, 2, 3)
        ]
    )
    assert not stored_days()  # no signal: nothing followed yet
    announce_bulk_write(Contact)
    assert len(stored_days()) == 3
    assert_exact()
    Contact.objects.filter(initiative=initiative).update(date=D(2024, 4, 1))
    announce_bulk_write(Contact)
    assert_exact()


def test_a_contact_on_a_day_already_known_changes_no_dated_version(servant):
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    contact(initiative, servant, social, D(2024, 3, 1))
    before = cache.table_versions()
    contact(initiative, servant, social, D(2024, 3, 1))
    after = cache.table_versions()
    assert (after[DAYS], after[SPANS]) == (before[DAYS], before[SPANS])
    contact(initiative, servant, social, D(2024, 2, 1))  # a new first day
    versions = cache.table_versions()
    assert versions[SPANS] != after[SPANS]
    assert versions.get(SUPPORT) == after.get(SUPPORT)  # the figures on support stay cached


# --- the figures read from the dated facts equal the same figures counted from the records ---


def involvement_from_records(flt: DashboardFilter) -> dict:
    """Departments per initiative and the initiatives with two or more and no coordinator,
    counted in Python from every live record in the period (the figures' definition)."""
    inside = flt.period_q

    def pairs_of(queryset, initiative, *departments):
        return {
            (row[0], department)
            for row in queryset.values_list(initiative, *departments)
            for department in row[1:]
            if department is not None
        }

    live = {"archived_at__isnull": True}
    pairs = (
        pairs_of(
            Contact.objects.filter(inside("date"), **live),
            "initiative_id",
            "department_id",
            "referred_to_id",
        )
        | pairs_of(
            Commitment.objects.filter(inside("promised_on"), **live),
            "initiative_id",
            "department_id",
        )
        | pairs_of(
            Blockage.objects.filter(inside("raised_on"), **live),
            "initiative_id",
            "department_id",
        )
        | pairs_of(
            BlockageHandoff.objects.filter(inside("handed_on"), blockage__archived_at__isnull=True),
            "blockage__initiative_id",
            "from_department_id",
            "to_department_id",
        )
    )
    scope = {i.pk: i for i in Initiative.objects.filter(flt.q("")).select_related("area")}
    per: dict[int, int] = {}
    for initiative, _department in pairs:
        if initiative in scope:
            per[initiative] = per.get(initiative, 0) + 1
    dist: dict[int, int] = {}
    for n in per.values():
        dist[min(n, 5)] = dist.get(min(n, 5), 0) + 1
    areas = {name: 0 for name in Area.objects.values_list("name", flat=True)}
    for pk, n in per.items():
        if n >= 2 and scope[pk].coordinator_id is None:
            areas[scope[pk].area.name] += 1
    return {"dist": sorted(dist.items()), "area": sorted(areas.items())}


def support_from_records(flt: DashboardFilter) -> set[int]:
    granted = CityRequest.objects.filter(
        flt.period_q("decided_on"),
        decision__in=s.GRANTED,
        archived_at__isnull=True,
    ).values_list("initiative_id", flat=True)
    kept = Commitment.objects.filter(
        flt.period_q("settled_on"), status=Commitment.Status.KEPT, archived_at__isnull=True
    ).values_list("initiative_id", flat=True)
    return set(granted) | set(kept)


@pytest.fixture
def dated_city(servant):
    """Initiatives dealing with departments on days around the periods: one before and after
    March 2024 but not in it, one inside, one whose first day is before and last inside."""
    social, space, land = (
        f.department("Maatschappelijke Ontwikkeling"),
        f.department("Stadsbeheer"),
        f.department("Stadsontwikkeling"),
    )
    around, inside, reaching = (f.InitiativeFactory() for _ in range(3))
    for day in (D(2024, 1, 15), D(2024, 5, 1)):
        contact(around, servant, social, day, referred_to=space)
    f.CommitmentFactory(initiative=around, department=land, promised_on=D(2024, 3, 31))
    contact(inside, servant, space, D(2024, 3, 10))
    f.CommitmentFactory(
        initiative=inside,
        department=social,
        promised_on=D(2023, 6, 1),
        due_on=D(2023, 9, 1),
        status=Commitment.Status.KEPT,
        settled_on=D(2024, 3, 2),
    )
    blockage = f.BlockageFactory(initiative=reaching, department=land, raised_on=D(2023, 12, 1))
    f.BlockageHandoffFactory(
        blockage=blockage, from_department=land, to_department=social, handed_on=D(2024, 3, 5)
    )
    f.CityRequestFactory(
        initiative=reaching,
        status="decided",
        decision=CityRequest.Decision.GRANTED,
        decided_on=D(2024, 6, 1),
        submitted_on=D(2024, 5, 1),
    )
    coordinated = f.InitiativeFactory(coordinator=servant)  # never in the second figure
    physical = f.InitiativeFactory(domain="physical")
    archived = f.InitiativeFactory(archived_at=timezone.now())  # never counted
    for initiative in (coordinated, physical, archived):
        contact(initiative, servant, social, D(2024, 3, 3), referred_to=land)
    # Six departments, on days on both sides of the periods: "5 or more" in some of them.
    busy = f.InitiativeFactory()
    for month, department in enumerate(f.DepartmentFactory.create_batch(6), start=1):
        contact(busy, servant, department, D(2024, month, 10))
        contact(busy, servant, department, D(2023, 12, month))
    assert_exact()
    return around, inside, reaching


@pytest.mark.parametrize("period", PERIODS)
def test_the_figures_from_the_dated_facts_equal_those_counted_from_the_records(dated_city, period):
    flt = DashboardFilter(QueryDict(period))
    involvement = s._department_involvement(flt)
    expected = involvement_from_records(flt)
    assert sorted((k, c) for k, c, _zero in involvement["dist"]) == expected["dist"]
    assert involvement["area"] == expected["area"]
    supported = {
        row[0] for row in s._in_period_facts(flt, SupportSpan, SupportDay).values_list("init_id")
    }
    assert supported == support_from_records(flt)


def test_a_fact_seen_before_and_after_a_period_but_not_in_it_is_not_in_it(dated_city):
    around, inside, reaching = dated_city
    flt = DashboardFilter(QueryDict("since=2024-02-01&until=2024-03-30"))
    pairs = s._in_period_facts(flt, InvolvementSpan, InvolvementDay)
    seen = {row["init_id"] for row in pairs} & {around.pk, inside.pk, reaching.pk}
    assert seen == {inside.pk, reaching.pk}


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_initiative_leave_its_dated_facts_exact(reference_data):
    """One moves the only contact of a day to another day while another logs a contact on
    that day: whichever commits last, both days are facts (the per-initiative lock)."""
    servant = f.CivilServantFactory()
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    only = contact(initiative, servant, social, D(2024, 3, 1))
    moved, done, failures = threading.Event(), threading.Event(), []

    def move_and_wait():
        record = Contact.objects.get(pk=only.pk)
        record.date = D(2024, 4, 1)
        record.save()
        moved.set()
        done.wait(2)

    first = writer_thread(move_and_wait, failures)
    assert moved.wait(30)
    second = writer_thread(lambda: contact(initiative, servant, social, D(2024, 3, 1)), failures)
    second.join(0.5)
    done.set()
    first.join()
    second.join()
    assert not failures
    assert set(
        InvolvementDay.objects.filter(initiative=initiative).values_list("day", flat=True)
    ) == {D(2024, 3, 1), D(2024, 4, 1)}
    assert_exact()


@pytest.mark.parametrize("period", ["since=2024-03-01", "until=2024-03-31", PERIODS[3]])
def test_a_new_department_in_the_period_shows_on_the_next_page_load(
    dated_city, coordinator_client, servant, period
):
    """The period's figures are cached under the versions of the dated facts they read, and a
    write changes those versions in its own transaction."""
    around, _inside, _reaching = dated_city
    before = tables(get(coordinator_client, "knelpunten", period))["departments_per_initiative"]
    assert (
        tables(get(coordinator_client, "knelpunten", period))["departments_per_initiative"]
        == before
    )  # from the cache
    contact(around, servant, f.department("Werk en Inkomen"), D(2024, 3, 15))
    after = tables(get(coordinator_client, "knelpunten", period))["departments_per_initiative"]
    assert after != before
    expected = dict(involvement_from_records(DashboardFilter(QueryDict(period)))["dist"])
    assert [int(row[1]) for row in after[1:6]] == [expected.get(k, 0) for k in range(1, 6)]


def test_support_given_in_the_period_shows_on_the_next_page_load(
    dated_city, coordinator_client, servant
):
    around, _inside, _reaching = dated_city
    period = "since=2024-03-01"

    def supported() -> str:
        rows = by_label(tables(get(coordinator_client, "publieke-waarde", period))["support"])
        return rows["With support: a granted request or a kept commitment"][1]

    before = supported()
    contact(around, servant, f.department("Werk en Inkomen"), D(2024, 3, 15))
    assert supported() == before  # a contact leaves the figures on support cached
    promise = f.CommitmentFactory(
        initiative=around, promised_on=D(2024, 3, 1), due_on=D(2024, 4, 1)
    )
    commitment_settle(
        commitment=promise,
        settled_by=servant,
        status=Commitment.Status.KEPT,
        settled_on=D(2024, 3, 20),
        note="Gedaan.",
    )
    assert int(supported()) == int(before) + 1
