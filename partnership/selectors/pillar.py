"""Pillar-to-post facts (van het kastje naar de muur): how many departments an initiative deals
with, how often it was handed on, and how long it waited for a first settled answer.

A department is *involved* with an initiative through any of: a contact's department or the
department it was referred to, a commitment's department, a blockage's department, and both ends of
every hand-off of its blockages. Archived entries do not count.

Three shapes of the same rule, each for where it is cheap:
- ``annotate_departments_involved``: an exact count per row, as a correlated subquery over the
  (few) departments. Meant for a page of rows or one initiative.
- ``multi_department_initiative_ids``: the ids of all initiatives with 2+ departments in one
  uncorrelated pass over the involvement rows (a UNION ALL grouped by initiative), which the
  database plans once as a hashed semi-join: the whole city at once, for coordinators and the
  reminders. A pass over every contact, commitment, blockage and hand-off: the work list runs it
  at most once per request.
- ``initiatives_needing_coordinator(department=...)``: for one department, "it is involved and
  so is another one", found from that department's indexes (``involving``) and then probed per
  candidate (``involves_a_department_other_than``): the civil servant's default work list, in
  one statement (``AmongRows``).
All are plain SQL that SQLite and PostgreSQL run alike (the UNION is compiled by Django and has
no ORDER BY inside); ``tests/test_coordinator_rules.py`` checks them against a recount.
"""

from __future__ import annotations

import functools

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
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
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import In

from initiatives.accounts.compiled import A_DATE, compiled, with_values
from initiatives.accounts.models import Department
from initiatives.models import Initiative
from partnership.models import Blockage, BlockageHandoff, Commitment, Contact


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
    for a handful of keys, which is the plan that fits. ``distinct`` drops the duplicates of a
    UNION ALL first."""

    distinct = False

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if self.distinct:
            rhs = f"(SELECT DISTINCT involved.v FROM {rhs} involved(v))"
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class AmongDistinct(AmongRows):
    distinct = True


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
    """Distinct departments involved with the initiative ``OuterRef(initiative_ref)`` points at."""
    init = OuterRef(OuterRef(initiative_ref))
    dept = OuterRef("pk")
    live = {"archived_at__isnull": True}
    handoffs = BlockageHandoff.objects.filter(
        blockage__initiative=init, blockage__archived_at__isnull=True
    )
    involved = Department.objects.filter(
        Exists(Contact.objects.filter(initiative=init, department=dept, **live))
        | Exists(Contact.objects.filter(initiative=init, referred_to=dept, **live))
        | Exists(Commitment.objects.filter(initiative=init, department=dept, **live))
        | Exists(Blockage.objects.filter(initiative=init, department=dept, **live))
        # Each end of the hand-offs on its own: a test of one column PostgreSQL turns into
        # one hash per initiative, where "from or to" was a scan of the initiative's
        # blockages and hand-offs for each department in turn.
        | Exists(handoffs.filter(from_department=dept))
        | Exists(handoffs.filter(to_department=dept))
    )
    return count_subquery(involved)


@functools.cache
def _departments_involved():
    """``departments_involved_expression()`` built once per process: building its six nested
    querysets cost more than the count they make for a page of rows. An annotation copies an
    expression before resolving it, so the one built is never changed."""
    return departments_involved_expression()


def annotate_departments_involved(queryset: QuerySet) -> QuerySet:
    """Add ``departments_involved`` to a queryset of initiatives."""
    return queryset.annotate(departments_involved=_departments_involved())


def _involvement_pairs() -> QuerySet:
    """(i, d) = (initiative id, department id) for every involvement, as one UNION query."""
    live = {"archived_at__isnull": True}
    parts = [
        Contact.objects.filter(**live).annotate(i=F("initiative_id"), d=F("department_id")),
        Contact.objects.filter(referred_to__isnull=False, **live).annotate(
            i=F("initiative_id"), d=F("referred_to_id")
        ),
        Commitment.objects.filter(**live).annotate(i=F("initiative_id"), d=F("department_id")),
        Blockage.objects.filter(**live).annotate(i=F("initiative_id"), d=F("department_id")),
        BlockageHandoff.objects.filter(blockage__archived_at__isnull=True).annotate(
            i=F("blockage__initiative_id"), d=F("from_department_id")
        ),
        BlockageHandoff.objects.filter(blockage__archived_at__isnull=True).annotate(
            i=F("blockage__initiative_id"), d=F("to_department_id")
        ),
    ]
    first, *rest = (p.order_by().values_list("i", "d") for p in parts)
    # UNION ALL: removing duplicates would cost a sort or hash of every row for nothing, since
    # the readers below ask only "is there a second department" or "is this one among them".
    return first.union(*rest, all=True)


def multi_department_initiative_ids() -> RawSQL:
    """Ids of initiatives with two or more departments involved, for ``pk__in=``: one hashed
    aggregate over the involvement rows; two departments or more means MIN differs from MAX."""
    sql, params = _involvement_pairs().query.sql_with_params()
    return RawSQL(
        f"SELECT pairs.i FROM ({sql}) pairs GROUP BY pairs.i HAVING MIN(pairs.d) <> MAX(pairs.d)",
        params,
    )


def involving(department) -> AmongDistinct:
    """Initiatives the department is involved with, as a filter on initiatives: ``pk IN`` one
    UNION ALL of the initiative ids of every way of being involved, each read from the
    department's own index. The first four read only the partial indexes ``*_dept_live_idx``
    (department, initiative of the live rows: index-only scans); the blockages handed on from
    or to the department are read from the hand-offs' indexes (``handoff_from_idx``,
    ``handoff_to_idx``: index-only) and their initiatives by key (``blockage_live_initiative_idx``,
    ``AmongRows``), never a pass over every blockage. Not a subquery per hand-off: PostgreSQL
    prices each at a full probe, and at city scale the sum passed its threshold for compiling
    the query to machine code (some 50 ms a request); nor a join, which it ran in parallel
    workers that take longer to start than the query takes at 10,000 initiatives. The
    duplicates go in one pass (``AmongDistinct``: the department's initiatives, about a
    thousand of ten thousand), and each initiative is then probed by key; five IN tests
    joined by OR instead made it test every initiative without a coordinator against five
    hashes."""
    live = {"archived_at__isnull": True}
    handed = (
        BlockageHandoff.objects.filter(from_department=department)
        .order_by()
        .values("blockage_id")
        .union(
            BlockageHandoff.objects.filter(to_department=department)
            .order_by()
            .values("blockage_id"),
            all=True,
        )
    )
    # Each index lists a department's rows by initiative: their duplicates go as they are read
    # (a department has some six contacts with each of its initiatives), before the UNION's.
    sources = [
        Contact.objects.filter(department=department, **live)
        .values_list("initiative_id")
        .distinct(),
        Contact.objects.filter(referred_to=department, **live)
        .values_list("initiative_id")
        .distinct(),
        Commitment.objects.filter(department=department, **live)
        .values_list("initiative_id")
        .distinct(),
        Blockage.objects.filter(department=department, **live)
        .values_list("initiative_id")
        .distinct(),
        Blockage.objects.filter(AmongRows(F("pk"), handed), **live).values_list("initiative_id"),
    ]
    first, *rest = (source.order_by() for source in sources)
    return AmongDistinct(F("pk"), first.union(*rest, all=True))


def involves_a_department_other_than(department) -> Exists:
    """Whether the initiative (``OuterRef("pk")``) deals with any department but this one:
    correlated probes on the initiative indexes that stop at the first row found."""
    init = OuterRef("pk")
    live = {"archived_at__isnull": True}
    return (
        Exists(Contact.objects.filter(initiative=init, **live).exclude(department=department))
        | Exists(
            Contact.objects.filter(initiative=init, referred_to__isnull=False, **live).exclude(
                referred_to=department
            )
        )
        | Exists(Commitment.objects.filter(initiative=init, **live).exclude(department=department))
        | Exists(
            Blockage.objects.filter(initiative=init, department__isnull=False, **live).exclude(
                department=department
            )
        )
        | Exists(
            BlockageHandoff.objects.filter(
                # A routing out of triage comes from no department.
                Q(from_department__isnull=False) & ~Q(from_department=department)
                | ~Q(to_department=department),
                blockage__initiative=init,
                blockage__archived_at__isnull=True,
            )
        )
    )


def initiatives_needing_coordinator(
    queryset: QuerySet | None = None, *, department=None
) -> QuerySet:
    """Live initiatives with two or more departments involved and no coordinator yet; with
    ``department``, only those it is involved with.

    For one department the rule reads: it is involved, and so is another department. That is
    the same set, found from the department's indexes instead of a pass over the whole city:
    its candidates come from one UNION run once (``AmongRows``), each then probed by key for
    its coordinator and for another department."""
    queryset = Initiative.objects.all() if queryset is None else queryset
    queryset = queryset.filter(coordinator__isnull=True, archived_at__isnull=True)
    if department is None:
        return queryset.filter(pk__in=multi_department_initiative_ids())
    return queryset.filter(involving(department)).filter(
        involves_a_department_other_than(department)
    )


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
