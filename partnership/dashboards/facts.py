"""The initiatives' facts (``InitiativeFact``): which departments each dealt with, whether it is
stuck and whether the city supported it, kept exact in the same transaction as every write to
the records they come from.

The council's figures on these (departments per initiative, no coordinator, the value of
supported and stuck initiatives) read the facts instead of every contact, commitment and
blockage when no period is chosen; a fact has no date, so with a period they read the records.
What that buys: the dashboards' cache (``cache``) files a figure under the versions of the
tables it read, and the facts' version changes only when a fact does. A contact with a
department the initiative already dealt with (most of them) leaves those figures cached; read
from the records they were computed afresh after every contact, commitment and blockage.

With a period the figures read the dated facts instead: the days on which an initiative dealt
with a department (``InvolvementDay``) or was supported (``SupportDay``) and the first and last
of them (``InvolvementSpan``, ``SupportSpan``). A period from a day on is the spans whose last
day is on or after it (one row per initiative and department, not every record of the period);
a period with both ends adds, for the spans whose first and last day lie on both sides of it,
whether one of their days lies inside. Their versions change with nearly every record (a new
day), so they are tables of their own, involvement apart from support: the facts' version stays
put, and a contact leaves the figures on support cached.

Exact by construction, not by bookkeeping: after every save or delete of a record an
initiative's facts and dated facts are derived again from its live records (``refresh``: one
query, and one to read what is stored; a write and a version bump only where they differ), so
an archived record, a changed department or date, or a settled commitment needs no rule of its
own. Writes that send no model signals (the demo seed, a restore) rebuild them all
(``rebuild``, ``rebuild_dated``). On PostgreSQL a transaction-scoped advisory lock per
initiative makes two writers of one initiative derive its facts one after the other, the
second from a snapshot holding the first's commit.
"""

import datetime as dt

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, DateField, F, IntegerField, Max, Min, Q, QuerySet, Value
from django.db.models.signals import post_delete, post_save

from initiatives.accounts.changes import written_in_bulk
from initiatives.models import Initiative
from partnership.dashboards import cache, tally
from partnership.dashboards.models import (
    RANKED,
    InitiativeFact,
    InvolvementDay,
    InvolvementRank,
    InvolvementSpan,
    SupportDay,
    SupportSpan,
)
from partnership.models import Blockage, BlockageHandoff, CityRequest, Commitment, Contact

# The records the facts come from, in this order; the migration that creates the table passes
# its historical models instead (``rebuild``).
SOURCES = (Contact, Commitment, Blockage, BlockageHandoff, CityRequest)
# The values of the statuses the facts depend on (``Blockage.OPEN_STATUSES``,
# ``CityRequest.Decision.GRANTED*``, ``Commitment.Status.KEPT``): plain strings, so that the
# historical models of a migration can use them too.
OPEN_BLOCKAGE = ("open", "escalated")
GRANTED = ("granted", "conditional")
KEPT = "kept"
LOCK_CLASS = 20_261_130  # the advisory locks' first key: "initiative facts"


def _branches(initiative_id: int | None, sources, using: str) -> list[tuple]:
    """Where the facts come from: (records, kind, initiative, department, day) per branch,
    paths on the records; no department for stuck and supported, no day for stuck. The same
    records and dates as the figures' own reads: without a period
    (``selectors._department_involvement``, ``selectors._value_beside_the_city``) and with one
    (a contact's day, a commitment's promise, a blockage's raising, a hand-off's day; a
    request's decision, a commitment's settlement)."""
    contact, commitment, blockage, handoff, request = (
        model._base_manager.db_manager(using) for model in sources
    )
    mine = Q() if initiative_id is None else Q(initiative_id=initiative_id)
    handed = Q() if initiative_id is None else Q(blockage__initiative_id=initiative_id)
    live = Q(archived_at__isnull=True)
    contacts = contact.filter(mine & live)
    commitments = commitment.filter(mine & live)
    blockages = blockage.filter(mine & live)
    handoffs = handoff.filter(handed, blockage__archived_at__isnull=True)
    involves, stuck, supported = "involves", "stuck", "supported"
    ini = "initiative_id"
    return [
        (contacts, involves, ini, "department_id", "date"),
        (contacts.filter(referred_to__isnull=False), involves, ini, "referred_to_id", "date"),
        (commitments, involves, ini, "department_id", "promised_on"),
        # One in triage involves no department yet.
        (blockages.filter(department__isnull=False), involves, ini, "department_id", "raised_on"),
        (
            handoffs.filter(from_department__isnull=False),
            involves,
            "blockage__initiative_id",
            "from_department_id",
            "handed_on",
        ),
        (handoffs, involves, "blockage__initiative_id", "to_department_id", "handed_on"),
        (blockages.filter(status__in=OPEN_BLOCKAGE), stuck, ini, None, None),
        (request.filter(mine & live, decision__in=GRANTED), supported, ini, None, "decided_on"),
        (commitments.filter(status=KEPT), supported, ini, None, "settled_on"),
    ]


def _union(branches, *, days: bool) -> QuerySet:
    """The branches as one UNION (distinct) of (initiative, kind, department[, day])."""
    nothing = Value(None, output_field=IntegerField())
    rows = []
    for queryset, kind, initiative, department, day in branches:
        annotations = {
            "f_initiative": F(initiative),
            "f_kind": Value(kind, output_field=CharField()),
            "f_department": F(department) if department else nothing,
        }
        if days:
            annotations["f_day"] = F(day) if day else Value(None, output_field=DateField())
        rows.append(queryset.order_by().annotate(**annotations).values_list(*annotations))
    return rows[0].union(*rows[1:])


def derived(
    initiative_id: int | None = None, *, sources=SOURCES, using: str = DEFAULT_DB_ALIAS
) -> QuerySet:
    """(initiative id, kind, department id) of every fact the live records hold, distinct; for
    one initiative or, without ``initiative_id``, for all."""
    return _union(_branches(initiative_id, sources, using), days=False)


def dated(
    initiative_id: int | None = None, *, sources=SOURCES, using: str = DEFAULT_DB_ALIAS
) -> QuerySet:
    """(initiative id, kind, department id, day) of every dated fact the live records hold,
    distinct: the days on which an initiative dealt with a department and on which it was
    supported. A record without its date is in no period."""
    branches = [
        (queryset.filter(**{f"{day}__isnull": False}), kind, initiative, department, day)
        for queryset, kind, initiative, department, day in _branches(initiative_id, sources, using)
        if day
    ]
    return _union(branches, days=True)


def _insert(model, sql: str, params, columns: str, using: str) -> None:
    table = connections[using].ops.quote_name(model._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)  # noqa: S608


def rebuild(*, sources=SOURCES, fact=InitiativeFact, using: str = DEFAULT_DB_ALIAS) -> None:
    """Derive every initiative's facts again (one INSERT ... SELECT): after writes that send no
    model signals, and when the table is created. Facts are deleted with ``_raw_delete`` here
    and below: one statement and no signal per row, the caller bumps their version once."""
    fact._base_manager.using(using).all()._raw_delete(using)
    sql, params = derived(sources=sources, using=using).query.sql_with_params()
    _insert(fact, sql, params, "initiative_id, kind, department_id", using)


def rebuild_dated(
    *,
    sources=SOURCES,
    models=(InvolvementDay, InvolvementSpan, SupportDay, SupportSpan),
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Derive every initiative's dated facts again: the days of each kind (one INSERT ...
    SELECT each) and their spans from the days (another each); the ranks follow the spans
    (``rebuild_ranks``). ``models``: the four tables, in that order (a migration passes its
    historical models)."""
    involvement_day, involvement_span, support_day, support_span = models
    for model in models:
        model._base_manager.using(using).all()._raw_delete(using)
    sql, params = dated(sources=sources, using=using).query.sql_with_params()
    for day, span, kind, key in (
        (involvement_day, involvement_span, "involves", ("initiative_id", "department_id")),
        (support_day, support_span, "supported", ("initiative_id",)),
    ):
        picked = {"initiative_id": "f_initiative", "department_id": "f_department", "day": "f_day"}
        columns = [*key, "day"]
        _insert(
            day,
            f"SELECT {', '.join(picked[c] for c in columns)} FROM ({sql}) d "  # noqa: S608
            "WHERE f_kind = %s",
            (*params, kind),
            ", ".join(columns),
            using,
        )
        spans, span_params = (
            day._base_manager.using(using)
            .order_by()
            .values(*key)
            .annotate(first_on=Min("day"), last_on=Max("day"))
            .values_list(*key, "first_on", "last_on")
            .query.sql_with_params()
        )
        _insert(span, spans, span_params, ", ".join([*key, "first_on", "last_on"]), using)


LASTS = tuple(f"last_{k}" for k in range(1, RANKED + 1))
FIRSTS = tuple(f"first_{k}" for k in range(1, RANKED + 1))
RANKS = (*LASTS, *FIRSTS)


def rebuild_ranks(
    *, span=InvolvementSpan, rank=InvolvementRank, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Every initiative's rank (``InvolvementRank``) again from the spans (one INSERT ...
    SELECT): each span numbered by its last day (latest first) and by its first day, the first
    five of each turned into columns."""
    rank._base_manager.using(using).all()._raw_delete(using)
    table = connections[using].ops.quote_name(span._meta.db_table)
    picked = [
        f"MAX(CASE WHEN {order} = {k} THEN {column} END)"
        for order, column in (("by_last", "last_on"), ("by_first", "first_on"))
        for k in range(1, RANKED + 1)
    ]
    sql = (
        f"SELECT initiative_id, {', '.join(picked)} FROM ("  # noqa: S608
        "SELECT initiative_id, last_on, first_on, "
        "ROW_NUMBER() OVER (PARTITION BY initiative_id ORDER BY last_on DESC) AS by_last, "
        "ROW_NUMBER() OVER (PARTITION BY initiative_id ORDER BY first_on) AS by_first "
        f"FROM {table}) ranked GROUP BY initiative_id"
    )
    _insert(rank, sql, (), ", ".join(["initiative_id", *RANKS]), using)


# What ``refresh`` keeps per initiative: each table's fields, and for the spans the unique
# fields that name one (its days are updated in place).
STORED = (
    (InitiativeFact, ("kind", "department_id"), ()),
    (InvolvementDay, ("department_id", "day"), ()),
    (InvolvementSpan, ("department_id", "first_on", "last_on"), ("initiative", "department")),
    (SupportDay, ("day",), ()),
    (SupportSpan, ("first_on", "last_on"), ("initiative",)),
    (InvolvementRank, RANKS, ("initiative",)),
)


def _stored(initiative_id: int, using: str) -> list[dict]:
    """The initiative's rows in each table of ``STORED`` as {fields: pk}, in one query: a
    UNION ALL of like-typed columns (the kind, the department, then the dates), a column a
    table lacks a typed NULL."""
    conn = connections[using]
    dates = max(len(fields) for _m, fields, _k in STORED)
    types = ["VARCHAR(10)", "BIGINT", *(["DATE"] * dates)]
    parts, params, places = [], [], []
    for tag, (model, fields, _key) in enumerate(STORED):
        columns = [f"CAST(NULL AS {kind})" for kind in types]
        slots, date = [], 2
        for field in fields:
            slot = {"kind": 0, "department_id": 1}.get(field)
            if slot is None:
                slot, date = date, date + 1
            columns[slot] = conn.ops.quote_name(model._meta.get_field(field).column)
            slots.append(slot)
        places.append(slots)
        table = conn.ops.quote_name(model._meta.db_table)
        parts.append(
            f"SELECT {tag}, id, {', '.join(columns)} FROM {table} "  # noqa: S608
            "WHERE initiative_id = %s"
        )
        params.append(initiative_id)
    stored: list[dict] = [{} for _ in STORED]
    with conn.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for tag, pk, *values in cursor.fetchall():
            row = tuple(
                values[slot] if slot < 2 or values[slot] is None else _date(values[slot])
                for slot in places[tag]
            )
            stored[tag][row] = pk
    return stored


def _store(model, initiative_id, wanted: set, have: dict, fields, key, using: str) -> bool:
    """Make ``model``'s rows of the initiative exactly ``wanted`` (tuples of ``fields``; ``have``
    the stored ones with their pks); whether anything changed. Rows no longer wanted are
    deleted and new ones inserted; a span (with a ``key``) that moved is updated in place."""
    if wanted == have.keys():
        return False
    new = wanted - have.keys()
    named = len(key) - 1  # the fields beside the initiative that name a span
    moved = {row[:named] for row in new} if key else set()
    gone = [
        pk for row, pk in have.items() if row not in wanted and not (key and row[:named] in moved)
    ]
    if gone:
        model._base_manager.using(using).filter(pk__in=gone)._raw_delete(using)
    rows = [
        model(initiative_id=initiative_id, **dict(zip(fields, row, strict=True))) for row in new
    ]
    manager = model._base_manager.using(using)
    if key:
        manager.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=list(key),
            update_fields=[f for f in fields if f != "department_id"],
        )
    else:
        # ignore_conflicts: never needed under the lock (or SQLite's one writer); harmless
        manager.bulk_create(rows, ignore_conflicts=True)
    return True


def _spans(days) -> dict:
    """(first day, last day) per key of (key, day) pairs."""
    spans: dict = {}
    for key, day in days:
        first, last = spans.get(key, (day, day))
        spans[key] = (min(first, day), max(last, day))
    return spans


def lock(initiative_id: int, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Take the initiative's advisory lock till the end of the transaction (PostgreSQL; SQLite
    has one writer at a time): whoever derives from its records (the facts, ``tally``) does
    so after the writers before it committed."""
    conn = connections[using]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, initiative_id])


def refresh(initiative_id: int, *, using: str = DEFAULT_DB_ALIAS) -> tuple[list, set]:
    """Derive one initiative's facts and dated facts again from its live records (one query)
    and store the difference (one query reads what is stored, a write per table that
    differs); the models whose rows changed (the caller bumps their versions), and the kinds
    of fact that changed (the tally's shares that rest on them follow: ``tally``)."""
    lock(initiative_id, using=using)
    rows = [
        (kind, dept, None if day is None else _date(day))
        for _i, kind, dept, day in _union(_branches(initiative_id, SOURCES, using), days=True)
    ]
    facts = {(kind, dept) for kind, dept, _day in rows}
    involved = {(dept, day) for kind, dept, day in rows if kind == "involves"}
    supported = {(None, day) for kind, _dept, day in rows if kind == "supported" and day}
    spans = _spans(involved)
    lasts = sorted((last for _first, last in spans.values()), reverse=True)[:RANKED]
    firsts = sorted(first for first, _last in spans.values())[:RANKED]
    padding = [None] * RANKED
    wanted = (
        facts,
        involved,
        {(dept, *span) for dept, span in spans.items()},
        {(day,) for _none, day in supported},
        set(_spans(supported).values()),
        {(*(lasts + padding)[:RANKED], *(firsts + padding)[:RANKED])} if spans else set(),
    )
    stored = _stored(initiative_id, using)
    kinds_changed = {kind for kind, _department in facts ^ stored[0].keys()}
    changed = [
        model
        for (model, fields, key), want, have in zip(STORED, wanted, stored, strict=True)
        if _store(model, initiative_id, want, have, fields, key, using)
    ]
    if SupportSpan in changed:  # (the value shares hold its days: ``tally.VALUE_BESIDE``)
        kinds_changed.add("support_days")
    return changed, kinds_changed


def _date(value) -> dt.date:
    """A day read from a UNION: SQLite may hand it over as text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _initiative_of(instance) -> int | None:
    if instance._meta.label == "partnership.BlockageHandoff":
        return (
            Blockage._base_manager.filter(pk=instance.blockage_id)
            .values_list("initiative_id", flat=True)
            .first()
        )
    return instance.initiative_id


DERIVED = (
    InitiativeFact,
    InvolvementDay,
    InvolvementSpan,
    SupportDay,
    SupportSpan,
    InvolvementRank,
)


def _bump(models, using: str) -> None:
    if models:
        cache.bump(*(model._meta.db_table for model in models), using=using)


def _on_write(sender, instance, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """The initiative's facts and, for the records the tally counts, its tally derived again
    under one lock, their versions bumped together (one bump, not two, per record written)."""
    if sender.__module__ == "__fake__":
        return  # a migration's historical model
    initiative_id = _initiative_of(instance)
    if initiative_id is not None:
        changed, kinds = refresh(initiative_id, using=using)
        counted = tally.refresh_for(
            sender, initiative_id, facts_changed=kinds, locked=True, using=using
        )
        if changed or counted:
            tables = (model._meta.db_table for model in changed)
            cache.bump(*tables, *counted, using=using)


def _on_initiative_deleted(sender, instance, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Its records went first (their receivers derived its facts once more); the facts go
    last. The tables have no foreign keys, so a cascade never trips over them."""
    for model in DERIVED:
        model._base_manager.using(using).filter(initiative_id=instance.pk)._raw_delete(using)
    _bump(DERIVED, using)


def _on_bulk_write(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if sender is None or sender in SOURCES:
        rebuild(using=using)
        rebuild_dated(using=using)
        rebuild_ranks(using=using)
        _bump(DERIVED, using)


def connect() -> None:
    """After ``cache.connect()``: a record's own version is bumped (its shard's row locked)
    before its initiative's advisory lock is taken, in every transaction, in that order."""
    for model in SOURCES:
        for signal in (post_save, post_delete):
            signal.connect(
                _on_write,
                sender=model,
                dispatch_uid=f"dashboards-facts-{model._meta.label}-{signal!r}",
            )
    post_delete.connect(
        _on_initiative_deleted,
        sender=Initiative,
        dispatch_uid="dashboards-facts-initiative",
    )
    written_in_bulk.connect(_on_bulk_write, dispatch_uid="dashboards-facts-bulk")
