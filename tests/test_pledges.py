"""Pledges and community wealth (issue 17): a yearly pledge per anchor institution and the city,
shown against what was recorded for initiatives."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.models import Area
from partnership.dashboards.community_wealth import community_wealth
from partnership.dashboards.filters import DashboardFilter
from partnership.models import Pledge
from tests.support import factories as f

pytestmark = pytest.mark.django_db

PLEDGE = reverse("partnership:pledge_edit")


def _row(table, name):
    row = next(r for r in table.rows if r[0] == name)
    return dict(zip([c.key for c in table.columns], row, strict=True))


def test_an_anchor_sets_its_yearly_pledge_and_a_second_one_replaces_it(client_for):
    anchor = f.AnchorFactory(organisation=f.PartnerOrganisationFactory(name="Woonstad"))
    client = client_for(anchor)
    client.post(PLEDGE, {"year": 2026, "amount": "50000", "purchasing_share": "", "note": ""})
    client.post(PLEDGE, {"year": 2026, "amount": "60000", "purchasing_share": "5", "note": ""})
    pledge = Pledge.objects.get(organisation=anchor.anchor_staff.organisation)
    assert pledge.amount == Decimal("60000") and pledge.purchasing_share == Decimal("5")
    assert pledge.history.count() == 2


def test_a_pledge_needs_an_amount_or_a_share(client_for):
    client = client_for(f.AnchorFactory())
    response = client.post(PLEDGE, {"year": 2026, "amount": "", "purchasing_share": ""})
    assert response.status_code == 200
    assert not Pledge.objects.exists()


def test_a_coordinator_sets_the_citys_pledge_and_others_may_not(
    coordinator_client, civil_servant_client, member_client
):
    coordinator_client.post(PLEDGE, {"year": 2026, "amount": "250000"})
    assert Pledge.objects.get(organisation=None).amount == Decimal("250000")
    assert civil_servant_client.get(PLEDGE).status_code == 403
    assert member_client.get(PLEDGE).status_code == 403


def test_the_figure_shows_each_pledge_against_what_was_recorded_in_the_area():
    woonstad = f.PartnerOrganisationFactory(name="Woonstad")
    Pledge.objects.create(organisation=woonstad, year=2026, amount=Decimal("10000"))
    Pledge.objects.create(organisation=None, year=2026, amount=Decimal("100000"))
    charlois = f.InitiativeFactory()
    elsewhere = f.InitiativeFactory(area=Area.objects.get(slug="ijsselmonde"))
    on = dt.date(2026, 3, 1)
    for initiative, amount in ((charlois, "2500"), (elsewhere, "1500")):
        f.ContractFactory(
            initiative=initiative,
            awarded_by_department=None,
            awarded_by_organisation=woonstad,
            amount=Decimal(amount),
            start_on=on,
        )
    f.ContractFactory(initiative=charlois, amount=Decimal("20000"), start_on=on)
    table = community_wealth(DashboardFilter({"since": "2026-01-01", "until": "2026-12-31"}))
    row = _row(table, "Woonstad")
    assert row["pledged"] == Decimal("10000.00") and row["recorded"] == Decimal("4000.00")
    assert row["reached"] == 40.0
    city = _row(table, "De gemeente")
    assert city["pledged"] == Decimal("100000.00") and city["recorded"] == Decimal("20000.00")
    area = Area.objects.get(slug="charlois")
    narrowed = community_wealth(
        DashboardFilter({"since": "2026-01-01", "until": "2026-12-31", "area": area.slug})
    )
    assert _row(narrowed, "Woonstad")["recorded"] == Decimal("2500.00")
    earlier = community_wealth(DashboardFilter({"since": "2025-01-01", "until": "2025-12-31"}))
    assert _row(earlier, "De gemeente")["pledged"] is None


def test_the_figure_is_on_the_collective_goods_dashboard(civil_servant_client):
    Pledge.objects.create(
        organisation=f.PartnerOrganisationFactory(name="Erasmus MC"), year=2026, amount=1
    )
    page = civil_servant_client.get(reverse("dashboards:dashboard_collective_goods"))
    assert "Erasmus MC" in page.content.decode()


def _main(response) -> str:
    """The page's own content, without the navigation (which links the commitments page)."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_in_dutch_a_pledge_is_a_belofte_never_a_toezegging(client_for, coordinator_client):
    """The city's commitment is a *toezegging*; an anchor's yearly pledge must not read as one."""
    anchor = f.AnchorFactory(organisation=f.PartnerOrganisationFactory(name="Woonstad"))
    client = client_for(anchor)
    saved = client.post(PLEDGE, {"year": 2026, "amount": "50000"}, follow=True)
    page = _main(saved)
    assert "belofte" in page.lower() and "De belofte is opgeslagen." in page
    assert "toezeg" not in page.lower() and "toegezegd" not in page.lower()
    dashboard = coordinator_client.get(reverse("dashboards:dashboard_collective_goods"))
    text = _main(dashboard).lower()
    assert "belofte" in text or "beloofd" in text
    assert "toegezegd" not in text
