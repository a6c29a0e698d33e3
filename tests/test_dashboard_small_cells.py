"""Issue 18, small cells: a filter that leaves fewer than 5 initiatives shows council members,
civil servants and visitors a notice instead of figures (page and downloads); coordinators see
the exact figures."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import models as im
from partnership.dashboards.selectors import SMALL_CELL
from partnership.dashboards.services import dashboard_visibility_set
from tests.support.factories_dashboards import BOARDS, FILTERS, build_city, get, grow, tables

pytestmark = pytest.mark.django_db

NOTICE = "These filters leave fewer than 5 initiatives."


@pytest.fixture
def city(db):
    return build_city()


def test_an_area_with_three_initiatives_shows_a_council_member_no_figures(council_client, city):
    response = get(council_client, "beweging", FILTERS["area"])  # Charlois: three initiatives
    assert response.status_code == 200
    html = response.content.decode()
    assert NOTICE in html
    assert tables(response) == {}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_downloads_of_a_small_filter_hold_no_figures(council_client, city, fmt):
    response = get(council_client, "beweging", f"{FILTERS['area']}&figure=by_area&format={fmt}")
    assert "Content-Disposition" not in response
    assert NOTICE in response.content.decode()


def test_a_coordinator_sees_the_exact_figures_of_a_small_filter(coordinator_client, city):
    response = get(coordinator_client, "beweging", FILTERS["area"])
    assert NOTICE not in response.content.decode()
    assert tables(response)["by_area"][-1] == ["Total", "3"]


def test_a_visitor_of_a_public_dashboard_sees_no_figures_of_a_small_filter(client, city):
    dashboard_visibility_set(public_slugs={"beweging"}, changed_by=None)
    response = get(client, "beweging", FILTERS["area"])
    assert NOTICE in response.content.decode()
    assert tables(response) == {}


def test_without_a_filter_on_initiatives_the_figures_are_shown(council_client, city):
    response = get(council_client, "toezeggingen", FILTERS["period"])
    assert NOTICE not in response.content.decode()
    assert "by_department" in tables(response)


def test_no_filter_combination_shows_a_council_member_fewer_than_5_initiatives(
    council_client, city
):
    # Five more physical, green initiatives: some combinations now hold five or more.
    grow(5)
    areas = [""] + [f"area={a.slug}" for a in im.Area.objects.all()]
    domains = [""] + [f"domain={d}" for d in im.Domain.values]
    themes = [""] + [f"theme={t.slug}" for t in im.Theme.objects.all()]
    shown = hidden = 0
    for parts in itertools.product(areas, domains, themes):
        query = "&".join(p for p in parts if p)
        response = get(council_client, "beweging", query)
        found = tables(response)
        if NOTICE in response.content.decode():
            assert found == {}
            hidden += 1
            continue
        shown += 1
        total = found["by_area"][-1]
        assert total[0] == "Total" and int(total[1]) >= SMALL_CELL, query
    assert shown and hidden


def test_the_check_adds_one_query_to_a_filtered_page(
    council_client, city, django_assert_max_num_queries
):
    grow(5)
    query = "domain=physical&theme=groen-en-klimaat"  # the five grown initiatives and more
    for slug in BOARDS:
        with CaptureQueriesContext(connection) as plain:
            get(council_client, slug)
        # the theme look-up and the count of initiatives
        with django_assert_max_num_queries(len(plain.captured_queries) + 2):
            response = get(council_client, slug, query)
        assert NOTICE not in response.content.decode()


def test_the_notice_is_in_dutch_by_default(council_client, city):
    response = council_client.get("/dashboard/beweging/?area=charlois", HTTP_ACCEPT_LANGUAGE="nl")
    assert "Deze filters laten minder dan 5 initiatieven over." in response.content.decode()
