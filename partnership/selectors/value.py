"""The value profile: an initiative's public value (``publicvalue``) beside the support the city
gave it (requests and commitments). Composed here, at the top, because it reads both."""

from django.db.models import Count, Q

from initiatives.models import Initiative
from partnership.models import CityRequest, Commitment
from publicvalue import estimates
from publicvalue import selectors as value_selectors


def city_support(initiative: Initiative) -> dict:
    """The support the city gave the initiative, from its requests and commitments (2 queries).

    The value profile puts it beside the value; archived rows do not count.
    """
    decision = CityRequest.Decision
    status = Commitment.Status
    requests = initiative.requests.filter(archived_at__isnull=True).aggregate(
        total=Count("id"),
        granted=Count("id", filter=Q(decision=decision.GRANTED)),
        granted_with_conditions=Count("id", filter=Q(decision=decision.GRANTED_WITH_CONDITIONS)),
        refused=Count("id", filter=Q(decision=decision.REFUSED)),
        undecided=Count("id", filter=Q(decision="")),
    )
    commitments = initiative.commitments.filter(archived_at__isnull=True).aggregate(
        total=Count("id"),
        kept=Count("id", filter=Q(status=status.KEPT)),
        open=Count("id", filter=Q(status=status.OPEN)),
        broken=Count("id", filter=Q(status=status.BROKEN)),
        disputed=Count("id", filter=Q(status=status.DISPUTED)),
    )
    return {"requests": requests, "commitments": commitments}


def value_profile(initiative: Initiative, *, with_people: bool) -> dict:
    """Everything the value profile shows (6 queries, whatever the number of records).

    The estimate is made per record in ``estimates`` (Decimal arithmetic, shown with its steps),
    so the records are read once, with their indicator and dimension joined.
    """
    records = list(value_selectors.records_for(initiative, with_people=with_people))
    rows = [(record, estimates.estimate_record(record)) for record in records]
    monetised = [(r, e) for r, e in rows if e.is_monetised]
    return {
        "dimensions": value_selectors.dimensions_contributed(initiative),
        "totals": value_selectors.totals_per_indicator_per_year(initiative),
        "evidence": value_selectors.evidence_strength(initiative),
        "support": city_support(initiative),
        "records": records,
        "monetised": monetised,
        "not_monetised": [(r, e) for r, e in rows if not e.is_monetised],
        "estimate_total": estimates.total(e for _, e in monetised),
    }
