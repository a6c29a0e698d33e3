"""Reads for the department work list and for the daily reminders.

Each section is one queryset that carries its joins and counts, so a page of it costs one query
and its total one more, whatever the size of the city. The initiatives waiting for a coordinator
are the exception: their rule is costly, so they are read once as ids and the page's rows loaded
after (``waiting_for_coordinator``, ``initiatives_in_order``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import CharField, Exists, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from initiatives.models import Initiative, Membership
from partnership.filters.worklist import (
    BlockageWorklistFilter,
    CommitmentWorklistFilter,
    InitiativeWorklistFilter,
    ObjectionWorklistFilter,
    RequestWorklistFilter,
)
from partnership.models import (
    Blockage,
    BlockageHandoff,
    CityRequest,
    Commitment,
    Objection,
    ReminderLog,
)
from partnership.selectors.pillar import (
    annotate_departments_involved,
    count_subquery,
    initiatives_needing_coordinator,
)


def _due_soon_until(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=settings.COMMITMENT_DUE_SOON_DAYS)


def open_blockages() -> QuerySet:
    """Open and escalated blockages, oldest first (index blockage_dept_idx: department, status,
    raised_on), with their hand-offs counted by a correlated subquery, so that only the rows of
    the page are counted (a JOIN with GROUP BY would aggregate every open blockage first)."""
    return (
        Blockage.objects.filter(
            status__in=Blockage.OPEN_STATUSES,
            archived_at__isnull=True,
            initiative__archived_at__isnull=True,
        )
        .select_related("initiative", "department", "policy_framework")
        .annotate(
            handoff_count=count_subquery(BlockageHandoff.objects.filter(blockage=OuterRef("pk")))
        )
        .order_by("raised_on", "pk")
    )


def commitments_due(today: dt.date) -> QuerySet:
    """Open commitments that are overdue or due within COMMITMENT_DUE_SOON_DAYS, soonest first
    (index commitment_dept_idx: department, status, due_on)."""
    return (
        Commitment.objects.open()
        .filter(due_on__lte=_due_soon_until(today), initiative__archived_at__isnull=True)
        .select_related("initiative", "department")
        .order_by("due_on", "pk")
    )


def requests_due(today: dt.date) -> QuerySet:
    """Requests not yet decided whose deadline is near or past (index request_deadline_idx)."""
    return (
        CityRequest.objects.exclude(status=CityRequest.Status.DECIDED)
        .filter(
            deadline__lte=_due_soon_until(today),
            archived_at__isnull=True,
            initiative__archived_at__isnull=True,
        )
        .select_related("initiative", "kind", "department")
        .order_by("deadline", "pk")
    )


def objections_waiting() -> QuerySet:
    """Objections not yet decided, the nearest term first (index objection_dept_idx:
    department, status, due_on). They are on the list from the day they are lodged."""
    return (
        Objection.objects.waiting()
        .filter(request__initiative__archived_at__isnull=True)
        .select_related("request__initiative", "department", "owner__department")
        .order_by("due_on", "pk")
    )


def my_initiatives(user) -> QuerySet:
    """Initiatives the user is point of contact or coordinator for, with what is open."""
    today_overdue = Commitment.objects.overdue().filter(initiative=OuterRef("pk"))
    return (
        Initiative.objects.filter(Q(point_of_contact=user) | Q(coordinator=user))
        .filter(archived_at__isnull=True)
        .select_related("area")
        .annotate(
            open_blockages=count_subquery(
                Blockage.objects.filter(
                    initiative=OuterRef("pk"),
                    status__in=Blockage.OPEN_STATUSES,
                    archived_at__isnull=True,
                )
            ),
            has_overdue=Exists(today_overdue),
        )
        .order_by("title", "pk")
    )


def waiting_for_coordinator(department=None) -> QuerySet:
    """Initiatives needing a coordinator, longest registered first; for one department, those
    it is involved with. Meant to be read once as ids (``values_list``): for the whole city the
    rule is a pass over every involvement row, and a paginator would run it twice (count and
    page). ``initiatives_in_order`` then loads the page's rows."""
    return initiatives_needing_coordinator(department=department).order_by("created_at", "pk")


def initiatives_without_lead() -> QuerySet:
    """Initiatives that had members and have no current lead any more (the last member left or
    deleted their account): nobody speaks for them until a coordinator finds someone or archives
    them. Longest unattended first."""
    memberships = Membership.objects.filter(initiative=OuterRef("pk"))
    return (
        Initiative.objects.filter(archived_at__isnull=True)
        .filter(Exists(memberships))
        .exclude(Exists(memberships.filter(role=Membership.Role.LEAD, left_at__isnull=True)))
        .select_related("area", "point_of_contact")
        .annotate(last_member_left_at=Max("memberships__left_at"))
        .order_by("last_member_left_at", "pk")
    )


def initiatives_in_order(ids) -> list:
    """The initiatives with these ids, in this order, with the exact number of departments
    involved (a correlated count, cheap for a page of rows)."""
    rows = annotate_departments_involved(
        Initiative.objects.filter(pk__in=list(ids)).select_related("area", "point_of_contact")
    )
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def _filtered(filterset_class, queryset: QuerySet, cleaned: dict) -> QuerySet:
    """Apply the filters of ``filterset_class`` that fit this section with values already
    validated by the page's form (validating again would cost a query per section)."""
    filterset = filterset_class(queryset=queryset)
    for name, filter_ in filterset.filters.items():
        if name in cleaned:
            queryset = filter_.filter(queryset, cleaned[name])
    return queryset


def worklist(*, user, data, today: dt.date) -> dict:
    """The sections of a civil servant's work list, filtered; ``data`` is the filter input
    (the view defaults the department to the user's own). Category and severity narrow the
    blockages; the other sections follow department and area."""
    page_filter = BlockageWorklistFilter(data, queryset=open_blockages())
    page_filter.form.is_valid()  # once; fields that do not validate drop out of cleaned_data
    cleaned = page_filter.form.cleaned_data
    return {
        "filter": page_filter,
        "blockages": page_filter.qs,
        "commitments": _filtered(CommitmentWorklistFilter, commitments_due(today), cleaned),
        "requests": _filtered(RequestWorklistFilter, requests_due(today), cleaned),
        "objections": _filtered(ObjectionWorklistFilter, objections_waiting(), cleaned),
        "my_initiatives": _filtered(InitiativeWorklistFilter, my_initiatives(user), cleaned),
        "waiting": _filtered(
            InitiativeWorklistFilter, waiting_for_coordinator(cleaned.get("department")), cleaned
        ).values_list("pk", flat=True),
    }


# Reminders --------------------------------------------------------------------------------


def _reminded(prefix: str, **dates) -> Exists:
    """Whether the row's reminder ``<prefix><pk>`` was logged in the given dates."""
    key = Concat(Value(prefix), Cast(OuterRef("pk"), output_field=CharField()))
    return Exists(ReminderLog.objects.filter(key=key, **dates))


def commitments_due_soon_to_remind(*, day: dt.date) -> QuerySet:
    """Due within COMMITMENT_DUE_SOON_DAYS and never reminded as due soon."""
    return (
        Commitment.objects.due_soon(today=day)
        .filter(initiative__archived_at__isnull=True)
        .exclude(_reminded("commitment-due-soon:", sent_on__lte=day))
        .select_related("initiative", "department")
        .order_by("due_on", "pk")
    )


def commitments_overdue_to_remind(*, day: dt.date, since: dt.date) -> QuerySet:
    """Overdue and not reminded as overdue after ``since`` (a weekly repeat)."""
    return (
        Commitment.objects.overdue(today=day)
        .filter(initiative__archived_at__isnull=True)
        .exclude(_reminded("commitment-overdue:", sent_on__gt=since, sent_on__lte=day))
        .select_related("initiative", "department")
        .order_by("due_on", "pk")
    )


def blockages_to_remind(*, day: dt.date, since: dt.date) -> QuerySet:
    """Open past BLOCKAGE_REMINDER_DAYS and not reminded after ``since`` (a weekly repeat)."""
    threshold = day - dt.timedelta(days=settings.BLOCKAGE_REMINDER_DAYS)
    return (
        open_blockages()
        .filter(raised_on__lte=threshold)
        .exclude(_reminded("blockage-open:", sent_on__gt=since, sent_on__lte=day))
    )
