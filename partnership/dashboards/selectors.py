"""One function per dashboard figure, aggregated in the database in a fixed number of queries
whatever the number of initiatives, each obeying the dashboard filters.

Every selector takes the bound ``DashboardFilter`` and returns a ``Table`` of final numbers
(shares rounded here), so page, chart and export show exactly the same. Figures that read the
same records share one grouped read per page (``memo``): the initiatives grouped four ways, a
"cube" of blockages, of commitments and of value records, the department involvement. Python
only touches those aggregated rows (bounded by areas, departments, categories, quarters, the
value framework), never the records themselves.

Relevant dates for the period filter: initiatives by ``started_on``; blockages by ``raised_on``
(days to settle by ``settled_on``); commitments by ``due_on``; requests by ``submitted_on``;
ratings by the day they were given; value records by their own period (overlap); contracts by
``start_on``; cooperation with partners by ``since``.

Counts never name people: no user field is ever selected here.
"""

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    Greatest,
    Least,
    TruncDate,
    TruncQuarter,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from initiatives.accounts.models import Department
from initiatives.models import (
    Area,
    Domain,
    Initiative,
    InitiativePartner,
    PartnerOrganisation,
    Status,
    Theme,
    translated_name,
)
from partnership.dashboards import tally
from partnership.dashboards.filters import DashboardFilter
from partnership.dashboards.models import (
    RANKED,
    InitiativeFact,
    InvolvementDay,
    InvolvementRank,
    InvolvementSpan,
    SupportDay,
    SupportSpan,
)
from partnership.dashboards.reads import memo
from partnership.dashboards.tables import SMALL_CELL, Column, Table, money, rounded, share
from partnership.models import (
    Blockage,
    BlockageHandoff,
    CityRequest,
    Commitment,
    Contract,
    PolicyFramework,
    Rating,
    RefusalGround,
)
from partnership.selectors.intake import intake_clock_on, intake_term
from partnership.stats import percentile
from publicvalue.models import Evidence, Indicator, ValueDimension, ValueRecord

AUDIT_OFFICE_SATISFIED_PCT = 40  # Rekenkamer Rotterdam: 40% of initiators satisfied.
TOP_FRAMEWORKS = 15
LISTED_INITIATIVES = 25
GRANTED = (CityRequest.Decision.GRANTED, CityRequest.Decision.GRANTED_WITH_CONDITIONS)
# SMALL_CELL (from tables): figures resting on fewer initiatives than this are not shown exactly
# to council members and visitors (one initiator's opinion, one private initiative's figures).
INITIATIVE_FILTERS = ("area", "domain", "theme")


def too_few_initiatives(flt: DashboardFilter) -> bool:
    """Whether the chosen area, domain or theme leaves fewer than ``SMALL_CELL`` initiatives
    (archived ones left out, private ones counted). No filter on initiatives: no query."""
    if not any(k in flt.values for k in INITIATIVE_FILTERS):
        return False
    return Initiative.objects.filter(flt.q(""))[:SMALL_CELL].count() < SMALL_CELL


# --- database helpers -------------------------------------------------------------------------


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (two dates), on PostgreSQL and SQLite alike."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        return f"({end[0]} - {start[0]})", (*end[1], *start[1])

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        sql = f"CAST(julianday({end[0]}) - julianday({start[0]}) AS INTEGER)"
        return sql, (*end[1], *start[1])


@contextmanager
def read_snapshot():
    """Compute a page's figures inside one read-only transaction, so that on PostgreSQL they
    all come from the same snapshot (REPEATABLE READ: the numbers of one page agree with each
    other even while people write), with just-in-time compilation off: for these short
    aggregates PostgreSQL would spend longer compiling a plan it over-estimates than running
    it. On SQLite this does nothing. One extra statement, whatever the data size."""
    if connection.vendor != "postgresql":
        yield
        return
    if connection.in_atomic_block:
        # Already in a transaction (a test, ATOMIC_REQUESTS): its snapshot rules; JIT off till
        # its end.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL jit = off"
            )
        yield


def filter_options() -> dict[str, list[tuple[str, str]]]:
    """The areas and themes the filter form offers, (slug, name): cached with the figures, so
    a warm page does not query them."""
    return {
        "areas": list(Area.objects.order_by("name").values_list("slug", "name")),
        "themes": list(Theme.objects.order_by("name").values_list("slug", "name")),
    }


def _today() -> dt.date:
    return timezone.localdate()


def _today_value():
    return Cast(Value(_today()), output_field=DateField())


def _quarter_key(day) -> tuple[int, int]:
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return day.year, (day.month - 1) // 3 + 1


MAX_FILLED_QUARTERS = (
    80  # beyond 20 years (a due date typed as 2099) list only the quarters present
)


def _quarters(keys) -> list[tuple[int, int]]:
    """Every quarter from the first to the last present, so gaps show as zero."""
    keys = sorted(keys)
    if not keys:
        return []
    (year, quarter), last, out = keys[0], keys[-1], []
    if (last[0] - year) * 4 + last[1] - quarter > MAX_FILLED_QUARTERS:
        return keys
    while (year, quarter) <= last:
        out.append((year, quarter))
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return out


def _quarter_text(key: tuple[int, int]) -> str:
    return gettext("%(year)s Q%(quarter)s") % {"year": key[0], "quarter": key[1]}


def _day(value) -> dt.date:
    """A date read by ``_fetch``: SQLite hands it over as text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _initiative_bases(queryset, **groupings) -> dict:
    """How many distinct initiatives the records of ``queryset`` rest on, per group of every
    grouping (keyed by the group's value as text) and over all (``"all"``), in one query.

    The small-cell basis of the figures that count records: five commitments of one initiative
    rest on one initiative, so a council member must not read them exactly. The records are
    read once (a common table expression) and each grouping first made distinct per
    initiative, then counted: cheaper than a COUNT(DISTINCT ...) per grouping."""
    columns = {f"g_{name}": expression for name, expression in groupings.items()}
    inner, params = (
        queryset.order_by().values(ini=F("initiative_id"), **columns).query.sql_with_params()
    )
    parts = [
        f"SELECT '{name}', CAST(g_{name} AS TEXT), COUNT(*) FROM "
        f"(SELECT g_{name}, ini FROM b GROUP BY g_{name}, ini) x GROUP BY g_{name}"
        for name in groupings
    ]
    parts.append("SELECT 'all', NULL, COUNT(*) FROM (SELECT ini FROM b GROUP BY ini) x")
    out: dict = {name: {} for name in groupings}
    out["all"] = 0
    for part, key, n in _fetch(f"WITH b AS ({inner}) " + " UNION ALL ".join(parts), params):
        if part == "all":
            out["all"] = int(n)
        else:
            out[part][key] = int(n)
    return out


def _grouped_and_all(queryset, groups: dict, sums: tuple[str, ...] = ()) -> tuple[list, tuple]:
    """The records of ``queryset`` per group of ``groups`` (name: expression) and over all, in
    one query: (group values..., records, distinct initiatives, sums of the ``sums`` fields...)
    per group, and (records, initiatives, sums...) over all. The initiatives are the small-cell
    basis of a figure counting records, its total row included."""
    inner, params = (
        queryset.order_by()
        .values(
            ini=F("initiative_id"),
            **{f"g_{name}": expression for name, expression in groups.items()},
            **{f"s_{name}": F(name) for name in sums},
        )
        .query.sql_with_params()
    )
    keys = ", ".join(f"g_{name}" for name in groups)
    nulls = ", ".join("NULL" for _name in groups)
    measures = ", ".join(["COUNT(*)", "COUNT(DISTINCT ini)", *(f"SUM(s_{n})" for n in sums)])
    sql = (
        f"WITH r AS ({inner}) SELECT 0, {keys}, {measures} FROM r GROUP BY {keys} "
        f"UNION ALL SELECT 1, {nulls}, {measures} FROM r"
    )

    def amounts(values) -> list:
        # SQLite sums decimals as floats: back to Decimal through their shortest text.
        return [None if v is None else Decimal(str(v)) for v in values]

    rows, everything = [], (0, 0, *(None for _n in sums))
    width = len(groups)
    for part, *values in _fetch(sql, params):
        n, initiatives = int(values[width] or 0), int(values[width + 1] or 0)
        measured = (n, initiatives, *amounts(values[width + 2 :]))
        if part:
            everything = measured
        else:
            rows.append((*values[:width], *measured))
    return rows, everything


def _distribution_table(rows, *, first: str, cap: int, noun: str, start: int) -> Table:
    counts = {bucket: n for bucket, n, _ in rows}
    total = sum(counts.values())
    table_rows = []
    for bucket in range(start, cap + 1):
        label = gettext("%(count)s or more") % {"count": cap} if bucket == cap else str(bucket)
        table_rows.append([label, counts.get(bucket, 0), share(counts.get(bucket, 0), total)])
    return Table(
        columns=[
            Column("bucket", first, numeric=False),
            Column("count", noun),
            Column("share", gettext("share (%)")),
        ],
        rows=table_rows,
        total=[gettext("Total"), total, 100.0 if total else None],
        count_column="count",
    )


# --- 1. De beweging ---------------------------------------------------------------------------


def _areas(flt: DashboardFilter) -> list[tuple[int, str]]:
    return memo(flt, "areas", lambda: list(Area.objects.order_by("name").values_list("id", "name")))


def _movement(flt: DashboardFilter) -> dict[str, dict]:
    """The initiatives in scope counted per area (with volunteers, reach and named points of
    contact), per domain, per status and per quarter of their start: one read of the
    initiatives, grouped four ways in the same query, shared by the figures below."""

    def load():
        inner, params = (
            Initiative.objects.filter(flt.q("", "started_on"))
            .annotate(quarter=TruncQuarter("started_on"))
            .order_by()
            .values(
                "area_id",
                "domain",
                "status",
                "quarter",
                "volunteers",
                "people_reached",
                "point_of_contact_id",
            )
            .query.sql_with_params()
        )
        sql = f"""
            WITH i AS ({inner})
            SELECT 'area' AS part, CAST(area_id AS TEXT) AS k, COUNT(*) AS n,
                   SUM(volunteers) AS v, SUM(people_reached) AS r, COUNT(point_of_contact_id) AS p
            FROM i GROUP BY area_id
            UNION ALL SELECT 'domain', domain, COUNT(*), 0, 0, 0 FROM i GROUP BY domain
            UNION ALL SELECT 'status', status, COUNT(*), 0, 0, 0 FROM i GROUP BY status
            UNION ALL SELECT 'quarter', CAST(quarter AS TEXT), COUNT(*), 0, 0, 0 FROM i
                WHERE quarter IS NOT NULL GROUP BY quarter
        """
        out: dict[str, dict] = {"area": {}, "domain": {}, "status": {}, "quarter": {}}
        for part, key, n, volunteers, reached, named in _fetch(sql, params):
            if part == "area":
                key = int(key)
            elif part == "quarter":
                key = _quarter_key(dt.date.fromisoformat(str(key)[:10]))
            out[part][key] = (int(n), int(volunteers or 0), int(reached or 0), int(named or 0))
        return out

    return memo(flt, "movement", load)


def movement_by_area(flt: DashboardFilter) -> Table:
    counts = _movement(flt)["area"]
    data = [[name, counts.get(pk, (0,))[0]] for pk, name in _areas(flt)]
    return Table(
        columns=[
            Column("area", gettext("Area"), False),
            Column("initiatives", gettext("Initiatives")),
        ],
        rows=data,
        total=[gettext("Total"), sum(r[1] for r in data)],
        count_column="initiatives",
    )


def movement_by_theme(flt: DashboardFilter) -> Table:
    q = flt.q("initiatives__", "initiatives__started_on")
    rows = Theme.objects.annotate(n=Count("initiatives", filter=q)).order_by("name")
    data = sorted(
        (
            [translated_name(name, name_en), n]
            for name, name_en, n in rows.values_list("name", "name_en", "n")
        ),
        key=lambda r: r[0],
    )
    return Table(
        columns=[
            Column("theme", gettext("Theme"), False),
            Column("initiatives", gettext("Initiatives")),
        ],
        rows=data,
        count_column="initiatives",
        note=gettext("An initiative with several themes counts once under each."),
    )


def movement_by_domain(flt: DashboardFilter) -> Table:
    counts = _movement(flt)["domain"]
    data = [[str(label), counts.get(value, (0,))[0]] for value, label in Domain.choices]
    return Table(
        columns=[
            Column("domain", gettext("Domain"), False),
            Column("initiatives", gettext("Initiatives")),
        ],
        rows=data,
        total=[gettext("Total"), sum(r[1] for r in data)],
        count_column="initiatives",
    )


def movement_by_status(flt: DashboardFilter) -> Table:
    counts = _movement(flt)["status"]
    data = [[str(label), counts.get(value, (0,))[0]] for value, label in Status.choices]
    return Table(
        columns=[
            Column("status", gettext("Status"), False),
            Column("initiatives", gettext("Initiatives")),
        ],
        rows=data,
        total=[gettext("Total"), sum(r[1] for r in data)],
        count_column="initiatives",
    )


def movement_started_per_quarter(flt: DashboardFilter) -> Table:
    counts = _movement(flt)["quarter"]
    data = [[_quarter_text(key), counts.get(key, (0,))[0]] for key in _quarters(counts)]
    return Table(
        columns=[
            Column("quarter", gettext("Quarter"), False),
            Column("started", gettext("Initiatives started")),
        ],
        rows=data,
        total=[gettext("Total"), sum(r[1] for r in data)],
        count_column="started",
    )


def movement_volunteers_reach(flt: DashboardFilter) -> Table:
    counts = _movement(flt)["area"]
    data = [[name, *counts.get(pk, (0, 0, 0, 0))[:3]] for pk, name in _areas(flt)]
    return Table(
        columns=[
            Column("area", gettext("Area"), False),
            Column("initiatives", gettext("Initiatives")),
            Column("volunteers", gettext("Volunteers")),
            Column("reached", gettext("People reached")),
        ],
        rows=data,
        total=[gettext("Total"), *(sum(r[i] for r in data) for i in (1, 2, 3))],
        count_column="volunteers",
    )


def movement_point_of_contact(flt: DashboardFilter) -> Table:
    counts = _movement(flt)["area"]
    data = []
    for pk, name in _areas(flt):
        n, _volunteers, _reached, named = counts.get(pk, (0, 0, 0, 0))
        data.append([name, n, named, n - named, share(named, n)])
    n, named = sum(r[1] for r in data), sum(r[2] for r in data)
    return Table(
        columns=[
            Column("area", gettext("Area"), False),
            Column("initiatives", gettext("Initiatives")),
            Column("named", gettext("With a named point of contact")),
            Column("without", gettext("Without")),
            Column("share", gettext("share with one (%)")),
        ],
        rows=data,
        total=[gettext("Total"), n, named, n - named, share(named, n)],
        count_column="initiatives",
    )


def movement_time_to_point_of_contact(flt: DashboardFilter) -> Table:
    """Per area, for the initiatives registered in the period: how many got a point of contact,
    the median number of working days it took, how many within the city's term and how many
    still wait past it. One query reads each initiative's area and its two moments (no names);
    working days are counted in Python (``partnership.clock``), as SQL has no calendar of them.
    Initiatives named before the moment was recorded count as registered only."""
    term, today = intake_term(), _today()
    named = Q(point_of_contact__isnull=False)
    # The clock runs on local days: the database gives each initiative's registration day and
    # the day its point of contact was named (none when no one is named now: it waits again),
    # read as plain rows: no moment converted, no value converted per row in Python.
    sql, params = (
        Initiative.objects.filter(flt.q("", "created_at__date"))
        .annotate(
            registered_on=TruncDate("created_at"),
            assigned_on=TruncDate(
                Case(When(named, then=F("point_of_contact_assigned_at")), default=None)
            ),
            # Named before the moment was recorded: counted as registered only, no clock.
            unclocked=Case(
                When(named & Q(point_of_contact_assigned_at__isnull=True), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by()
        .values_list("area_id", "registered_on", "assigned_on", "unclocked")
        .query.sql_with_params()
    )
    per_area: dict[int, dict] = {}
    for area_id, registered_on, assigned_on, unclocked in _fetch(sql, params):
        a = per_area.setdefault(area_id, {"n": 0, "days": [], "within": 0, "waiting_late": 0})
        a["n"] += 1
        if unclocked:
            continue
        clock = intake_clock_on(
            registered_on=_day(registered_on),
            assigned_on=None if assigned_on is None else _day(assigned_on),
            term=term,
            today=today,
        )
        if clock.is_assigned:
            a["days"].append(clock.waited)
            a["within"] += not clock.is_late
        elif clock.is_late:
            a["waiting_late"] += 1

    def line(label, n, days, within, waiting_late):
        named = len(days)
        decided = named + waiting_late  # the outcome is known: named, or the term has passed
        return [
            label,
            n,
            named,
            rounded(percentile(days, 0.5)),
            within,
            named - within,
            waiting_late,
            share(within, decided),
        ]

    empty = {"n": 0, "days": [], "within": 0, "waiting_late": 0}
    data = [line(name, **per_area.get(pk, empty)) for pk, name in _areas(flt)]
    everything = list(per_area.values())
    total = line(
        gettext("Total"),
        sum(a["n"] for a in everything),
        [d for a in everything for d in a["days"]],
        sum(a["within"] for a in everything),
        sum(a["waiting_late"] for a in everything),
    )
    return Table(
        columns=[
            Column("area", gettext("Area"), False),
            Column("registered", gettext("Registered")),
            Column("named", gettext("Point of contact named")),
            Column("median", gettext("Median working days to a point of contact")),
            Column("within_term", gettext("Named within the term")),
            Column("late", gettext("Named after the term")),
            Column("waiting_late", gettext("Still waiting past the term")),
            Column("share", gettext("share within the term (%)")),
        ],
        rows=data,
        total=total,
        count_column="registered",
        summary=[(gettext("Term (working days)"), term)],
    )


# --- 2. Waar het vastloopt --------------------------------------------------------------------


def _scope(flt: DashboardFilter, date: str | None = None, field: str = "initiative_id") -> Q:
    """Records (through their non-null ``field``) of the initiatives in scope, and the period on
    ``date``: the same records as ``flt.q("initiative__", date)`` without joining every record to
    its initiative. Without an area, domain or theme the initiatives in scope are all but the
    archived ones: the records of archived initiatives are left out (a handful of ids, hashed)
    instead of the live ones matched (every initiative read); with a filter, the records of the
    matching initiatives are kept."""
    if any(k in flt.values for k in INITIATIVE_FILTERS):
        inside = Q(**{f"{field}__in": Initiative.objects.filter(flt.q("")).values("id")})
    else:
        archived = Initiative.objects.filter(archived_at__isnull=False).values("id")
        inside = Q(**{f"{field}__isnull": False}) & ~Q(**{f"{field}__in": archived})
    return inside & flt.period_q(date) if date else inside


def _from_tally(flt: DashboardFilter, read):
    """``read(period)`` from the tally where it counts this filter: none (``period`` None),
    or a period alone ((since, until): None where the tally cannot say, ``tally.period_rows``);
    None with any other filter (the figure reads the records)."""
    if not flt.is_active:
        return read(None)
    if any(k in flt.values for k in INITIATIVE_FILTERS):
        return None
    if flt.period_start or flt.period_end:
        return read((flt.period_start, flt.period_end))
    return None


def _blockages(flt: DashboardFilter, date: str = "raised_on"):
    return Blockage.objects.filter(_scope(flt, date), archived_at__isnull=True)


HANDOFF_CAP = 4


def _blockage_cube(flt: DashboardFilter) -> dict[str, list[tuple]]:
    """The blockages raised in scope, read once (only the columns counted: with a period, from
    the covering index ``blockage_dashboard_idx``) and grouped in the same query: the open ones
    per department and category (the heat table), per department, per category and over all;
    all of them per policy framework with the days they were held; and per number of hand-offs
    (capped). Every group carries the distinct initiatives it rests on (the small-cell basis).
    Departments and frameworks are grouped by id (their names are unique) and named on the few
    grouped rows only.

    Per part, rows of (department or framework name or hand-off bucket, category, blockages,
    open ones or hand-offs, days held, initiatives)."""

    def load():
        cube = _from_tally(flt, lambda period: tally.blockage_cube(_today(), period))
        if cube is not None:
            return cube
        inner, params = (
            _blockages(flt)
            .annotate(
                held=DaysBetween(
                    Coalesce(F("settled_on"), _today_value(), output_field=DateField()),
                    F("raised_on"),
                ),
                is_open=Case(
                    When(status__in=Blockage.OPEN_STATUSES, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            )
            .order_by()
            .values(
                "id",
                "category",
                "held",
                "is_open",
                ini=F("initiative_id"),
                dept=F("department_id"),
                fw=F("policy_framework_id"),
            )
            .query.sql_with_params()
        )
        qn = connection.ops.quote_name
        handoffs = qn(BlockageHandoff._meta.db_table)
        departments = qn(Department._meta.db_table)
        frameworks = qn(PolicyFramework._meta.db_table)
        bucket = f"CASE WHEN handed >= {int(HANDOFF_CAP)} THEN {int(HANDOFF_CAP)} ELSE handed END"
        # Each grouping is first made per initiative (hashed), then counted: the initiatives
        # a group rests on without a COUNT(DISTINCT ...) sorting the blockages once per group.
        sql = f"""
            WITH b AS (
                SELECT b.ini, b.dept, b.fw, b.category, b.is_open, b.held,
                       COALESCE(h.n, 0) AS handed
                FROM ({inner}) b
                LEFT JOIN (SELECT blockage_id, COUNT(*) AS n FROM {handoffs}
                           WHERE from_department_id IS NOT NULL GROUP BY blockage_id) h
                    ON h.blockage_id = b.id
            ),
            open_b AS (
                SELECT dept, category, ini, COUNT(*) AS n FROM b WHERE is_open = 1
                GROUP BY dept, category, ini
            ),
            per_fw AS (
                SELECT fw, ini, COUNT(*) AS n, SUM(is_open) AS c, SUM(held) AS d FROM b
                GROUP BY fw, ini
            ),
            per_bucket AS (
                SELECT {bucket} AS bucket, ini, COUNT(*) AS n, SUM(handed) AS c FROM b
                GROUP BY {bucket}, ini
            ),
            g AS (
                SELECT 'open' AS part, dept AS k, category AS cat, SUM(n) AS n, 0 AS c, 0 AS d,
                       COUNT(*) AS i
                FROM open_b GROUP BY dept, category
                UNION ALL
                SELECT 'open_dept', dept, NULL, SUM(n), 0, 0, COUNT(*)
                FROM (SELECT dept, ini, SUM(n) AS n FROM open_b GROUP BY dept, ini) x
                GROUP BY dept
                UNION ALL
                SELECT 'open_cat', NULL, category, SUM(n), 0, 0, COUNT(*)
                FROM (SELECT category, ini, SUM(n) AS n FROM open_b GROUP BY category, ini) x
                GROUP BY category
                UNION ALL
                SELECT 'open_all', NULL, NULL, COALESCE(SUM(n), 0), 0, 0, COUNT(*)
                FROM (SELECT ini, SUM(n) AS n FROM open_b GROUP BY ini) x
                UNION ALL
                SELECT 'framework', fw, NULL, SUM(n), SUM(c), SUM(d), COUNT(*)
                FROM per_fw GROUP BY fw
                UNION ALL
                SELECT 'handoffs', bucket, NULL, SUM(n), SUM(c), 0, COUNT(*)
                FROM per_bucket GROUP BY bucket
                UNION ALL
                SELECT 'handoffs_all', NULL, NULL, COALESCE(SUM(n), 0), 0, 0, COUNT(*)
                FROM (SELECT ini, SUM(n) AS n FROM per_bucket GROUP BY ini) x
            )
            SELECT g.part, g.k, COALESCE(d.name, f.name), COALESCE(f.category, g.cat),
                   g.n, g.c, g.d, g.i
            FROM g
            LEFT JOIN {departments} d ON g.part IN ('open', 'open_dept') AND d.id = g.k
            LEFT JOIN {frameworks} f ON g.part = 'framework' AND f.id = g.k
        """
        out: dict[str, list[tuple]] = {
            "open": [],
            "open_dept": [],
            "open_cat": [],
            "open_all": [],
            "framework": [],
            "handoffs": [],
            "handoffs_all": [],
        }
        for part, key, name, category, n, c, d, i in _fetch(sql, params):
            first = key if part == "handoffs" else name
            out[part].append((first, category, int(n), int(c or 0), int(d or 0), int(i)))
        return out

    return memo(flt, "blockage_cube", load)


def _blockage_bases(flt: DashboardFilter) -> dict:
    """The initiatives the blockages rest on (from the cube): the open ones per department ×
    category (keyed "department|category", an unrouted one's department as ""), per department
    and per category, all open ones, and all of them per policy framework."""
    cube = _blockage_cube(flt)
    return {
        "cell": {f"{dept or ''}|{cat}": i for dept, cat, _n, _c, _d, i in cube["open"]},
        "dept": {dept: i for dept, _cat, _n, _c, _d, i in cube["open_dept"]},
        "cat": {cat: i for _dept, cat, _n, _c, _d, i in cube["open_cat"]},
        "everything": {"open": sum(i for *_rest, i in cube["open_all"])},
        "fw": {name: i for name, _cat, _n, _c, _d, i in cube["framework"]},
    }


def blockages_open_heat(flt: DashboardFilter) -> Table:
    categories = list(Blockage._meta.get_field("category").choices)
    matrix: dict[str, dict[str, int]] = {}
    for department, category, n, _c, _d, _i in _blockage_cube(flt)["open"]:
        # Blockages raised without knowing the department wait in triage: their own row.
        matrix.setdefault(department or gettext("Not yet routed (triage)"), {})[category] = n
    departments = sorted(matrix, key=lambda d: (-sum(matrix[d].values()), d))
    data = []
    for department in departments:
        cells = [matrix[department].get(code, 0) for code, _label in categories]
        data.append([department, *cells, sum(cells)])
    totals = [sum(r[i] for r in data) for i in range(1, len(categories) + 2)]
    bases = _blockage_bases(flt)
    initiatives = [
        {
            **{code: bases["cell"].get(f"{department}|{code}", 0) for code, _l in categories},
            "total": bases["dept"].get(department, 0),
        }
        for department in departments
    ]
    initiatives.append(
        {
            **{code: bases["cat"].get(code, 0) for code, _l in categories},
            "total": bases["everything"].get("open", 0),
        }
    )
    return Table(
        columns=[
            Column("department", gettext("Department"), False),
            *(Column(code, str(label)) for code, label in categories),
            Column("total", gettext("Total")),
        ],
        rows=data,
        total=[gettext("Total"), *totals],
        count_column="total",
        initiatives=initiatives,
    )


def blockages_days_to_settle(flt: DashboardFilter) -> Table:
    settled = _blockages(flt, "settled_on").filter(
        status__in=Blockage.SETTLED, settled_on__isnull=False
    )
    days = settled.annotate(days=DaysBetween(F("settled_on"), F("raised_on")))
    labels = dict(Blockage._meta.get_field("category").choices)
    counted = _from_tally(flt, tally.days_to_settle)
    if counted is not None:
        by_category, total = counted
    elif connection.vendor == "postgresql":
        # One query: per category and over all (the empty grouping set) at once.
        inner, params = (
            days.order_by().values("category", "days", "initiative_id").query.sql_with_params()
        )
        rows = _fetch(
            "SELECT category, GROUPING(category), COUNT(*), "
            "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days), "
            "PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY days), "
            "COUNT(DISTINCT initiative_id) "
            f"FROM ({inner}) sub GROUP BY GROUPING SETS ((category), ())",
            params,
        )
        by_category = {c: (n, median, p90, ini) for c, g, n, median, p90, ini in rows if not g}
        total = next(
            ((n, median, p90, ini) for _c, g, n, median, p90, ini in rows if g),
            (0, None, None, 0),
        )
    else:
        # SQLite has no PERCENTILE_CONT: fetch only the sorted day counts and the initiatives
        # they belong to (one query).
        pairs = days.order_by("category", "days").values_list("category", "days", "initiative_id")
        groups: dict[str, list[int]] = {}
        owners: dict[str, set[int]] = {}
        for category, value, initiative in pairs:
            groups.setdefault(category, []).append(value)
            owners.setdefault(category, set()).add(initiative)
        by_category = {
            c: (len(v), percentile(v, 0.5), percentile(v, 0.9), len(owners[c]))
            for c, v in groups.items()
        }
        everything = sorted(v for values in groups.values() for v in values)
        total = (
            len(everything),
            percentile(everything, 0.5),
            percentile(everything, 0.9),
            len(set().union(*owners.values())),
        )
    ranked = sorted(by_category.items(), key=lambda kv: (-kv[1][0], kv[0]))
    data = [
        [str(labels[c]), n, rounded(median), rounded(p90)] for c, (n, median, p90, _i) in ranked
    ]
    return Table(
        columns=[
            Column("category", gettext("Category"), False),
            Column("settled", gettext("Settled blockages")),
            Column("median", gettext("Median days to settle")),
            Column("p90", gettext("90th percentile (days)")),
        ],
        rows=data,
        total=[gettext("All categories"), total[0], rounded(total[1]), rounded(total[2])],
        count_column="settled",
        # The small-cell basis: the initiatives behind each category's settled blockages.
        initiatives=[*(int(ini) for _c, (*_v, ini) in ranked), int(total[3])],
    )


def blockages_frameworks(flt: DashboardFilter) -> Table:
    frameworks = {
        (name, category): (n, open_now, held)
        for name, category, n, open_now, held, _i in _blockage_cube(flt)["framework"]
        if name is not None
    }
    labels = dict(PolicyFramework.Category.choices)
    ranked = sorted(
        (
            (name, cat, n, open_now, held / n)
            for (name, cat), (n, open_now, held) in frameworks.items()
        ),
        key=lambda r: (-r[2], -r[4], r[0]),
    )[:TOP_FRAMEWORKS]
    data = [
        [name, str(labels[cat]), n, open_now, rounded(avg)]
        for name, cat, n, open_now, avg in ranked
    ]
    per_framework = _blockage_bases(flt)["fw"]
    return Table(
        columns=[
            Column("framework", gettext("Policy framework"), False),
            Column("category", gettext("Category"), False),
            Column("blockages", gettext("Blockages")),
            Column("open", gettext("Open now")),
            Column("avg_days", gettext("Average days blocked")),
        ],
        rows=data,
        count_column="blockages",
        initiatives=[per_framework.get(name, 0) for name, *_rest in ranked],
    )


def blockages_handoffs(flt: DashboardFilter) -> Table:
    cube = _blockage_cube(flt)
    rows = sorted((int(bucket), n, handed) for bucket, _b, n, handed, _d, _i in cube["handoffs"])
    table = _distribution_table(
        rows, first=gettext("Hand-offs"), cap=HANDOFF_CAP, noun=gettext("Blockages"), start=0
    )
    per_bucket = {int(bucket): initiatives for bucket, *_rest, initiatives in cube["handoffs"]}
    everything = sum(initiatives for *_rest, initiatives in cube["handoffs_all"])
    table.initiatives = [
        *(per_bucket.get(bucket, 0) for bucket in range(HANDOFF_CAP + 1)),
        everything,
    ]
    blockages, handed = sum(r[1] for r in rows), sum(r[2] for r in rows)
    table.summary = [
        (
            gettext("Pillar-to-post index: hand-offs per blockage"),
            rounded(handed / blockages, 2) if blockages else None,
        )
    ]
    return table


def _in_period_facts(flt: DashboardFilter, span_model, day_model, scope: Q | None = None):
    """(init_id, dept_id) of the dated facts (``facts``) with a day in the period, each once:
    the initiatives and departments that dealt with each other (``InvolvementSpan``,
    ``InvolvementDay``), or (init_id) the initiatives the city supported (``SupportSpan``,
    ``SupportDay``). One row per fact rather than every record of the period. From a day on:
    the spans last seen on or after it; until a day: first seen on or before it; between two
    days, the spans first or last seen inside, and (a branch of its own, so that PostgreSQL can
    semi-join it) those first seen before and last seen after that have a day inside. Only
    the initiatives ``scope`` keeps (a ``Q`` on ``initiative_id``), when given."""
    start, end = flt.period_start, flt.period_end
    spans = span_model.objects.filter(scope or Q()).order_by()
    if start:
        spans = spans.filter(last_on__gte=start)
    if end:
        spans = spans.filter(first_on__lte=end)
    columns = {"init_id": F("initiative_id")}
    inside = Q(initiative_id=OuterRef("initiative_id"))
    if span_model is InvolvementSpan:
        columns["dept_id"] = F("department_id")
        inside &= Q(department_id=OuterRef("department_id"))
    if not (start and end):
        return spans.values(**columns)
    days = day_model.objects.filter(inside, day__gte=start, day__lte=end)
    seen_inside = spans.filter(Q(first_on__gte=start) | Q(last_on__lte=end)).values(**columns)
    around = spans.filter(first_on__lt=start, last_on__gt=end).filter(Exists(days))
    return seen_inside.union(around.values(**columns), all=True)  # apart: no fact twice


def _ranked_involvement(flt: DashboardFilter):
    """(init_id, n) per initiative in scope that dealt with a department in a period open at one
    end: n its departments in the period, capped at ``RANKED`` ("5 or more"), from its rank
    (``InvolvementRank``, one row per initiative). From a day on it dealt with k or more
    departments when its k-th latest last day is on or after that day; until a day, when its
    k-th earliest first day is on or before it."""
    if flt.period_start:
        ends = [Q(**{f"last_{k}__gte": flt.period_start}) for k in range(1, RANKED + 1)]
    else:
        ends = [Q(**{f"first_{k}__lte": flt.period_end}) for k in range(1, RANKED + 1)]
    counted = sum(
        (Case(When(end, then=Value(1)), default=Value(0)) for end in ends),
        start=Value(0),
    )
    return (
        InvolvementRank.objects.filter(_scope(flt), ends[0])
        .order_by()
        .values(
            init_id=F("initiative_id"),
            n=ExpressionWrapper(counted, output_field=IntegerField()),
        )
    )


def _department_involvement(flt: DashboardFilter) -> dict:
    """Which departments each initiative dealt with, from every contact (and its referral),
    commitment, blockage and hand-off within the filters, grouped in one query into: the
    distribution of departments per initiative, per area the initiatives with two or more
    departments and no coordinator, and the first of those that are public (for links).

    Without a period the (initiative, department) pairs are the initiatives' facts
    (``facts``: kept with every write, a few per initiative), so a contact with a department the
    initiative already knew leaves these figures cached. With a period open at one end the
    departments per initiative come from its rank (``_ranked_involvement``: one row per
    initiative); between two days the pairs are the dated facts with a day in it
    (``_in_period_facts``: one row per pair). Both are kept with every write, and neither reads
    the records of the period (at city scale some 100,000 in a year). The pairs of the
    initiatives in scope (``_scope``: without an area, domain or theme the few archived ones
    left out, no initiative read) are counted per initiative; only those with two or more
    departments meet the initiatives' rows (coordinator, area, name)."""
    if not flt.is_active:
        return tally.department_involvement(LISTED_INITIATIVES)
    start, end = flt.period_start, flt.period_end
    if bool(start) != bool(end):
        ranked_sql, params = _ranked_involvement(flt).query.sql_with_params()
        per_sql = f"SELECT init_id AS id, n FROM ({ranked_sql}) r"
    else:
        if start:
            pairs = _in_period_facts(flt, InvolvementSpan, InvolvementDay, _scope(flt))
        else:
            pairs = (
                InitiativeFact.objects.filter(_scope(flt), kind=InitiativeFact.Kind.INVOLVES)
                .order_by()
                .values(init_id=F("initiative_id"), dept_id=F("department_id"))
            )
        pairs_sql, params = pairs.query.sql_with_params()
        per_sql = f"SELECT init_id AS id, COUNT(*) AS n FROM ({pairs_sql}) p GROUP BY init_id"
    qn = connection.ops.quote_name
    initiative, area = qn(Initiative._meta.db_table), qn(Area._meta.db_table)
    sql = f"""
        WITH per AS ({per_sql}),
        several AS (
            SELECT i.id, i.area_id, i.is_public, i.title, i.slug
            FROM per JOIN {initiative} i ON i.id = per.id
            WHERE per.n >= 2 AND i.coordinator_id IS NULL
        )
        SELECT 'dist' AS part, CASE WHEN n >= 5 THEN 5 ELSE n END AS k, COUNT(*) AS c,
               NULL AS label, NULL AS slug
        FROM per GROUP BY CASE WHEN n >= 5 THEN 5 ELSE n END
        UNION ALL
        SELECT 'area', a.id, COUNT(s.id), a.name, NULL
        FROM {area} a LEFT JOIN several s ON s.area_id = a.id
        GROUP BY a.id, a.name
        UNION ALL
        SELECT 'link', x.id, NULL, x.title, x.slug FROM (
            SELECT id, title, slug FROM several WHERE is_public = %s
            ORDER BY title, id LIMIT %s
        ) x
    """
    result = _fetch(sql, (*params, True, LISTED_INITIATIVES))
    return {
        "dist": [(int(k), int(c), 0) for part, k, c, _l, _s in result if part == "dist"],
        "area": sorted((label, int(c)) for part, _k, c, label, _s in result if part == "area"),
        "links": [(label, slug) for part, _k, _c, label, slug in result if part == "link"],
    }


def blockages_departments_per_initiative(flt: DashboardFilter) -> Table:
    involvement = memo(flt, "involvement", lambda: _department_involvement(flt))
    table = _distribution_table(
        involvement["dist"],
        first=gettext("Departments"),
        cap=5,
        noun=gettext("Initiatives"),
        start=1,
    )
    several = sum(n for bucket, n, _ in involvement["dist"] if bucket >= 2)
    table.summary = [
        (gettext("Initiatives dealing with two or more departments"), several),
    ]
    return table


def blockages_no_coordinator(flt: DashboardFilter) -> Table:
    involvement = memo(flt, "involvement", lambda: _department_involvement(flt))
    data = [[name, n] for name, n in involvement["area"]]
    total = sum(r[1] for r in data)
    links = [
        (title, reverse("partnership:initiative_detail", kwargs={"slug": slug}))
        for title, slug in involvement["links"]
    ]
    note = ""
    if total > len(links):
        note = gettext(
            "%(count)s of them are not listed: private initiatives are counted but never named, "
            "and the list stops at %(limit)s."
        ) % {"count": total - len(links), "limit": LISTED_INITIATIVES}
    return Table(
        columns=[
            Column("area", gettext("Area"), False),
            Column("initiatives", gettext("Initiatives")),
        ],
        rows=data,
        total=[gettext("Total"), total],
        count_column="initiatives",
        links=links,
        note=note,
    )


def _ratings(flt: DashboardFilter):
    """(quarter, ratings, satisfied) of the ratings in scope; those of archived blockages and
    requests are left out. Without a filter or with a period alone: the tally's ratings, less
    those of the few archived blockages and requests (found through their small index);
    archiving one is then seen at once, however it was written."""
    archived = Q(
        blockage_id__in=Blockage.objects.filter(archived_at__isnull=False).values("id")
    ) | Q(request_id__in=CityRequest.objects.filter(archived_at__isnull=False).values("id"))
    ratings = Rating.objects.filter(_scope(flt, "created_at__date"))
    counted = _from_tally(flt, tally.ratings)
    if counted is None:
        ratings = ratings.exclude(archived)
    else:
        ratings = ratings.filter(archived)
    rows = (
        ratings.annotate(quarter=TruncQuarter("created_at"))
        .order_by()
        .values("quarter")
        .annotate(n=Count("id"), satisfied=Count("id", filter=Q(score__gte=4)))
        .values_list("quarter", "n", "satisfied")
    )
    if counted is None:
        return rows
    counted = {_quarter_key(q): [n, satisfied] for q, n, satisfied in counted}
    for quarter, n, satisfied in rows:
        slot = counted.setdefault(_quarter_key(quarter), [0, 0])
        slot[0] -= n
        slot[1] -= satisfied
    return [
        (dt.date(year, 3 * quarter - 2, 1), n, satisfied)
        for (year, quarter), (n, satisfied) in counted.items()
        if n > 0
    ]


def blockages_ratings(flt: DashboardFilter) -> Table:
    rows = _ratings(flt)
    counts: dict[tuple[int, int], list[int]] = {}
    for quarter, n, satisfied in rows:
        slot = counts.setdefault(_quarter_key(quarter), [0, 0])
        slot[0] += n
        slot[1] += satisfied
    data = []
    for key in _quarters(counts):
        n, satisfied = counts.get(key, [0, 0])
        data.append([_quarter_text(key), n, satisfied, share(satisfied, n)])
    n, satisfied = sum(r[1] for r in data), sum(r[2] for r in data)
    return Table(
        columns=[
            Column("quarter", gettext("Quarter"), False),
            Column("ratings", gettext("Ratings")),
            Column("satisfied", gettext("Satisfied (4 or 5 of 5)")),
            Column("share", gettext("share satisfied (%)")),
        ],
        rows=data,
        total=[gettext("Total"), n, satisfied, share(satisfied, n)],
        count_column="ratings",
        summary=[(gettext("Audit office 2020: share satisfied (%)"), AUDIT_OFFICE_SATISFIED_PCT)],
    )


# --- 3. Toezeggingen --------------------------------------------------------------------------


def _commitment_counts(today: dt.date) -> dict:
    """What became of the commitments. Kept on time: settled as kept on or before the due date;
    kept late: kept after it, or kept without a recorded date (never counted as on time)."""
    status = Commitment.Status
    is_open = Q(status=status.OPEN)
    kept = Q(status=status.KEPT)
    on_time = kept & Q(settled_on__isnull=False, settled_on__lte=F("due_on"))
    late = kept & (Q(settled_on__isnull=True) | Q(settled_on__gt=F("due_on")))
    return {
        "kept_on_time": Count("id", filter=on_time),
        "kept_late": Count("id", filter=late),
        "broken": Count("id", filter=Q(status=status.BROKEN)),
        "disputed": Count("id", filter=Q(status=status.DISPUTED)),
        "overdue": Count("id", filter=is_open & Q(due_on__lt=today)),
        "open": Count("id", filter=is_open & Q(due_on__gte=today)),
        "withdrawn": Count("id", filter=Q(status=status.WITHDRAWN)),
        "total": Count("id"),
    }


COMMITMENT_KEYS = (
    "kept_on_time",
    "kept_late",
    "broken",
    "disputed",
    "overdue",
    "open",
    "withdrawn",
    "total",
)


def _fell_due(values: dict) -> int:
    """The denominator of the keep rates: every commitment kept, broken, disputed or past its due
    date; withdrawn ones and open ones not yet due are left out. Disputed and overdue ones count
    as not (yet) kept."""
    return sum(values[k] for k in ("kept_on_time", "kept_late", "broken", "disputed", "overdue"))


def _commitment_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("kept_on_time", gettext("Kept on time")),
        Column("kept_late", gettext("Kept late")),
        Column("broken", gettext("Broken")),
        Column("disputed", gettext("Disputed")),
        Column("overdue", gettext("Overdue")),
        Column("open", gettext("Open, not yet due")),
        Column("withdrawn", gettext("Withdrawn")),
        Column("total", gettext("Total")),
        Column("fell_due", gettext("Fell due (denominator)")),
        Column("kept_share", gettext("kept (%)")),
        Column("on_time_share", gettext("kept on time (%)")),
    ]


def _commitment_row(label, values: dict) -> list:
    due = _fell_due(values)
    kept = values["kept_on_time"] + values["kept_late"]
    return [
        label,
        *(values[k] for k in COMMITMENT_KEYS),
        due,
        share(kept, due),
        share(values["kept_on_time"], due),
    ]


def _commitment_summary(total: list) -> list[tuple[str, object]]:
    """The headline rates, each with its denominator in words."""
    sums = dict(zip(COMMITMENT_KEYS, total[1:], strict=False))
    due = _fell_due(sums)
    kept = sums["kept_on_time"] + sums["kept_late"]
    return [
        (
            gettext(
                "Kept: %(kept)s of the %(due)s commitments that fell due (kept, broken, "
                "disputed or overdue), in %%"
            )
            % {"kept": kept, "due": due},
            share(kept, due),
        ),
        (
            gettext("Kept on time: %(kept)s of the %(due)s commitments that fell due, in %%")
            % {"kept": sums["kept_on_time"], "due": due},
            share(sums["kept_on_time"], due),
        ),
    ]


def _commitment_total(rows: list[list]) -> list:
    sums = {k: sum(r[i + 1] for r in rows) for i, k in enumerate(COMMITMENT_KEYS)}
    return _commitment_row(gettext("Total"), sums)


def _commitments(flt: DashboardFilter):
    return Commitment.objects.filter(_scope(flt, "due_on"), archived_at__isnull=True)


def _commitment_cube(flt: DashboardFilter) -> list[dict]:
    """Commitments per department and quarter of the due date with what became of them: one
    read for both figures (a few hundred rows at most)."""

    def load():
        cube = _from_tally(flt, lambda period: tally.commitment_cube(_today(), period))
        if cube is not None:
            return cube
        return list(
            _commitments(flt)
            .annotate(quarter=TruncQuarter("due_on"))
            .order_by()
            .values("department_id", "department__name", "quarter")
            .annotate(**_commitment_counts(_today()))
        )

    return memo(flt, "commitments", load)


def _commitment_bases(flt: DashboardFilter) -> dict:
    """The initiatives the commitments rest on, per department (by name), per quarter and over
    all. Grouped by department id, named from the cube (the same commitments)."""

    def load():
        bases = _from_tally(flt, tally.commitment_bases)
        if bases is None:
            bases = _initiative_bases(
                _commitments(flt), dept=F("department_id"), quarter=TruncQuarter("due_on")
            )
        names = {r["department_id"]: r["department__name"] for r in _commitment_cube(flt)}
        bases["dept"] = {names.get(int(pk)): n for pk, n in bases["dept"].items()}
        return bases

    return memo(flt, "commitment_bases", load)


def _quarter_of_text(text: str) -> tuple[int, int]:
    return _quarter_key(dt.date.fromisoformat(str(text)[:10]))


def _summed(rows, key) -> dict:
    out: dict = {}
    for row in rows:
        slot = out.setdefault(key(row), dict.fromkeys(COMMITMENT_KEYS, 0))
        for k in COMMITMENT_KEYS:
            slot[k] += row[k]
    return out


def commitments_by_department(flt: DashboardFilter) -> Table:
    by_department = _summed(_commitment_cube(flt), lambda r: r["department__name"])
    ranked = sorted(by_department.items(), key=lambda kv: (-kv[1]["total"], kv[0]))
    data = [_commitment_row(name, values) for name, values in ranked]
    bases = _commitment_bases(flt)
    return Table(
        columns=_commitment_columns(Column("department", gettext("Department"), False)),
        rows=data,
        total=(total := _commitment_total(data)),
        count_column="total",
        summary=_commitment_summary(total),
        initiatives=[*(bases["dept"].get(name, 0) for name, _v in ranked), bases["all"]],
    )


def commitments_per_quarter(flt: DashboardFilter) -> Table:
    by_key = _summed(_commitment_cube(flt), lambda r: _quarter_key(r["quarter"]))
    empty = dict.fromkeys(COMMITMENT_KEYS, 0)
    keys = _quarters(by_key)
    data = [_commitment_row(_quarter_text(k), by_key.get(k, empty)) for k in keys]
    bases = _commitment_bases(flt)
    per_quarter = {_quarter_of_text(q): n for q, n in bases["quarter"].items() if q}
    return Table(
        columns=_commitment_columns(Column("quarter", gettext("Quarter (due date)"), False)),
        rows=data,
        total=_commitment_total(data),
        count_column="total",
        initiatives=[*(per_quarter.get(k, 0) for k in keys), bases["all"]],
    )


# --- 4. Publieke waarde -----------------------------------------------------------------------
#
# At city scale there are some 60,000 value records. Rather than read them once per figure, the
# figures share two grouped reads (computed once per page, see ``memo``):
# - the "cube": records per area × dimension × evidence × indicator (at most a few thousand
#   rows, bounded by the framework, not by the records), for counts and sums;
# - the "pairs": records per initiative × dimension, grouped again in the same query into the
#   initiatives per dimension, the dimensions per initiative, the records of supported and
#   unsupported initiatives, and the records of initiatives that are stuck now.


def _record_q(flt: DashboardFilter, prefix: str) -> Q:
    """Value records reached through ``prefix`` ("records__", "value_records__", "")."""
    return (
        flt.q(f"{prefix}initiative__")
        & flt.overlap_q(f"{prefix}period_start", f"{prefix}period_end")
        & Q(**{f"{prefix}archived_at__isnull": True})
    )


def _records(flt: DashboardFilter):
    return ValueRecord.objects.filter(_record_q(flt, ""))


def _dimensions(flt: DashboardFilter) -> list:
    """(id, name, order, retired) of every dimension in framework order (one small query)."""

    def load():
        rows = ValueDimension.objects.order_by("order", "code").values_list(
            "id", "name", "name_en", "order", "retired_at"
        )
        return [
            (pk, translated_name(name, name_en), order, retired)
            for pk, name, name_en, order, retired in rows
        ]

    return memo(flt, "dimensions", load)


def _in_period(flt: DashboardFilter):
    """The share of a value record's own days that fall inside the chosen period (1 when no
    period is chosen), computed in the database: a yearly total then counts a record that runs
    from July to June for half in each year instead of in full in both."""
    if not (flt.period_start or flt.period_end):
        return Value(1.0, output_field=FloatField())
    start, end = F("period_start"), F("period_end")
    if flt.period_start:
        start = Greatest(start, Cast(Value(flt.period_start), output_field=DateField()))
    if flt.period_end:
        end = Least(end, Cast(Value(flt.period_end), output_field=DateField()))
    inside = Cast(DaysBetween(end, start) + 1, output_field=FloatField())
    days = Cast(DaysBetween(F("period_end"), F("period_start")) + 1, output_field=FloatField())
    return ExpressionWrapper(inside / days, output_field=FloatField())


def _net_share():
    """What is left of a record's quantity after its own deadweight and attribution (as in
    ``publicvalue.estimates``): (1 - deadweight) x (1 - attribution)."""
    return ExpressionWrapper(
        (Value(100.0) - Coalesce(F("deadweight_pct"), Value(Decimal(0))))
        * (Value(100.0) - Coalesce(F("attribution_pct"), Value(Decimal(0))))
        / Value(10000.0),
        output_field=FloatField(),
    )


def _value_read(flt: DashboardFilter) -> dict:
    """The value records in scope, read once and grouped in the same query into:

    - the pairs: the records per initiative × dimension, grouped again into the initiatives per
      dimension and the dimensions per initiative;
    - the initiatives the records rest on (the small-cell basis): per area × dimension, per area
      and per dimension and over all from the pairs (an initiative lies in one area), per
      dimension × evidence, per evidence level, and per indicator for the records with a number
      (the others group under no indicator).

    Areas are grouped by id (their names are unique) and named on the grouped rows only. The
    sums of the quantities stay in their own query (``_value_cube``): floats added in the order
    of that query's plan, which this one must not change. Without a filter, or with a period
    open at one end and no other filter, read from the tally (``tally.value_read``)."""

    def load():
        counted = _from_tally(flt, tally.value_read)
        if counted is not None:
            return counted
        records, r_params = (
            _records(flt)
            .order_by()
            .values(
                ini=F("initiative_id"),
                area=F("initiative__area_id"),
                dim=F("dimension_id"),
                ev=F("evidence"),
                indq=Case(
                    When(quantity__isnull=False, then=F("indicator_id")),
                    default=Value(None),
                    output_field=IntegerField(),
                ),
            )
            .query.sql_with_params()
        )
        area = connection.ops.quote_name(Area._meta.db_table)
        none = "NULL, NULL, NULL"
        # Hash joins only: a CASE over EXISTS subplans makes PostgreSQL over-estimate the cost.
        sql = f"""
            WITH r AS ({records}),
            pairs AS (SELECT ini, area, dim, COUNT(*) AS n FROM r GROUP BY ini, area, dim),
            inis AS (
                SELECT ini, area, COUNT(*) AS dims, SUM(n) AS n FROM pairs GROUP BY ini, area
            ),
            g AS (
                SELECT 'area_dim' AS part, area, dim AS k, NULL AS ev, CAST(NULL AS BIGINT) AS ind,
                       COUNT(*) AS n
                FROM pairs GROUP BY area, dim
                UNION ALL
                SELECT 'area', area, {none}, COUNT(*) FROM inis GROUP BY area
                UNION ALL
                SELECT 'dim', NULL, dim, NULL, NULL, COUNT(*) FROM pairs GROUP BY dim
                UNION ALL
                SELECT 'dim_evidence', NULL, dim, ev, NULL, COUNT(*)
                FROM (SELECT dim, ev, ini FROM r GROUP BY dim, ev, ini) x GROUP BY dim, ev
                UNION ALL
                SELECT 'evidence', NULL, NULL, ev, NULL, COUNT(*)
                FROM (SELECT ev, ini FROM r GROUP BY ev, ini) x GROUP BY ev
                UNION ALL
                SELECT 'indicator', NULL, NULL, NULL, indq, COUNT(*)
                FROM (SELECT indq, ini FROM r GROUP BY indq, ini) x GROUP BY indq
                UNION ALL
                SELECT 'all', NULL, {none}, COUNT(*) FROM inis
                UNION ALL
                SELECT 'spread', NULL, CASE WHEN dims >= 5 THEN 5 ELSE dims END, NULL, NULL,
                       COUNT(*)
                FROM inis GROUP BY CASE WHEN dims >= 5 THEN 5 ELSE dims END
            )
            SELECT g.part, a.name, g.k, g.ev, g.ind, g.n
            FROM g LEFT JOIN {area} a ON g.part IN ('area_dim', 'area') AND a.id = g.area
        """
        # pairs: (dimension, initiatives) and (dimensions per initiative, initiatives)
        pairs, bases = tally.empty_value_read()
        for part, name, k, ev, ind, n in _fetch(sql, r_params):
            if part == "area_dim":
                bases[part][f"{name}|{k}"] = int(n)
            elif part == "area":
                bases[part][name] = int(n)
            elif part == "dim":
                bases[part][str(k)] = int(n)
                pairs[part].append((int(k), int(n)))
            elif part == "dim_evidence":
                bases[part][f"{k}|{ev}"] = int(n)
            elif part == "evidence":
                bases[part][ev] = int(n)
            elif part == "indicator":
                bases[part][None if ind is None else str(ind)] = int(n)
            elif part == "all":
                bases[part] = int(n)
            else:  # spread
                pairs[part].append((int(k), int(n)))
        return {"pairs": pairs, "bases": bases}

    return memo(flt, "value_read", load)


def _with_fact(kind: str):
    """The ids of the initiatives with this fact (one row each): kept with every write, so a
    figure reading them stays cached until one of them changes (``facts``)."""
    return InitiativeFact.objects.filter(kind=kind).order_by().values("initiative_id")


def _value_beside_the_city(flt: DashboardFilter) -> dict[str, list[tuple]]:
    """The records of the initiatives in scope beside what the city did: of supported and
    unsupported initiatives (a request granted or a commitment kept in the period), and of
    initiatives that are stuck now (an open blockage), per area.

    Its own read, apart from ``_value_read``: a blockage, request or commitment changes these
    two figures only, so the dashboard's cache (per table read) recomputes them alone; and only
    when it changes a fact (stuck, supported without a period: ``facts``), since those are
    read from the initiatives' facts rather than from the records. With a period open at one
    end and no other filter: the supported initiatives and the stuck ones' records from the
    tally (``tally.value_support``), the others as all less those, all from the page's other
    value reads of the period."""

    def load():
        if not flt.is_active:
            return tally.value_beside_the_city()
        counted = _from_tally(flt, tally.value_support)
        if counted is not None:
            # The others: every initiative, with a record in the period, and its records.
            everyone = counted["everyone"] - counted["supported"]
            with_value = _value_bases(flt)["all"] - counted["with_value"]
            records = sum(row[4] for row in _value_cube(flt)) - counted["records"]
            return {
                "support": [
                    (1, counted["supported"], counted["with_value"], counted["records"]),
                    (0, everyone, with_value, records),
                ],
                "waiting": counted["waiting"],
            }
        records, r_params = (
            _records(flt)
            .order_by()
            .values("initiative_id")
            .annotate(area=F("initiative__area_id"), n=Count("id"))
            .values("initiative_id", "area", "n")
            .query.sql_with_params()
        )
        initiatives, i_params = (
            Initiative.objects.filter(flt.q("")).order_by().values("id").query.sql_with_params()
        )
        if flt.period_start or flt.period_end:
            # A request granted or a commitment kept in the period: the dated facts (one row
            # per initiative), not the requests and commitments.
            supported = _in_period_facts(flt, SupportSpan, SupportDay)
        else:
            supported = _with_fact(InitiativeFact.Kind.SUPPORTED).values(init_id=F("initiative_id"))
        supported, s_params = supported.query.sql_with_params()
        stuck, b_params = _with_fact(InitiativeFact.Kind.STUCK).query.sql_with_params()
        # Hash joins only: a CASE over EXISTS subplans makes PostgreSQL over-estimate the cost.
        sql = f"""
            WITH inis AS ({records})
            SELECT 'support' AS part, CASE WHEN s.init_id IS NULL THEN 0 ELSE 1 END AS k,
                   COUNT(*) AS n, COUNT(p.initiative_id) AS c, COALESCE(SUM(p.n), 0) AS t
            FROM ({initiatives}) i
            LEFT JOIN ({supported}) s ON s.init_id = i.id
            LEFT JOIN inis p ON p.initiative_id = i.id
            GROUP BY CASE WHEN s.init_id IS NULL THEN 0 ELSE 1 END
            UNION ALL
            SELECT 'waiting', area, SUM(n), 0, 0
            FROM inis WHERE initiative_id IN ({stuck}) GROUP BY area
        """
        out: dict[str, list[tuple]] = {"support": [], "waiting": []}
        for part, k, n, c, t in _fetch(sql, (*r_params, *i_params, *s_params, *b_params)):
            out[part].append((int(k), int(n), int(c or 0), int(t or 0)))
        return out

    return memo(flt, "value_beside_the_city", load)


def _value_cube(flt: DashboardFilter) -> list[tuple]:
    """(area, dimension id, evidence, indicator id, records, records with a number, their sum
    pro rata of the period, that sum net of deadweight and attribution). Without a filter or
    with a period alone, from the tally (``tally.value_cube``)."""

    def load():
        counted = _from_tally(flt, tally.value_cube)
        if counted is not None:
            return counted
        quantity = ExpressionWrapper(
            Cast(F("quantity"), output_field=FloatField()) * _in_period(flt),
            output_field=FloatField(),
        )
        return list(
            _records(flt)
            .order_by()
            .values_list("initiative__area__name", "dimension_id", "evidence", "indicator_id")
            .annotate(
                n=Count("id"),
                counted=Count("quantity"),
                total=Sum(quantity),
                net=Sum(ExpressionWrapper(quantity * _net_share(), output_field=FloatField())),
            )
            .values_list(
                "initiative__area__name",
                "dimension_id",
                "evidence",
                "indicator_id",
                "n",
                "counted",
                "total",
                "net",
            )
        )

    return memo(flt, "value_cube", load)


def _value_pairs(flt: DashboardFilter) -> dict[str, list[tuple]]:
    return _value_read(flt)["pairs"]


def _value_bases(flt: DashboardFilter) -> dict:
    """The initiatives the value records rest on (shared by three figures): per area ×
    dimension, per area, per dimension, per dimension × evidence, per evidence level, and per
    indicator for the records with a number (the others group under no indicator)."""
    return _value_read(flt)["bases"]


def value_by_dimension(flt: DashboardFilter) -> Table:
    records: dict[int, int] = {}
    for _area, dim, _evidence, _indicator, n, _counted, _total, _net in _value_cube(flt):
        records[dim] = records.get(dim, 0) + n
    initiatives = dict(_value_pairs(flt)["dim"])
    data = [
        [name, records.get(pk, 0), initiatives.get(pk, 0)]
        for pk, name, _order, retired in _dimensions(flt)
        if pk in records or retired is None
    ]
    return Table(
        columns=[
            Column("dimension", gettext("Value dimension"), False),
            Column("records", gettext("Value records")),
            Column("initiatives", gettext("Initiatives")),
        ],
        rows=data,
        total=[gettext("Total"), sum(r[1] for r in data), None],
        count_column="records",
        note=gettext("An initiative contributing to several dimensions counts under each."),
    )


def value_by_area_dimension(flt: DashboardFilter) -> Table:
    matrix: dict[str, dict[int, int]] = {}
    for area, dim, _evidence, _indicator, n, _counted, _total, _net in _value_cube(flt):
        cells = matrix.setdefault(area, {})
        cells[dim] = cells.get(dim, 0) + n
    present = {dim for cells in matrix.values() for dim in cells}
    dims = [(pk, name) for pk, name, _order, _retired in _dimensions(flt) if pk in present]
    data = []
    for area in sorted(matrix):
        cells = [matrix[area].get(pk, 0) for pk, _name in dims]
        data.append([area, *cells, sum(cells)])
    totals = [sum(r[i] for r in data) for i in range(1, len(dims) + 2)]
    bases = _value_bases(flt)
    initiatives = [
        {
            **{f"dimension-{pk}": bases["area_dim"].get(f"{area}|{pk}", 0) for pk, _n in dims},
            "total": bases["area"].get(area, 0),
        }
        for area in sorted(matrix)
    ]
    initiatives.append(
        {
            **{f"dimension-{pk}": bases["dim"].get(str(pk), 0) for pk, _n in dims},
            "total": bases["all"],
        }
    )
    return Table(
        columns=[
            Column("area", gettext("Area"), False),
            *(Column(f"dimension-{pk}", name) for pk, name in dims),
            Column("total", gettext("Total")),
        ],
        rows=data,
        total=[gettext("Total"), *totals],
        count_column="total",
        initiatives=initiatives,
    )


def value_by_indicator(flt: DashboardFilter) -> Table:
    sums: dict[int, list] = {}
    for _area, _dim, _evidence, indicator, _n, counted, total, net in _value_cube(flt):
        if indicator is not None and counted:
            slot = sums.setdefault(indicator, [0, 0.0, 0.0])
            slot[0] += counted
            slot[1] += total or 0
            slot[2] += net or 0
    indicators = list(
        Indicator.objects.order_by("dimension__order", "name").values_list(
            "id", "name", "name_en", "unit", "dimension__name", "dimension__name_en"
        )
    )
    units = dict(Indicator.Unit.choices)
    data = [
        [
            translated_name(name, name_en),
            translated_name(dim, dim_en),
            str(units.get(unit, unit)),
            sums[pk][0],
            rounded(sums[pk][1], 2),
            rounded(sums[pk][2], 2),
        ]
        for pk, name, name_en, unit, dim, dim_en in indicators
        if pk in sums
    ]
    bases = _value_bases(flt)["indicator"]
    shown = [pk for pk, *_rest in indicators if pk in sums]
    return Table(
        columns=[
            Column("indicator", gettext("Indicator"), False),
            Column("dimension", gettext("Value dimension"), False),
            Column("unit", gettext("Unit"), False),
            Column("records", gettext("Records with a number")),
            Column("quantity", gettext("Total quantity (gross)")),
            Column("net", gettext("Net of deadweight and attribution")),
        ],
        rows=data,
        count_column="records",
        note=gettext("Quantities are summed per indicator only, never across units."),
        initiatives=[bases.get(str(pk), 0) for pk in shown],
    )


def value_dimensions_per_initiative(flt: DashboardFilter) -> Table:
    rows = [(bucket, n, 0) for bucket, n in _value_pairs(flt)["spread"]]
    table = _distribution_table(
        rows, first=gettext("Value dimensions"), cap=5, noun=gettext("Initiatives"), start=1
    )
    table.summary = [
        (
            gettext("Initiatives contributing to two or more dimensions"),
            sum(n for b, n, _ in rows if b >= 2),
        )
    ]
    return table


def value_evidence(flt: DashboardFilter) -> Table:
    counts: dict[int, dict[str, int]] = {}
    for _area, dim, evidence, _indicator, n, _counted, _total, _net in _value_cube(flt):
        cells = counts.setdefault(dim, {})
        cells[evidence] = cells.get(evidence, 0) + n
    data = []
    bases = _value_bases(flt)
    initiatives: list = []
    for pk, name, _order, _retired in _dimensions(flt):
        if pk in counts:
            cells = [counts[pk].get(level, 0) for level in Evidence.values]
            data.append([name, *cells, sum(cells)])
            initiatives.append(
                {
                    **{lv: bases["dim_evidence"].get(f"{pk}|{lv}", 0) for lv in Evidence.values},
                    "total": bases["dim"].get(str(pk), 0),
                }
            )
    initiatives.append(
        {**{lv: bases["evidence"].get(lv, 0) for lv in Evidence.values}, "total": bases["all"]}
    )
    totals = [sum(r[i] for r in data) for i in range(1, len(Evidence.values) + 2)]
    return Table(
        columns=[
            Column("dimension", gettext("Value dimension"), False),
            *(Column(level, str(label)) for level, label in Evidence.choices),
            Column("total", gettext("Total")),
        ],
        rows=data,
        total=[gettext("Total"), *totals],
        count_column="total",
        initiatives=initiatives,
    )


def value_beside_support(flt: DashboardFilter) -> Table:
    """Initiatives that got a request granted or a commitment kept in the period, against the
    others: how many of them recorded value, and how many records."""
    found = {
        flag: (n, with_value, records)
        for flag, n, with_value, records in _value_beside_the_city(flt)["support"]
    }
    data = []
    for flag, label in (
        (1, gettext("With support: a granted request or a kept commitment")),
        (0, gettext("Without such support")),
    ):
        n, with_value, records = found.get(flag, (0, 0, 0))
        data.append(
            [
                label,
                n,
                with_value,
                share(with_value, n),
                records,
                rounded(records / n, 2) if n else None,
            ]
        )
    return Table(
        columns=[
            Column("group", gettext("Initiatives"), False),
            Column("initiatives", gettext("Initiatives")),
            Column("with_value", gettext("With recorded value")),
            Column("share", gettext("share with value (%)")),
            Column("records", gettext("Value records")),
            Column("per_initiative", gettext("Records per initiative")),
        ],
        rows=data,
        count_column="records",
    )


def value_waiting(flt: DashboardFilter) -> Table:
    """Initiatives with a blockage open now, per area (one query on initiatives, semi-joined to
    their facts: stuck; without a filter on initiatives from the tally), beside their value
    records in the period (from the pairs)."""
    if not any(k in flt.values for k in INITIATIVE_FILTERS):
        areas = tally.value_stuck()
    else:
        areas = (
            Initiative.objects.filter(flt.q(""), id__in=_with_fact(InitiativeFact.Kind.STUCK))
            .order_by()
            .values_list("area_id", "area__name")
            .annotate(n=Count("id"), reached=Sum("people_reached"), volunteers=Sum("volunteers"))
            .values_list("area_id", "area__name", "n", "reached", "volunteers")
        )
    records = {area: n for area, n, _b, _c in _value_beside_the_city(flt)["waiting"]}
    data = [
        [name, n, reached or 0, volunteers or 0, records.get(pk, 0)]
        for pk, name, n, reached, volunteers in sorted(areas, key=lambda r: r[1])
    ]
    return Table(
        columns=[
            Column("area", gettext("Area"), False),
            Column("stuck", gettext("Initiatives with an open blockage")),
            Column("reached", gettext("People they reach")),
            Column("volunteers", gettext("Their volunteers")),
            Column("records", gettext("Their value records")),
        ],
        rows=data,
        total=[gettext("Total"), *(sum(r[i] for r in data) for i in (1, 2, 3, 4))],
        count_column="records",
    )


# --- 5. Collectieve goederen ------------------------------------------------------------------


def _requests(flt: DashboardFilter):
    return CityRequest.objects.filter(_scope(flt, "submitted_on"), archived_at__isnull=True)


def _decision_counts() -> dict:
    decision = CityRequest.Decision
    return {
        "granted": Count("id", filter=Q(decision=decision.GRANTED)),
        "conditional": Count("id", filter=Q(decision=decision.GRANTED_WITH_CONDITIONS)),
        "refused": Count("id", filter=Q(decision=decision.REFUSED)),
        "withdrawn": Count("id", filter=Q(decision=decision.WITHDRAWN)),
        "pending": Count("id", filter=~Q(status=CityRequest.Status.DECIDED)),
        "total": Count("id"),
    }


DECISION_KEYS = ("granted", "conditional", "refused", "withdrawn", "pending", "total")


def _decision_columns(first: Column) -> list[Column]:
    return [
        first,
        Column("granted", gettext("Granted")),
        Column("conditional", gettext("Granted with conditions")),
        Column("refused", gettext("Refused")),
        Column("withdrawn", gettext("Withdrawn")),
        Column("pending", gettext("Not yet decided")),
        Column("total", gettext("Total")),
    ]


def _request_bases(flt: DashboardFilter) -> dict:
    """The initiatives the requests rest on, per kind and over all (shared by two figures)."""
    return memo(
        flt, "request_bases", lambda: _initiative_bases(_requests(flt), kind=F("kind__name"))
    )


def requests_by_kind(flt: DashboardFilter) -> Table:
    rows = (
        _requests(flt)
        .order_by()
        .values("kind__name", "kind__name_en")
        .annotate(**_decision_counts())
    )
    ordered = sorted(rows, key=lambda r: translated_name(r["kind__name"], r["kind__name_en"]))
    data = [
        [translated_name(r["kind__name"], r["kind__name_en"]), *(r[k] for k in DECISION_KEYS)]
        for r in ordered
    ]
    bases = _request_bases(flt)
    return Table(
        columns=_decision_columns(Column("kind", gettext("Kind of request"), False)),
        rows=data,
        total=[
            gettext("Total"),
            *(sum(r[i] for r in data) for i in range(1, len(DECISION_KEYS) + 1)),
        ],
        count_column="total",
        initiatives=[*(bases["kind"].get(r["kind__name"], 0) for r in ordered), bases["all"]],
    )


def requests_grounds(flt: DashboardFilter) -> Table:
    q = flt.q("requests__initiative__", "requests__submitted_on") & Q(
        requests__archived_at__isnull=True
    )
    refused = q & Q(requests__decision=CityRequest.Decision.REFUSED)
    rows = RefusalGround.objects.annotate(
        n=Count("requests", filter=q),
        refused=Count("requests", filter=refused),
        # The small-cell basis, in the same query: the initiatives behind each ground's
        # requests, and behind its refusals.
        asking=Count("requests__initiative", filter=q, distinct=True),
        refused_to=Count("requests__initiative", filter=refused, distinct=True),
    ).values_list("name", "name_en", "n", "refused", "asking", "refused_to")
    ranked = sorted(
        (
            (translated_name(name, name_en), n, refused, {"requests": asking, "refused": to})
            for name, name_en, n, refused, asking, to in rows
        ),
        key=lambda r: (-r[1], r[0]),
    )
    data = [[name, n, refused] for name, n, refused, _initiatives in ranked]
    return Table(
        columns=[
            Column("ground", gettext("Ground"), False),
            Column("requests", gettext("Requests decided on this ground")),
            Column("refused", gettext("of which refused")),
        ],
        rows=data,
        count_column="requests",
        note=gettext("A decision may rest on several grounds, so the rows do not add up."),
        initiatives=[initiatives for *_row, initiatives in ranked],
    )


def requests_on_time(flt: DashboardFilter) -> Table:
    """Decided on time over every request that reached its deadline or was decided: a request
    still waiting past its deadline counts as late; withdrawn ones are counted apart and left
    out of the rate (withdrawing is not the city deciding)."""
    today = _today()
    decided = Q(status=CityRequest.Status.DECIDED) & ~Q(decision=CityRequest.Decision.WITHDRAWN)
    withdrawn = Q(status=CityRequest.Status.DECIDED, decision=CityRequest.Decision.WITHDRAWN)
    waiting = ~Q(status=CityRequest.Status.DECIDED)
    rows = (
        _requests(flt)
        .order_by()
        .values("kind__name", "kind__name_en")
        .annotate(
            on_time=Count("id", filter=decided & Q(decided_on__lte=F("deadline"))),
            late=Count(
                "id",
                filter=decided & (Q(decided_on__gt=F("deadline")) | Q(decided_on__isnull=True)),
            ),
            overdue=Count("id", filter=waiting & Q(deadline__lt=today)),
            waiting=Count("id", filter=waiting & Q(deadline__gte=today)),
            withdrawn=Count("id", filter=withdrawn),
            total=Count("id"),
        )
    )
    keys = ("on_time", "late", "overdue", "waiting", "withdrawn", "total")

    def row(label, values: dict) -> list:
        reached = values["on_time"] + values["late"] + values["overdue"]
        return [label, *(values[k] for k in keys), reached, share(values["on_time"], reached)]

    ordered = sorted(rows, key=lambda r: translated_name(r["kind__name"], r["kind__name_en"]))
    data = [row(translated_name(r["kind__name"], r["kind__name_en"]), r) for r in ordered]
    sums = {k: sum(r[i + 1] for r in data) for i, k in enumerate(keys)}
    total = row(gettext("Total"), sums)
    bases = _request_bases(flt)
    return Table(
        columns=[
            Column("kind", gettext("Kind of request"), False),
            Column("on_time", gettext("Decided on time")),
            Column("late", gettext("Decided late")),
            Column("overdue", gettext("Waiting, past the deadline (late)")),
            Column("waiting", gettext("Waiting, within the term")),
            Column("withdrawn", gettext("Withdrawn")),
            Column("total", gettext("Total")),
            Column("reached", gettext("Decided or past the deadline (denominator)")),
            Column("share", gettext("decided on time (%)")),
        ],
        rows=data,
        total=total,
        count_column="total",
        initiatives=[*(bases["kind"].get(r["kind__name"], 0) for r in ordered), bases["all"]],
        summary=[
            (
                gettext(
                    "Decided on time: %(on_time)s of the %(reached)s requests that were decided "
                    "or are past their deadline, in %%"
                )
                % {"on_time": sums["on_time"], "reached": total[-2]},
                total[-1],
            )
        ],
    )


COLLECTIVE_GOODS = (
    ("building", "uses_municipal_building", _("Municipal buildings")),
    ("land", "uses_municipal_land", _("Municipal land")),
    ("public_space", "uses_public_space", _("Public space")),
)


def collective_goods_use(flt: DashboardFilter) -> Table:
    # One period basis per table: the requests' submission date. Which initiatives use a good is
    # how they are today (an initiative without a start date no longer drops out of a period).
    using = Initiative.objects.filter(flt.q("")).aggregate(
        **{good: Count("id", filter=Q(**{flag: True})) for good, flag, _label in COLLECTIVE_GOODS}
    )
    # The small-cell basis of the request cells, in the same query: the initiatives behind them.
    asked = {
        good: (n, granted, asking, granted_to)
        for good, n, granted, asking, granted_to in _requests(flt)
        .order_by()
        .values_list("kind__collective_good")
        .annotate(
            n=Count("id"),
            granted=Count("id", filter=Q(decision__in=GRANTED)),
            asking=Count("initiative", distinct=True),
            granted_to=Count("initiative", filter=Q(decision__in=GRANTED), distinct=True),
        )
        .values_list("kind__collective_good", "n", "granted", "asking", "granted_to")
    }
    data = []
    initiatives = []
    for good, _flag, label in COLLECTIVE_GOODS:
        n, granted, asking, granted_to = asked.get(good, (0, 0, 0, 0))
        data.append([str(label), using[good], n, granted])
        initiatives.append({"requests": asking, "granted": granted_to})
    return Table(
        columns=[
            Column("good", gettext("Collective good"), False),
            Column("using", gettext("Initiatives using it")),
            Column("requests", gettext("Requests for it")),
            Column("granted", gettext("Granted (with or without conditions)")),
        ],
        rows=data,
        count_column="requests",
        initiatives=initiatives,
    )


def right_to_challenge(flt: DashboardFilter) -> Table:
    # Per outcome (a request not yet decided has none) and over all, with the initiatives each
    # rests on (the small-cell basis, the total row's included), in one query.
    outcome = Case(
        When(status=CityRequest.Status.DECIDED, then=F("decision")),
        default=Value("pending"),
        output_field=CharField(),
    )
    rows, everything = _grouped_and_all(
        _requests(flt).filter(kind__is_right_to_challenge=True),
        {"outcome": outcome},
        ("proposed_budget", "current_city_cost"),
    )
    outcomes = {key: (n, ini, proposed, cost) for key, n, ini, proposed, cost in rows}
    labels = [*CityRequest.Decision.choices, ("pending", pgettext("request", "not yet decided"))]
    data = []
    initiatives = []
    for key, label in labels:
        n, ini, proposed, cost = outcomes.get(key, (0, 0, None, None))
        data.append([str(label), n, money(proposed), money(cost)])
        initiatives.append(ini)
    initiatives.append(everything[1])
    return Table(
        columns=[
            Column("outcome", gettext("Outcome"), False),
            Column("requests", gettext("Right to Challenge requests")),
            Column("proposed", gettext("Proposed budget (€)")),
            Column("cost", gettext("Current cost to the city (€)")),
        ],
        rows=data,
        total=[gettext("Total"), *(sum((r[i] for r in data), 0) for i in (1, 2, 3))],
        count_column="requests",
        initiatives=initiatives,
    )


def partner_cooperation(flt: DashboardFilter) -> Table:
    # The links per kind × form, with the initiatives they rest on (the small-cell basis: one
    # initiative linked to five housing corporations is one initiative) per cell, per kind, per
    # form and over all, in one query.
    inner, params = (
        InitiativePartner.objects.filter(
            _scope(flt, "since"), organisation__is_anchor_institution=True
        )
        .order_by()
        .values(ini=F("initiative_id"), g_kind=F("organisation__kind"), g_form=F("cooperation"))
        .query.sql_with_params()
    )
    measures = "COUNT(*), COUNT(DISTINCT ini)"
    parts = [
        f"SELECT 'cell', g_kind, g_form, {measures} FROM p GROUP BY g_kind, g_form",
        f"SELECT 'kind', g_kind, NULL, {measures} FROM p GROUP BY g_kind",
        f"SELECT 'form', NULL, g_form, {measures} FROM p GROUP BY g_form",
        f"SELECT 'all', NULL, NULL, {measures} FROM p",
    ]
    matrix: dict[str, dict[str, int]] = {}
    resting: dict[tuple, int] = {}
    for part, kind, cooperation, n, initiatives in _fetch(
        f"WITH p AS ({inner}) " + " UNION ALL ".join(parts), params
    ):
        resting[(part, kind, cooperation)] = int(initiatives)
        if part == "cell":
            matrix.setdefault(kind, {})[cooperation] = int(n)
    forms = InitiativePartner.Cooperation.choices
    data = []
    bases = []
    for kind, label in PartnerOrganisation.Kind.choices:
        if kind in matrix:
            cells = [matrix[kind].get(code, 0) for code, _l in forms]
            data.append([str(label), *cells, sum(cells)])
            bases.append(
                {
                    **{code: resting.get(("cell", kind, code), 0) for code, _l in forms},
                    "total": resting.get(("kind", kind, None), 0),
                }
            )
    bases.append(
        {
            **{code: resting.get(("form", None, code), 0) for code, _l in forms},
            "total": resting.get(("all", None, None), 0),
        }
    )
    totals = [sum(r[i] for r in data) for i in range(1, len(forms) + 2)]
    return Table(
        columns=[
            Column("kind", gettext("Anchor institution"), False),
            *(Column(code, str(label)) for code, label in forms),
            Column("total", gettext("Total")),
        ],
        rows=data,
        total=[gettext("Total"), *totals],
        count_column="total",
        initiatives=bases,
    )


def contracts(flt: DashboardFilter) -> Table:
    # Per awarder and over all in one query: the total row rests on the initiatives too.
    rows, everything = _grouped_and_all(
        Contract.objects.filter(_scope(flt, "start_on"), archived_at__isnull=True),
        {
            "department": F("awarded_by_department__name"),
            "kind": F("awarded_by_organisation__kind"),
        },
        ("amount",),
    )
    kinds = dict(PartnerOrganisation.Kind.choices)
    data = []
    for department, kind, n, initiatives, amount in rows:
        parts = []
        if department:
            parts.append(department)
        if kind:
            parts.append(gettext("organisation: %(kind)s") % {"kind": kinds.get(kind, kind)})
        data.append([" + ".join(parts), n, initiatives, money(amount)])
    data.sort(key=lambda r: (-r[3], r[0]))
    return Table(
        columns=[
            Column("awarder", gettext("Awarded by"), False),
            Column("contracts", gettext("Contracts")),
            Column("initiatives", gettext("Initiatives")),
            Column("amount", gettext("Total amount (€)")),
        ],
        rows=data,
        total=[
            gettext("Total"),
            sum(r[1] for r in data),
            None,
            sum((r[3] for r in data), Decimal("0.00")),
        ],
        count_column="contracts",
        initiatives=[*(r[2] for r in data), everything[1]],
    )


# --- 6. Regels op tafel (issue 16) ---------------------------------------------------------------
# Proposals to change a policy framework are not an initiative's record: the area, domain and
# theme filters keep the proposals with a linked blockage or a supporting initiative in scope;
# the period filter reads the day a proposal was submitted. Drafts are never counted.

RULES_LISTED_PROPOSALS = 15
RULES_WINDOW_DAYS = 365


def _rules_proposals(flt: DashboardFilter):
    from partnership.models import ProposalSupport, RuleProposal

    qs = RuleProposal.objects.exclude(status=RuleProposal.Status.DRAFT)
    values = flt.values
    if any(key in values for key in ("area", "domain", "theme")):
        in_scope = Initiative.objects.filter(flt.q())
        blocked = RuleProposal.blockages.through.objects.filter(
            ruleproposal_id=OuterRef("pk"), blockage__initiative__in=in_scope
        )
        supported = ProposalSupport.objects.filter(proposal=OuterRef("pk"), initiative__in=in_scope)
        qs = qs.filter(Exists(blocked) | Exists(supported))
    if flt.period_start:
        qs = qs.filter(submitted_at__date__gte=flt.period_start)
    if flt.period_end:
        qs = qs.filter(submitted_at__date__lte=flt.period_end)
    return qs


def rules_by_framework(flt: DashboardFilter) -> Table:
    from partnership.models import RuleProposal

    outcome = RuleProposal.Outcome
    status = RuleProposal.Status
    keys = ("open", "adopted", "partly", "not_adopted", "referred", "withdrawn", "total")
    rows = (
        _rules_proposals(flt)
        .order_by()
        .values("policy_framework__name")
        .annotate(
            open=Count("id", filter=Q(status=status.SUBMITTED)),
            adopted=Count("id", filter=Q(outcome=outcome.ADOPTED)),
            partly=Count("id", filter=Q(outcome=outcome.PARTLY_ADOPTED)),
            not_adopted=Count("id", filter=Q(outcome=outcome.NOT_ADOPTED)),
            referred=Count("id", filter=Q(outcome=outcome.REFERRED)),
            withdrawn=Count("id", filter=Q(status=status.WITHDRAWN)),
            total=Count("id"),
        )
    )
    data = sorted(
        ([r["policy_framework__name"], *(r[k] for k in keys)] for r in rows),
        key=lambda r: (-r[-1], r[0]),
    )
    return Table(
        columns=[
            Column("framework", gettext("Policy framework"), False),
            Column("open", gettext("Waiting for an answer")),
            Column("adopted", gettext("Adopted")),
            Column("partly", gettext("Partly adopted")),
            Column("not_adopted", gettext("Not adopted")),
            Column("referred", gettext("Referred to the council")),
            Column("withdrawn", gettext("Withdrawn")),
            Column("total", gettext("Total")),
        ],
        rows=data,
        total=[gettext("Total"), *(sum(r[i] for r in data) for i in range(1, len(keys) + 1))],
        count_column="total",
    )


def rules_answer_time(flt: DashboardFilter) -> Table:
    from partnership.models import RuleProposal

    today = _today()
    answered = Q(status=RuleProposal.Status.ANSWERED)
    waiting = Q(status=RuleProposal.Status.SUBMITTED)
    rows = (
        _rules_proposals(flt)
        .order_by()
        .values("policy_framework__name", "policy_framework__answer_term_weeks")
        .annotate(
            on_time=Count("id", filter=answered & Q(answered_at__date__lte=F("answer_due_on"))),
            late=Count("id", filter=answered & Q(answered_at__date__gt=F("answer_due_on"))),
            waiting=Count("id", filter=waiting & Q(answer_due_on__gte=today)),
            overdue=Count("id", filter=waiting & Q(answer_due_on__lt=today)),
        )
    )
    keys = ("on_time", "late", "waiting", "overdue")
    data = sorted(
        (
            [
                r["policy_framework__name"],
                r["policy_framework__answer_term_weeks"],
                *(r[k] for k in keys),
                share(r["on_time"], r["on_time"] + r["late"]),
            ]
            for r in rows
        ),
        key=lambda r: r[0],
    )
    sums = [sum(r[i] for r in data) for i in range(2, 2 + len(keys))]
    return Table(
        columns=[
            Column("framework", gettext("Policy framework"), False),
            Column("term", gettext("Answer term (weeks)")),
            Column("on_time", gettext("Answered within the term")),
            Column("late", gettext("Answered after the term")),
            Column("waiting", gettext("Waiting, within the term")),
            Column("overdue", gettext("Waiting, past the term")),
            Column("share", gettext("answered within the term (%)")),
        ],
        rows=data,
        total=[gettext("Total"), None, *sums, share(sums[0], sums[0] + sums[1])],
        count_column="on_time",
        note=gettext("Withdrawn proposals are left out."),
    )


def rules_support(flt: DashboardFilter) -> Table:
    qs = (
        _rules_proposals(flt)
        .annotate(
            supporting=Count("supports", distinct=True),
            linked=Count("blockages", distinct=True),
        )
        .order_by("-supporting", "-linked", "title")
        .values_list("title", "policy_framework__name", "supporting", "linked")
    )
    data = [[title, name, n, linked] for title, name, n, linked in qs[:RULES_LISTED_PROPOSALS]]
    totals = _rules_proposals(flt).aggregate(
        proposals=Count("id", distinct=True), supports=Count("supports", distinct=True)
    )
    table = Table(
        columns=[
            Column("proposal", gettext("Proposal"), False),
            Column("framework", gettext("Policy framework"), False),
            Column("support", gettext("Supporting initiatives")),
            Column("blockages", gettext("Blockages linked")),
        ],
        rows=data,
        count_column="support",
        note=gettext("The %(count)s most supported proposals.") % {"count": RULES_LISTED_PROPOSALS},
    )
    table.summary = [
        (
            gettext("Supports per proposal"),
            rounded(totals["supports"] / totals["proposals"], 1) if totals["proposals"] else None,
        )
    ]
    return table


def rules_changes(flt: DashboardFilter) -> Table:
    """Per framework: proposals adopted (wholly or partly) and the versions recorded."""
    from partnership.models import PolicyFrameworkVersion, RuleProposal

    outcome = RuleProposal.Outcome
    adopted = dict(
        _rules_proposals(flt)
        .filter(outcome__in=(outcome.ADOPTED, outcome.PARTLY_ADOPTED))
        .order_by()
        .values("policy_framework__name")
        .annotate(n=Count("id"))
        .values_list("policy_framework__name", "n")
    )
    versions = PolicyFrameworkVersion.objects.order_by()
    if flt.period_start:
        versions = versions.filter(valid_from__gte=flt.period_start)
    if flt.period_end:
        versions = versions.filter(valid_from__lte=flt.period_end)
    changed = {
        name: (n, from_proposal)
        for name, n, from_proposal in versions.values("framework__name")
        .annotate(n=Count("id"), from_proposal=Count("id", filter=Q(proposal__isnull=False)))
        .values_list("framework__name", "n", "from_proposal")
    }
    names = sorted(set(adopted) | set(changed))
    data = [
        [name, adopted.get(name, 0), changed.get(name, (0, 0))[0], changed.get(name, (0, 0))[1]]
        for name in names
    ]
    return Table(
        columns=[
            Column("framework", gettext("Policy framework"), False),
            Column("adopted", gettext("Proposals adopted (wholly or partly)")),
            Column("versions", gettext("New versions")),
            Column("from_proposal", gettext("of which from a proposal")),
        ],
        rows=data,
        total=[gettext("Total"), *(sum(r[i] for r in data) for i in (1, 2, 3))],
        count_column="versions",
    )


def rules_before_after(flt: DashboardFilter) -> Table:
    """Blockages raised under a framework in equal windows before and after each version's
    date (up to a year, or as long as the version has been valid). Two queries: the versions,
    and the framework's blockages counted per day."""
    from partnership.models import PolicyFrameworkVersion

    today = _today()
    versions = list(
        PolicyFrameworkVersion.objects.filter(valid_from__lte=today)
        .select_related("framework")
        .order_by("framework__name", "number")
    )
    if not versions:
        return Table(
            columns=[
                Column("version", gettext("Version"), False),
                Column("days", gettext("Days compared")),
                Column("before", gettext("Blockages before")),
                Column("after", gettext("Blockages after")),
                Column("change", gettext("change (%)")),
            ],
            rows=[],
            count_column="before",
        )
    earliest = min(v.valid_from for v in versions) - dt.timedelta(days=RULES_WINDOW_DAYS)
    per_day = (
        Blockage.objects.filter(
            flt.q("initiative__"),
            archived_at__isnull=True,
            policy_framework_id__in={v.framework_id for v in versions},
            raised_on__gte=earliest,
        )
        .order_by()
        .values_list("policy_framework_id", "raised_on")
        .annotate(n=Count("id"))
    )
    counts: dict[int, list[tuple[dt.date, int]]] = {}
    for framework_id, day, n in per_day:
        counts.setdefault(framework_id, []).append((day, n))
    data = []
    for v in versions:
        days = min(RULES_WINDOW_DAYS, (today - v.valid_from).days)
        start, end = v.valid_from - dt.timedelta(days=days), v.valid_from + dt.timedelta(days=days)
        rows = counts.get(v.framework_id, [])
        before = sum(n for day, n in rows if start <= day < v.valid_from)
        after = sum(n for day, n in rows if v.valid_from <= day < end)
        label = gettext("%(framework)s v%(number)s (%(date)s)") % {
            "framework": v.framework.name,
            "number": v.number,
            "date": v.valid_from.isoformat(),
        }
        change = rounded((after - before) * 100 / before) if before else None
        data.append([label, days, before, after, change])
    return Table(
        columns=[
            Column("version", gettext("Version"), False),
            Column("days", gettext("Days compared")),
            Column("before", gettext("Blockages before")),
            Column("after", gettext("Blockages after")),
            Column("change", gettext("change (%)")),
        ],
        rows=data,
        count_column="before",
        note=gettext(
            "Each window is as long as the version has been valid, at most a year; a version "
            "valid from today compares nothing yet."
        ),
    )
