"""Issue 18, small cells of figures that count records: a row of commitments, blockages,
requests or value records rests on the initiatives behind them, not on the records. Five
records of one initiative are one initiative: a council member reads "< 5", a coordinator 5."""

import datetime as dt

import pytest

from tests.support import factories as f
from tests.support.factories_dashboards import by_label, get, tables

pytestmark = pytest.mark.django_db

HIDDEN_TEXT = "< 5"
DAY = dt.date(2025, 3, 3)


@pytest.fixture
def five_of_one(db):
    """One initiative with five records of each kind at one department; six others with one
    each at another department (enough initiatives for the page to show figures)."""
    lonely = f.InitiativeFactory(title="Eenling", slug="eenling")
    indicator = _indicator("Eenling-indicator")
    for _ in range(5):
        f.CommitmentFactory(
            initiative=lonely,
            department=f.department("Stadsbeheer"),
            promised_on=DAY - dt.timedelta(days=30),
            due_on=DAY,
        )
        f.BlockageFactory(initiative=lonely, department=f.department("Stadsbeheer"))
        f.CityRequestFactory(initiative=lonely, kind=_kind("gebouw"))
        f.ValueRecordFactory(initiative=lonely, indicator=indicator)
    for _ in range(6):
        other = f.InitiativeFactory()
        f.CommitmentFactory(
            initiative=other,
            department=f.department("Stadsontwikkeling"),
            promised_on=DAY,
            due_on=DAY + dt.timedelta(days=100),
        )
        f.BlockageFactory(initiative=other, department=f.department("Stadsontwikkeling"))
        f.CityRequestFactory(initiative=other)
        f.ValueRecordFactory(initiative=other)
    return lonely


def _kind(code):
    from partnership.models import RequestKind

    return RequestKind.objects.get(code=code)


def _indicator(name):
    from publicvalue.models import Indicator

    existing = Indicator.objects.first()
    return Indicator.objects.create(
        dimension=existing.dimension, name=name, code=name.lower(), unit="people"
    )


def test_five_commitments_of_one_initiative_are_hidden_from_a_council_member(
    five_of_one, council_client, coordinator_client
):
    exact = by_label(tables(get(coordinator_client, "toezeggingen"))["by_department"])
    shown = by_label(tables(get(council_client, "toezeggingen"))["by_department"])
    assert exact["Stadsbeheer"][8] == "5"  # the total column
    assert set(shown["Stadsbeheer"][1:]) == {HIDDEN_TEXT}
    quarters = by_label(tables(get(council_client, "toezeggingen"))["per_quarter"])
    assert set(quarters["2025 Q1"][1:9]) == {HIDDEN_TEXT}


def test_five_blockages_of_one_initiative_are_hidden_from_a_council_member(
    five_of_one, council_client, coordinator_client
):
    exact = by_label(tables(get(coordinator_client, "knelpunten"))["open_by_department"])
    shown = by_label(tables(get(council_client, "knelpunten"))["open_by_department"])
    assert exact["Stadsbeheer"][-1] == "5"
    assert shown["Stadsbeheer"][-1] == HIDDEN_TEXT
    assert "5" not in shown["Stadsbeheer"]


def test_five_requests_of_one_initiative_are_hidden_from_a_council_member(
    five_of_one, council_client, coordinator_client
):
    exact = tables(get(coordinator_client, "collectieve-goederen"))["requests_by_kind"]
    shown = tables(get(council_client, "collectieve-goederen"))["requests_by_kind"]
    building = next(i for i, row in enumerate(exact) if row[-1] == "5")
    assert set(shown[building][1:]) == {HIDDEN_TEXT}


def test_five_value_records_of_one_initiative_are_hidden_from_a_council_member(
    five_of_one, council_client, coordinator_client
):
    exact = by_label(tables(get(coordinator_client, "publieke-waarde"))["by_indicator"])
    shown = by_label(tables(get(council_client, "publieke-waarde"))["by_indicator"])
    assert exact["Eenling-indicator"][3] == "5"
    assert set(shown["Eenling-indicator"][3:]) == {HIDDEN_TEXT}


def test_five_requests_of_one_initiative_are_hidden_in_the_decision_times_too(
    five_of_one, council_client, coordinator_client
):
    exact = tables(get(coordinator_client, "collectieve-goederen"))["on_time"]
    shown = tables(get(council_client, "collectieve-goederen"))["on_time"]
    building = next(i for i, row in enumerate(exact) if row[6] == "5")
    assert set(shown[building][1:]) == {HIDDEN_TEXT}
