"""Issue 18, definitions that do not flatter the city: value over a period counted pro rata,
quantities net of each record's deadweight and attribution beside the gross, one period basis
per table, ratings of archived items left out, and every figure saying which date its period
uses, what it counts and its denominator (page and export). Each test builds data where the
old definition and the new one differ."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from initiatives import models as im
from partnership import models as pm
from tests.support import factories as f
from tests.support.factories_dashboards import BOARDS, by_label, get, parse, tables

pytestmark = pytest.mark.django_db

D = dt.date


def _record(**kw):
    ini = kw.pop("initiative", None) or f.InitiativeFactory(started_on=D(2024, 1, 1))
    return f.ValueRecordFactory(initiative=ini, **kw)


def test_a_record_reaching_outside_the_period_counts_pro_rata(coordinator_client):
    # 1 July 2024 to 30 June 2025: 365 days, of which 181 in 2025 (the old figure counted 365).
    _record(quantity=Decimal("365"), period_start=D(2024, 7, 1), period_end=D(2025, 6, 30))
    _record(quantity=Decimal("10"), period_start=D(2025, 3, 1), period_end=D(2025, 3, 31))
    page = get(coordinator_client, "publieke-waarde", "since=2025-01-01&until=2025-12-31")
    row = by_label(tables(page)["by_indicator"])["Volunteer hours"]
    assert row[3:] == ["2", "191.0", "191.0"]
    # without a period every record counts in full
    row = by_label(tables(get(coordinator_client, "publieke-waarde"))["by_indicator"])
    assert row["Volunteer hours"][3:] == ["2", "375.0", "375.0"]


def test_a_quantity_is_shown_net_of_deadweight_and_attribution_beside_the_gross(
    coordinator_client,
):
    # 1,000 hours, 20% would have happened anyway, 25% is owed to others: 600 net.
    _record(quantity=Decimal("1000"), deadweight_pct=Decimal("20"), attribution_pct=Decimal("25"))
    _record(quantity=Decimal("100"))
    page = get(coordinator_client, "publieke-waarde")
    table = tables(page)["by_indicator"]
    assert table[0][4:] == ["Total quantity (gross)", "Net of deadweight and attribution"]
    assert by_label(table)["Volunteer hours"][3:] == ["2", "1,100.0", "700.0"]


def test_use_of_goods_counts_an_initiative_without_a_start_date_under_a_period(
    coordinator_client,
):
    # One basis for the table (the requests' submission date): the initiative using a building
    # without a start date used to drop out of every period.
    f.InitiativeFactory(started_on=None, uses_municipal_building=True)
    dated = f.InitiativeFactory(started_on=D(2020, 1, 1), uses_municipal_building=True)
    f.CityRequestFactory(initiative=dated, submitted_on=D(2024, 3, 1))
    page = get(coordinator_client, "collectieve-goederen", "since=2024-01-01&until=2024-12-31")
    rows = by_label(tables(page)["collective_goods"])
    assert rows["Municipal buildings"][1] == "2"


def test_a_rating_of_an_archived_blockage_no_longer_counts(coordinator_client):
    ini = f.InitiativeFactory()
    kept = f.BlockageFactory(initiative=ini)
    gone = f.BlockageFactory(initiative=ini)
    pm.Rating.objects.create(initiative=ini, blockage=kept, score=5)
    pm.Rating.objects.create(initiative=ini, blockage=gone, score=1)
    pm.Blockage.objects.filter(pk=gone.pk).update(archived_at=dt.datetime.now(dt.UTC))
    table = tables(get(coordinator_client, "knelpunten"))["ratings"]
    assert table[-1][:3] == ["Total", "1", "1"]


@pytest.mark.parametrize("slug", BOARDS)
def test_every_figure_says_its_period_date_what_it_counts_and_its_denominator(council_client, slug):
    f.InitiativeFactory()
    html = get(council_client, slug).content.decode()
    page = parse(get(council_client, slug))
    for key in page.tables:
        start = html.index(f'id="definitions-{key}"')
        block = html[start : html.index("</ul>", start)]
        assert "Period: " in block, key
        assert "Counted: " in block, key
        assert "private" in block and "archived" in block, key
    assert "Denominator" in html


def test_the_export_explains_the_period_date_and_what_is_counted(council_client):
    im.Initiative.objects.all().delete()
    for i in range(6):
        f.InitiativeFactory(slug=f"uitleg-{i}")
    response = get(council_client, "toezeggingen", "figure=by_department&format=xlsx")
    about = load_workbook(io.BytesIO(response.content)).worksheets[1]
    text = " ".join(str(c) for row in about.iter_rows(values_only=True) for c in row if c)
    assert "Period: by the due date of the commitment." in text
    assert "Denominator of the rates: commitments that fell due" in text
    assert "archived initiatives and archived records are left out" in text


def test_numbers_and_dates_are_written_the_dutch_way(coordinator_client):
    ini = f.InitiativeFactory()
    f.ContractFactory(initiative=ini, amount=Decimal("1299500.00"), start_on=D(2024, 11, 30))
    response = coordinator_client.get(
        "/dashboard/collectieve-goederen/?since=2024-01-01&until=2024-11-30",
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    html = response.content.decode()
    assert "1.299.500,00" in html and "1299500" not in html
    assert "periode 1 januari 2024 – 30 november 2024" in html
