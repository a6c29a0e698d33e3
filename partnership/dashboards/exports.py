"""CSV and XLSX downloads of one figure: the same rows the page shows, cell for cell.

Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
return) gets a leading single quote, so an initiative named "=HYPERLINK(...)" stays text.
Numbers stay numbers.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from partnership.dashboards.tables import Table

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Keep numbers as they are; quote text that a spreadsheet would read as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _rows(table: Table, cell=neutralise) -> list[list]:
    return [[cell(value) for value in row] for row in table.all_rows()]


def xlsx_cell(value):
    """A worksheet cannot hold control characters other than tab, newline and carriage return:
    openpyxl refused the whole file for one name that held one (a server error). They are
    dropped, before neutralising, so that what follows them cannot become a formula."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise(value)


def _disposition(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def dutch_cell(value):
    """A cell as a Dutch spreadsheet reads it: a decimal comma, no thousands separator (which a
    spreadsheet could take for a decimal point); text neutralised as in the plain CSV."""
    value = neutralise(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return value


def csv_response(table: Table, *, filename: str, dutch: bool = False) -> HttpResponse:
    """Plain CSV (comma, decimal point) or, with ``dutch``, the form Dutch spreadsheet programs
    open directly: semicolons between cells and a decimal comma. Both UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dutch else ",")
    for row in _rows(table, dutch_cell if dutch else neutralise):
        writer.writerow(row)
    # A byte-order mark so that spreadsheet programs read the UTF-8 (ë, €) correctly.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(f"{filename}.csv")
    return response


def xlsx_response(
    table: Table, *, filename: str, title: str, explanation: str, filters: str
) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[-31:])
    for row in _rows(table, xlsx_cell):
        sheet.append(row)
    about = workbook.create_sheet(title=gettext("About")[:31])
    for row in (
        [gettext("Figure"), title],
        [gettext("How it is computed"), explanation],
        [gettext("Filters"), filters],
        [gettext("Made on"), made_on()],
    ):
        about.append([xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(f"{filename}.xlsx")
    return response


def made_on() -> str:
    """The moment of the download in the page's language (30 november 2026 14:05)."""
    now = timezone.localtime()
    return f"{date_format(now, 'j F Y')} {now:%H:%M}"


SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_title(number: int, title: str) -> str:
    """A worksheet name: at most 31 characters, none of []:*?/\\, unique by its number."""
    return f"{number}. {title.translate(SHEET_FORBIDDEN)}"[:31].strip()


def dashboard_xlsx_response(
    *,
    filename: str,
    title: str,
    filters: str,
    figures: list[tuple[str, str, list[str], Table]],
    notes: list[str],
) -> HttpResponse:
    """One workbook per dashboard: an explanation sheet first (dashboard, filters, date, the
    small-number rule when it applied, and per figure its sheet, how it is computed, which date
    its period uses and what it counts), then every figure on its own sheet, cell for cell as
    the page shows it."""
    workbook = Workbook(write_only=True)
    about = workbook.create_sheet(title=gettext("Explanation")[:31])
    sheets = []
    lines = [
        [gettext("Dashboard"), title],
        [gettext("Filters"), filters],
        [gettext("Made on"), made_on()],
        *([gettext("Note"), note] for note in notes),
        [],
        [gettext("Sheet"), gettext("Figure"), gettext("How it is computed")],
    ]
    for number, (figure_title, explanation, definitions, table) in enumerate(figures, start=1):
        sheet_title = _sheet_title(number, figure_title)
        sheets.append((sheet_title, table))
        lines.append([sheet_title, figure_title, " ".join([explanation, *definitions])])
    for row in lines:
        about.append([xlsx_cell(cell) for cell in row])
    for sheet_title, table in sheets:
        sheet = workbook.create_sheet(title=sheet_title)
        for row in _rows(table, xlsx_cell):
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = _disposition(f"{filename}.xlsx")
    return response
