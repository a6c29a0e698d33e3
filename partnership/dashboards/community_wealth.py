"""Community wealth: each yearly pledge (of an anchor institution or the city) against what was
recorded as given to initiatives in the same years."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext

from partnership.dashboards.filters import DashboardFilter
from partnership.dashboards.tables import Column, Table, money, share
from partnership.models import Contract, Pledge

CITY = 0  # the key of the city's own row


def _pledge_years(flt: DashboardFilter):
    """The pledges of the years the period touches; all pledges without a period."""
    pledges = Pledge.objects.select_related("organisation")
    if flt.period_start:
        pledges = pledges.filter(year__gte=flt.period_start.year)
    if flt.period_end:
        pledges = pledges.filter(year__lte=flt.period_end.year)
    return pledges


def community_wealth(flt: DashboardFilter) -> Table:
    """One row per anchor institution that pledged or gave, and one for the city: the amount
    pledged, the share of purchasing pledged, what was recorded for initiatives in scope (the
    area, domain and theme filters apply to the recorded side) and how much of the pledge that
    is. Two queries."""
    names: dict[int, str] = {CITY: gettext("The city")}
    pledged: dict[int, Decimal] = defaultdict(Decimal)
    shares: dict[int, Decimal | None] = {}
    for pledge in _pledge_years(flt):
        key = pledge.organisation_id or CITY
        if pledge.organisation_id:
            names[key] = pledge.organisation.name
        pledged[key] += pledge.amount or Decimal("0")
        if pledge.purchasing_share is not None:
            shares[key] = pledge.purchasing_share
    recorded_rows = (
        Contract.objects.filter(flt.q("initiative__", "start_on"), archived_at__isnull=True)
        .order_by()
        .values_list("awarded_by_organisation_id", "awarded_by_organisation__name")
        # The small-cell basis, in the same query: the initiatives the records rest on.
        .annotate(
            n=Count("id"), amount=Sum("amount"), initiatives=Count("initiative", distinct=True)
        )
    )
    recorded: dict[int, Decimal] = defaultdict(Decimal)
    records: dict[int, int] = defaultdict(int)
    resting: dict[int, int] = defaultdict(int)
    for organisation_id, name, n, amount, initiatives in recorded_rows:
        key = organisation_id or CITY
        if organisation_id:
            names[key] = name
        recorded[key] += amount or Decimal("0")
        records[key] += n
        resting[key] += initiatives  # one group per organisation (and one for the city)
    keys = sorted(
        set(pledged) | set(recorded) | {CITY},
        key=lambda k: (k != CITY, -recorded.get(k, 0), names[k]),
    )
    rows = []
    for key in keys:
        pledge = money(pledged[key]) if key in pledged else None
        rows.append(
            [
                names[key],
                pledge,
                shares.get(key),
                records.get(key, 0),
                money(recorded.get(key)),
                share(recorded.get(key, 0), pledge) if pledge else None,
            ]
        )
    return Table(
        columns=[
            Column("party", gettext("Pledged by"), False),
            Column("pledged", gettext("Pledged (€)")),
            Column("pledged_share", gettext("Share of purchasing pledged (%)")),
            Column("records", gettext("Records")),
            Column("recorded", gettext("Recorded for initiatives (€)")),
            Column("reached", gettext("Of the pledge (%)")),
        ],
        rows=rows,
        count_column="records",
        initiatives=[resting.get(key, 0) for key in keys],
        note=gettext(
            "Recorded: contracts, purchases, space and staff time given to initiatives in the "
            "period; the city's row counts what its departments awarded."
        ),
    )
