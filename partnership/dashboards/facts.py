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
with a department or was supported (``InitiativeFactDay``) and each such fact's first and last
day (``InitiativeFactSpan``). A period from a day on is the spans whose last day is on or after
it (one row per fact, not every record of the period); a period with both ends adds, for the
facts whose first and last day lie on both sides of it, whether one of their days lies inside.
Their versions change with nearly every record (a new day), so they are tables of their own:
the facts' version stays put.

Exact by construction, not by bookkeeping: after every save or delete of a record an
initiative's facts and dated facts are derived again from its live records (``refresh``: two
queries, and one to read each stored table; a write and a version bump only where they
differ), so an archived record, a changed department or date, or a settled commitment needs no
rule of its own. Writes that send no model signals (the demo seed, a restore) rebuild them all
(``rebuild``, ``rebuild_dated``). On PostgreSQL a transaction-scoped advisory lock per
initiative makes two writers of one initiative derive its facts one after the other, the
second from a snapshot holding the first's commit.
"""

import datetime as dt

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, F, IntegerField, Max, Min, Q, QuerySet, Value
from django.db.models.signals import post_delete, post_save

from initiatives.accounts.changes import written_in_bulk
from initiatives.models import Initiative
from partnership.dashboards import cache
from partnership.dashboards.models import InitiativeFact, InitiativeFactDay, InitiativeFactSpan
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


def _row(
    queryset: QuerySet, kind: str, initiative: str, department: str | None, day: str | None = None
) -> QuerySet:
    nothing = Value(None, output_field=IntegerField())
    columns = ["f_initiative", "f_kind", "f_department"]
    annotations = {
        "f_initiative": F(initiative),
        "f_kind": Value(kind, output_field=CharField()),
        "f_department": F(department) if department else nothing,
    }
    if day:
        annotations["f_day"] = F(day)
        columns.append("f_day")
    return queryset.order_by().annotate(**annotations).values_list(*columns)


def derived(
    initiative_id: int | None = None, *, sources=SOURCES, using: str = DEFAULT_DB_ALIAS
) -> QuerySet:
    """(initiative id, kind, department id) of every fact the live records hold, distinct; for
    one initiative or, without ``initiative_id``, for all. The same records as the figures'
    own reads without a period (``selectors._department_involvement``,
    ``selectors._value_beside_the_city``)."""
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
    referred = contacts.filter(referred_to__isnull=False)
    routed = blockages.filter(department__isnull=False)  # one in triage involves none yet
    branches = [
        _row(contacts, involves, "initiative_id", "department_id"),
        _row(referred, involves, "initiative_id", "referred_to_id"),
        _row(commitments, involves, "initiative_id", "department_id"),
        _row(routed, involves, "initiative_id", "department_id"),
        _row(
            handoffs.filter(from_department__isnull=False),
            involves,
            "blockage__initiative_id",
            "from_department_id",
        ),
        _row(handoffs, involves, "blockage__initiative_id", "to_department_id"),
        _row(blockages.filter(status__in=OPEN_BLOCKAGE), stuck, "initiative_id", None),
        _row(
            request.filter(mine & live, decision__in=GRANTED),
            supported,
            "initiative_id",
            None,
        ),
        _row(commitments.filter(status=KEPT), supported, "initiative_id", None),
    ]
    return branches[0].union(*branches[1:])  # UNION: distinct


def dated(
    initiative_id: int | None = None, *, sources=SOURCES, using: str = DEFAULT_DB_ALIAS
) -> QuerySet:
    """(initiative id, kind, department id, day) of every dated fact the live records hold,
    distinct: the days on which an initiative dealt with a department and on which it was
    supported. The same records and dates as the figures' own reads with a period
    (``selectors._involvement_records``: a contact's day, a commitment's promise, a
    blockage's raising, a hand-off's day; ``selectors._value_beside_the_city``: a request's
    decision, a commitment's settlement). A record without its date is in no period."""
    contact, commitment, blockage, handoff, request = (
        model._base_manager.db_manager(using) for model in sources
    )
    mine = Q() if initiative_id is None else Q(initiative_id=initiative_id)
    handed = Q() if initiative_id is None else Q(blockage__initiative_id=initiative_id)
    live = Q(archived_at__isnull=True)
    contacts = contact.filter(mine & live)
    commitments = commitment.filter(mine & live)
    handoffs = handoff.filter(handed, blockage__archived_at__isnull=True)
    involves, supported = "involves", "supported"
    branches = [
        _row(contacts, involves, "initiative_id", "department_id", "date"),
        _row(
            contacts.filter(referred_to__isnull=False),
            involves,
            "initiative_id",
            "referred_to_id",
            "date",
        ),
        _row(commitments, involves, "initiative_id", "department_id", "promised_on"),
        _row(
            blockage.filter(mine & live, department__isnull=False),
            involves,
            "initiative_id",
            "department_id",
            "raised_on",
        ),
        _row(
            handoffs.filter(from_department__isnull=False),
            involves,
            "blockage__initiative_id",
            "from_department_id",
            "handed_on",
        ),
        _row(handoffs, involves, "blockage__initiative_id", "to_department_id", "handed_on"),
        _row(
            request.filter(mine & live, decision__in=GRANTED, decided_on__isnull=False),
            supported,
            "initiative_id",
            None,
            "decided_on",
        ),
        _row(
            commitments.filter(status=KEPT, settled_on__isnull=False),
            supported,
            "initiative_id",
            None,
            "settled_on",
        ),
    ]
    return branches[0].union(*branches[1:])  # UNION: distinct


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
    day=InitiativeFactDay,
    span=InitiativeFactSpan,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Derive every initiative's dated facts again, the days (one INSERT ... SELECT) and then
    their spans from the days (another)."""
    for model in (day, span):
        model._base_manager.using(using).all()._raw_delete(using)
    sql, params = dated(sources=sources, using=using).query.sql_with_params()
    _insert(day, sql, params, "initiative_id, kind, department_id, day", using)
    sql, params = (
        day._base_manager.using(using)
        .order_by()
        .values("initiative_id", "kind", "department_id")
        .annotate(first_on=Min("day"), last_on=Max("day"))
        .values_list("initiative_id", "kind", "department_id", "first_on", "last_on")
        .query.sql_with_params()
    )
    _insert(span, sql, params, "initiative_id, kind, department_id, first_on, last_on", using)


def _store(model, initiative_id: int, wanted: set[tuple], fields: tuple, using: str) -> bool:
    """Make ``model``'s rows of the initiative exactly ``wanted`` (tuples of ``fields``): rows
    no longer wanted deleted, new ones inserted; whether anything changed."""
    stored = model._base_manager.using(using).filter(initiative_id=initiative_id)
    have = {tuple(row[1:]): row[0] for row in stored.values_list("pk", *fields)}
    if wanted == have.keys():
        return False
    gone = [pk for row, pk in have.items() if row not in wanted]
    if gone:
        stored.filter(pk__in=gone)._raw_delete(using)
    model._base_manager.using(using).bulk_create(
        [
            model(initiative_id=initiative_id, **dict(zip(fields, row, strict=True)))
            for row in wanted - have.keys()
        ],
        ignore_conflicts=True,  # never needed under the lock (or SQLite's one writer); harmless
    )
    return True


def refresh(initiative_id: int, *, using: str = DEFAULT_DB_ALIAS) -> list:
    """Derive one initiative's facts and dated facts again from its live records and store the
    difference; the models whose rows changed (the caller bumps their versions)."""
    conn = connections[using]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, initiative_id])
    facts = {(kind, dept) for _i, kind, dept in derived(initiative_id=initiative_id, using=using)}
    days = {
        (kind, dept, _date(day))
        for _i, kind, dept, day in dated(initiative_id=initiative_id, using=using)
    }
    spans: dict[tuple, tuple] = {}
    for kind, dept, day in days:
        first, last = spans.get((kind, dept), (day, day))
        spans[(kind, dept)] = (min(first, day), max(last, day))
    wanted = (
        (InitiativeFact, facts, ("kind", "department_id")),
        (InitiativeFactDay, days, ("kind", "department_id", "day")),
        (
            InitiativeFactSpan,
            {(kind, dept, first, last) for (kind, dept), (first, last) in spans.items()},
            ("kind", "department_id", "first_on", "last_on"),
        ),
    )
    return [
        model for model, rows, fields in wanted if _store(model, initiative_id, rows, fields, using)
    ]


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


DERIVED = (InitiativeFact, InitiativeFactDay, InitiativeFactSpan)


def _bump(models, using: str) -> None:
    for model in models:
        cache.bump(model._meta.db_table, using=using)


def _on_write(sender, instance, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if sender.__module__ == "__fake__":
        return  # a migration's historical model
    initiative_id = _initiative_of(instance)
    if initiative_id is not None:
        _bump(refresh(initiative_id, using=using), using)


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
