"""Reads for requests, the public register, request kinds and cooperation with partners.

Each function returns a queryset that already carries the joins its page needs, so a page issues
the same number of queries for three rows as for three thousand.
"""

from collections import defaultdict

from django.db.models import Count, Prefetch, QuerySet

from initiatives.models import InitiativePartner
from partnership.filters.requests import RegisterFilter
from partnership.models import (
    CityRequest,
    ClockAdjustment,
    Contract,
    Objection,
    RefusalGround,
    RequestKind,
    RequestStep,
)


def objections_prefetch() -> Prefetch:
    """A request's objections with their department and owner, oldest first."""
    return Prefetch(
        "objections",
        queryset=Objection.objects.filter(archived_at__isnull=True)
        .select_related("department", "owner__department")
        .order_by("lodged_on", "pk"),
    )


def request_detail_queryset(initiative) -> QuerySet[CityRequest]:
    """One initiative's requests with everything the request item shows."""
    return (
        CityRequest.objects.filter(initiative=initiative, archived_at__isnull=True)
        .select_related("kind", "department", "inventory_item")
        .prefetch_related(
            Prefetch("steps", queryset=RequestStep.objects.select_related("by")),
            Prefetch("clock_adjustments", queryset=ClockAdjustment.objects.select_related("by")),
            "grounds",
            objections_prefetch(),
        )
    )


def objections_for(initiative) -> QuerySet[Objection]:
    """One initiative's objections with their request, department and people."""
    return Objection.objects.filter(
        request__initiative=initiative,
        request__archived_at__isnull=True,
        archived_at__isnull=True,
    ).select_related(
        "request__kind",
        "request__department",
        "request__initiative",
        "department",
        "owner__department",
        "lodged_by",
        "answered_by",
    )


def register_queryset() -> QuerySet[CityRequest]:
    """Decided requests of public, living initiatives: what the public register may show.

    Only fields without personal data are joined: the kind, the area, the grounds. The filter on
    ``status`` uses the ``request_kind_idx``/``request_deadline_idx`` indexes.
    """
    return (
        CityRequest.objects.filter(
            status=CityRequest.Status.DECIDED,
            archived_at__isnull=True,
            initiative__is_public=True,
            initiative__archived_at__isnull=True,
        )
        .select_related("kind", "initiative__area", "inventory_item")
        .prefetch_related(
            Prefetch("grounds", queryset=RefusalGround.objects.order_by("name")),
            Prefetch(
                "objections",
                queryset=Objection.objects.filter(archived_at__isnull=True).order_by(
                    "lodged_on", "pk"
                ),
            ),
        )
        .order_by("-decided_on", "-pk")
    )


def register_filter(params) -> RegisterFilter:
    """The register filtered by the query string; invalid values are reported and ignored."""
    return RegisterFilter(params or None, queryset=register_queryset())


def request_kinds_overview() -> QuerySet[RequestKind]:
    """Kinds with their refusal grounds and how often each was used."""
    return RequestKind.objects.annotate(request_count=Count("requests")).prefetch_related(
        Prefetch("refusal_grounds", queryset=RefusalGround.objects.order_by("name"))
    )


def refusal_grounds_by_kind() -> dict[int, list[RefusalGround]]:
    """Every kind's grounds in one query, for decision forms rendered beside each other."""
    through = RefusalGround.kinds.through
    grouped: dict[int, list[RefusalGround]] = defaultdict(list)
    rows = through.objects.select_related("refusalground").order_by("refusalground__name")
    for row in rows:
        grouped[row.requestkind_id].append(row.refusalground)
    return dict(grouped)


def partner_links_for(initiative) -> QuerySet[InitiativePartner]:
    return (
        InitiativePartner.objects.filter(initiative=initiative)
        .select_related("organisation")
        .order_by("organisation__name", "cooperation")
    )


def contracts_for(initiative) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(initiative=initiative, archived_at__isnull=True)
        .select_related("awarded_by_department", "awarded_by_organisation")
        .order_by("-start_on", "-pk")
    )
