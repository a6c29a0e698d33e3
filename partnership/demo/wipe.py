"""Remove what a seed made: every initiative with everything recorded about it, and the demo users.

Reference data (areas, themes, departments, policy frameworks, partner organisations, the value
framework, kinds of request) and users outside the demo domains stay.

The ORM's ``delete()`` loads every row into memory first (history tracking listens to the delete
signals) and then sends the ids back in long ``IN`` lists: minutes for a city-sized demo. Here
the model graph is walked instead, and each table is cleared with one SQL statement whose
subquery selects the doomed rows, children before parents. A model added later with a cascading
foreign key is included by itself. On PostgreSQL the initiative tables, which lose every row,
are emptied with TRUNCATE.
"""

from django.db import connection, models, transaction

from initiatives.accounts.models import User
from initiatives.models import Initiative
from initiatives.selectors import m2m_history_models
from partnership.demo.accounts import demo_users_q
from partnership.models import Notification


def _reverse_relations(model):
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            yield rel


def _history_model(model):
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


class _Eraser:
    """Deletes rows selected by SQL, with what cascades from them, in one transaction."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.qn = connection.ops.quote_name
        self.counts: dict[str, int] = {}
        self.touched: set = set()

    def run(self, sql: str, params) -> int:
        self.cursor.execute(sql, params)
        return max(self.cursor.rowcount, 0)

    def delete(self, model, selected: str, params, path=()) -> None:
        """Delete the rows of ``model`` whose primary key is in the subquery ``selected``."""
        qn, meta = self.qn, model._meta
        self.touched.add(model)
        for rel in _reverse_relations(model):
            fk = rel.field
            target = fk.target_field
            keys = (
                selected
                if target == meta.pk
                else f"SELECT {qn(target.column)} FROM {qn(meta.db_table)} "
                f"WHERE {qn(meta.pk.column)} IN ({selected})"
            )
            child = rel.related_model._meta
            if rel.on_delete is models.CASCADE and rel.related_model not in path:
                rows = (
                    f"SELECT {qn(child.pk.column)} FROM {qn(child.db_table)} "
                    f"WHERE {qn(fk.column)} IN ({keys})"
                )
                self.delete(rel.related_model, rows, params, (*path, model))
            elif rel.on_delete is models.SET_NULL:
                self.run(
                    f"UPDATE {qn(child.db_table)} SET {qn(fk.column)} = NULL "
                    f"WHERE {qn(fk.column)} IN ({keys})",
                    params,
                )
        deleted = self.run(
            f"DELETE FROM {qn(meta.db_table)} WHERE {qn(meta.pk.column)} IN ({selected})", params
        )
        self.counts[meta.label] = self.counts.get(meta.label, 0) + deleted

    def delete_queryset(self, queryset) -> None:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        self.delete(queryset.model, sql, params)

    def prune_history(self) -> None:
        """Drop the history of rows that no longer exist."""
        qn = self.qn
        for model in self.touched:
            history = _history_model(model)
            if history is not None:
                pk = qn(model._meta.pk.column)
                self.run(
                    f"DELETE FROM {qn(history._meta.db_table)} WHERE {pk} NOT IN "
                    f"(SELECT {pk} FROM {qn(model._meta.db_table)})",
                    [],
                )
                for _field, m2m in m2m_history_models(history):
                    self.run(
                        f"DELETE FROM {qn(m2m._meta.db_table)} WHERE history_id NOT IN "
                        f"(SELECT history_id FROM {qn(history._meta.db_table)})",
                        [],
                    )

    def truncate_initiatives(self) -> bool:
        """TRUNCATE every table that hangs off initiatives, when that loses nothing else."""
        order, seen = [], set()

        def visit(model):
            if model not in seen:
                seen.add(model)
                for rel in _reverse_relations(model):
                    if rel.on_delete is not models.DO_NOTHING or rel.field.db_constraint:
                        if rel.on_delete is not models.CASCADE:
                            raise _CannotTruncate
                        visit(rel.related_model)
                order.append(model)

        try:
            visit(Initiative)
        except _CannotTruncate:
            return False
        for model in order:
            required = [
                f
                for f in model._meta.concrete_fields
                if f.is_relation and f.remote_field.model in seen and not f.null
            ]
            if model is not Initiative and not required:
                return False  # some of its rows might not belong to an initiative
        qn = self.qn
        for model in order:
            self.run(f"SELECT COUNT(*) FROM {qn(model._meta.db_table)}", [])
            self.counts[model._meta.label] = self.cursor.fetchone()[0]
        tables = [m._meta.db_table for m in order]
        histories = [h for h in map(_history_model, order) if h is not None]
        tables += [h._meta.db_table for h in histories]
        tables += [m._meta.db_table for h in histories for _f, m in m2m_history_models(h)]
        # Rows written earlier in this transaction still owe their deferred foreign-key
        # checks, and TRUNCATE refuses tables with pending checks: run them first.
        self.run("SET CONSTRAINTS ALL IMMEDIATE", [])
        self.run(f"TRUNCATE {', '.join(qn(t) for t in tables)}", [])
        self.run("SET CONSTRAINTS ALL DEFERRED", [])
        return True


class _CannotTruncate(Exception):
    pass


@transaction.atomic
def wipe() -> dict[str, int]:
    """Delete all initiatives and what hangs off them, then the demo users; return the counts."""
    with connection.cursor() as cursor:
        eraser = _Eraser(cursor)
        if not (connection.vendor == "postgresql" and eraser.truncate_initiatives()):
            eraser.delete_queryset(Initiative.objects.all())
            eraser.prune_history()
        eraser.delete_queryset(User.objects.filter(demo_users_q()))
        # Department mailboxes' notifications: about initiatives that are gone.
        eraser.delete_queryset(Notification.objects.filter(recipient__isnull=True))
    return eraser.counts
