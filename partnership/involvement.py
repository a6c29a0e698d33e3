"""The departments involved with each initiative (``Involvement``), kept exact in the same
transaction as every write to the records they come from.

The rule is ``selectors.pillar``'s: a live contact's department and the department it referred
to, a live commitment's or routed blockage's department, and both ends of every hand-off of a
live blockage. The work list reads the pairs to find, for one department, the initiatives
waiting for a coordinator (``pillar.initiatives_needing_coordinator``).

How it stays exact: after a record is created, its own departments are added (one statement;
a new record can only add). After any other save or a delete, the initiative's pairs are derived
again from its live records and the difference stored (``resync``), so an archived record, a
changed department or a routed blockage needs no rule of its own. Writes that send no model
signals (the demo seed, a restore) announce themselves (``announce_bulk_write``) and every pair
is derived again (``rebuild``).

Two writers of one initiative: ``resync`` first locks the initiative's pairs and derives in a
later statement, which (read committed) sees every writer that held one of them committed; an
addition locks the pair it adds (an upsert), so a ``resync`` that would remove it waits for the
record that needs it, and an addition waits for a removal in progress and then inserts again.
"""

from contextlib import nullcontext

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save

from initiatives.accounts.changes import written_in_bulk
from partnership.models import Blockage, BlockageHandoff, Commitment, Contact, Involvement

# The records involvement comes from, in this order; the migration that creates the table
# passes its historical models instead (``rebuild``).
SOURCES = (Contact, Commitment, Blockage, BlockageHandoff)


def derived(
    initiative_id: int | None = None, *, sources=SOURCES, using: str = DEFAULT_DB_ALIAS
) -> QuerySet:
    """(initiative id, department id) of every involvement the live records hold, distinct; for
    one initiative or, without ``initiative_id``, for all."""
    contact, commitment, blockage, handoff = (
        model._base_manager.db_manager(using) for model in sources
    )
    mine = {} if initiative_id is None else {"initiative_id": initiative_id}
    handed = {} if initiative_id is None else {"blockage__initiative_id": initiative_id}
    live = {"archived_at__isnull": True}
    handoffs = handoff.filter(blockage__archived_at__isnull=True, **handed)
    branches = [
        (contact.filter(**mine, **live), "initiative_id", "department_id"),
        (
            contact.filter(referred_to__isnull=False, **mine, **live),
            "initiative_id",
            "referred_to_id",
        ),
        (commitment.filter(**mine, **live), "initiative_id", "department_id"),
        (
            blockage.filter(department__isnull=False, **mine, **live),
            "initiative_id",
            "department_id",
        ),
        (
            handoffs.filter(from_department__isnull=False),
            "blockage__initiative_id",
            "from_department_id",
        ),
        (handoffs, "blockage__initiative_id", "to_department_id"),
    ]
    first, *rest = (
        rows.order_by().annotate(p_i=F(i), p_d=F(d)).values_list("p_i", "p_d")
        for rows, i, d in branches
    )
    return first.union(*rest)  # UNION: distinct


def rebuild(*, sources=SOURCES, model=Involvement, using: str = DEFAULT_DB_ALIAS) -> None:
    """Derive every pair again (one INSERT ... SELECT): after writes that send no model
    signals, and when the table is created."""
    model._base_manager.using(using).all()._raw_delete(using)
    sql, params = derived(sources=sources, using=using).query.sql_with_params()
    table = connections[using].ops.quote_name(model._meta.db_table)
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (initiative_id, department_id) {sql}", params)  # noqa: S608


def _pairs(initiative_id: int, using: str):
    return Involvement._base_manager.using(using).filter(initiative_id=initiative_id)


def add(initiative_id: int, departments, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The pairs of a new record, each inserted or, if there, locked (an upsert): in key order,
    the order ``resync`` locks them in."""
    Involvement._base_manager.using(using).bulk_create(
        [Involvement(initiative_id=initiative_id, department_id=d) for d in sorted(departments)],
        update_conflicts=True,
        unique_fields=["department", "initiative"],
        update_fields=["initiative"],  # the same value: the point is the row lock
    )


def resync(initiative_id: int, *, may_add: bool = True, using: str = DEFAULT_DB_ALIAS) -> None:
    """Derive the initiative's pairs again from its live records and store the difference.
    After a delete nothing can be added (``may_add``): in a cascade the initiative itself may
    go next, and its pairs with it."""
    in_transaction = connections[using].in_atomic_block
    with nullcontext() if in_transaction else transaction.atomic(using=using):
        have = set(
            _pairs(initiative_id, using)
            .select_for_update()
            .order_by("department_id")
            .values_list("department_id", flat=True)
        )
        wanted = {d for _i, d in derived(initiative_id, using=using)}
        if gone := have - wanted:
            _pairs(initiative_id, using).filter(department_id__in=gone)._raw_delete(using)
        if may_add and (missing := wanted - have):
            Involvement._base_manager.using(using).bulk_create(
                [Involvement(initiative_id=initiative_id, department_id=d) for d in missing],
                ignore_conflicts=True,
            )


def _involved_by(instance) -> tuple[int | None, set[int]]:
    """The initiative of a record and the departments it alone involves (none when archived)."""
    if isinstance(instance, BlockageHandoff):
        if BlockageHandoff.blockage.is_cached(instance):
            initiative_id, archived = instance.blockage.initiative_id, instance.blockage.archived_at
        else:
            found = (
                Blockage._base_manager.filter(pk=instance.blockage_id)
                .values_list("initiative_id", "archived_at")
                .first()
            )
            initiative_id, archived = found or (None, None)
        departments = {instance.from_department_id, instance.to_department_id}
    else:
        initiative_id, archived = instance.initiative_id, instance.archived_at
        departments = {instance.department_id, getattr(instance, "referred_to_id", None)}
    return initiative_id, set() if archived is not None else departments - {None}


# The fields involvement reads (by name and by column): a save that names others in its
# ``update_fields`` (a commitment's owner) leaves it as it was.
_FIELDS = {
    name
    for field in ("initiative", "department", "referred_to", "archived_at", "blockage")
    + ("from_department", "to_department")
    for name in (field, f"{field}_id")
}


def _on_save(
    sender, instance, *, created: bool, update_fields=None, using=DEFAULT_DB_ALIAS, **kwargs
):
    if sender.__module__ == "__fake__":
        return  # a migration's historical model
    if update_fields is not None and not _FIELDS.intersection(update_fields):
        return
    initiative_id, departments = _involved_by(instance)
    if initiative_id is None:
        return
    if not created:
        resync(initiative_id, using=using)
    elif departments:
        add(initiative_id, departments, using=using)


def _on_delete(sender, instance, *, using: str = DEFAULT_DB_ALIAS, **kwargs):
    if sender.__module__ == "__fake__":
        return
    initiative_id, _departments = _involved_by(instance)
    if initiative_id is not None:
        resync(initiative_id, may_add=False, using=using)


def _on_bulk_write(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if sender is None or sender in SOURCES:
        rebuild(using=using)


def connect() -> None:
    for model in SOURCES:
        post_save.connect(_on_save, sender=model, dispatch_uid=f"involvement-save-{model}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"involvement-delete-{model}")
    written_in_bulk.connect(_on_bulk_write, dispatch_uid="involvement-bulk")
