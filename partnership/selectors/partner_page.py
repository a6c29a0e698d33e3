"""The partner page as a file: a summary on top (open and overdue items, what is asked of whom),
then one tab at a time, each paged in the database.

Only the shown tab is queried, and only its page: an initiative with 500 timeline items costs the
same queries and renders the same page size as one with 5. The timeline tab pages one UNION of
the six kinds' narrow rows (kind, id, date) in the database, then loads the page's records in full.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, DateField, F, IntegerField, Prefetch, Q, Value, When

from initiatives.accounts.compiled import A_DATE, compiled, id_stand_ins, instances, padded, run
from initiatives.models import CityAsk, Initiative, Membership, StatusChange, Theme
from partnership.models import Blockage, CityRequest, Commitment
from partnership.selectors.pillar import blockages_with_facts
from partnership.selectors.timeline import (
    KINDS,
    MODELS,
    TimelineEntry,
    attach_shown,
    blockages_for,
    commitments_for,
    requests_for,
    value_records_for,
)
from publicvalue.models import Evidence

TAB_PAGE_SIZE = 20
TABS = ("overview", "timeline", "blockages", "commitments", "requests", "value", "members")
UNSETTLED_COMMITMENTS = (Commitment.Status.OPEN, Commitment.Status.DISPUTED)


# kind: the date by which an open record of it is due (a blockage has none)
DUE = {"commitment": "due_on", "request": "deadline"}


def _is_overdue(kind: str, status: str, due: dt.date | None, today: dt.date) -> bool:
    """An open commitment (not one disputed) or an undecided request past its date."""
    if kind == "commitment":
        return status == Commitment.Status.OPEN and due < today
    return kind == "request" and status != CityRequest.Status.DECIDED and due < today


def flag(entry: TimelineEntry, today: dt.date) -> TimelineEntry:
    """Mark an entry open or overdue from its loaded record (the templates show badges)."""
    item = entry.item
    if entry.kind == "commitment":
        entry.is_open = item.status in UNSETTLED_COMMITMENTS
    elif entry.kind == "blockage":
        entry.is_open = item.status in Blockage.OPEN_STATUSES
    elif entry.kind == "request":
        entry.is_open = item.status != CityRequest.Status.DECIDED
    if entry.kind in DUE:
        entry.is_overdue = _is_overdue(
            entry.kind, item.status, getattr(item, DUE[entry.kind]), today
        )
    return entry


def as_entries(kind: str, items, today: dt.date) -> list[TimelineEntry]:
    date_field = KINDS[kind][1]
    return [
        flag(
            TimelineEntry(kind, item.pk, getattr(item, date_field), item.created_at, item=item),
            today,
        )
        for item in items
    ]


# --- the initiative ------------------------------------------------------------------------------

# What the public page shows beside the initiative's own fields.
PUBLIC_PREFETCHES = [
    Prefetch("themes", queryset=Theme.objects.order_by("name")),
    Prefetch("asks", queryset=CityAsk.objects.all()),
]

# A stand-in for the slug while the initiative's query is compiled (no slug holds a NUL).
_ANY_SLUG = "\x00any slug\x00"


def partner_page_initiative(slug: str, tab: str) -> Initiative | None:
    """The initiative with what the shown tab needs, or None: its point of contact (the
    summary) and current members (as ``current_members``) always (every permission check reads
    them); their groups (whose phone the viewer may see) on the members tab, the only one that
    shows phones; the place, coordinator, themes and asks on the overview, the only tab that
    shows them. Each prefetch is a query, and each join planning time, on every view of the
    page; the initiative's and its members' queries are compiled once per process
    (``compiled``), as they cost Python more than the database took to run them."""

    def build():
        initiatives = Initiative.objects.select_related("point_of_contact__department")
        if tab == "overview":
            initiatives = initiatives.with_place().select_related("coordinator__department")
        return initiatives.filter(slug=_ANY_SLUG).order_by()[:2]

    found = instances(("partner page initiative", tab == "overview"), build, {_ANY_SLUG: slug})
    if len(found) != 1:
        return None
    initiative = found[0]

    def members():
        rows = Membership.objects.filter(initiative_id=_ANY_INITIATIVE, left_at__isnull=True)
        rows = rows.select_related("user")
        return rows.prefetch_related("user__groups") if tab == "members" else rows

    values = {_ANY_INITIATIVE: initiative.pk}
    initiative.current_members = instances(("current members", tab == "members"), members, values)
    for membership in initiative.current_members:  # as the prefetch of ``memberships`` does
        membership.initiative = initiative
    if tab == "overview":
        for prefetch in PUBLIC_PREFETCHES:
            _prefetch_compiled(initiative, prefetch)
    return initiative


def _prefetch_compiled(initiative: Initiative, prefetch: Prefetch) -> None:
    """``prefetch_related_objects([initiative], prefetch)`` for one of ``PUBLIC_PREFETCHES``
    (a many-to-many relation of the initiative), its query compiled once per process: the
    rows of the relation's queryset that belong to the initiative, in its order, kept where
    the prefetch keeps them, so that ``initiative.themes.all`` reads them as it would."""
    name = prefetch.prefetch_to
    queryset = prefetch.queryset
    field = Initiative._meta.get_field(name)

    def build():
        lookup = field.related_query_name()
        return queryset.filter(**{lookup: Initiative(pk=_ANY_INITIATIVE)})

    rows = instances(("initiative's", name), build, {_ANY_INITIATIVE: initiative.pk})
    related = getattr(initiative, name)._apply_rel_filters(queryset)
    related._result_cache = rows
    related._prefetch_done = True
    initiative.__dict__.setdefault("_prefetched_objects_cache", {})[name] = related


# --- the summary ---------------------------------------------------------------------------------


# The overview shows this many open items in full, overdue first, then the oldest; the rest are
# counted and a click away on their tabs (filtered to the open ones). The page stays one screen
# of work, and costs the same, whatever an initiative has open.
OPEN_SHOWN = 10


@dataclass
class Summary:
    """What is open and overdue, and from whom it is asked: the first screen of the page.
    ``open_items`` are loaded in full; ``every_open``, when given, holds every open item (as
    bare entries) for the counts, of which ``open_items`` are the first."""

    open_items: list[TimelineEntry]
    every_open: list[TimelineEntry] | None = None

    @property
    def _counted(self) -> list[TimelineEntry]:
        return self.open_items if self.every_open is None else self.every_open

    @property
    def open_count(self) -> int:
        return len(self._counted)

    @property
    def more_open(self) -> int:
        """Open items not shown in full (on the overview: past ``OPEN_SHOWN``)."""
        return max(0, self.open_count - len(self.open_items))

    def _count(self, kind: str, overdue: bool = False) -> int:
        return sum(1 for e in self._counted if e.kind == kind and (e.is_overdue or not overdue))

    @property
    def open_blockages(self) -> int:
        return self._count("blockage")

    @property
    def open_commitments(self) -> int:
        return self._count("commitment")

    @property
    def overdue_commitments(self) -> int:
        return self._count("commitment", overdue=True)

    @property
    def open_requests(self) -> int:
        return self._count("request")

    @property
    def overdue_requests(self) -> int:
        return self._count("request", overdue=True)

    @property
    def overdue_count(self) -> int:
        return sum(1 for e in self._counted if e.is_overdue)

    @property
    def asked(self) -> list[TimelineEntry]:
        """The three items that have waited longest, overdue first: who owes what."""
        return self.open_items[:3]


# kind: which of its records are open (``flag`` says the same of a loaded record)
OPEN = {
    "commitment": Q(status__in=UNSETTLED_COMMITMENTS),
    "blockage": Q(status__in=Blockage.OPEN_STATUSES),
    "request": ~Q(status=CityRequest.Status.DECIDED),
}


def _by_open_first(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    return sorted(entries, key=lambda e: (not e.is_overdue, e.on, e.created_at))


def open_items(initiative: Initiative, today: dt.date) -> list[TimelineEntry]:
    """Every open commitment, blockage and request, overdue first, then the oldest, with the
    department and dates the summary on top of every tab shows: three queries. (The overview
    reads them with its own entries: ``overview``.)"""
    live = {"initiative": initiative, "archived_at__isnull": True}
    items = []
    models = {"commitment": Commitment, "blockage": Blockage, "request": CityRequest}
    for kind, model in models.items():
        rows = model.objects.filter(OPEN[kind], **live).select_related("department")
        items += as_entries(kind, rows, today)
    return _by_open_first(items)


# Stand-ins for the ids of the records asked for while their query is compiled (see ``records``).
_FIRST_ID = -7_354_001


def records(kind: str, initiative: Initiative, ids) -> list:
    """The records of ``kind`` (its full queryset, ``KINDS``) of the initiative with these
    ``ids``, in no order. Its SQL is compiled once per process and number of ids (``padded``):
    building and compiling the joins took Python longer than the database took to run the
    query, on every view of the partner page."""
    stand_ins = id_stand_ins(padded(ids), _FIRST_ID)

    def build():
        rows = KINDS[kind][0](Initiative(pk=_ANY_INITIATIVE)).filter(pk__in=list(stand_ins))
        return rows.order_by()

    values = {_ANY_INITIATIVE: initiative.pk, **stand_ins}
    return instances(("partner records", kind, len(stand_ins)), build, values)


def summary(initiative: Initiative, today: dt.date) -> Summary:
    return Summary(open_items=open_items(initiative, today))


def overview(
    initiative: Initiative, today: dt.date, *, per_page: int
) -> tuple[Summary, Page, dt.date | None]:
    """The overview's summary, its newest ``per_page`` timeline entries and the date of the
    latest status change. The newest page is found first (with the count, which kinds have
    something open and the latest status change: one query), then every open record as a bare
    row (one query, when anything is open), then each kind's records shown, in full: the first
    ``OPEN_SHOWN`` open ones and those among the newest, each read once, a kind with nothing
    shown not at all. An open record past ``OPEN_SHOWN`` is counted, not loaded."""
    shown = _newest(initiative, page=1, per_page=per_page)
    totals = shown.totals
    open_kinds = tuple(k for k in OPEN if k in totals.open_kinds)
    every_open = _by_open_first(_open_entries(initiative.pk, open_kinds, today))
    first = every_open[:OPEN_SHOWN]
    loaded = _load(initiative, _wanted([*shown.object_list, *first]), today)
    _fill(shown, loaded)
    # Loaded afresh: a record settled or archived since the bare rows were read is left out.
    keys = ((e.kind, e.pk) for e in first)
    in_full = [loaded[key] for key in keys if key in loaded and loaded[key].is_open]
    for entry in in_full:
        entry.shown_above = True
    return (
        Summary(open_items=in_full, every_open=every_open),
        shown,
        totals.last_status_change_on,
    )


def _open_entries(initiative_id: int, kinds: tuple[str, ...], today: dt.date):
    """Every open record of ``kinds`` as a bare entry (kind, id, dates, flags; no record): one
    narrow query over the kinds, compiled once per process and kinds (``compiled``)."""
    if not kinds:
        return []

    def build():
        def narrow(kind):
            rows = MODELS[kind].objects.filter(
                OPEN[kind], initiative_id=_ANY_INITIATIVE, archived_at__isnull=True
            )
            due = F(DUE[kind]) if kind in DUE else Value(None, output_field=DateField())
            return _entry_rows(rows, kind, entry_status=F("status"), entry_due=due)

        first, *rest = (narrow(kind) for kind in kinds)
        return (first.union(*rest, all=True) if rest else first).query.sql_with_params()

    sql, params = compiled(("open rows", kinds), build)
    entries = []
    for kind, pk, on, created_at, status, due in run(sql, params, {_ANY_INITIATIVE: initiative_id}):
        on, due = A_DATE.to_python(on), A_DATE.to_python(due)  # SQLite hands dates as text
        entry = TimelineEntry(kind, pk, on, created_at, is_open=True)
        entry.is_overdue = _is_overdue(kind, status, due, today)
        entries.append(entry)
    return entries


# --- the tabs ------------------------------------------------------------------------------------

TIMELINE_KINDS = ("contact", "commitment", "blockage", "request", "value", "status")


def _narrow(kind: str, initiative_id: int):
    if kind == "status":
        rows = StatusChange.objects.filter(initiative_id=initiative_id)
    else:
        rows = MODELS[kind].objects.filter(initiative_id=initiative_id, archived_at__isnull=True)
    is_open = (
        Case(When(OPEN[kind], then=Value(1)), default=Value(0), output_field=IntegerField())
        if kind in OPEN
        else Value(0, output_field=IntegerField())
    )
    return _entry_rows(rows, kind, entry_open=is_open)


def _entry_rows(rows, kind: str, **extra):
    """``rows`` of one kind as narrow timeline rows: (kind, id, its day, when logged, *extra),
    in no order (a UNION of the kinds orders them)."""
    return (
        rows.order_by()
        .annotate(
            entry_kind=Value(kind, output_field=CharField()), entry_on=F(KINDS[kind][1]), **extra
        )
        .values_list("entry_kind", "pk", "entry_on", "created_at", *extra)
    )


def _union(kinds, initiative_id: int):
    first, *rest = (_narrow(k, initiative_id) for k in kinds)
    return first.union(*rest, all=True) if rest else first


# A stand-in for the initiative's id while the timeline's page query is compiled (see below).
_ANY_INITIATIVE = -5_120_977


@dataclass
class Totals:
    """What the timeline's page query counts beside the page, over all its entries."""

    entries: int
    open_kinds: frozenset[str]  # the kinds (of ``OPEN``) with an open record
    last_status_change_on: dt.date | None


def _page_rows(initiative_id: int, kinds: tuple[str, ...], *, limit: int, offset: int):
    """(kind, id) of one page of the timeline, newest first (ties: latest logged first), and the
    ``Totals`` of all entries counted beside it by windows: one query, None for the totals when
    the page is past the end. Its SQL is the same for every initiative but the id and is
    compiled once per process, database and kinds (``compiled``): compiling the
    UNION took Python longer than the database took to run it, and the count and the page were
    two runs of it on every view of the partner page."""

    def build():
        union, params = _union(kinds, _ANY_INITIATIVE).query.sql_with_params()
        assert list(params).count(_ANY_INITIATIVE) == len(kinds), "the id is the one varying"
        opens = "".join(
            ', SUM(CASE WHEN "entry_kind" = %s THEN "entry_open" ELSE 0 END) OVER ()' for _ in OPEN
        )
        sql = (
            f'SELECT "entry_kind", "pk", COUNT(*) OVER (){opens}, '
            'MAX(CASE WHEN "entry_kind" = %s THEN "entry_on" END) OVER () '
            f'FROM ({union}) "timeline" '
            'ORDER BY "entry_on" DESC, "created_at" DESC, "entry_kind" ASC, "pk" DESC '
            "LIMIT %s OFFSET %s"
        )
        return sql, [*OPEN, "status", *params]

    sql, params = compiled(("timeline page", kinds), build)
    rows = run(sql, [*params, limit, offset], {_ANY_INITIATIVE: initiative_id})
    if not rows:
        return [], None
    _kind, _pk, entries, *open_counts, last_status = rows[0]
    totals = Totals(
        entries=entries,
        open_kinds=frozenset(k for k, n in zip(OPEN, open_counts, strict=True) if n),
        last_status_change_on=A_DATE.to_python(last_status),  # SQLite hands dates as text
    )
    return [(kind, pk) for kind, pk, *_totals in rows], totals


def _page_number(page) -> int:
    """The page asked for as ``Paginator.get_page`` reads it before counting: 1 for anything
    but a whole number, which may still be past the end (or below 1)."""
    try:
        if isinstance(page, float) and not page.is_integer():
            raise ValueError
        return int(page)
    except (TypeError, ValueError):
        return 1


def _newest(initiative: Initiative, *, page, kind: str = "", per_page: int) -> Page:
    """One page of the timeline as entries without their records (only their kind and id, until
    ``_fill``): the page and the count of all entries in one query, and for the whole timeline
    its ``Totals`` as ``page.totals`` (else None). A page past the end, or not above zero, is
    counted first and becomes the last (as ``Paginator.get_page``)."""
    kinds = (kind,) if kind in TIMELINE_KINDS else TIMELINE_KINDS
    number = _page_number(page)
    if number >= 1:
        rows, totals = _page_rows(
            initiative.pk, kinds, limit=per_page, offset=(number - 1) * per_page
        )
        if rows or number == 1:
            totals = totals or Totals(0, frozenset(), None)
            paginator = Paginator([], per_page)
            paginator.count = totals.entries
            shown = Page([TimelineEntry(k, pk, None, None) for k, pk in rows], number, paginator)
            shown.totals = totals if len(kinds) == len(TIMELINE_KINDS) else None
            return shown
    union = _union(kinds, initiative.pk).order_by("-entry_on", "-created_at", "entry_kind", "-pk")
    shown = Paginator(union, per_page).get_page(page)
    shown.object_list = [TimelineEntry(k, pk, on, c) for k, pk, on, c, _ in shown.object_list]
    shown.totals = None
    return shown


def _wanted(entries: list[TimelineEntry]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        wanted.setdefault(entry.kind, set()).add(entry.pk)
    return wanted


def _load(
    initiative: Initiative, wanted: dict[str, set[int]], today: dt.date
) -> dict[tuple[str, int], TimelineEntry]:
    """The ``wanted`` records ({kind: ids}) in full, flagged, with their replies and hand-offs:
    one query per kind (and those of ``attach_shown``), keyed by (kind, id)."""
    loaded = {}
    for kind, pks in wanted.items():
        rows = records(kind, initiative, pks)
        loaded.update({(kind, e.pk): e for e in as_entries(kind, rows, today)})
    attach_shown(loaded.values())
    return loaded


def _fill(shown: Page, loaded: dict[tuple[str, int], TimelineEntry]) -> None:
    """Put the loaded entries (record and flags) in place of the page's bare ones; drop any
    whose record is gone (archived since the page was counted)."""
    shown.object_list = [
        loaded[(e.kind, e.pk)] for e in shown.object_list if (e.kind, e.pk) in loaded
    ]


def timeline_page(
    initiative: Initiative, *, today: dt.date, page, kind: str = "", per_page: int = TAB_PAGE_SIZE
):
    """One page of the timeline, newest first (ties: latest logged first): a slice of one UNION
    in the database, counted beside it, then one query per kind on the page for the records."""
    shown = _newest(initiative, page=page, kind=kind, per_page=per_page)
    _fill(shown, _load(initiative, _wanted(shown.object_list), today))
    return shown


# tab: (the records, their status choices for the filter or None, newest first by)
KIND_TABS = {
    "blockages": ("blockage", Blockage.Status.choices),
    "commitments": ("commitment", Commitment.Status.choices),
    "requests": ("request", CityRequest.Status.choices),
    "value": ("value", Evidence.choices),
}


def kind_page(initiative: Initiative, tab: str, *, today: dt.date, page, status: str = ""):
    """One page of one kind of record, newest first, optionally of one status (for value
    records: one kind of evidence). A count and a slice, plus the kind's prefetches."""
    kind, choices = KIND_TABS[tab]
    rows = {
        "blockage": blockages_for,
        "commitment": commitments_for,
        "request": requests_for,
        "value": value_records_for,
    }[kind](initiative)
    field = "evidence" if kind == "value" else "status"
    if status in dict(choices):
        rows = rows.filter(**{field: status})
    rows = rows.order_by(f"-{KINDS[kind][1]}", "-created_at", "-pk")
    shown = Paginator(rows, TAB_PAGE_SIZE).get_page(page)
    shown.object_list = as_entries(kind, shown.object_list, today)
    attach_shown(shown.object_list)
    if kind == "blockage":
        _add_pillar_facts(initiative, shown.object_list, today)
    return shown


def _add_pillar_facts(initiative: Initiative, entries: list[TimelineEntry], today) -> None:
    """Departments involved, hand-offs and days open of the page's blockages (one query)."""
    facts = {
        b.pk: b for b in blockages_with_facts(initiative).filter(pk__in=[e.pk for e in entries])
    }
    for entry in entries:
        fact = facts.get(entry.pk)
        entry.item.handoff_count = fact.handoff_count if fact else 0
        entry.item.departments_involved = fact.departments_involved if fact else 1
        end = entry.item.settled_on or today
        entry.item.days_open = max(0, (end - entry.item.raised_on).days)
