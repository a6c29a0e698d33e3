"""The tally behind the unfiltered blockage and commitment figures (issue 20): kept exact in
the same transaction as every write, so that those figures read a few hundred rows instead of
every record, right after a write as much as later."""

import datetime as dt
import random
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from initiatives.accounts.changes import announce_bulk_write
from initiatives.models import Area, Initiative
from partnership.dashboards import cache, tally
from partnership.dashboards import selectors as s
from partnership.dashboards.filters import DashboardFilter
from partnership.dashboards.models import InitiativeTally, Tally
from partnership.models import Blockage, Commitment, Rating
from partnership.services.deletion import archive_item, restore_item
from partnership.services.logging import (
    blockage_handoff,
    blockage_settle,
    commitment_log,
    commitment_settle,
)
from partnership.stats import percentile, percentile_of_counts
from publicvalue.models import Evidence, ValueRecord
from tests.support import factories as f
from tests.support.factories import logged_contact
from tests.support.threads import writer_thread

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite allows one writer at a time; the case is PostgreSQL's",
)


def rounded(values) -> tuple:
    """Sums of quantities to a millionth: added in another order they differ in the last bits."""
    return tuple(round(v, 6) if isinstance(v, float) else v for v in values)


def stored_tally() -> dict[tuple, tuple]:
    """The tally's rows that count anything, the shards summed: {(part, key, day):
    (initiatives, n, ..., net)}."""
    summed: dict[tuple, list] = {}
    for part, key, day, *values in Tally.objects.values_list(
        "part", "key", "day", "initiatives", *tally.MEASURES
    ):
        slot = summed.setdefault((part, key, day), [0] * len(values))
        summed[(part, key, day)] = [x + y for x, y in zip(slot, values, strict=True)]
    rounded_rows = {row: rounded(values) for row, values in summed.items()}
    return {row: values for row, values in rounded_rows.items() if any(values)}


def counted_tally() -> dict[tuple, tuple]:
    """The same, counted afresh from every initiative's live records (the dated parts' days
    in their month's and their year's rows)."""
    out: dict[tuple, list[int]] = {}
    for shares in tally.derive().values():
        for (part, key, day), measures in shares.items():
            for tally_day in tally.tally_days(part, day):
                slot = out.setdefault((part, key, tally_day), [0] * (len(tally.MEASURES) + 1))
                slot[0] += 1
                for i, value in enumerate(measures, start=1):
                    slot[i] += value
    return {row: rounded(values) for row, values in out.items()}


def stored_shares() -> dict[int, dict[tuple, list[int]]]:
    out: dict[int, dict[tuple, list[int]]] = {}
    rows = InitiativeTally.objects.values_list(
        "initiative_id", "part", "key", "day", *tally.MEASURES
    )
    for initiative, part, key, day, *measures in rows:
        out.setdefault(initiative, {})[(part, key, day)] = list(measures)
    return out


def assert_exact():
    assert stored_tally() == counted_tally()
    assert stored_shares() == tally.derive()  # derived in the same order: the same floats


def resolve_today(blockage, *, by) -> None:
    blockage_settle(
        blockage=blockage,
        by=by,
        status=Blockage.Status.RESOLVED,
        settled_on=timezone.localdate(),
        resolution="Opgelost.",
    )


@pytest.fixture
def servant(db):
    return f.CivilServantFactory()


def test_every_kind_of_write_keeps_the_tally_equal_to_the_records(servant):
    initiative, other = f.InitiativeFactory(), f.InitiativeFactory()
    social, space = f.department("Maatschappelijke Ontwikkeling"), f.department("Stadsbeheer")
    stuck = f.BlockageFactory(initiative=initiative, department=social)
    f.BlockageFactory(initiative=other, department=social, policy_framework=None)
    triage = f.BlockageFactory(initiative=other, department=None, category="other")
    assert_exact()
    assert stored_tally()[("open_all", "", "")][:2] == (2, 3)  # two initiatives, three open

    blockage_handoff(blockage=stuck, by=servant, to_department=space, reason="Hun terrein.")
    blockage_handoff(blockage=triage, by=servant, to_department=social, reason="Uit triage.")
    assert stored_tally()[("handoffs", "1", "")][:2] == (1, 1)  # from triage is no hand-off
    resolve_today(stuck, by=servant)
    assert_exact()
    assert ("settle_all", "", "") in stored_tally()

    promise = commitment_log(
        initiative=initiative,
        logged_by=servant,
        department=social,
        description="Grond bekijken.",
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    late = f.CommitmentFactory(
        initiative=other, department=space, due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    commitment_settle(
        commitment=promise,
        settled_by=servant,
        status=Commitment.Status.KEPT,
        settled_on=timezone.localdate(),
        note="Gedaan.",
    )
    assert_exact()

    archive_item(obj=Blockage.objects.get(pk=triage.pk), by=servant)
    archive_item(obj=Commitment.objects.get(pk=late.pk), by=servant)
    assert_exact()
    restore_item(obj=Commitment.objects.get(pk=late.pk), by=servant)
    assert_exact()

    # An archived initiative counts nowhere; back again, it counts as before.
    before = stored_tally()
    other.archived_at = timezone.now()
    other.save()
    assert_exact()
    assert stored_tally() != before
    other.archived_at = None
    other.save()
    assert stored_tally() == before

    # Value: records with and without a number, archived, and an initiative in another area.
    counted = f.ValueRecordFactory(initiative=initiative, quantity=Decimal("12.5"))
    f.ValueRecordFactory(
        initiative=other,
        quantity=Decimal("40"),
        deadweight_pct=Decimal("12.5"),
        attribution_pct=Decimal("30"),
    )
    f.ValueRecordFactory(
        initiative=other, indicator=None, dimension=counted.dimension, quantity=None
    )
    assert stored_tally()[("v_all", "", "")][:2] == (2, 3)
    assert stored_tally()[("v_spread", "1", "")][:2] == (2, 2)

    # A blockage makes the first initiative stuck again: its record now waits on the city too.
    def waiting() -> int:
        return sum(v[1] for (part, _k, _d), v in stored_tally().items() if part == "v_waiting")

    assert waiting() == 2  # the other initiative's two records
    f.BlockageFactory(initiative=initiative, department=social)
    assert waiting() == 3
    assert_exact()
    archive_item(obj=ValueRecord.objects.get(pk=counted.pk), by=servant)
    other.area = Area.objects.exclude(pk=other.area_id).first()
    other.save()
    assert_exact()
    # Two departments and no coordinator; given one, it no longer waits for one.
    several = ("inv_several", str(other.area_id), "")
    assert stored_tally()[several][:2] == (1, 1)
    other.coordinator = servant
    other.save()
    assert several not in stored_tally()
    assert_exact()

    Blockage.objects.get(pk=stuck.pk).delete()
    initiative.delete()
    assert_exact()
    assert not InitiativeTally.objects.filter(initiative_id=initiative.pk).exists()


def test_the_initiatives_stuck_now_count_their_reach_as_it_is_edited(servant):
    """The stuck initiatives per area with the people they reach and their volunteers, and
    the supported ones, come from the tally ("v_stuck", "v_supported"): an edit of the
    initiative, or a settled blockage, moves them at once, as the records count them."""
    initiative = f.InitiativeFactory(people_reached=40, volunteers=4)
    blockage = f.BlockageFactory(initiative=initiative)
    f.InitiativeFactory(people_reached=500, volunteers=50)  # not stuck

    def stuck() -> dict:
        return {area: tuple(counts) for area, _name, *counts in tally.value_stuck()}

    def waiting(query: str = "") -> list:
        return s.value_waiting(DashboardFilter(QueryDict(query))).rows

    assert stuck() == {initiative.area_id: (1, 40, 4)}
    initiative.people_reached, initiative.volunteers = 90, 6
    initiative.save()
    assert stuck() == {initiative.area_id: (1, 90, 6)}
    # The same row as the figure filtered by the initiative's area counts from the records.
    assert waiting() == waiting(f"area={initiative.area.slug}") != []
    assert_exact()

    resolve_today(blockage, by=servant)
    assert stuck() == {}
    assert waiting() == []
    assert_exact()


def test_a_later_day_of_support_moves_the_value_shares_with_it(servant):
    """An initiative the city supported before gets a commitment kept later: still supported,
    but its last day of support, which the value figures of a period read, moved."""
    initiative = f.InitiativeFactory()
    today = timezone.localdate()
    f.ValueRecordFactory(
        initiative=initiative,
        period_start=today - dt.timedelta(days=200),
        period_end=today,
        quantity=Decimal("40"),
    )
    for days_ago in (150, 10):
        promise = f.CommitmentFactory(
            initiative=initiative, promised_on=today - dt.timedelta(days=300), due_on=today
        )
        commitment_settle(
            commitment=promise,
            settled_by=servant,
            status=Commitment.Status.KEPT,
            settled_on=today - dt.timedelta(days=days_ago),
            note="Gedaan.",
        )
        assert_exact()
    since = DashboardFilter(QueryDict(f"since={today - dt.timedelta(days=30)}"))
    assert s.value_beside_support(since).rows[0][1:3] == [1, 1]  # supported, with value


def random_city(rng: random.Random) -> None:
    """A dozen initiatives with blockages (some handed off, settled or archived), ratings,
    commitments and value records, spread over the last 400 days (commitments due up to 200
    days ahead)."""
    departments = [
        f.department(name)
        for name in ("Stadsbeheer", "Stadsontwikkeling", "Maatschappelijke Ontwikkeling")
    ]
    frameworks = [f.PolicyFrameworkFactory() for _ in range(3)]
    today = timezone.localdate()
    for _ in range(12):
        initiative = f.InitiativeFactory()
        for _ in range(rng.randint(0, 4)):
            raised = today - dt.timedelta(days=rng.randint(0, 400))
            settled = rng.random() < 0.5
            blockage = f.BlockageFactory(
                initiative=initiative,
                department=rng.choice([*departments, None]),
                policy_framework=rng.choice([*frameworks, None]),
                category=rng.choice(["land", "permit", "other"]),
                raised_on=raised,
                status=Blockage.Status.RESOLVED if settled else Blockage.Status.OPEN,
                settled_on=raised + dt.timedelta(days=rng.randint(0, 90)) if settled else None,
            )
            others = [d for d in departments if d != blockage.department]
            for _ in range(rng.randint(0, 5)):
                f.BlockageHandoffFactory(blockage=blockage, to_department=rng.choice(others))
        for _ in range(rng.randint(0, 4)):
            due = today + dt.timedelta(days=rng.randint(-200, 200))
            status = rng.choice(list(Commitment.Status.values))
            f.CommitmentFactory(
                initiative=initiative,
                department=rng.choice(departments),
                promised_on=due - dt.timedelta(days=30),
                due_on=due,
                status=status,
                settled_on=due + dt.timedelta(days=rng.randint(-10, 10))
                if status != Commitment.Status.OPEN and rng.random() < 0.8
                else None,
            )

    for blockage in Blockage.objects.all():  # ratings, some of archived blockages
        for _ in range(rng.randint(0, 2)):
            rating = Rating.objects.create(
                initiative_id=blockage.initiative_id, blockage=blockage, score=rng.randint(1, 5)
            )
            ago = dt.timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 23))
            Rating.objects.filter(pk=rating.pk).update(created_at=timezone.now() - ago)
        if rng.random() < 0.2:
            Blockage.objects.filter(pk=blockage.pk).update(archived_at=timezone.now())
    announce_bulk_write(Blockage)  # (update() sends no signal)
    indicators = [f.indicator(code) for code in ("vrijwilligersuren", "bereikte-bewoners")]
    for initiative in Initiative.objects.all():
        for _ in range(rng.randint(0, 4)):
            measured, counted = rng.choice(indicators), rng.random() < 0.7
            f.ValueRecordFactory(
                initiative=initiative,
                indicator=measured if counted else None,
                dimension=measured.dimension,
                quantity=Decimal(rng.randint(0, 50000)) / 100 if counted else None,
                deadweight_pct=rng.choice([Decimal("0"), Decimal("10"), Decimal("33.33")]),
                attribution_pct=rng.choice([Decimal("0"), Decimal("25.5")]),
                evidence=rng.choice(list(Evidence.values)),
                archived_at=timezone.now() if rng.random() < 0.1 else None,
            )


def dated_figures(flt: DashboardFilter) -> tuple:
    """The blockage cube, the days to settle, the commitment cube and its bases, comparable."""
    bases = s._commitment_bases(flt)
    settle = s.blockages_days_to_settle(flt)
    return (
        {part: sorted(rows, key=repr) for part, rows in s._blockage_cube(flt).items()},
        (settle.rows, settle.total, settle.initiatives),
        sorted(
            ({**row, "quarter": str(row["quarter"])[:10]} for row in s._commitment_cube(flt)),
            key=repr,
        ),
        {**bases, "quarter": {str(k)[:10]: n for k, n in bases["quarter"].items()}},
    )


def test_the_unfiltered_figures_equal_those_counted_from_the_records(servant, monkeypatch):
    """The figures' own definitions (their queries with a filter) on the same data, today and
    on a later day (days held grow, open commitments fall overdue)."""
    random_city(random.Random(20))
    today = timezone.localdate()

    def figures() -> tuple:
        flt = DashboardFilter(QueryDict(""))
        return (
            *dated_figures(flt),
            {
                "pairs": {k: sorted(v) for k, v in s._value_read(flt)["pairs"].items()},
                "bases": s._value_read(flt)["bases"],
            },
            sorted(
                (
                    (*row[:6], *(None if v is None else round(v, 6) for v in row[6:]))
                    for row in s._value_cube(flt)
                ),
                key=repr,
            ),
            [
                figure(flt).rows
                for figure in (
                    s.value_by_indicator,
                    s.value_by_area_dimension,
                    s.value_beside_support,
                    s.value_waiting,
                    s.blockages_departments_per_initiative,
                    s.blockages_no_coordinator,
                    s.blockages_ratings,
                )
            ],
            {k: sorted(v) if k == "dist" else v for k, v in s._department_involvement(flt).items()},
        )

    for day in (today, today + dt.timedelta(days=150)):
        monkeypatch.setattr(s, "_today", lambda day=day: day)
        from_tally = figures()
        with monkeypatch.context() as m:
            m.setattr(DashboardFilter, "is_active", property(lambda self: True))
            from_records = figures()
        assert from_tally == from_records
        assert from_tally[0]["framework"]  # the data was not empty
        assert from_tally[4]["bases"]["all"] and from_tally[5]  # and there was value
        assert from_tally[-1]["links"]  # and initiatives with several departments
        assert Rating.objects.filter(blockage__archived_at__isnull=False).exists()


def test_a_period_counts_from_the_tally_what_the_records_count(servant, monkeypatch):
    """With a period and no other filter the blockage, commitment and rating figures read the
    tally's days: the same as the records of the period, whether the period starts or ends on
    the first or last day of a month, mid-month, inside one month, or runs into the future;
    today and on a later day. Where the tally cannot say how many initiatives a row rests on
    (days before and after the period and none inside) the figure reads the records."""
    random_city(random.Random(21))
    today = timezone.localdate()
    month = today.replace(day=1)
    last_month = (month - dt.timedelta(days=1)).replace(day=1)

    def figures(query: str) -> tuple:
        flt = DashboardFilter(QueryDict(query))
        return (*dated_figures(flt), s.blockages_ratings(flt).rows)

    def days(n: int) -> str:
        return (today + dt.timedelta(days=n)).isoformat()

    periods = [
        f"since={days(-100)}",
        f"since={month.isoformat()}",
        f"until={days(-50)}",
        f"until={days(120)}",
        f"since={days(-200)}&until={days(-20)}",
        f"since={month.isoformat()}&until={days(0)}",
        f"since={days(-400)}&until={days(300)}",
        f"since={last_month}&until={month - dt.timedelta(days=1)}",  # a whole month
        f"since={days(-45)}&until={days(-40)}",
        "since=0001-01-01&until=9999-12-31",  # the first and last days a date can have
        f"since={days(-30)}&until=9999-12-31",
    ]
    read = tally.period_rows
    answered, counted = [], []
    monkeypatch.setattr(tally, "period_rows", lambda *a: answered.append(read(*a)) or answered[-1])
    for day in (today, today + dt.timedelta(days=150)):
        monkeypatch.setattr(s, "_today", lambda day=day: day)
        for period in periods:
            from_tally = figures(period)
            with monkeypatch.context() as m:
                m.setattr(s, "_from_tally", lambda flt, read: None)
                from_records = figures(period)
            assert from_tally == from_records, period
            counted.append(bool(from_tally[0]["framework"] and from_tally[2]))
    assert sum(counted) >= len(periods)  # most periods held blockages and commitments
    assert any(rows is None for rows in answered)  # some periods read the records
    assert sum(rows is not None for rows in answered) > len(answered) / 2  # most the tally


def spread_value_periods(rng: random.Random) -> None:
    """Give every value record a period of its own: a single day, a few weeks or most of a
    year, some running into the future."""
    today = timezone.localdate()
    for pk in ValueRecord.objects.values_list("pk", flat=True):
        start = today - dt.timedelta(days=rng.randint(0, 500))
        end = start + dt.timedelta(days=rng.choice([0, rng.randint(1, 40), rng.randint(41, 330)]))
        ValueRecord.objects.filter(pk=pk).update(period_start=start, period_end=end)
    announce_bulk_write(ValueRecord)  # (update() sends no signal)


def value_figures(flt: DashboardFilter) -> tuple:
    """The value figures' shared reads and the figures drawn from them, comparable: the sums
    pro rata of a period as numbers close enough (floats added in another order)."""
    read = s._value_read(flt)
    return (
        {k: sorted(v) for k, v in read["pairs"].items()},
        read["bases"],
        [
            (*row[:6], *(v if v is None else pytest.approx(v, rel=1e-9) for v in row[6:]))
            for row in sorted(s._value_cube(flt), key=lambda row: repr(row[:6]))
        ],
        [
            figure(flt).rows
            for figure in (
                s.value_by_dimension,
                s.value_by_area_dimension,
                s.value_dimensions_per_initiative,
                s.value_evidence,
                s.value_by_indicator,
                s.value_beside_support,
                s.value_waiting,
            )
        ],
    )


def test_a_period_counts_the_value_from_the_tally(servant, monkeypatch):
    """With a period and no other filter the value figures read the tally: the records whose
    own period overlaps it, their quantities pro rata of their days inside it, and, for a
    period open at one end, the initiatives with such a record per row and how many dimensions
    each has in it; the same as the records of the period say. The initiatives of a period
    with both ends are counted from the records."""
    random_city(random.Random(22))
    spread_value_periods(random.Random(23))
    today = timezone.localdate()

    def days(n: int) -> str:
        return (today + dt.timedelta(days=n)).isoformat()

    read, cube = tally.value_read, tally.value_cube
    answered, summed = [], []
    monkeypatch.setattr(tally, "value_read", lambda *a: answered.append(read(*a)) or answered[-1])
    monkeypatch.setattr(tally, "value_cube", lambda *a: summed.append(cube(*a)) or summed[-1])
    periods = [
        f"since={days(-100)}",
        f"since={today.replace(day=1).isoformat()}",
        f"since={days(0)}",
        f"since={days(60)}",
        f"until={days(-300)}",
        f"until={days(-1)}",
        f"until={days(200)}",
        "since=0001-01-01",
        "until=9999-12-31",
        f"since={days(-200)}&until={days(-20)}",
        f"since={days(-45)}&until={days(-40)}",
        f"since={days(-400)}&until={days(300)}",
        f"since={days(-30)}&until=9999-12-31",
        "since=0001-01-01&until=9999-12-31",
    ]
    both = 5  # (the periods with both ends)
    spread = set()
    for period in periods:
        flt = DashboardFilter(QueryDict(period))
        from_tally = value_figures(flt)
        with monkeypatch.context() as m:
            m.setattr(s, "_from_tally", lambda flt, read: None)
            from_records = value_figures(DashboardFilter(QueryDict(period)))
        assert from_tally == from_records, period
        spread |= {k for k, _n in from_tally[0]["spread"]}
    assert spread >= {1, 2}  # initiatives with one dimension in a period and with two
    assert [rows is None for rows in answered] == [False] * (len(periods) - both) + [True] * both
    assert len(summed) == len(periods) and all(summed)  # the cube from the tally each time


def tally_versions() -> dict[str, str]:
    """The version of each kind of the tally's rows, and of the parts with their own
    (``tally.VERSIONS``, ``tally.version_name``)."""
    versions = cache.table_versions()
    return {name: versions.get(tally.version_name(name), "0") for name in tally.VERSIONS}


def changed_versions(before: dict[str, str]) -> set[str]:
    return {name for name, version in tally_versions().items() if version != before[name]}


def test_a_write_changes_the_version_of_its_own_kind_of_tally_only(servant):
    """What keeps the other figures cached: a blockage leaves the commitments' tally and its
    version alone, a contact with a department the initiative knew leaves all of them."""
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    f.BlockageFactory(initiative=initiative, department=social)
    before, rows = tally_versions(), stored_tally()
    logged_contact(initiative, servant, social)
    assert tally_versions() == before
    assert stored_tally() == rows

    f.BlockageFactory(initiative=initiative, department=social)
    after = tally_versions()
    assert after["blockages"] != before["blockages"]
    assert {k: v for k, v in after.items() if k != "blockages"} == {
        k: v for k, v in before.items() if k != "blockages"
    }

    logged_contact(initiative, servant, f.department("Stadsbeheer"))  # a second department
    assert tally_versions()["involvement"] != after["involvement"]
    assert tally_versions()["commitments"] == after["commitments"]


def test_a_blockage_raised_leaves_the_days_to_settle_and_the_value_recorded_alone(servant):
    """The days blockages took to settle and the value beside what the city did have versions
    of their own: a blockage raised changes the open blockages and makes its initiative stuck
    (the value beside the city), not the days to settle nor the value recorded, whose figures
    stay cached; its settling changes the days too."""
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    logged_contact(initiative, servant, social)  # a department it already deals with
    f.ValueRecordFactory(initiative=initiative)
    before = tally_versions()
    blockage = f.BlockageFactory(initiative=initiative, department=social)
    assert changed_versions(before) == {"blockages", "values_beside"}

    before = tally_versions()
    resolve_today(blockage, by=servant)
    assert changed_versions(before) == {"blockages", "blockages_settled", "values_beside"}
    assert_exact()


def test_a_write_without_signals_counts_everything_again(servant):
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    Blockage.objects.bulk_create(
        [
            Blockage(
                initiative=initiative,
                department=social,
                description="In bulk.",
                severity="low",
                category="other",
            )
        ]
    )
    assert ("open_all", "", "") not in stored_tally()  # no signal: nothing followed yet
    before = tally_versions()
    announce_bulk_write(Blockage)
    assert stored_tally()[("open_all", "", "")][:2] == (1, 1)
    assert changed_versions(before) == set(tally.VERSIONS)
    assert_exact()


def test_percentile_of_counts_is_the_percentile_of_the_values_written_out():
    rng = random.Random(7)
    for _ in range(200):
        pairs = [(rng.randint(0, 60), rng.randint(0, 4)) for _ in range(rng.randint(0, 12))]
        values = [value for value, n in pairs for _ in range(n)]
        for fraction in (0.0, 0.5, 0.9, 1.0):
            assert percentile_of_counts(pairs, fraction) == percentile(values, fraction)


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_writers_at_once_leave_the_tally_exact(reference_data):
    """Writers of different initiatives add to the same rows at once (PostgreSQL serialises
    each row); two writers of one initiative take its lock in turn, the second deriving from a
    snapshot that holds the first's commit."""
    social = f.department("Maatschappelijke Ontwikkeling")
    initiatives = [f.InitiativeFactory() for _ in range(4)]
    shared = initiatives[0]
    start, failures = threading.Barrier(6), []

    def raise_one(initiative):
        def write():
            start.wait(10)
            f.BlockageFactory(initiative=initiative, department=social)
            f.CommitmentFactory(initiative=initiative, department=social)

        return write

    threads = [writer_thread(raise_one(i), failures) for i in (*initiatives, shared, shared)]
    for thread in threads:
        thread.join()
    assert not failures
    assert stored_tally()[("open_all", "", "")][:2] == (4, 6)
    assert stored_tally()[("commit_all", "", "")][:2] == (4, 6)
    assert_exact()


def test_every_figure_reading_the_tally_depends_on_the_version_of_its_kind(servant):
    """A write bumps the version of its kind of the tally's rows, not the table's: a figure
    that read the table without saying which kind would never be computed again."""
    from partnership.dashboards import reads
    from partnership.dashboards.registry import DASHBOARDS

    f.BlockageFactory(initiative=f.InitiativeFactory())
    readers = []
    for board in DASHBOARDS:
        for figure in board.figures:
            flt = DashboardFilter(QueryDict(""))
            with reads.recording() as read:
                figure.selector(flt)
            if Tally._meta.db_table in read:
                readers.append(figure.key)
                kinds = {name for name in read if name.startswith(f"{Tally._meta.db_table}:")}
                assert kinds, f"{board.slug} {figure.key}"
    assert len(readers) >= 10  # blockages, commitments, value and involvement figures
