"""Running counts (``Tally``) behind the unfiltered figures on blockages, commitments and
value records, kept exact in the same transaction as every write to the records.

Why: without a filter these figures count every blockage, commitment and value record of the
city. Read from the records they took 50 to 250 ms at 10,000 initiatives (seconds at 100,000),
and the dashboards' cache (``cache``) recomputed them after every such record anyone logged.
The tally holds the same counts and sums per part of a figure (a few thousand rows at most),
so reading it costs a few milliseconds, right after a write as much as an hour later.

How it stays exact: each initiative's share of every row is stored (``InitiativeTally``). After
every save or delete of a record, its initiative's shares are derived again from its live
records (``derive``: the same rules as the figures' own queries), compared with the stored
ones, and the difference is added to the tally (one statement) and stored. A row's basis, the
initiatives it rests on, moves by one when an initiative's share of it appears or goes. The
value shares also say whether the initiative is stuck or supported now: they follow its facts
(``facts``), derived just before them in the same receiver. On PostgreSQL the facts' advisory
lock per initiative (``facts.lock``) makes two writers of one initiative do this one after
the other; writers of different initiatives add to the same rows, which PostgreSQL serialises
per row (additions commute). Writes that send no model signals (the demo seed, a restore)
rebuild it all (``rebuild``). Archiving an initiative or a record takes it out, moving an
initiative to another area moves its value, as the figures do.

The sums of quantities are floats, as the figures' query sums them; added in another order
they may differ in the last bits (a cent at an exact half cent, in a total of millions).
With a period and no other filter, the figures on blockages, commitments and ratings read the
tally's months (``DAILY``, ``ENDS``, ``period_rows``), and so do the value figures (``VALUE_ENDS``,
``VALUE_DATED``, ``VALUE_BESIDE``): their counts and sums pro rata of the period for any period,
the initiatives behind them for a period open at one end. The sums pro rata are computed from
rates per day, so they may differ from the records' in the last bits too. Every figure with an
area, a domain or a theme reads the records.
"""

import datetime as dt
from collections import defaultdict

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import BigIntegerField, Case, Count, Q, Sum, Value, When
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from initiatives.accounts.changes import written_in_bulk
from partnership.stats import percentile_of_counts

BLOCKAGES, COMMITMENTS, RATINGS = "blockages", "commitments", "ratings"
VALUES, INVOLVEMENT = "values", "involvement"
# The parts each kind of record feeds (``derive``), so that a write re-derives only its own.
PARTS = {
    BLOCKAGES: (
        "open",
        "open_dept",
        "open_cat",
        "open_all",
        "framework",
        "handoffs",
        "handoffs_all",
        "settle",
        "settle_cat",
        "settle_all",
    ),
    COMMITMENTS: ("commit", "commit_dept", "commit_quarter", "commit_all"),
    VALUES: (
        "v_cube",
        "v_area_dim",
        "v_area",
        "v_dim",
        "v_dim_ev",
        "v_ev",
        "v_ind",
        "v_all",
        "v_spread",
        "v_rank",
        "v_support",
        "v_waiting",
        "v_supported",
        "v_stuck",
    ),
    INVOLVEMENT: ("inv_dist", "inv_several"),
    RATINGS: ("rating",),
}
# Which kinds a write to each model changes; an initiative's own row says whether it is
# archived (its records then count nowhere) and its area (the value figures' rows).
KINDS_OF = {
    "partnership.Blockage": (BLOCKAGES,),
    "partnership.BlockageHandoff": (BLOCKAGES,),
    "partnership.Commitment": (COMMITMENTS,),
    "publicvalue.ValueRecord": (VALUES,),
    "partnership.Rating": (RATINGS,),
    "initiatives.Initiative": (BLOCKAGES, COMMITMENTS, VALUES, INVOLVEMENT, RATINGS),
}
# A period with no other filter keeps the records whose day lies in it: a blockage's raising
# (its settling, for the days to settle), a commitment's due date, a rating's day. Counts and
# sums add up over days: the parts in DAILY are also kept per day ("open@"). The initiatives a
# row rests on do not: for the parts in ENDS, each initiative's first and last day in each row
# are kept ("open_dept~": n counts first days, a last days). The initiatives with a record
# from day s on are then those whose last day is s or later; up to day e, those whose first
# day is e or earlier; between s and e, (first up to e) - (last before s), less those with
# days before s and after e and none between, which the tally does not know: such a period
# reads it only where no row has both (``period_rows``), else the records.
#
# An initiative's shares hold the day; the tally's rows the month and the year (``tally_days``),
# so that a period reads a few rows per year, a few per month of a year partly inside it, and
# the days of its first and last month from the shares.
DAILY = ("open", "framework", "handoffs", "settle", "commit", "rating")
# A value record has a period of its own, not a day: it lies in a period it overlaps. Its
# first day is its start, its last its end: an initiative has a record in a period from day s
# on when its last day is s or later, up to day e when its first is e or earlier. The value
# figures' bases read these (``value_read``) for a period open at one end; and, per initiative,
# its k-th earliest first day and k-th latest last day of its dimensions ("v_rank~", k up to
# ``SPREAD_CAP``): it has k dimensions or more in the period when that day is inside.
# (An initiative lies in one area: the initiatives per dimension, and in all, are those per
# area and dimension, and per area, added up.)
VALUE_ENDS = ("v_area_dim", "v_area", "v_dim_ev", "v_ev", "v_ind", "v_rank")
# The value cube's counts and sums in a period: each record by its last day ("v_cube@") and by
# its first ("v_start@"). It overlaps the period from day s on when its last day is s or later,
# and lies wholly after day e when its first day is after e: the records of a period from s to
# e are (last from s on) - (first after e). A quantity counts pro rata of the record's days in
# the period: w = quantity / days per day. Over the days from s on a record gives w x (last +
# 1 - s) if it started before s, w x (last + 1 - first) if not, nothing if it ended before: the
# sum over its last-day rows of w x (last + 1) less that over its first-day rows from s on of w
# x first, less s x (their w less the first-day rows' w) ("total" and "rate", and "net" and
# "rate_net" net of deadweight and attribution; days counted from ``EPOCH``). From s to e: the
# sum from s on less that from e + 1 on.
VALUE_DATED = ("v_cube@", "v_start@")
# Beside what the city did, in a period open at one end (``value_support``): an initiative was
# supported in a period from day s on when its last day of support is s or later, and has a
# record in it when its last record ends then or later: both when the earlier of the two is.
# "v_support~" holds per supported initiative its first and last day of support ("s"), the
# later of its first days and the earlier of its last days of support and of its records
# ("i"), and those of support and of each of its records ("r"); "v_waiting~" per area the
# first and last days of the records of the initiatives stuck now. n counts first days, a last.
VALUE_BESIDE = ("v_support~", "v_waiting~")
EPOCH = dt.date(2000, 1, 1).toordinal()
# Every part on blockages and commitments but the two whose rows' bases no figure reads (the
# days to settle, one by one; a commitment's outcome), and the value figures' bases.
ENDS = (
    *(
        part
        for part in (*PARTS[BLOCKAGES], *PARTS[COMMITMENTS])
        if part not in ("settle", "commit")
    ),
    *VALUE_ENDS,
)
# The parts whose counts a period reads from another part's days: that part, and the fields
# of its "|"-separated key that make this part's key.
FROM_DAILY = {
    "open_dept": ("open", (0,)),
    "open_cat": ("open", (1,)),
    "open_all": ("open", ()),
    "handoffs_all": ("handoffs", ()),
    "settle_cat": ("settle", (0,)),
    "settle_all": ("settle", ()),
    "commit_dept": ("commit", (0,)),
    "commit_quarter": ("commit", (1,)),
    "commit_all": ("commit", ()),
}
DATED = (
    *(f"{part}@" for part in DAILY),
    *(f"{part}~" for part in ENDS),
    *VALUE_DATED,
    *VALUE_BESIDE,
)
PARTS = {
    kind: (
        *parts,
        *(f"{part}@" for part in parts if part in DAILY),
        *(f"{part}~" for part in parts if part in ENDS),
        *((*VALUE_DATED, *VALUE_BESIDE) if kind == VALUES else ()),
    )
    for kind, parts in PARTS.items()
}
PART_KIND = {part: kind for kind, parts in PARTS.items() for part in parts}
# The versions the dashboards' cache keeps of the tally's rows (``version_name``): one per
# kind, but two kinds' parts that change for other reasons than the rest of their kind have
# their own: the days blockages took to settle (a settling changes them, a blockage raised
# does not) and the value beside what the city did (a blockage raised or resolved changes who
# is stuck, not the value recorded). A figure depends on the versions of the parts it reads.
SETTLING, VALUE_BESIDE_CITY = "blockages_settled", "values_beside"
VERSION_OF = {
    part: SETTLING
    if part.startswith("settle")
    else VALUE_BESIDE_CITY
    if part.startswith(("v_support", "v_waiting", "v_stuck"))
    else kind
    for part, kind in PART_KIND.items()
}
VERSIONS = tuple(dict.fromkeys(VERSION_OF.values()))
# Which kinds follow the initiative's facts (``facts``), derived just before them.
FOLLOW_FACTS = {"involves": INVOLVEMENT, "stuck": VALUES, "supported": VALUES}
FOLLOW_FACTS |= {"support_days": VALUES}  # (the first or last day of support moved)
MEASURES = ("n", "a", "b", "c", "d", "total", "net", "rate", "rate_net")
# The tally's rows are kept per shard of initiatives (an initiative's shares always go to the
# same one): writers of different initiatives then seldom wait for the same row (every blockage
# adds to "open_all", say), and an initiative counts in one shard only, so the shards' bases
# add up. Reads sum the shards.
SHARDS = 8
# Dated parts whose keys are fine enough that writers seldom meet on a row (the days a blockage
# took to settle, a commitment's department, quarter and outcome): one shard, not eight times
# the rows for a period to read.
UNSHARDED = ("settle@", "commit@", "v_cube@", "v_start@")
AT = {name: i for i, name in enumerate(MEASURES)}
ZERO = (0, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0)
FLOATS = ("total", "net", "rate", "rate_net")
SPREAD_CAP = 5  # dimensions per initiative, counted up to "5 or more" (``selectors``)
HANDOFF_CAP = 4  # hand-offs per blockage, counted up to "4 or more" (``selectors``)
SETTLED_BLOCKAGE = ("resolved", "worked_around", "unresolved")
KEPT = "kept"
OPEN_COMMITMENT = "open"


# The models the tally reads and writes, by name; the migration that creates its tables passes
# its historical models instead (``rebuild``).
MODELS = (
    "Blockage",
    "Commitment",
    "Rating",
    "ValueRecord",
    "InitiativeFact",
    "SupportSpan",
    "Tally",
    "InitiativeTally",
)


def live_models() -> dict:
    from partnership.dashboards.models import InitiativeFact, InitiativeTally, SupportSpan, Tally
    from partnership.models import Blockage, Commitment, Rating
    from publicvalue.models import ValueRecord

    found = {
        "Blockage": Blockage,
        "Commitment": Commitment,
        "Rating": Rating,
        "ValueRecord": ValueRecord,
        "InitiativeFact": InitiativeFact,
        "SupportSpan": SupportSpan,
        "Tally": Tally,
        "InitiativeTally": InitiativeTally,
    }
    return {name: found[name] for name in MODELS}


def quarter_of(day: dt.date) -> str:
    """The first day of ``day``'s quarter, as ISO text."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1).isoformat()


def tally_days(part: str, day: str) -> tuple[str, ...]:
    """The days of the tally's rows that a share's row adds to: for the dated parts its month
    ("2026-03") and its year ("Y2026": sorting after every month), else its own day."""
    return (day[:7], f"Y{day[:4]}") if part[-1:] in ("@", "~") else (day,)


class _Shares:
    """Shares per initiative: {initiative: {(part, key, day): [n, a, b, c, d]}}."""

    def __init__(self):
        self.rows: dict[int, dict[tuple, list[int]]] = defaultdict(dict)
        self.ends: dict[tuple, list[str]] = {}  # (initiative, part, key): [first, last day]

    def add(
        self, initiative: int, part: str, key, day: str = "", *, on=None, span=None, **measures
    ):
        """Add one record's share; ``on``: the day a period keeps it by (``DAILY``), ``span``:
        its first and last day (ISO text) where it has a period of its own (a value record)."""
        key = str(key)
        self._add(initiative, (part, key, day), measures)
        if on is not None:
            on = on.isoformat()
            span = (on, on)
            if part in DAILY:
                self._add(initiative, (f"{part}@", key, on), measures)
        if span is not None and part in ENDS:
            first, last = span
            ends = self.ends.get((initiative, part, key))
            if ends is None:
                self.ends[(initiative, part, key)] = [first, last]
            else:
                ends[0], ends[1] = min(ends[0], first), max(ends[1], last)

    def span(self, initiative: int, part: str, key, first: dt.date, last: dt.date) -> None:
        """One first and one last day in a row of its own making (``VALUE_BESIDE``)."""
        self._ends(initiative, part, str(key), first.isoformat(), last.isoformat())

    def _ends(self, initiative: int, part: str, key: str, first: str, last: str) -> None:
        """A first day (n) and a last day (a) in a dated row (ISO text)."""
        self._add(initiative, (part, key, first), {"n": 1})
        self._add(initiative, (part, key, last), {"n": 0, "a": 1})

    def rank(self, initiative: int, part: str, spans) -> None:
        """Per k up to ``SPREAD_CAP``: the initiative has k or more of these ``spans`` (first
        and last days, one per dimension, say); its k-th earliest first day and k-th latest
        last day, as the first and last day of its row k (``VALUE_ENDS``)."""
        firsts = sorted(first.isoformat() for first, _last in spans)
        lasts = sorted((last.isoformat() for _first, last in spans), reverse=True)
        for k in range(1, min(len(firsts), SPREAD_CAP) + 1):
            self._add(initiative, (part, str(k), ""), {})
            self.ends[(initiative, part, str(k))] = [firsts[k - 1], lasts[k - 1]]

    def _add(self, initiative: int, row: tuple, measures: dict) -> None:
        slot = self.rows[initiative].setdefault(row, list(ZERO))
        slot[0] += measures.get("n", 1)
        for name, value in measures.items():  # (millions of calls at national scale)
            if name != "n":
                slot[AT[name]] += value

    def close(self) -> dict[int, dict[tuple, list[int]]]:
        """The shares, with each initiative's first and last day per row of ``ENDS``."""
        for (initiative, part, key), (first, last) in self.ends.items():
            self._ends(initiative, f"{part}~", key, first, last)
        self.ends = {}
        return self.rows


def _blockages(shares: _Shares, models, scope: Q, using: str) -> None:
    """The blockage cube's parts (open ones per department and category, per department, per
    category and over all; all per policy framework with the days held; per number of
    hand-offs) and the settled ones' days to settle, per category and in days."""
    from partnership.dashboards.facts import OPEN_BLOCKAGE  # (facts imports the cache)

    rows = (
        models["Blockage"]
        ._base_manager.db_manager(using)
        .filter(scope, archived_at__isnull=True)
        .annotate(handed=Count("handoffs", filter=Q(handoffs__from_department__isnull=False)))
        .order_by()
        .values_list(
            "initiative_id",
            "department_id",
            "policy_framework_id",
            "category",
            "status",
            "raised_on",
            "settled_on",
            "handed",
        )
    )
    for ini, dept, framework, category, status, raised, settled, handed in rows:
        dept = dept or ""
        if status in OPEN_BLOCKAGE:
            shares.add(ini, "open", f"{dept}|{category}", on=raised)
            shares.add(ini, "open_dept", dept, on=raised)
            shares.add(ini, "open_cat", category, on=raised)
            shares.add(ini, "open_all", "", on=raised)
        # Days held: to the settlement, or to today while unsettled (a = open now, b = days
        # of the settled ones, c = unsettled ones, d = the sum of their raising days' ordinals).
        held = {"b": (settled - raised).days} if settled else {"c": 1, "d": raised.toordinal()}
        is_open = int(status in OPEN_BLOCKAGE)
        shares.add(ini, "framework", framework or "", on=raised, a=is_open, **held)
        shares.add(ini, "handoffs", min(handed, HANDOFF_CAP), on=raised, a=handed)
        shares.add(ini, "handoffs_all", "", on=raised)
        if status in SETTLED_BLOCKAGE and settled:
            shares.add(ini, "settle", f"{category}|{(settled - raised).days}", on=settled)
            shares.add(ini, "settle_cat", category, on=settled)
            shares.add(ini, "settle_all", "", on=settled)


def _commitments(shares: _Shares, models, scope: Q, using: str) -> None:
    """Commitments per department, quarter of the due date and what became of them (an open
    one with its due day: overdue or not depends on the day it is read), and their bases."""
    rows = (
        models["Commitment"]
        ._base_manager.db_manager(using)
        .filter(scope, archived_at__isnull=True)
        .order_by()
        .values_list("initiative_id", "department_id", "due_on", "status", "settled_on")
    )
    for ini, dept, due, status, settled in rows:
        quarter, day = quarter_of(due), ""
        if status == KEPT:
            outcome = "kept_on_time" if settled and settled <= due else "kept_late"
        else:
            outcome = status
            day = due.isoformat() if status == OPEN_COMMITMENT else ""
        shares.add(ini, "commit", f"{dept}|{quarter}|{outcome}", day, on=due)
        shares.add(ini, "commit_dept", dept, on=due)
        shares.add(ini, "commit_quarter", quarter, on=due)
        shares.add(ini, "commit_all", "", on=due)


def _values(shares: _Shares, models, scope: Q, using: str) -> None:
    """The value records per area, dimension, evidence and indicator with their quantities
    (gross, and net of their own deadweight and attribution: the same floats, multiplied in
    the same order, as ``selectors._value_cube`` sums), and the bases of the value figures:
    per area and dimension, area, dimension, dimension and evidence, evidence, indicator (of
    the records with a number) and over all, and each initiative's number of dimensions. In
    order of the records, so that an initiative's sums come out the same at every write."""
    rows = (
        models["ValueRecord"]
        ._base_manager.db_manager(using)
        .filter(scope, archived_at__isnull=True)
        .order_by("pk")
        .values_list(
            "initiative_id",
            "initiative__area_id",
            "dimension_id",
            "evidence",
            "indicator_id",
            "quantity",
            "deadweight_pct",
            "attribution_pct",
            "period_start",
            "period_end",
        )
    )
    dimensions: dict[int, dict] = defaultdict(dict)  # per initiative: {dimension: its days}
    spans: dict[int, list] = defaultdict(list)  # per initiative: its records' first, last days
    records: dict[int, list] = {}  # per initiative: [its area, its records]
    for ini, area, dim, evidence, indicator, quantity, deadweight, attribution, *span in rows:
        area = area or ""
        records.setdefault(ini, [area, 0])[1] += 1
        counted = quantity is not None
        sums, gross, share = {}, None, None
        if counted:
            gross = float(quantity) * 1.0
            share = (100.0 - float(deadweight or 0)) * (100.0 - float(attribution or 0)) / 10000.0
            sums = {"a": 1, "total": gross, "net": gross * share}
        with_number = indicator if counted and indicator else ""
        key = f"{area}|{dim}|{evidence}|{indicator or ''}"
        shares.add(ini, "v_cube", key, **sums)
        _value_days(shares, ini, key, span, gross, share)
        days = (span[0].isoformat(), span[1].isoformat())
        shares.add(ini, "v_area_dim", f"{area}|{dim}", span=days)
        shares.add(ini, "v_area", area, span=days)
        shares.add(ini, "v_dim", dim)
        shares.add(ini, "v_dim_ev", f"{dim}|{evidence}", span=days)
        shares.add(ini, "v_ev", evidence, span=days)
        shares.add(ini, "v_ind", with_number, span=days)
        shares.add(ini, "v_all", "")
        spans[ini].append(span)
        first, last = dimensions[ini].get(dim, span)
        dimensions[ini][dim] = (min(first, span[0]), max(last, span[1]))
    for ini, dims in dimensions.items():
        shares.add(ini, "v_spread", min(len(dims), SPREAD_CAP))
        shares.rank(ini, "v_rank", dims.values())
    # Beside what the city did: the records of supported initiatives and of the others, and of
    # those stuck now, per area; from the facts, derived just before (``facts._on_write``).
    # Also every supported initiative, and every one stuck now per area with the people it
    # reaches and its volunteers: the figures then need not join the initiatives to their facts.
    flags = defaultdict(set)
    facts = models["InitiativeFact"]._base_manager.db_manager(using)
    for ini, kind, area, reached, volunteers in facts.filter(
        scope, kind__in=("stuck", "supported")
    ).values_list(
        "initiative_id",
        "kind",
        "initiative__area_id",
        "initiative__people_reached",
        "initiative__volunteers",
    ):
        flags[ini].add(kind)
        if kind == "supported":
            shares.add(ini, "v_supported", "")
        else:
            shares.add(ini, "v_stuck", area or "", a=reached or 0, b=volunteers or 0)
    for ini, (area, n) in records.items():
        shares.add(ini, "v_support", int("supported" in flags[ini]), n=n)
        if "stuck" in flags[ini]:
            shares.add(ini, "v_waiting", area, n=n)
            for first, last in spans[ini]:
                shares.span(ini, "v_waiting~", area, first, last)
    support = models["SupportSpan"]._base_manager.db_manager(using).filter(scope)
    for ini, first, last in support.values_list("initiative_id", "first_on", "last_on"):
        shares.span(ini, "v_support~", "s", first, last)
        if spans[ini]:
            starts, ends = zip(*spans[ini], strict=True)
            shares.span(ini, "v_support~", "i", max(first, min(starts)), min(last, max(ends)))
        for start, end in spans[ini]:
            shares.span(ini, "v_support~", "r", max(first, start), min(last, end))


def _value_days(shares: _Shares, ini: int, key: str, span, gross, share) -> None:
    """One value record's rows by its last and its first day (``VALUE_DATED``); ``gross``:
    its quantity (None without a number), ``share``: what is left net of deadweight and
    attribution."""
    first, last = span
    rate = None if gross is None else gross / ((last - first).days + 1)
    for part, day, days in (
        ("v_cube@", last, last.toordinal() + 1 - EPOCH),
        ("v_start@", first, first.toordinal() - EPOCH),
    ):
        measures = {}
        if rate is not None:
            net = rate * share
            measures = {"a": 1, "total": rate * days, "net": net * days, "rate": rate}
            measures["rate_net"] = net
        shares._add(ini, (part, key, day.isoformat()), measures)


def _involvement(shares: _Shares, models, scope: Q, using: str) -> None:
    """The departments each initiative dealt with, from its facts (``selectors.
    _department_involvement`` without a period): how many (up to "5 or more"), and, per area,
    whether it deals with two or more and has no municipal coordinator."""
    rows = (
        models["InitiativeFact"]
        ._base_manager.db_manager(using)
        .filter(scope, kind="involves")
        .order_by()
        .values("initiative_id", "initiative__area_id", "initiative__coordinator_id")
        .annotate(departments=Count("id"))
        .values_list(
            "initiative_id", "initiative__area_id", "initiative__coordinator_id", "departments"
        )
    )
    for ini, area, coordinator, departments in rows:
        shares.add(ini, "inv_dist", min(departments, SPREAD_CAP))
        if departments >= 2 and coordinator is None:
            shares.add(ini, "inv_several", area or "")


def _ratings(shares: _Shares, models, scope: Q, using: str) -> None:
    """Every rating per quarter (in the city's time zone) and the satisfied ones (4 or 5),
    those of archived blockages and requests too: the figure takes those out when it reads
    (``selectors._ratings``), so that archiving one needs no rule here."""
    rows = (
        models["Rating"]
        ._base_manager.db_manager(using)
        .filter(scope)
        .order_by()
        .values_list("initiative_id", "created_at", "score")
    )
    for ini, created, score in rows:
        day = timezone.localtime(created).date()
        shares.add(ini, "rating", quarter_of(day), on=day, a=int(score >= 4))


DERIVE = {
    BLOCKAGES: _blockages,
    COMMITMENTS: _commitments,
    VALUES: _values,
    INVOLVEMENT: _involvement,
    RATINGS: _ratings,
}


def derive(
    initiative_id: int | None = None, *, kinds=tuple(DERIVE), models=None, using=DEFAULT_DB_ALIAS
) -> dict[int, dict[tuple, list[int]]]:
    """Each initiative's shares of the tally's ``kinds`` from its live records (of one
    initiative, or of all): records of archived initiatives count nowhere."""
    scope = Q(initiative__archived_at__isnull=True)
    if initiative_id is not None:
        scope &= Q(initiative_id=initiative_id)
    shares, models = _Shares(), models or live_models()
    for kind in kinds:
        DERIVE[kind](shares, models, scope, using)
    return shares.close()


def _quoted(model, using: str) -> str:
    return connections[using].ops.quote_name(model._meta.db_table)


def _add(deltas: dict[tuple, list[int]], *, shard: int, tally, using: str) -> None:
    """Add ``deltas`` ({(part, key, day): [initiatives, n, ..., net]}) to the tally's rows of
    ``shard``, in one statement, rows in a fixed order (two writers never take them in
    opposite orders)."""
    merged: dict[tuple, list] = {}
    for (part, key, day), delta in deltas.items():
        for tally_day in tally_days(part, day):
            row = (part, key, tally_day, 0 if part in UNSHARDED else shard)
            slot = merged.setdefault(row, [0] * len(delta))
            merged[row] = [x + y for x, y in zip(slot, delta, strict=True)]
    rows = sorted((row, delta) for row, delta in merged.items() if any(delta))
    if not rows:
        return
    table, key = _quoted(tally, using), connections[using].ops.quote_name("key")
    columns = ("initiatives", *MEASURES)
    values = ", ".join(["(" + ", ".join(["%s"] * (5 + len(MEASURES))) + ")"] * len(rows))
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (part, {key}, day, shard, {', '.join(columns)}) "  # noqa: S608
            f"VALUES {values} ON CONFLICT (part, {key}, day, shard) DO UPDATE SET {updates}",
            [p for row, delta in rows for p in (*row, *delta)],
        )


def _store_shares(initiative_id: int, *, kept, new, model, using: str) -> None:
    """Write one initiative's shares: ``kept`` [(pk, measures)] in place, ``new``
    [((part, key, day), measures)] inserted, a statement each. Written out here because
    Django's ``bulk_update`` builds a CASE per column and row, which cost a write more Python
    than everything else it does together."""
    table, key = _quoted(model, using), connections[using].ops.quote_name("key")
    width = len(MEASURES)
    with connections[using].cursor() as cursor:
        if kept:
            # VALUES names its columns column1, column2, ... in PostgreSQL and SQLite alike.
            rows = ", ".join(["(" + ", ".join(["%s"] * (1 + width)) + ")"] * len(kept))
            sets = ", ".join(f"{m} = v.column{i}" for i, m in enumerate(MEASURES, start=2))
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM (VALUES {rows}) AS v "  # noqa: S608
                f"WHERE {table}.id = v.column1",
                [p for pk, measures in kept for p in (pk, *measures)],
            )
        if new:
            rows = ", ".join(["(" + ", ".join(["%s"] * (4 + width)) + ")"] * len(new))
            cursor.execute(
                f"INSERT INTO {table} (initiative_id, part, {key}, day, "  # noqa: S608
                f"{', '.join(MEASURES)}) VALUES {rows}",
                [p for row, measures in new for p in (initiative_id, *row, *measures)],
            )


def version_name(kind: str) -> str:
    """The name under which the dashboards' cache keeps the version of one kind of the tally's
    rows (``cache.bump``, ``reads.depends_on``): a blockage leaves the figures on commitments
    cached, though both live in one table."""
    from partnership.dashboards.models import Tally

    return f"{Tally._meta.db_table}:{kind}"


def _depends_on(parts) -> None:
    """Say that what is being computed read ``parts`` of the tally: it depends on their
    versions (``VERSION_OF``)."""
    from partnership.dashboards import reads

    reads.depends_on(*{version_name(VERSION_OF[part]) for part in parts})


def refresh(
    initiative_id: int, kinds, *, locked: bool = False, using: str = DEFAULT_DB_ALIAS
) -> set[str]:
    """Derive one initiative's shares of ``kinds`` again, store what changed and add the
    difference to the tally; the versions (``VERSION_OF``) of the parts that changed (the
    caller bumps them).
    ``locked``: the caller holds the initiative's lock already (``facts.lock``)."""
    from partnership.dashboards import facts
    from partnership.dashboards.models import InitiativeTally, Tally

    if not locked:
        facts.lock(initiative_id, using=using)
    wanted = derive(initiative_id, kinds=kinds, using=using).get(initiative_id, {})
    parts = [part for kind in kinds for part in PARTS[kind]]
    manager = InitiativeTally._base_manager.using(using)
    stored = {
        (part, key, day): (pk, list(measures))
        for pk, part, key, day, *measures in manager.filter(
            initiative_id=initiative_id, part__in=parts
        ).values_list("pk", "part", "key", "day", *MEASURES)
    }
    deltas: dict[tuple, list[int]] = {}
    for row in wanted.keys() | stored.keys():
        new, old = wanted.get(row), stored.get(row, (None, None))[1]
        if new != old:
            deltas[row] = [
                int(new is not None) - int(old is not None),
                *(x - y for x, y in zip(new or ZERO, old or ZERO, strict=True)),
            ]
    if not deltas:
        return set()
    # A share that stays is updated in place (no index changes: PostgreSQL rewrites the row in
    # its page), one that goes is deleted, a new one inserted: a statement each at most.
    gone = [stored[row][0] for row in deltas if row not in wanted]
    if gone:
        manager.filter(pk__in=gone)._raw_delete(using)
    _store_shares(
        initiative_id,
        kept=[(stored[row][0], wanted[row]) for row in deltas if row in wanted and row in stored],
        new=[(row, wanted[row]) for row in deltas if row in wanted and row not in stored],
        model=InitiativeTally,
        using=using,
    )
    _add(deltas, shard=initiative_id % SHARDS, tally=Tally, using=using)
    return {VERSION_OF[part] for part, _key, _day in deltas}


def rebuild(*, models=None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Derive every initiative's shares again and sum them into the tally: after writes that
    send no model signals, and when the tables are created (``models``: a migration's)."""
    models = models or live_models()
    share, tally = models["InitiativeTally"], models["Tally"]
    for model in (share, tally):
        model._base_manager.using(using).all()._raw_delete(using)
    derived = derive(models=models, using=using)
    # In the order of the shares' unique index (initiative, part, key, day): each row goes in
    # beside the one before, not at a random place in an index of millions.
    rows = [
        (ini, part, key, day, *derived[ini][(part, key, day)])
        for ini in sorted(derived)
        for part, key, day in sorted(derived[ini])
    ]
    del derived
    key = connections[using].ops.quote_name("key")
    columns = f"part, {key}, day"
    share_columns = f"initiative_id, {columns}, {', '.join(MEASURES)}"
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":  # (millions of rows at national scale)
            copy = f"COPY {_quoted(share, using)} ({share_columns}) FROM STDIN"
            with cursor.cursor.copy(copy) as out:
                for row in rows:
                    out.write_row(row)
        else:
            for start in range(0, len(rows), 10_000):
                cursor.executemany(
                    f"INSERT INTO {_quoted(share, using)} ({share_columns}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * (4 + len(MEASURES)))})",
                    rows[start : start + 10_000],
                )
        sums = ", ".join(f"SUM({m})" for m in MEASURES)
        # ``tally_days``: the month and the year of the dated parts' days; ``UNSHARDED`` in
        # shard 0.
        dated, single = (", ".join(["%s"] * len(parts)) for parts in (DATED, UNSHARDED))
        month = f"CASE WHEN part IN ({dated}) THEN SUBSTR(day, 1, 7) ELSE day END"
        shard = f"CASE WHEN part IN ({single}) THEN 0 ELSE initiative_id %% {int(SHARDS)} END"
        tally_columns = f"{columns}, shard, initiatives, {', '.join(MEASURES)}"
        cursor.execute(
            f"INSERT INTO {_quoted(tally, using)} ({tally_columns}) "  # noqa: S608
            f"SELECT part, {key}, {month}, {shard}, COUNT(*), {sums} "
            f"FROM {_quoted(share, using)} GROUP BY 1, 2, 3, 4",
            [*DATED, *UNSHARDED],
        )
        # The years, from the months.
        cursor.execute(
            f"INSERT INTO {_quoted(tally, using)} ({tally_columns}) "  # noqa: S608
            f"SELECT part, {key}, 'Y' || SUBSTR(day, 1, 4), shard, SUM(initiatives), {sums} "
            f"FROM {_quoted(tally, using)} WHERE part IN ({dated}) GROUP BY 1, 2, 3, 4",
            DATED,
        )


def refresh_for(
    sender,
    initiative_id: int,
    *,
    facts_changed=(),
    locked: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> list[str]:
    """After a write to a record of ``sender``: the versions (``version_name``) of the parts
    of the tally it changed, for the caller to bump. The facts' receiver calls this for the
    records both derive from, with the kinds of fact the write changed (``facts_changed``):
    the shares that rest on them follow (``FOLLOW_FACTS``)."""
    kinds = KINDS_OF.get(sender._meta.label, ())
    kinds = (*kinds, *{FOLLOW_FACTS[f] for f in facts_changed} - set(kinds))
    changed = refresh(initiative_id, kinds, locked=locked, using=using) if kinds else set()
    return [version_name(version) for version in sorted(changed)]


def _on_own_write(sender, instance, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """A value record or a rating written, or an initiative archived, restored or moved to
    another area (the records the facts do not derive from: the facts' receiver covers the
    others)."""
    from partnership.dashboards import cache  # (cache reads selectors, which read the tally)

    if sender.__module__ == "__fake__":
        return  # a migration's historical model
    is_initiative = sender._meta.label == "initiatives.Initiative"
    if is_initiative and kwargs.get("created"):
        return  # a new initiative has no records yet
    initiative_id = instance.pk if is_initiative else instance.initiative_id
    changed = refresh_for(sender, initiative_id, using=using)
    if changed:
        cache.bump(*changed, using=using)


def _on_bulk_write(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from partnership.dashboards import cache
    from partnership.dashboards.models import Tally

    if sender is None or sender._meta.label in KINDS_OF:
        rebuild(using=using)
        cache.bump(Tally._meta.db_table, *map(version_name, VERSIONS), using=using)


def connect() -> None:
    """The records the facts derive from come through the facts' receiver
    (``facts._on_write``, which calls ``refresh_for``); initiatives and value records here."""
    from initiatives.models import Initiative
    from partnership.models import Rating
    from publicvalue.models import ValueRecord

    for model in (Initiative, ValueRecord, Rating):
        for signal in (post_save, post_delete):
            signal.connect(
                _on_own_write,
                sender=model,
                dispatch_uid=f"dashboards-tally-{model._meta.label}-{signal!r}",
            )
    written_in_bulk.connect(_on_bulk_write, dispatch_uid="dashboards-tally-bulk")


# --- reads: the unfiltered figures' parts, as the selectors read them from the records --------


def _sum(measure: str):
    """The sum of a measure, a whole number as one (PostgreSQL sums them as decimals)."""
    if measure in FLOATS:
        return Sum(measure)
    return Cast(Sum(measure), output_field=BigIntegerField())


def _rows(*parts: str):
    """(part, key, initiatives, n, ..., net) of the rows of ``parts`` that count something,
    the shards summed."""
    from partnership.dashboards.models import Tally

    _depends_on(parts)
    # Only the measures the parts' figures read are summed (those a period reads of the part's
    # dated rows, ``READ``), the others are 0: thousands of rows (the days a blockage took to
    # settle), and each sum over them adds to the page.
    read = {"initiatives", "n"}
    read |= {m for part in parts for m in READ.get(f"{part}@", ())}
    sums = {
        f"sum_{m}": _sum(m) if m in read else Value(0.0 if m in FLOATS else 0)
        for m in ("initiatives", *MEASURES)
    }
    return _fetch(
        Tally.objects.filter(part__in=parts)
        .values("part", "key")
        .annotate(**sums)
        .exclude(sum_n=0)
        .values_list("part", "key", *sums)
    )


def _fetch(queryset) -> list[tuple]:
    """The rows of ``queryset`` as the database gives them: thousands of rows of sums, which
    the ORM's converters would take longer to hand over than the database to add up."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _month_end(day: dt.date) -> dt.date:
    if day.month == 12:  # (also in the year 9999, the last a date can have)
        return day.replace(day=31)
    return day.replace(month=day.month + 1, day=1) - dt.timedelta(days=1)


def _day_after(until: dt.date | None) -> dt.date | None:
    """The first day after a period ending ``until``; None when nothing lies after it (no end,
    or the last day a date can have)."""
    return until + dt.timedelta(days=1) if until and until < dt.date.max else None


def _month_number(day: dt.date) -> int:
    return 12 * day.year + day.month - 1


def _whole_months(low: int, high: int) -> Q:
    """The tally's rows of the months numbered ``low`` to ``high``: a whole year's as its year
    row ("Y2026", ``tally_days``), the months of a year partly inside as their own rows."""
    if low > high:
        return Q(pk__in=[])

    def months(start: int, end: int) -> Q:
        first, last = (f"{n // 12:04d}-{n % 12 + 1:02d}" for n in (start, end))
        return Q(day__gte=first, day__lte=last) if start <= end else Q(pk__in=[])

    first_year, last_year = (low + 11) // 12, (high + 1) // 12 - 1  # wholly inside
    if first_year > last_year:
        return months(low, high)
    years = Q(day__gte=f"Y{first_year:04d}", day__lte=f"Y{last_year:04d}")
    return months(low, 12 * first_year - 1) | years | months(12 * (last_year + 1), high)


# What a period reads of each dated part (the others' measures are left at 0).
READ = {"framework@": ("n", "a", "b", "c", "d"), "handoffs@": ("n", "a"), "rating@": ("n", "a")}
READ |= {f"{part}~": ("n", "a") for part in ENDS}
READ |= {part: ("n", "a", "total", "net", "rate", "rate_net") for part in VALUE_DATED}
READ |= {part: ("n", "a") for part in VALUE_BESIDE}


def _measures_read(parts) -> list[int]:
    """Where, in ``MEASURES``, the measures a period reads of these dated parts are."""
    return [i for i, m in enumerate(MEASURES) if any(m in READ.get(p, ("n",)) for p in parts)]


def _between(parts, first: dt.date | None, last: dt.date | None) -> dict[tuple, list]:
    """{(part, key): [n, ..., net]} of the dated ``parts``' days from ``first`` to ``last``
    (None: open): the tally's rows of the months wholly inside, and the shares' rows of the
    days of a month partly inside. One query, of the measures the parts have (``READ``)."""
    from partnership.dashboards.models import InitiativeTally, Tally

    if first and last and first > last:
        return {}
    days = Q(pk__in=[])
    if first and first.day != 1:
        end = min(_month_end(first), last) if last else _month_end(first)
        days |= Q(day__gte=first.isoformat(), day__lte=end.isoformat())
    if last and last != _month_end(last):
        start = max(last.replace(day=1), first) if first else last.replace(day=1)
        days |= Q(day__gte=start.isoformat(), day__lte=last.isoformat())
    # The months wholly inside, numbered (year x 12 + month - 1): the first and the last.
    low = 0 if first is None else _month_number(first) + (first.day != 1)
    high = 12 * 10_000 - 1 if last is None else _month_number(last) - (last != _month_end(last))
    whole = _whole_months(low, high)
    at = _measures_read(parts)
    sums = {f"sum_{MEASURES[i]}": _sum(MEASURES[i]) for i in at}
    rows = _fetch(
        Tally.objects.filter(whole, part__in=parts)
        .values("part", "key")
        .annotate(**sums)
        .values_list("part", "key", *sums)
        .union(
            InitiativeTally.objects.filter(days, part__in=parts)
            .values("part", "key")
            .annotate(**sums)
            .values_list("part", "key", *sums),
            all=True,
        )
    )
    out: dict[tuple, list] = {}
    for part, key, *measures in rows:
        slot = out.setdefault((part, key), list(ZERO))
        for i, value in zip(at, measures, strict=True):
            slot[i] += value
    return out


def _totals(ends, daily) -> dict[tuple, list]:
    """``_between`` over every day, from the undated rows: the sums of the ``daily`` parts and,
    for the ``ends`` parts, the initiatives of each row (each has one first and one last day)."""
    out: dict[tuple, list] = {}
    for part, key, initiatives, *measures in _rows(*daily, *ends):
        if part in daily:
            out[(f"{part}@", key)] = measures
        if part in ends:
            out[(f"{part}~", key)] = [initiatives, initiatives, *ZERO[2:]]
    return out


def period_rows(parts, since: dt.date | None, until: dt.date | None) -> list[tuple] | None:
    """``_rows`` of the records whose day lies in the period (``DAILY``), or None where the
    tally cannot say how many initiatives a row rests on: some initiative of a row may have
    days before and after the period and none inside (the figure then reads the records).

    What lies from ``since`` on, less what lies after ``until``: the initiatives of a row are
    those with their last day from ``since`` on, less those with their first after ``until``.
    Both read the days after a day, the side where the days of a recent period lie. Three
    queries at most."""

    _depends_on(parts)
    ends = [part for part in parts if part in ENDS]
    daily = list({FROM_DAILY.get(part, (part,))[0] for part in parts})
    dated = [*(f"{part}~" for part in ends), *(f"{part}@" for part in daily)]
    later = _day_after(until)
    after = _between(dated, later, None) if later else {}
    if not since:
        start = _totals(ends, daily)
    else:
        start = _between(dated, since, None)
        # A row with initiatives whose first day is before the period and others whose last
        # is after it: one of them may have both and no day inside.
        if until and any(
            n > start.get(row, ZERO)[0] and after.get(row, ZERO)[1]
            for row, (n, *_rest) in _totals(ends, []).items()
        ):
            return None
    targets = defaultdict(list)  # the parts counted from each dated part's rows
    for part in parts:
        source, fields = FROM_DAILY.get(part, (part, None))
        targets[f"{source}@"].append((part, fields))
    # Only the measures read (thousands of rows: the days a blockage took to settle).
    at = _measures_read(dated)
    counted: dict[tuple, list] = {}
    for (dated_part, key), measures in start.items():
        goals = targets.get(dated_part)
        if goals is None:
            continue
        less = after.get((dated_part, key))
        values = [measures[i] - less[i] for i in at] if less else [measures[i] for i in at]
        for part, fields in goals:
            own = key if fields is None else _fields_of(key, fields)
            slot = counted.get((part, own))
            if slot is None:
                counted[(part, own)] = list(values)
            else:
                counted[(part, own)] = [x + y for x, y in zip(slot, values, strict=True)]
    rows = []
    for (part, key), values in counted.items():
        if not values[0]:
            continue
        measures = list(ZERO)
        for i, value in zip(at, values, strict=True):
            measures[i] = value
        ends = start.get((f"{part}~", key), ZERO)[1] - after.get((f"{part}~", key), ZERO)[0]
        rows.append((part, key, ends, *measures))
    return rows


def _fields_of(key: str, fields: tuple[int, ...]) -> str:
    """The ``fields`` of a "|"-separated key, as a key ("" for none)."""
    if not fields:
        return ""
    if len(fields) == 1:
        return key.split("|")[fields[0]]
    return "|".join(key.split("|")[i] for i in fields)


def _read(parts, period) -> list[tuple] | None:
    """The parts' rows: of every record without a period, else of the period's (or None)."""
    return list(_rows(*parts)) if period is None else period_rows(parts, *period)


def blockage_cube(today: dt.date, period=None) -> dict[str, list[tuple]] | None:
    """``selectors._blockage_cube`` without a filter, or with a ``period`` (since, until)
    alone (None where ``period_rows`` cannot say): per part, rows of (department or framework
    name or hand-off bucket, category, blockages, open ones or hand-offs, days held,
    initiatives). The rows, and the departments' and frameworks' names."""
    from initiatives.accounts.models import Department
    from partnership.models import PolicyFramework

    parts = ("open", "open_dept", "open_cat", "open_all", "framework", "handoffs", "handoffs_all")
    rows = _read(parts, period)
    if rows is None:
        return None
    departments = dict(
        Department.objects.filter(
            pk__in={
                int(k.split("|")[0])
                for p, k, *_ in rows
                if p.startswith("open") and k[:1].isdigit()
            }
        ).values_list("pk", "name")
    )
    frameworks = {
        pk: (name, category)
        for pk, name, category in PolicyFramework.objects.filter(
            pk__in={int(k) for p, k, *_ in rows if p == "framework" and k}
        ).values_list("pk", "name", "category")
    }
    out: dict[str, list[tuple]] = {part: [] for part in parts}
    ordinal = today.toordinal()
    for part, key, initiatives, n, a, b, c, d, *_quantities in rows:
        if part in ("open", "open_dept"):
            dept, _bar, category = key.partition("|")
            name = departments.get(int(dept)) if dept else None
            row = (name, category or None, n, 0, 0)
        elif part == "open_cat":
            row = (None, key, n, 0, 0)
        elif part == "framework":
            name, category = frameworks.get(int(key), (None, None)) if key else (None, None)
            row = (name, category, n, a, b + c * ordinal - d)
        elif part == "handoffs":
            row = (int(key), None, n, a, 0)
        else:
            row = (None, None, n, 0, 0)
        out[part].append((*row, initiatives))
    for part in ("open_all", "handoffs_all"):  # as the records' query: a row, if of nothing
        out[part] = out[part] or [(None, None, 0, 0, 0, 0)]
    return out


def days_to_settle(period=None) -> tuple[dict, tuple] | None:
    """``selectors.blockages_days_to_settle`` without a filter, or with a ``period`` alone
    (None where ``period_rows`` cannot say): per category and over all, (settled blockages,
    median days, 90th percentile, initiatives), from the days counted."""
    days: dict[str, list[tuple[int, int]]] = defaultdict(list)
    bases: dict[str, int] = {}
    rows = _read(("settle", "settle_cat", "settle_all"), period)
    if rows is None:
        return None
    for part, key, initiatives, n, *_sums in rows:
        if part == "settle":
            category, _bar, value = key.rpartition("|")
            days[category].append((int(value), n))
        else:
            bases[key if part == "settle_cat" else None] = initiatives
    everything = [pair for pairs in days.values() for pair in pairs]

    def summary(pairs, initiatives):
        return (
            sum(n for _v, n in pairs),
            percentile_of_counts(pairs, 0.5),
            percentile_of_counts(pairs, 0.9),
            initiatives,
        )

    by_category = {c: summary(pairs, bases.get(c, 0)) for c, pairs in days.items()}
    return by_category, summary(everything, bases.get(None, 0))


def commitment_cube(today: dt.date, period=None) -> list[dict]:
    """``selectors._commitment_cube`` without a filter, or with a ``period`` (since, until)
    alone: per department and quarter of the due date, what became of the commitments (open
    ones due before ``today`` are overdue)."""
    from initiatives.accounts.models import Department
    from partnership.dashboards import reads
    from partnership.dashboards.models import Tally
    from partnership.dashboards.selectors import COMMITMENT_KEYS

    if period is None:
        reads.depends_on(version_name(COMMITMENTS))
        past = Q(day__lt=today.isoformat()) & ~Q(day="")
        rows = (
            Tally.objects.filter(part="commit")
            .exclude(n=0)
            .annotate(past=Case(When(past, then=Value(1)), default=Value(0)))
            .values("key", "past")
            .annotate(total=Sum("n"))
            .values_list("key", "past", "total")
        )
    else:  # the period's days before today (open ones there are overdue), and from today on
        since, until = period
        yesterday = today - dt.timedelta(days=1)
        rows = [
            (key, int(is_past), n)
            for is_past, first, last in (
                (True, since, min(until, yesterday) if until else yesterday),
                (False, max(since, today) if since else today, until),
            )
            if not (first and last and first > last)
            for _part, key, _i, n, *_sums in period_rows(("commit",), first, last)
        ]
    cells: dict[tuple[str, str], dict] = {}
    for key, is_past, n in rows:
        dept, quarter, outcome = key.split("|")
        slot = cells.setdefault((dept, quarter), dict.fromkeys(COMMITMENT_KEYS, 0))
        slot["overdue" if outcome == OPEN_COMMITMENT and is_past else outcome] += n
        slot["total"] += n
    names = dict(
        Department.objects.filter(pk__in={int(d) for d, _q in cells}).values_list("pk", "name")
    )
    return [
        {
            "department_id": int(dept),
            "department__name": names.get(int(dept)),
            "quarter": dt.date.fromisoformat(quarter),
            **counts,
        }
        for (dept, quarter), counts in cells.items()
    ]


def commitment_bases(period=None) -> dict | None:
    """``selectors._commitment_bases`` before naming, without a filter or with a ``period``
    alone (None where ``period_rows`` cannot say): the initiatives per department id (as
    text), per quarter (ISO text) and over all."""
    out: dict = {"dept": {}, "quarter": {}, "all": 0}
    rows = _read(("commit_dept", "commit_quarter", "commit_all"), period)
    if rows is None:
        return None
    for part, key, initiatives, *_measures in rows:
        if part == "commit_all":
            out["all"] = initiatives
        else:
            out["dept" if part == "commit_dept" else "quarter"][key] = initiatives
    return out


def _area_names() -> dict:
    from initiatives.models import Area

    return dict(Area.objects.values_list("pk", "name"))


def empty_value_read() -> tuple[dict, dict]:
    """The shape of ``selectors._value_read``'s pairs and bases, nothing counted yet."""
    pairs: dict[str, list[tuple[int, int]]] = {"dim": [], "spread": []}
    bases: dict = {
        "area_dim": {},
        "area": {},
        "dim": {},
        "dim_evidence": {},
        "evidence": {},
        "indicator": {},
        "all": 0,
    }
    return pairs, bases


VALUE_BASES = ("v_area_dim", "v_area", "v_dim", "v_dim_ev", "v_ev", "v_ind", "v_all")


def period_bases(parts, since: dt.date | None, until: dt.date | None) -> dict | None:
    """{(part, key): initiatives} of the rows of ``VALUE_ENDS`` parts, counting the
    initiatives with a record in a period open at one end: from ``since`` on, those whose last
    day is ``since`` or later; up to ``until``, all but those whose first day is after it.
    None for a period with both ends: an initiative may have records before and after it and
    none inside (the figures then read the records)."""

    if since and until:
        return None
    _depends_on(parts)
    dated = [f"{part}~" for part in parts]
    start = _between(dated, since, None) if since else _totals(parts, [])
    later = _day_after(until)
    after = _between(dated, later, None) if later else {}
    counted = {
        (part[:-1], key): measures[1] - after.get((part, key), ZERO)[0]
        for (part, key), measures in start.items()
    }
    return {row: n for row, n in counted.items() if n}


def value_read(period=None) -> dict | None:
    """``selectors._value_read`` without a filter, or with a ``period`` open at one end (else
    None): the pairs (initiatives per dimension, and per number of dimensions) and the bases
    of the value figures."""
    if period is None:
        rows = [(part, key, n) for part, key, n, *_m in _rows(*VALUE_BASES, "v_spread")]
    else:
        found = period_bases(VALUE_ENDS, *period)
        if found is None:
            return None
        rows = [(part, key, n) for (part, key), n in found.items() if part != "v_rank"]
        summed: dict[tuple, int] = defaultdict(int)
        for (part, key), n in found.items():
            if part == "v_area_dim":
                summed[("v_dim", key.partition("|")[2])] += n
            elif part == "v_area":
                summed[("v_all", "")] += n
        rows += [(part, key, n) for (part, key), n in summed.items()]
        # Initiatives with k dimensions or more, into those with k ("5 or more" at the cap).
        ranked = {int(key): n for (part, key), n in found.items() if part == "v_rank"}
        for k in range(1, SPREAD_CAP + 1):
            n = ranked.get(k, 0) - (ranked.get(k + 1, 0) if k < SPREAD_CAP else 0)
            if n:
                rows.append(("v_spread", str(k), n))
    names = _area_names()
    pairs, bases = empty_value_read()
    for part, key, initiatives in rows:
        if part == "v_area_dim":
            area, _bar, dim = key.partition("|")
            bases["area_dim"][f"{names.get(int(area)) if area else None}|{dim}"] = initiatives
        elif part == "v_area":
            bases["area"][names.get(int(key)) if key else None] = initiatives
        elif part == "v_dim":
            bases["dim"][key] = initiatives
            pairs["dim"].append((int(key), initiatives))
        elif part == "v_dim_ev":
            bases["dim_evidence"][key] = initiatives
        elif part == "v_ev":
            bases["evidence"][key] = initiatives
        elif part == "v_ind":
            bases["indicator"][key or None] = initiatives
        elif part == "v_all":
            bases["all"] = initiatives
        else:
            pairs["spread"].append((int(key), initiatives))
    return {"pairs": pairs, "bases": bases}


def _value_from(day: dt.date) -> dict[str, list]:
    """{key: [records overlapping the days from ``day`` on, those with a number, their sum and
    net sum pro rata of those days, records starting after ``day`` - 1]} (``VALUE_DATED``)."""
    out: dict[str, list] = {}
    found = _between(VALUE_DATED, day, None)
    offset = day.toordinal() - EPOCH
    for key in {key for _part, key in found}:
        last = found.get(("v_cube@", key), ZERO)
        first = found.get(("v_start@", key), ZERO)
        sums = [last[i] - first[i] - offset * (last[i + 2] - first[i + 2]) for i in (5, 6)]
        out[key] = [last[0], last[1], *sums, first[0], first[1]]
    return out


NOTHING_AFTER = (0, 0, 0.0, 0.0, 0, 0)


def value_cube(period=None) -> list[tuple]:
    """``selectors._value_cube`` without a filter, or with a ``period`` (since, until): (area,
    dimension id, evidence, indicator id, records, records with a number, their sum (pro rata
    of the period), that sum net of deadweight and attribution)."""
    from partnership.dashboards import reads

    def every() -> dict[str, list]:  # every record, and all of its quantity
        return {k: [n, c, t, net] for _p, k, _i, n, c, *_bcd, t, net, _r, _rn in _rows("v_cube")}

    if period is None:
        rows = [(key, *values) for key, values in every().items()]
    else:
        reads.depends_on(version_name(VALUES))
        since, until = period
        start = _value_from(since) if since else every()
        later = _day_after(until)
        after = _value_from(later) if later else {}
        rows = []
        for key, (n, counted, total, net, *_starts) in start.items():
            # Less the records wholly after the period, and the days after it of the others.
            _n, _c, later, later_net, less_n, less_c = after.get(key, NOTHING_AFTER)
            if n - less_n:
                rows.append((key, n - less_n, counted - less_c, total - later, net - later_net))
    names = _area_names()
    out = []
    for key, n, counted, total, net in rows:
        area, dim, evidence, indicator = key.split("|")
        out.append(
            (
                names.get(int(area)) if area else None,
                int(dim),
                evidence,
                int(indicator) if indicator else None,
                n,
                counted,
                total if counted else None,
                net if counted else None,
            )
        )
    return out


def value_beside_the_city() -> dict[str, list[tuple]]:
    """``selectors._value_beside_the_city`` without a filter: per group (supported or not)
    the initiatives, those with value records and their records; per area the records of
    the initiatives stuck now. One query: the tally's rows (the supported initiatives among
    them, "v_supported"), and every initiative counted beside them."""
    from django.db import connection

    from initiatives.models import Initiative
    from partnership.dashboards import reads
    from partnership.dashboards.models import Tally

    reads.depends_on(version_name(VALUE_BESIDE_CITY))
    qn = connection.ops.quote_name
    tally, initiatives = (qn(model._meta.db_table) for model in (Tally, Initiative))
    sql = f"""
        SELECT part, {qn("key")}, CAST(SUM(initiatives) AS BIGINT), CAST(SUM(n) AS BIGINT)
        FROM {tally}
        WHERE part IN (%s, %s, %s) GROUP BY part, {qn("key")} HAVING SUM(n) <> 0
        UNION ALL
        SELECT 'everyone', '', COUNT(*), 0 FROM {initiatives} WHERE archived_at IS NULL
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, ["v_support", "v_waiting", "v_supported"])
        rows = cursor.fetchall()
    counts = {part: int(i) for part, _k, i, _n in rows if part in ("everyone", "v_supported")}
    everyone, supported = counts.get("everyone", 0), counts.get("v_supported", 0)
    with_value = {int(key): (i, n) for part, key, i, n in rows if part == "v_support"}
    return {
        "support": [
            (1, supported, *with_value.get(1, (0, 0))),
            (0, everyone - supported, *with_value.get(0, (0, 0))),
        ],
        "waiting": [
            (int(key) if key else None, n, 0, 0) for part, key, _i, n in rows if part == "v_waiting"
        ],
    }


def value_stuck() -> list[tuple]:
    """``selectors.value_waiting``'s initiatives stuck now, without a filter on initiatives:
    per area (id and name), the initiatives, the people they reach and their volunteers (the
    selector orders them)."""
    from django.db import connection

    from initiatives.models import Area
    from partnership.dashboards import reads
    from partnership.dashboards.models import Tally

    reads.depends_on(version_name(VALUE_BESIDE_CITY))
    qn = connection.ops.quote_name
    tally, areas = (qn(model._meta.db_table) for model in (Tally, Area))
    sql = f"""
        SELECT a.id, a.name, CAST(SUM(t.initiatives) AS BIGINT), CAST(SUM(t.a) AS BIGINT),
            CAST(SUM(t.b) AS BIGINT)
        FROM {tally} t JOIN {areas} a ON t.{qn("key")} = CAST(a.id AS VARCHAR(20))
        WHERE t.part = %s GROUP BY a.id, a.name HAVING SUM(t.n) <> 0
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, ["v_stuck"])
        return cursor.fetchall()


def value_support(period) -> dict | None:
    """Beside what the city did, in a ``period`` (since, until) open at one end (else None):
    the initiatives supported in it, those of them with a record in it and their records in
    it; per area, the records in it of the initiatives stuck now; and every initiative (the
    selector adds the rest from the value read in the period: ``VALUE_BESIDE``)."""
    from initiatives.models import Initiative
    from partnership.dashboards import reads

    since, until = period
    if since and until:
        return None
    reads.depends_on(version_name(VALUE_BESIDE_CITY))
    # From a day on: the last days from then on; up to a day, the first days up to then.
    found = _between(VALUE_BESIDE, since, None) if since else _between(VALUE_BESIDE, None, until)
    at = 1 if since else 0
    support = {key: measures[at] for (part, key), measures in found.items() if part == "v_support~"}
    return {
        "everyone": Initiative.objects.filter(archived_at__isnull=True).count(),
        "supported": support.get("s", 0),
        "with_value": support.get("i", 0),
        "records": support.get("r", 0),
        "waiting": [
            (int(key) if key else None, measures[at], 0, 0)
            for (part, key), measures in found.items()
            if part == "v_waiting~" and measures[at]
        ],
    }


def department_involvement(listed: int) -> dict:
    """``selectors._department_involvement`` without a period: the distribution of departments
    per initiative, per area the initiatives with two or more and no coordinator (every area,
    also with none), and the first ``listed`` public ones by title (for links). One query."""
    from django.db import connection

    from initiatives.models import Area, Initiative
    from partnership.dashboards import reads
    from partnership.dashboards.models import InitiativeTally, Tally

    reads.depends_on(version_name(INVOLVEMENT))
    qn = connection.ops.quote_name
    tally, shares, areas, initiatives = (
        qn(model._meta.db_table) for model in (Tally, InitiativeTally, Area, Initiative)
    )
    key = qn("key")
    sql = f"""
        SELECT part, {key}, CAST(SUM(initiatives) AS BIGINT), NULL, NULL FROM {tally}
        WHERE part IN (%s, %s) GROUP BY part, {key} HAVING SUM(n) <> 0
        UNION ALL
        SELECT 'area', CAST(id AS VARCHAR(20)), 0, name, NULL FROM {areas}
        UNION ALL
        SELECT 'link', NULL, 0, title, slug FROM (
            SELECT title, slug FROM {initiatives}
            WHERE is_public = %s
              AND id IN (SELECT initiative_id FROM {shares} WHERE part = %s)
            ORDER BY title, id LIMIT %s
        ) x
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, ["inv_dist", "inv_several", True, "inv_several", listed])
        rows = cursor.fetchall()
    several = {key: n for part, key, n, _l, _s in rows if part == "inv_several"}
    return {
        "dist": sorted((int(k), int(n), 0) for part, k, n, _l, _s in rows if part == "inv_dist"),
        "area": sorted(
            (name, int(several.get(k, 0))) for part, k, _n, name, _s in rows if part == "area"
        ),
        "links": [(title, slug) for part, _k, _n, title, slug in rows if part == "link"],
    }


def ratings(period=None) -> list[tuple]:
    """Every rating of the initiatives not archived (given in the ``period``, if one), per
    quarter: (first day of the quarter, ratings, satisfied ones). ``selectors._ratings``
    takes out those of archived blockages and requests."""
    return [
        (dt.date.fromisoformat(key), n, satisfied)
        for _part, key, _i, n, satisfied, *_rest in _read(("rating",), period)
    ]
