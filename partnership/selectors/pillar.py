"""Pillar-to-post facts (van het kastje naar de muur): how many departments an initiative deals
with, how often it was handed on, and how long it waited for a first settled answer.

A department is *involved* with an initiative through any of: a contact's department or the
department it was referred to, a commitment's department, a blockage's department, and both ends of
every hand-off of its blockages. Archived entries do not count.

Two shapes of the same rule, each for where it is cheap:
- ``annotate_departments_involved``: an exact count per row, as a correlated subquery over the
  (few) departments. Meant for a page of rows or one initiative.
- ``initiatives_needing_coordinator``: two departments or more and no coordinator, for the
  whole city or for one department, read from the pairs ``partnership.involvement`` keeps
  (``Involvement``) in the same transaction as every write to the records.
``tests/test_coordinator_rules.py`` checks both against a recount, and
``tests/test_involvement.py`` the pairs against the records.
"""

from __future__ import annotations

import functools

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import In

from initiatives.accounts.compiled import A_DATE, compiled, with_values
from initiatives.accounts.models import Department
from initiatives.models import Initiative
from partnership.models import Blockage, BlockageHandoff, Commitment, Contact, Involvement


class AnyOf(In):
    """``field IN ids`` for a list of ids read beforehand, as a filter expression
    (``.filter(AnyOf(F("pk"), ids))``). On PostgreSQL the ids go as one array parameter
    (``= ANY(%s)``): hundreds of separate parameters cost more to prepare and send than the
    query takes to run."""

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            raise EmptyResultSet
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, [int(pk) for pk in self.rhs])


class AmongRows(In):
    """``field IN (subquery)`` as a filter expression (``.filter(AmongRows(F("pk"), rows))``),
    asked on PostgreSQL as ``field = ANY(ARRAY(subquery))``: the subquery runs once, on its own,
    and the outer table is probed by key, in key order. For a subquery whose rows the planner
    cannot count: as a semi-join it guessed a few hundred (or tens of thousands) where there are
    thousands (or hundreds), and hashed or walked whole tables accordingly; an array it takes
    for a handful of keys, which is the plan that fits."""

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def count_subquery(queryset: QuerySet) -> Coalesce:
    """``SELECT COUNT(*)`` of a correlated queryset as a scalar subquery (no GROUP BY needed)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _earliest(queryset: QuerySet, field: str) -> Subquery:
    """The earliest date in ``field`` of a correlated queryset, as a scalar subquery."""
    earliest = queryset.order_by().annotate(
        m=Func(F(field), function="MIN", output_field=DateField())
    )
    return Subquery(earliest.values("m"), output_field=DateField())


def departments_involved_expression(initiative_ref="pk"):
    """Distinct departments involved with the initiative ``OuterRef(initiative_ref)`` points
    at: its pairs in ``Involvement``, kept with every write by the same rule (a live contact's
    department and the one it referred to, a live commitment's or routed blockage's, both ends
    of a live blockage's hand-offs). One index range, where asking each department whether
    any of six kinds of record named it was the partner page's dearest query."""
    return count_subquery(Involvement.objects.filter(initiative=OuterRef(initiative_ref)))


@functools.cache
def _departments_involved():
    """``departments_involved_expression()`` built once per process: building its six nested
    querysets cost more than the count they make for a page of rows. An annotation copies an
    expression before resolving it, so the one built is never changed."""
    return departments_involved_expression()


def annotate_departments_involved(queryset: QuerySet) -> QuerySet:
    """Add ``departments_involved`` to a queryset of initiatives."""
    return queryset.annotate(departments_involved=_departments_involved())


def initiatives_needing_coordinator(
    queryset: QuerySet | None = None, *, department=None
) -> QuerySet:
    """Live initiatives with two or more departments involved and no coordinator yet; with
    ``department``, only those it is involved with ("it is involved, and so is another one").

    Read from the pairs kept in ``Involvement`` (``partnership.involvement``): a department's
    initiatives are one range of its index, and "another one" a probe of the initiative's
    pairs; the whole city is the initiatives with two pairs or more."""
    queryset = Initiative.objects.all() if queryset is None else queryset
    queryset = queryset.filter(coordinator__isnull=True, archived_at__isnull=True)
    pairs = Involvement.objects.order_by()
    if department is None:
        several = (
            pairs.values("initiative_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=2)
            .values("initiative_id")
        )
        return queryset.filter(pk__in=several)
    others = pairs.filter(initiative=OuterRef("pk")).exclude(department=department)
    return queryset.filter(
        pk__in=pairs.filter(department=department).values("initiative_id")
    ).filter(Exists(others))


# A stand-in for the initiative's id while the facts' query is compiled (see below).
_ANY_INITIATIVE = -7_340_211
_FACTS_DATES = ("first_contact", "first_settled_commitment", "first_settled_blockage")


def _facts_queryset(pk) -> QuerySet:
    settled_commitments = Commitment.objects.filter(
        initiative=OuterRef("pk"), status__in=Commitment.SETTLED, archived_at__isnull=True
    )
    settled_blockages = Blockage.objects.filter(
        initiative=OuterRef("pk"), status__in=Blockage.SETTLED, archived_at__isnull=True
    )
    return (
        Initiative.objects.filter(pk=pk)
        .annotate(
            departments_involved=departments_involved_expression(),
            referrals=count_subquery(
                Contact.objects.filter(
                    initiative=OuterRef("pk"), referred_to__isnull=False, archived_at__isnull=True
                )
            ),
            blockage_handoffs=count_subquery(
                BlockageHandoff.objects.between_departments().filter(
                    blockage__initiative=OuterRef("pk"), blockage__archived_at__isnull=True
                )
            ),
            first_contact=_earliest(
                Contact.objects.filter(initiative=OuterRef("pk"), archived_at__isnull=True),
                "date",
            ),
            first_settled_commitment=_earliest(settled_commitments, "settled_on"),
            first_settled_blockage=_earliest(settled_blockages, "settled_on"),
        )
        .values(
            "departments_involved",
            "referrals",
            "blockage_handoffs",
            *_FACTS_DATES,
            "coordinator_id",
        )
    )


def _facts_row(pk) -> dict:
    """The facts' one row. Its query is the same for every initiative but the id, and
    compiling its nested subqueries takes Python several times longer than the database takes
    to run it (on every partner page): it is compiled once per process and database, with a
    stand-in id, and run with the initiative's id in its place."""

    def build():
        sql, params = _facts_queryset(_ANY_INITIATIVE).query.sql_with_params()
        assert params.count(_ANY_INITIATIVE) == 1, "the id is the query's one varying parameter"
        return sql, params

    sql, params = compiled(("initiative facts",), build)
    with connection.cursor() as cursor:
        cursor.execute(sql, with_values(params, {_ANY_INITIATIVE: pk}))
        values = cursor.fetchone()
        names = [column[0] for column in cursor.description]
    if values is None:
        raise Initiative.DoesNotExist
    row = dict(zip(names, values, strict=True))
    for name in _FACTS_DATES:  # SQLite hands dates back as text
        row[name] = A_DATE.to_python(row[name])
    return row


def initiative_facts(initiative) -> dict:
    """The pillar-to-post facts of one initiative, in one query."""
    row = _facts_row(initiative.pk)
    first_contact = row["first_contact"]
    settled = [d for d in (row["first_settled_commitment"], row["first_settled_blockage"]) if d]
    first_answer = min(settled) if settled else None
    days_to_answer = None
    if first_contact and first_answer:
        days_to_answer = max(0, (first_answer - first_contact).days)
    return {
        "departments_involved": row["departments_involved"],
        "handoffs": row["referrals"] + row["blockage_handoffs"],
        "referrals": row["referrals"],
        "blockage_handoffs": row["blockage_handoffs"],
        "first_contact": first_contact,
        "first_answer": first_answer,
        "days_to_first_answer": days_to_answer,
        "needs_coordinator": row["coordinator_id"] is None and row["departments_involved"] > 1,
    }


def blockages_with_facts(initiative) -> QuerySet:
    """The initiative's blockages with hand-offs and departments involved counted, in one query."""
    handoffs = BlockageHandoff.objects.between_departments().filter(blockage=OuterRef("pk"))
    dept = OuterRef("pk")
    departments = Department.objects.filter(
        Q(pk=OuterRef("department_id"))
        | Exists(
            BlockageHandoff.objects.filter(
                Q(from_department=dept) | Q(to_department=dept), blockage=OuterRef(OuterRef("pk"))
            )
        )
    )
    return (
        Blockage.objects.filter(initiative=initiative, archived_at__isnull=True)
        .select_related("department")
        .annotate(
            handoff_count=count_subquery(handoffs), departments_involved=count_subquery(departments)
        )
        .order_by("raised_on", "pk")
    )
