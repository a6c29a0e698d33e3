"""Publieke waarde: value per dimension and area, quantities per indicator, initiatives with
several dimensions, evidence strength, value beside the city's support and the value waiting on
the city, counted by hand on the city of tests/support/factories_dashboards.py (seven value
records that count; an archived record and a record of an archived initiative that never do)."""

import pytest

from tests.support.factories_dashboards import (
    FILTERS,
    by_label,
    city_in_transaction,
    get,
    not_narrowed,
    parse,
    tables,
)

pytestmark = pytest.mark.django_db

SLUG = "publieke-waarde"


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """Built once for this module, whose tests only read it (see city_in_transaction)."""
    with city_in_transaction(django_db_blocker) as built:
        yield built


def test_it_counts_value_records_and_initiatives_per_dimension(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG))["by_dimension"])
    assert rows["Public space"] == ["Public space", "1", "1"]
    assert rows["Mutual support"] == ["Mutual support", "2", "2"]
    assert rows["Participation"] == ["Participation", "2", "2"]
    assert rows["Attachment to the neighbourhood"] == ["Attachment to the neighbourhood", "2", "2"]
    assert rows["Housing"] == ["Housing", "0", "0"]
    assert rows["Total"] == ["Total", "7", "–"]


def test_it_crosses_areas_with_dimensions(coordinator_client, city):
    table = tables(get(coordinator_client, SLUG))["by_area"]
    assert table == [
        [
            "Area",
            "Public space",
            "Mutual support",
            "Participation",
            "Attachment to the neighbourhood",
            "Total",
        ],
        ["Charlois", "1", "1", "2", "1", "5"],
        ["Delfshaven", "0", "1", "0", "1", "2"],
        ["Total", "1", "2", "2", "2", "7"],
    ]


def test_it_sums_quantities_per_indicator_in_its_own_unit(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG))["by_indicator"])
    # gross and net are the same: no record of the city has deadweight or attribution
    assert rows["Greenery managed"] == [
        "Greenery managed",
        "Public space",
        "m²",
        "1",
        "200.0",
        "200.0",
    ]
    assert rows["Meals served"] == [
        "Meals served",
        "Mutual support",
        "meals",
        "2",
        "420.0",
        "420.0",
    ]
    assert rows["Volunteer hours"][3:] == ["2", "150.0", "150.0"]
    assert rows["Residents reached"][3:] == ["1", "80.0", "80.0"]
    assert len(rows) == 4  # the story without numbers has no indicator


def test_it_shows_initiatives_contributing_to_several_dimensions(coordinator_client, city):
    page = parse(get(coordinator_client, SLUG))
    # A1: public space, participation, attachment; A2 and A3: one each; B1: two; B2: none.
    assert page.tables["several_dimensions"][1:] == [
        ["1", "2", "50.0"],
        ["2", "1", "25.0"],
        ["3", "1", "25.0"],
        ["4", "0", "0.0"],
        ["5 or more", "0", "0.0"],
        ["Total", "4", "100.0"],
    ]
    assert page.summaries["several_dimensions"] == [
        ["Initiatives contributing to two or more dimensions", "2"]
    ]


def test_it_shows_the_strength_of_the_evidence(coordinator_client, city):
    table = tables(get(coordinator_client, SLUG))["evidence"]
    assert table[0][1:5] == [
        "story",
        "counted by the initiative",
        "verified by the municipality",
        "independently measured",
    ]
    assert table[1:] == [
        ["Public space", "0", "1", "0", "0", "1"],
        ["Mutual support", "0", "1", "0", "1", "2"],
        ["Participation", "0", "1", "1", "0", "2"],
        ["Attachment to the neighbourhood", "2", "0", "0", "0", "2"],
        ["Total", "2", "3", "1", "1", "7"],
    ]


def test_it_sets_value_beside_the_support_the_city_gave(coordinator_client, city):
    table = tables(get(coordinator_client, SLUG))["support"]
    # Supported: A1 (kept commitment, conditional Right to Challenge), A2 (building granted),
    # B1 (kept commitment). Not: A3 (withdrawn commitment, pending request), B2 (broken).
    assert table[1][1:] == ["3", "3", "100.0", "6", "2.0"]
    assert table[2][1:] == ["2", "1", "50.0", "1", "0.5"]


def test_support_counts_in_the_period_it_was_given(coordinator_client, city):
    table = tables(get(coordinator_client, SLUG, FILTERS["period"]))["support"]
    # B1's kept commitment dates from 2022, so in 2024 it had no support.
    assert table[1][1:] == ["2", "2", "100.0", "4", "2.0"]
    assert table[2][1:] == ["3", "1", "33.3", "1", "0.33"]


def test_it_shows_the_value_waiting_on_the_city(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG))["waiting"])
    # Stuck now: A1 (two open blockages) and B1. A2's only open blockage is archived.
    assert rows == {
        "Charlois": ["Charlois", "1", "100", "10", "3"],
        "Delfshaven": ["Delfshaven", "1", "70", "7", "2"],
        "Total": ["Total", "2", "170", "17", "5"],
    }


def test_the_period_counts_value_records_whose_period_overlaps_it(coordinator_client, city):
    rows = by_label(
        tables(get(coordinator_client, SLUG, "since=2024-07-01&until=2024-07-31"))["by_dimension"]
    )
    # The greenery record ran until 2024-06-30, the other 2024 records all year.
    assert rows["Public space"][1:] == ["0", "0"]
    assert rows["Participation"][1:] == ["2", "2"]
    assert rows["Total"][1] == "4"


@pytest.mark.parametrize("name", FILTERS)
def test_every_filter_narrows_every_figure(city, name):
    assert not_narrowed(SLUG, FILTERS[name]) == {}
