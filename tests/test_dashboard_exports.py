"""Downloads of every figure: CSV and XLSX hold the same numbers as the page (with and without
filters), formula-like text is neutralised, and no personal data ever leaves in a file."""

import csv
import io
from decimal import Decimal, InvalidOperation

import pytest
from openpyxl import load_workbook

from partnership.dashboards.exports import neutralise
from partnership.dashboards.registry import BY_SLUG
from tests.support import factories as f
from tests.support.factories_dashboards import (
    BOARDS,
    FILTERS,
    SECRET_PEOPLE,
    city_in_transaction,
    get,
    parse,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """Built once for this module, whose tests only read it (see city_in_transaction)."""
    with city_in_transaction(django_db_blocker) as built:
        yield built


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _same(value) -> object:
    """A cell as a comparable value: numbers as Decimal, an empty cell and the page's dash alike."""
    if value is None or value in ("", "–"):
        return None
    try:
        return Decimal(str(value).replace(",", ""))  # the page groups thousands (1,234)
    except InvalidOperation:
        return str(value)


def _normal(rows) -> list[list]:
    """Comparable rows; trailing empty cells dropped (a spreadsheet pads short rows)."""
    out = []
    for row in rows:
        cells = [_same(c) for c in row]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    return out


# Issue 18: filters leaving fewer than 5 initiatives hide the figures from council members;
# coordinators see them exactly.
@pytest.mark.parametrize("slug", BOARDS)
@pytest.mark.parametrize("query", ["", "&".join(FILTERS.values())], ids=["all", "filtered"])
def test_exports_hold_the_same_numbers_as_the_page(coordinator_client, city, slug, query):
    page = parse(get(coordinator_client, slug, query))
    base = f"{query}&" if query else ""
    for figure in BY_SLUG[slug].figures:
        shown = _normal([*page.tables[figure.key], *page.summaries.get(figure.key, [])])
        assert len(shown) > 1, figure.key
        as_csv = _csv(get(coordinator_client, slug, f"{base}figure={figure.key}&format=csv"))
        assert _normal(as_csv) == shown, figure.key
        as_xlsx = _xlsx(get(coordinator_client, slug, f"{base}figure={figure.key}&format=xlsx"))
        assert _normal(as_xlsx) == shown, figure.key


def test_a_csv_download_is_an_attachment_named_after_the_figure(coordinator_client, city):
    response = get(coordinator_client, "beweging", "figure=by_area&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="beweging-by_area.csv"'
    assert _csv(response)[0] == ["Area", "Initiatives"]
    assert ["Charlois", "3"] in _csv(response)


# Issue 18: filters leaving fewer than 5 initiatives hide the figures from council members;
# coordinators see them exactly.
def test_an_xlsx_download_keeps_numbers_as_numbers_and_says_how_it_was_made(
    coordinator_client, city
):
    response = get(coordinator_client, "beweging", f"{FILTERS['area']}&figure=by_area&format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="beweging-by_area.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert ["Charlois", 3] in rows
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["Figure"] == "Initiatives by area"
    assert about["Filters"] == "area Charlois"


def test_an_unknown_figure_is_not_found(council_client, city):
    assert get(council_client, "beweging", "figure=nope&format=csv").status_code == 404
    assert get(council_client, "beweging", "figure=ratings&format=csv").status_code == 404


def test_an_unknown_format_just_shows_the_page(council_client, city):
    response = get(council_client, "beweging", "figure=by_area&format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_like_text_gets_a_leading_quote(prefix):
    assert neutralise(f"{prefix}SUM(A1:A9)") == f"'{prefix}SUM(A1:A9)"


def test_numbers_and_plain_text_stay_as_they_are():
    assert neutralise(-3) == -3
    assert neutralise(Decimal("-1.50")) == Decimal("-1.50")
    assert neutralise(2.5) == 2.5
    assert neutralise("Charlois") == "Charlois"
    assert neutralise(None) == ""


def test_a_framework_named_like_a_formula_stays_text_in_both_files(coordinator_client, city):
    evil = '=HYPERLINK("http://example.com","klik")'
    framework = f.PolicyFrameworkFactory(name=evil)
    f.BlockageFactory(initiative=city.a1, policy_framework=framework, raised_on=city.a1.started_on)
    rows = _csv(get(coordinator_client, "knelpunten", "figure=frameworks&format=csv"))
    assert ["'" + evil, "land", "1", "1"] in [row[:4] for row in rows]
    response = get(coordinator_client, "knelpunten", "figure=frameworks&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows()]
    target = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert target.value == "'" + evil
    assert target.data_type == "s"


@pytest.mark.parametrize("slug", BOARDS)
def test_no_personal_data_leaves_in_any_export(council_client, city, slug):
    secrets = [s for person in SECRET_PEOPLE for s in person]
    for figure in BY_SLUG[slug].figures:
        for fmt in ("csv", "xlsx"):
            response = get(council_client, slug, f"figure={figure.key}&format={fmt}")
            if fmt == "csv":
                text = response.content.decode("utf-8-sig")
            else:
                book = load_workbook(io.BytesIO(response.content))
                text = " ".join(
                    str(c.value)
                    for sheet in book.worksheets
                    for row in sheet.iter_rows()
                    for c in row
                )
            assert not [s for s in secrets if s in text], (figure.key, fmt)
            assert "Stille Tuin" not in text  # a private initiative is never named


def test_a_dutch_csv_has_semicolons_decimal_commas_and_a_byte_order_mark(council_client, city):
    plain = get(council_client, "toezeggingen", "figure=by_department&format=csv")
    dutch = get(council_client, "toezeggingen", "figure=by_department&format=csv-nl")
    assert dutch["Content-Disposition"] == (
        'attachment; filename="toezeggingen-by_department-nl.csv"'
    )
    assert dutch.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(dutch.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[-3][0] == "Total"
    assert rows[-3][-2:] == ["28,6", "28,6"]  # decimal comma
    # Cell for cell the plain CSV, with the decimal comma read back as a point.
    assert [[c.replace(",", ".") for c in row] for row in rows] == [
        [c.replace(",", ".") for c in row] for row in _csv(plain)
    ]
    html = get(council_client, "toezeggingen").content.decode()
    assert "figure=by_department&amp;format=csv-nl" in html


# Issue 18: one download per dashboard and a print view.
def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def _sheet_rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("slug", BOARDS)
def test_one_workbook_holds_every_figure_of_the_dashboard_and_an_explanation(
    coordinator_client, city, slug
):
    query = FILTERS["period"]
    response = get(coordinator_client, slug, f"{query}&format=xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.xlsx"'
    book = _workbook(response)
    figures = BY_SLUG[slug].figures
    assert len(book.worksheets) == 1 + len(figures)
    about = " ".join(
        str(c) for row in _sheet_rows(book.worksheets[0]) for c in row if c is not None
    )
    assert "period 1 January 2024 – 31 December 2024" in about
    assert "Period: " in about and "Counted: " in about
    for figure, sheet in zip(figures, book.worksheets[1:], strict=True):
        single = _xlsx(get(coordinator_client, slug, f"{query}&figure={figure.key}&format=xlsx"))
        assert _normal(_sheet_rows(sheet)) == _normal(single), figure.key
        assert str(figure.title)[:20] in about


def test_the_dashboard_workbook_of_a_council_member_hides_small_numbers(council_client, city):
    book = _workbook(get(council_client, "beweging", "format=xlsx"))
    rows = {row[0]: row[1:] for row in _sheet_rows(book.worksheets[1])}
    assert rows["Delfshaven"][0] == "< 5"
    about = " ".join(str(c) for row in _sheet_rows(book.worksheets[0]) for c in row if c)
    assert 'shown as "< 5"' in about


def test_every_dashboard_page_links_its_workbook_and_its_print_view(council_client, city):
    for slug in BOARDS:
        html = get(council_client, slug).content.decode()
        assert 'id="dashboard-downloads"' in html
        assert "?format=xlsx" in html and "?view=print" in html


def test_the_print_view_shows_date_filters_and_every_chart_with_its_table(council_client, city):
    response = get(council_client, "toezeggingen", f"{FILTERS['period']}&view=print")
    html = response.content.decode()
    assert "dashboard-filters" not in html and 'class="downloads' not in html
    assert "period 1 January 2024 – 31 December 2024" in html
    assert 'id="made-on"' in html
    page = parse(response)
    assert set(page.tables) == {fig.key for fig in BY_SLUG["toezeggingen"].figures}
    assert html.count("<svg") >= len(page.tables)
