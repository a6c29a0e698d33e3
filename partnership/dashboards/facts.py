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

Exact by construction, not by bookkeeping: after every save or delete of a record an
initiative's facts are derived again from its live records (``refresh``: one query; a write
and a version bump only when they differ), so an archived record, a changed department or a
settled commitment needs no rule of its own. Writes that send no model signals (the demo
seed, a restore) rebuild them all (``rebuild``). On PostgreSQL a transaction-scoped advisory
lock per initiative makes two writers of one initiative derive its facts one after the other,
the second from a snapshot holding the first's commit.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, F, IntegerField, Q, QuerySet, Value
from django.db.models.signals import post_delete, post_save

from initiatives.accounts.changes import written_in_bulk
from initiatives.models import Initiative
from partnership.dashboards import cache
from partnership.dashboards.models import InitiativeFact
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


def _row(queryset: QuerySet, kind: str, initiative: str, department: str | None) -> QuerySet:
    nothing = Value(None, output_field=IntegerField())
    return (
        queryset.order_by()
        .annotate(
            f_initiative=F(initiative),
            f_kind=Value(kind, output_field=CharField()),
            f_department=F(department) if department else nothing,
        )
        .values_list("f_initiative", "f_kind", "f_department")
    )


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


def rebuild(*, sources=SOURCES, fact=InitiativeFact, using: str = DEFAULT_DB_ALIAS) -> None:
    """Derive every initiative's facts again (one INSERT ... SELECT): after writes that send no
    model signals, and when the table is created. Facts are deleted with ``_raw_delete`` here
    and below: one statement and no signal per row, the caller bumps their version once."""
    fact._base_manager.using(using).all()._raw_delete(using)
    sql, params = derived(sources=sources, using=using).query.sql_with_params()
    table = connections[using].ops.quote_name(fact._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (initiative_id, kind, department_id) {sql}",  # noqa: S608
            params,
        )


def refresh(initiative_id: int, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Derive one initiative's facts again from its live records and store the difference;
    whether anything changed (the caller bumps the facts' version then)."""
    conn = connections[using]
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, initiative_id])
    wanted = {(kind, dept) for _i, kind, dept in derived(initiative_id=initiative_id, using=using)}
    stored = InitiativeFact._base_manager.using(using).filter(initiative_id=initiative_id)
    have = set(stored.values_list("kind", "department_id"))
    if wanted == have:
        return False
    gone = have - wanted
    if gone:
        which = Q()
        for kind, dept in gone:
            which |= Q(kind=kind, department_id=dept)
        stored.filter(which)._raw_delete(using)
    InitiativeFact._base_manager.using(using).bulk_create(
        [
            InitiativeFact(initiative_id=initiative_id, kind=kind, department_id=dept)
            for kind, dept in wanted - have
        ],
        ignore_conflicts=True,  # never needed under the lock (or SQLite's one writer); harmless
    )
    return True


def _initiative_of(instance) -> int | None:
    if instance._meta.label == "partnership.BlockageHandoff":
        return (
            Blockage._base_manager.filter(pk=instance.blockage_id)
            .values_list("initiative_id", flat=True)
            .first()
        )
    return instance.initiative_id


def _bump(using: str) -> None:
    cache.bump(InitiativeFact._meta.db_table, using=using)


def _on_write(sender, instance, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if sender.__module__ == "__fake__":
        return  # a migration's historical model
    initiative_id = _initiative_of(instance)
    if initiative_id is not None and refresh(initiative_id, using=using):
        _bump(using)


def _on_initiative_deleted(sender, instance, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Its records went first (their receivers derived its facts once more); the facts go
    last. The table has no foreign keys, so a cascade never trips over them."""
    InitiativeFact._base_manager.using(using).filter(initiative_id=instance.pk)._raw_delete(using)
    _bump(using)


def _on_bulk_write(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if sender is None or sender in SOURCES:
        rebuild(using=using)
        _bump(using)


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
