"""The partner page's timeline: every record of every app about one initiative, newest first,
with what is open or overdue lifted to the top.

Two passes, each a fixed number of queries whatever the number of entries:
1. one narrow query per kind of record (ids, dates, status) orders the whole timeline and finds
   the open and overdue items;
2. one query per kind loads, with the users and departments its template shows joined in, only
   the entries that are shown (one page of the timeline and the open items), plus one query per
   prefetched relation (replies, hand-offs, steps, clock adjustments, grounds).
An initiative stuck for years with hundreds of contacts thus costs the same queries, and renders
one page, like a new one.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from initiatives.accounts.compiled import compiled, id_stand_ins, instances, padded, run
from initiatives.models import Initiative, StatusChange
from partnership.models import (
    Blockage,
    BlockageHandoff,
    CityRequest,
    ClockAdjustment,
    Commitment,
    Contact,
    Objection,
    Rating,
    RefusalGround,
    Reply,
    RequestStep,
)
from publicvalue.models import ValueRecord

PAGE_SIZE = 50


@dataclass
class TimelineEntry:
    kind: str  # contact, commitment, blockage, request, value, status
    pk: int
    on: dt.date
    created_at: dt.datetime
    is_open: bool = False
    is_overdue: bool = False
    item: object = None  # loaded only for the entries that are shown
    shown_above: bool = False  # in full among the overview's open items (``OPEN_SHOWN``)

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.pk}"

    @property
    def template(self) -> str:
        return f"partnership/partner_page_item_{self.kind}.html"


@dataclass
class Timeline:
    entries: list[TimelineEntry] = field(default_factory=list)
    page: Page | None = None

    @property
    def open_items(self) -> list[TimelineEntry]:
        """Overdue first, then the oldest open item: what has waited longest comes first."""
        items = [e for e in self.entries if e.is_open]
        return sorted(items, key=lambda e: (not e.is_overdue, e.on, e.created_at))

    @property
    def overdue_count(self) -> int:
        return sum(1 for e in self.entries if e.is_overdue)


# kind: the reply's field that points at a record of that kind
REPLY_TO = {"contact": "contact_id", "commitment": "commitment_id", "blockage": "blockage_id"}

# Stand-ins for the records' ids while the replies' query is compiled (``compiled``), and
# for an initiative's id in the queries of ``cooperation``.
_FIRST_OWNER = -7_454_001
_ANY_INITIATIVE = -5_120_978
_ANY_USER = -5_120_979


def attach_replies(entries) -> None:
    """Give the shown contacts, commitments and blockages their replies as ``item.reply_list``
    (oldest first): one query for the three kinds together, where a prefetch per queryset
    would cost one per kind, compiled once per shape (``compiled``). The templates test
    and loop over a list."""
    owners: dict[tuple[str, int], list] = {}
    for entry in entries:
        if entry.kind in REPLY_TO and entry.item is not None:
            entry.item.reply_list = []
            owners.setdefault((entry.kind, entry.item.pk), []).append(entry.item)
    if not owners:
        return
    ids = {}  # kind: its records' ids, padded to few lengths (``compiled.padded``)
    for kind in REPLY_TO:
        of_kind = [pk for k, pk in owners if k == kind]
        if of_kind:
            ids[kind] = padded(of_kind)
    stand_ins, first = {}, _FIRST_OWNER
    for kind, pks in ids.items():
        stand_ins[kind] = id_stand_ins(pks, first)
        first -= len(pks)

    def build():
        condition = Q()
        for kind, ins in stand_ins.items():
            condition |= Q(**{f"{REPLY_TO[kind]}__in": list(ins)})
        return Reply.objects.filter(condition).select_related("author").order_by("created_at", "pk")

    values = {stand_in: pk for ins in stand_ins.values() for stand_in, pk in ins.items()}
    shape = tuple(len(ids.get(kind, ())) for kind in REPLY_TO)
    for reply in instances(("replies", shape), build, values):
        for kind, to in REPLY_TO.items():
            for owner in owners.get((kind, getattr(reply, to)), ()):
                owner.reply_list.append(reply)


def attach_handoffs(entries) -> None:
    """Give the shown blockages their hand-offs as ``item.handoff_list`` (oldest first, with
    both departments): one query, compiled once per shape (``compiled``), where a
    prefetch was built and compiled anew on every view."""
    blockages: dict[int, list] = {}
    for entry in entries:
        if entry.kind == "blockage" and entry.item is not None:
            entry.item.handoff_list = []
            blockages.setdefault(entry.item.pk, []).append(entry.item)
    if not blockages:
        return
    stand_ins = id_stand_ins(padded(blockages), _FIRST_OWNER)

    def build():
        return BlockageHandoff.objects.filter(blockage_id__in=list(stand_ins)).select_related(
            "from_department", "to_department"
        )

    for handoff in instances(("handoffs", len(stand_ins)), build, stand_ins):
        for blockage in blockages[handoff.blockage_id]:
            blockage.handoff_list.append(handoff)


def attach_shown(entries) -> None:
    """What the shown entries show beside their own record and its joined relations: the
    replies (``attach_replies``) and the blockages' hand-offs (``attach_handoffs``)."""
    entries = list(entries)
    attach_replies(entries)
    attach_handoffs(entries)


# The relations below are those the partner page's templates show, and no more: every joined
# table costs PostgreSQL planning time and Python a model instance per row, on every page view.
# Their replies and hand-offs: ``attach_shown``, for all kinds at once.


def contacts_for(initiative: Initiative):
    return Contact.objects.filter(initiative=initiative, archived_at__isnull=True).select_related(
        "department", "referred_to", "logged_by__department"
    )


def commitments_for(initiative: Initiative):
    return Commitment.objects.filter(
        initiative=initiative, archived_at__isnull=True
    ).select_related("department", "logged_by__department", "owner__department")


def blockages_for(initiative: Initiative):
    """Their hand-offs: ``attach_handoffs``."""
    return Blockage.objects.filter(initiative=initiative, archived_at__isnull=True).select_related(
        "department", "policy_framework"
    )


def requests_for(initiative: Initiative):
    return (
        CityRequest.objects.filter(initiative=initiative, archived_at__isnull=True)
        .select_related("kind", "department")
        .prefetch_related(
            Prefetch("steps", queryset=RequestStep.objects.select_related("by")),
            Prefetch("clock_adjustments", queryset=ClockAdjustment.objects.select_related("by")),
            Prefetch("grounds", queryset=RefusalGround.objects.order_by("name")),
            Prefetch(
                "objections",
                queryset=Objection.objects.filter(archived_at__isnull=True)
                .select_related("department")
                .order_by("lodged_on", "pk"),
            ),
        )
    )


def value_records_for(initiative: Initiative):
    return ValueRecord.objects.filter(
        initiative=initiative, archived_at__isnull=True
    ).select_related("dimension", "indicator", "recorded_by")


def status_changes_for(initiative: Initiative):
    return StatusChange.objects.filter(initiative=initiative).select_related("changed_by")


# kind: (full queryset for the initiative, the date it sits at in the timeline)
KINDS = {
    "contact": (contacts_for, "date"),
    "commitment": (commitments_for, "promised_on"),
    "blockage": (blockages_for, "raised_on"),
    "request": (requests_for, "submitted_on"),
    "value": (value_records_for, "period_end"),
    "status": (status_changes_for, "changed_on"),
}


# kind: the model whose live rows of the initiative make up the kind (pass 1 reads only these,
# without the joins and prefetches of the full querysets above)
MODELS = {
    "contact": Contact,
    "commitment": Commitment,
    "blockage": Blockage,
    "request": CityRequest,
    "value": ValueRecord,
}


def _rows(kind: str, initiative: Initiative, *fields: str):
    if kind == "status":
        rows = StatusChange.objects.filter(initiative=initiative)
    else:
        rows = MODELS[kind].objects.filter(initiative=initiative, archived_at__isnull=True)
    return rows.order_by().values_list(*fields)


def _light_entries(initiative: Initiative, today: dt.date) -> list[TimelineEntry]:
    """Pass 1: every entry as ids, dates and open/overdue flags; no model instances."""
    entries: list[TimelineEntry] = []
    unsettled = (Commitment.Status.OPEN, Commitment.Status.DISPUTED)
    for pk, on, created, status, due_on in _rows(
        "commitment", initiative, "pk", "promised_on", "created_at", "status", "due_on"
    ):
        entries.append(
            TimelineEntry(
                "commitment",
                pk,
                on,
                created,
                is_open=status in unsettled,
                is_overdue=status == Commitment.Status.OPEN and due_on < today,
            )
        )
    for pk, on, created, status in _rows(
        "blockage", initiative, "pk", "raised_on", "created_at", "status"
    ):
        entries.append(
            TimelineEntry("blockage", pk, on, created, is_open=status in Blockage.OPEN_STATUSES)
        )
    for pk, on, created, status, deadline in _rows(
        "request", initiative, "pk", "submitted_on", "created_at", "status", "deadline"
    ):
        undecided = status != CityRequest.Status.DECIDED
        entries.append(
            TimelineEntry(
                "request",
                pk,
                on,
                created,
                is_open=undecided,
                is_overdue=undecided and deadline < today,
            )
        )
    for kind in ("contact", "value", "status"):
        _queryset, date_field = KINDS[kind]
        for pk, on, created in _rows(kind, initiative, "pk", date_field, "created_at"):
            entries.append(TimelineEntry(kind, pk, on, created))
    entries.sort(key=lambda e: (e.on, e.created_at, e.kind, e.pk), reverse=True)
    return entries


def _load_items(initiative: Initiative, entries: list[TimelineEntry]) -> None:
    """Pass 2: the full records, with their relations, for the given entries only."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        wanted.setdefault(entry.kind, set()).add(entry.pk)
    loaded: dict[tuple[str, int], object] = {}
    for kind, pks in wanted.items():
        queryset, _date_field = KINDS[kind]
        for item in queryset(initiative).filter(pk__in=pks).order_by():
            loaded[(kind, item.pk)] = item
    for entry in entries:
        entry.item = loaded.get((entry.kind, entry.pk))
    attach_shown(entries)


def partner_timeline(
    initiative: Initiative,
    today: dt.date | None = None,
    page: object = 1,
    per_page: int = PAGE_SIZE,
) -> Timeline:
    """All of the initiative's records as one list, newest first (ties: latest logged first);
    one page of it, and every open item, loaded in full."""
    today = today or timezone.localdate()
    entries = _light_entries(initiative, today)
    shown = Paginator(entries, per_page).get_page(page)
    timeline = Timeline(entries=entries, page=shown)
    _load_items(initiative, list(shown.object_list) + timeline.open_items)
    return timeline


def pillar_facts(initiative: Initiative, today: dt.date) -> dict:
    """Departments involved, hand-offs and days to a first settled answer, for the initiative
    (``pillar_facts``) and each of its blockages (``pillar_blockages``): two queries."""
    from partnership.selectors.pillar import blockages_with_facts, initiative_facts

    blockages = list(blockages_with_facts(initiative))
    for blockage in blockages:
        end = blockage.settled_on or today
        blockage.days_open = max(0, (end - blockage.raised_on).days)
    facts = initiative_facts(initiative)
    if facts["first_contact"] and not facts["first_answer"]:
        facts["days_waiting"] = max(0, (today - facts["first_contact"]).days)
    return {"pillar_facts": facts, "pillar_blockages": blockages}


def cooperation(initiative: Initiative) -> dict:
    """The initiative's partner organisations and contracts: two queries."""
    from partnership.selectors.requests import contracts_for, partner_links_for

    # Compiled once per process (``compiled``): the same two queries on every overview.
    any_initiative = Initiative(pk=_ANY_INITIATIVE)
    values = {_ANY_INITIATIVE: initiative.pk}
    return {
        "partner_links": instances(
            ("partner links",), lambda: partner_links_for(any_initiative), values
        ),
        "contracts": instances(("contracts",), lambda: contracts_for(any_initiative), values),
    }


def ratings_by_item(user, initiative: Initiative) -> dict:
    """``{("blockage" | "request", id): score}``: the user's ratings of the city on the
    initiative's items (one query)."""

    def build():
        rows = Rating.objects.filter(user_id=_ANY_USER, initiative_id=_ANY_INITIATIVE)
        return rows.values_list("blockage_id", "request_id", "score").query.sql_with_params()

    # Compiled once per process (``compiled``): the same query on most views of the page.
    sql, params = compiled(("my ratings",), build)
    rows = run(sql, params, {_ANY_USER: user.pk, _ANY_INITIATIVE: initiative.pk})
    return {("blockage", b) if b else ("request", r): score for b, r, score in rows}


# The tabs that show requests in full (with their decision forms, which offer the refusal
# grounds) and those that show blockages or requests (which members rate).
TABS_WITH_REQUEST_FORMS = ("overview", "timeline", "requests")
TABS_WITH_RATINGS = ("overview", "timeline", "blockages", "requests")


def partner_page_data(
    initiative: Initiative,
    *,
    user,
    today: dt.date,
    tab: str = "overview",
    can_log: bool,
    can_speak: bool,
) -> dict:
    """What the partner page shows beside its timeline, loaded here so that its templates only
    display (a fixed number of queries per tab, whatever the size of the timeline), and only
    for the tab that shows it: on the overview the pillar facts (one query), partner
    organisations and contracts (two); every kind's refusal grounds for the decision forms
    (one, only for the municipality, who decides, only where requests are shown in full, and
    only once a decision form is rendered)
    and the user's ratings (one, only for members, who rate, and only where blockages or
    requests are shown)."""
    from partnership.selectors.pillar import initiative_facts
    from partnership.selectors.requests import refusal_grounds_by_kind

    data = {
        "pillar_facts": {},
        # The per-blockage table is the blockages tab's, a page at a time.
        "pillar_blockages": [],
        "partner_links": [],
        "contracts": [],
        "can_link": can_log or can_speak,
        # Read on first use: only a decision form needs them, and most views show none.
        "refusal_grounds": SimpleLazyObject(refusal_grounds_by_kind)
        if can_log and tab in TABS_WITH_REQUEST_FORMS
        else {},
        "my_ratings": ratings_by_item(user, initiative)
        if can_speak and user.is_authenticated and tab in TABS_WITH_RATINGS
        else {},
    }
    if tab == "overview":
        facts = initiative_facts(initiative)
        if facts["first_contact"] and not facts["first_answer"]:
            facts["days_waiting"] = max(0, (today - facts["first_contact"]).days)
        data["pillar_facts"] = facts
        data.update(cooperation(initiative))
    return data
