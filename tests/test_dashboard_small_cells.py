"""Issue 18, small cells: a filter that leaves fewer than 5 initiatives shows council members,
civil servants and visitors a notice instead of figures (page and downloads); coordinators see
the exact figures. Within the figures, every cell resting on fewer than 5 initiatives (ratings,
records) reads "< 5" for them in the page, the charts and the downloads, with complementary
suppression so that no hidden cell can be worked out from a total."""

import datetime as dt
import io
import itertools

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from initiatives import models as im
from partnership import models as pm
from partnership.dashboards.filters import DashboardFilter
from partnership.dashboards.registry import BY_SLUG
from partnership.dashboards.selectors import SMALL_CELL
from partnership.dashboards.services import dashboard_visibility_set
from partnership.dashboards.tables import HIDDEN, Column, Table, protect
from tests.support import factories as f
from tests.support.factories_dashboards import (
    BOARDS,
    FILTERS,
    PERIOD_2024,
    build_city,
    by_label,
    get,
    grow,
    tables,
)
from tests.support.small_cells import HIDDEN_TEXT, leaks

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


# --- cell level: "< 5" in every cell resting on fewer than 5 initiatives -------------------------


def _spread(count: int) -> None:
    """``count`` initiatives spread over three areas, both domains and two themes, each with a
    commitment, two blockages, a rating, a request, a value record and a partner link: some
    combinations of filters hold five or more, others one to four."""
    areas = [im.Area.objects.get(slug=s) for s in ("charlois", "delfshaven", "feijenoord")]
    green, care = (
        im.Theme.objects.get(slug="groen-en-klimaat"),
        im.Theme.objects.get(slug="zorg-en-welzijn"),
    )
    people = f.InitiatorFactory()
    organisation = f.PartnerOrganisationFactory(name="Corporatie verspreid")
    for i in range(count):
        area = areas[i % 3] if i < count - 2 else areas[0]
        day = dt.date(2024 if i % 2 else 2023, 1 + i % 12, 10)
        ini = f.InitiativeFactory(
            slug=f"verspreid-{i}",
            title=f"Verspreid {i}",
            area=area,
            neighbourhood=area.neighbourhoods.first(),
            domain=im.Domain.PHYSICAL if i % 4 < 3 else im.Domain.SOCIAL,
            started_on=day,
            themes=[green if i % 5 < 3 else care],
            volunteers=1 + i,
            people_reached=10 * i,
            is_public=i % 3 != 1,
        )
        f.CommitmentFactory(initiative=ini, promised_on=day, due_on=day + dt.timedelta(days=30))
        blockage = f.BlockageFactory(
            initiative=ini,
            raised_on=day,
            status=pm.Blockage.Status.RESOLVED,
            settled_on=day + dt.timedelta(days=1 + i % 7),
        )
        f.BlockageFactory(initiative=ini, raised_on=day)
        pm.Rating.objects.create(initiative=ini, blockage=blockage, score=1 + i % 5, user=people)
        f.CityRequestFactory(initiative=ini, submitted_on=day)
        f.ValueRecordFactory(
            initiative=ini, period_start=day, period_end=day + dt.timedelta(days=60)
        )
        im.InitiativePartner.objects.create(
            initiative=ini, organisation=organisation, cooperation="funding", since=day
        )


def test_a_council_member_sees_less_than_5_where_a_coordinator_sees_the_number(
    council_client, coordinator_client, city
):
    # No filter: five initiatives in all, but Charlois has three and Delfshaven two.
    exact = by_label(tables(get(coordinator_client, "beweging"))["by_area"])
    shown = by_label(tables(get(council_client, "beweging"))["by_area"])
    assert exact["Charlois"][1] == "3" and exact["Delfshaven"][1] == "2"
    assert shown["Charlois"][1] == HIDDEN_TEXT and shown["Delfshaven"][1] == HIDDEN_TEXT
    assert shown["Total"][1] == "5"
    # the volunteers of the two Delfshaven initiatives are hidden with their row
    reach = by_label(tables(get(council_client, "beweging"))["volunteers_reach"])
    assert reach["Delfshaven"][1:] == [HIDDEN_TEXT] * 3


def test_one_small_cell_hides_a_second_so_the_total_gives_nothing_away(council_client, city):
    grow(5)  # Charlois now has eight initiatives, Delfshaven still two
    rows = by_label(tables(get(council_client, "beweging"))["by_area"])
    assert rows["Delfshaven"][1] == HIDDEN_TEXT
    assert rows["Charlois"][1] == HIDDEN_TEXT  # else 10 - 8 would give Delfshaven's 2 away
    assert rows["Total"][1] == "10"


@pytest.mark.parametrize("fmt", ["csv", "csv-nl"])
def test_the_csv_shows_less_than_5_too(council_client, coordinator_client, city, fmt):
    query = f"figure=by_area&format={fmt}"
    hidden = get(council_client, "beweging", query).content.decode("utf-8-sig")
    exact = get(coordinator_client, "beweging", query).content.decode("utf-8-sig")
    sep = ";" if fmt == "csv-nl" else ","
    assert f"Delfshaven{sep}{HIDDEN_TEXT}" in hidden and f"Delfshaven{sep}2" not in hidden
    assert f"Delfshaven{sep}2" in exact


def test_the_xlsx_shows_less_than_5_too(council_client, city):
    response = get(council_client, "beweging", "figure=volunteers_reach&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[0]: list(row[1:]) for row in sheet.iter_rows(values_only=True)}
    assert rows["Delfshaven"] == [HIDDEN_TEXT] * 3


def test_the_heat_table_hides_single_cells_and_a_second_one_in_their_row_and_column():
    table = Table(
        columns=[
            Column("kind", "Kind", False),
            Column("a", "A"),
            Column("b", "B"),
            Column("total", "Total"),
        ],
        rows=[["x", 2, 9, 11], ["y", 7, 8, 15], ["z", 0, 6, 6]],
        total=["Total", 9, 23, 32],
        count_column="total",
    )
    shown = protect(table, cells="*", row_total="total")
    assert shown.rows[0][1] is HIDDEN  # the 2
    # row x: 2 hidden, so 9 too (else 11 - 9); column A: 2 hidden, so 7 too (else 9 - 7)
    assert shown.rows[0][2] is HIDDEN and shown.rows[1][1] is HIDDEN
    # row y now has one hidden cell (7): its 8 goes too; column B then has 9 and 8 hidden
    assert shown.rows[1][2] is HIDDEN
    assert shown.rows[2] == ["z", 0, 6, 6]
    assert shown.total == ["Total", 9, 23, 32]
    assert table.rows[0][1] == 2  # the exact table (coordinators, cache) is left as it was


def test_a_summary_count_of_1_to_4_is_hidden_and_goes_with_a_hidden_total():
    table = Table(
        columns=[Column("bucket", "B", False), Column("count", "N")],
        rows=[["1", 6], ["2", 3]],
        total=["Total", 9],
        count_column="count",
        summary=[("two or more", 3), ("share", 33.3)],
    )
    assert protect(table, basis="count").summary == [("two or more", HIDDEN), ("share", 33.3)]
    small = Table(
        columns=table.columns,
        rows=[["1", 1], ["2", 3]],
        total=["Total", 4],
        count_column="count",
        summary=[("index", 1.5)],
    )
    assert protect(small, basis="count").summary == []


def test_no_filter_combination_shows_a_council_member_a_number_resting_on_fewer_than_5(
    council_client, city
):
    _spread(17)
    areas = ["", "area=charlois", "area=delfshaven", "area=feijenoord"]
    domains = ["", "domain=physical", "domain=social"]
    themes = ["", "theme=groen-en-klimaat", "theme=zorg-en-welzijn"]
    periods = ["", PERIOD_2024]
    checked = hidden = 0
    problems = []
    for parts in itertools.product(areas, domains, themes, periods):
        query = "&".join(p for p in parts if p)
        flt = DashboardFilter(QueryDict(query))
        for slug in BOARDS:
            response = get(council_client, slug, query)
            found = tables(response)
            if NOTICE in response.content.decode():
                assert found == {}
                continue
            for figure in BY_SLUG[slug].figures:
                shown = found[figure.key]
                hidden += sum(row.count(HIDDEN_TEXT) for row in shown)
                for problem in leaks(figure, figure.selector(flt), shown):
                    problems.append(f"{query} {slug}/{figure.key}: {problem}")
                checked += 1
    assert not problems, "\n".join(problems[:20])
    assert checked > 100 and hidden > 100
