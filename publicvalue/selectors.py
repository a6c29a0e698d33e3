"""Reads for the value framework and the value profile. Every figure is aggregated in the
database; the profile issues the same number of queries whatever the number of records."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from initiatives.models import Initiative, translated_name
from publicvalue.models import Evidence, Indicator, ValueDimension, ValueRecord


def framework() -> QuerySet[ValueDimension]:
    """Dimensions with their indicators, each annotated with ``n_records`` (2 queries)."""
    indicators = Indicator.objects.annotate(n_records=Count("records")).order_by("name")
    return (
        ValueDimension.objects.annotate(n_records=Count("records"))
        .order_by("order", "code")  # Meta.ordering is not applied to aggregating queries
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )


def dimension_in_use(dimension: ValueDimension) -> bool:
    """In use: a value record refers to it (directly or through one of its indicators)."""
    return ValueRecord.objects.filter(
        Q(dimension=dimension) | Q(indicator__dimension=dimension)
    ).exists()


def indicator_in_use(indicator: Indicator) -> bool:
    return ValueRecord.objects.filter(indicator=indicator).exists()


def choosable_dimensions(*, keep_id: int | None = None) -> QuerySet[ValueDimension]:
    """Dimensions offered for a new record; ``keep_id`` keeps an old record's retired choice."""
    return ValueDimension.objects.filter(Q(retired_at__isnull=True) | Q(pk=keep_id))


def choosable_indicators(*, keep_id: int | None = None) -> QuerySet[Indicator]:
    """Indicators offered for a new record: not retired, nor under a retired dimension."""
    offered = Q(retired_at__isnull=True, dimension__retired_at__isnull=True)
    return Indicator.objects.filter(offered | Q(pk=keep_id)).select_related("dimension")


def records_for(initiative: Initiative, *, with_people: bool = False) -> QuerySet[ValueRecord]:
    """The initiative's active records with what a row shows; people only where they may be seen."""
    related = ["dimension", "indicator"]
    if with_people:
        related += ["recorded_by", "verified_by", "clarification_requested_by"]
    return (
        ValueRecord.objects.active_records()
        .filter(initiative=initiative)
        .select_related(*related)
        .order_by("-period_end", "-created_at", "-pk")
    )


def _translated(row: dict, prefix: str) -> str:
    return translated_name(row[f"{prefix}name"], row.get(f"{prefix}name_en"))


def dimensions_contributed(initiative: Initiative) -> list[ValueDimension]:
    """The dimensions the initiative adds value to, each with ``n_records`` (1 query)."""
    # Uses the value_initiative_idx index (initiative, dimension).
    in_initiative = Q(records__initiative=initiative, records__archived_at__isnull=True)
    return list(
        ValueDimension.objects.annotate(n_records=Count("records", filter=in_initiative))
        .filter(n_records__gt=0)
        .order_by("order", "code")
    )


def totals_per_indicator_per_year(initiative: Initiative) -> list[dict]:
    """Sum of quantities per indicator and calendar year of the period's end (1 query)."""
    rows = (
        ValueRecord.objects.active_records()
        .filter(initiative=initiative, indicator__isnull=False, quantity__isnull=False)
        .annotate(year=ExtractYear("period_end"))
        .values(
            "year",
            "indicator_id",
            "indicator__name",
            "indicator__name_en",
            "indicator__unit",
            "indicator__retired_at",
        )
        .annotate(total=Sum("quantity"), n_records=Count("id"))
        .order_by("-year", "indicator__name")
    )
    units = dict(Indicator.Unit.choices)
    return [
        {
            "year": row["year"],
            "indicator": _translated(row, "indicator__"),
            "unit": units.get(row["indicator__unit"], row["indicator__unit"]),
            "retired": row["indicator__retired_at"] is not None,
            "total": row["total"],
            "n_records": row["n_records"],
        }
        for row in rows
    ]


def evidence_strength(initiative: Initiative) -> list[dict]:
    """Records per evidence level, weakest first, with the share of all records (1 query)."""
    counts = (
        ValueRecord.objects.active_records()
        .filter(initiative=initiative)
        .aggregate(**{level: Count("id", filter=Q(evidence=level)) for level in Evidence.values})
    )
    overall = sum(counts.values())
    return [
        {
            "level": level,
            "label": label,
            "count": counts[level],
            "percent": round(100 * counts[level] / overall) if overall else 0,
        }
        for level, label in Evidence.choices
    ]
