"""De beweging: initiatives by area, theme, domain and status, started per quarter, volunteers
and reach, and the share with a named point of contact, counted by hand on the small city of
tests/support/factories_dashboards.py (world A: 3 initiatives in Charlois in 2024, one of them
private; world B: 2 in Delfshaven in 2022; one archived initiative that never counts)."""

import pytest

from tests.support.factories_dashboards import (
    FILTERS,
    by_label,
    city_in_transaction,
    get,
    not_narrowed,
    tables,
)

pytestmark = pytest.mark.django_db

SLUG = "beweging"


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """Built once for this module, whose tests only read it (see city_in_transaction)."""
    with city_in_transaction(django_db_blocker) as built:
        yield built


def test_it_counts_initiatives_by_area_without_the_archived_one(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG))["by_area"])
    assert rows["Charlois"] == ["Charlois", "3"]
    assert rows["Delfshaven"] == ["Delfshaven", "2"]
    assert rows["Noord"] == ["Noord", "0"]
    assert rows["Total"] == ["Total", "5"]


def test_it_counts_initiatives_by_theme(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG))["by_theme"])
    assert rows["Green and climate"] == ["Green and climate", "3"]
    assert rows["Care and wellbeing"] == ["Care and wellbeing", "2"]
    assert rows["Energy"] == ["Energy", "0"]


def test_it_counts_initiatives_by_domain_and_by_status(coordinator_client, city):
    found = tables(get(coordinator_client, SLUG))
    domains = by_label(found["by_domain"])
    assert domains["physical"][1] == "3"
    assert domains["social (care and welfare)"][1] == "2"
    statuses = {label: row[1] for label, row in by_label(found["by_status"]).items()}
    assert statuses == {
        "idea": "1",
        "starting": "1",
        "active": "2",
        "paused": "1",
        "stopped": "0",
        "completed": "0",
        "Total": "5",
    }


def test_it_counts_starts_per_quarter_with_empty_quarters_in_between(coordinator_client, city):
    rows = tables(get(coordinator_client, SLUG))["started_per_quarter"][1:]
    assert rows[0] == ["2022 Q1", "1"]
    assert ["2022 Q3", "1"] in rows
    assert ["2023 Q2", "0"] in rows
    assert rows[-3:] == [["2024 Q1", "1"], ["2024 Q2", "2"], ["Total", "5"]]
    assert len(rows) == 11  # 2022 Q1 … 2024 Q2 is ten quarters, plus the total


def test_it_sums_volunteers_and_people_reached_per_area(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG))["volunteers_reach"])
    assert rows["Charlois"] == [
        "Charlois",
        "3",
        "20",
        "180",
    ]  # 10+4+6 volunteers, 100+50+30 reached
    assert rows["Delfshaven"] == ["Delfshaven", "2", "10", "90"]
    assert rows["Total"] == ["Total", "5", "30", "270"]


def test_it_shows_the_share_with_a_named_point_of_contact(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG))["point_of_contact"])
    assert rows["Charlois"] == ["Charlois", "3", "2", "1", "66.7"]
    assert rows["Delfshaven"] == ["Delfshaven", "2", "1", "1", "50.0"]
    assert rows["Total"] == ["Total", "5", "3", "2", "60.0"]
    assert rows["Noord"] == ["Noord", "0", "0", "0", "–"]


def test_the_period_counts_initiatives_by_start_date(coordinator_client, city):
    found = tables(get(coordinator_client, SLUG, FILTERS["period"]))
    assert by_label(found["by_area"])["Total"] == ["Total", "3"]
    assert found["started_per_quarter"][1:] == [["2024 Q1", "1"], ["2024 Q2", "2"], ["Total", "3"]]


# Issue 18: filters leaving fewer than 5 initiatives hide the figures from council members;
# coordinators see them exactly.
def test_the_filters_combine(coordinator_client, city):
    query = "&".join(FILTERS.values())
    found = tables(get(coordinator_client, SLUG, query))
    assert by_label(found["by_area"])["Total"] == ["Total", "3"]
    assert by_label(found["volunteers_reach"])["Total"] == ["Total", "3", "20", "180"]
    query = "area=charlois&domain=social"
    assert by_label(tables(get(coordinator_client, SLUG, query))["by_area"])["Total"] == [
        "Total",
        "0",
    ]


@pytest.mark.parametrize("name", FILTERS)
def test_every_filter_narrows_every_figure(city, name):
    assert not_narrowed(SLUG, FILTERS[name]) == {}
