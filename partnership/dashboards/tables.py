"""The numbers of one figure as a table: what the page shows, the chart draws and the export
writes, so the three can never disagree."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.formats import localize, number_format


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True


@dataclass
class Table:
    """Rows of values; the first column names the row (``th scope="row"``).

    ``count_column`` names the column that measures how much data the figure covers (tests use it
    to check that every filter narrows every figure). ``summary`` holds one-line key numbers shown
    under the table and written into the export too. ``links`` are drill-downs to public
    initiative pages only.
    """

    columns: list[Column]
    rows: list[list]
    count_column: str
    total: list | None = None
    summary: list[tuple[str, object]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""

    def column(self, key: str) -> list:
        index = self.index(key)
        return [row[index] for row in self.rows]

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def labels(self) -> list[str]:
        return [str(row[0]) for row in self.rows]

    def volume(self):
        """How much the figure counts: the total of its count column."""
        return sum(v or 0 for v in self.column(self.count_column))

    def all_rows(self) -> list[list]:
        """Header, rows, total and summary lines: what an export writes, cell for cell."""
        out = [[c.label for c in self.columns]]
        out.extend(self.rows)
        if self.total:
            out.append(self.total)
        for label, value in self.summary:
            out.append([label, value])
        return out


def share(part, whole, digits: int = 1):
    """A percentage rounded once, here, so page and export show the same figure."""
    if not whole:
        return None
    return round(float(part) * 100 / float(whole), digits)


def rounded(value, digits: int = 1):
    if value is None:
        return None
    return round(float(value), digits)


def money(value) -> Decimal:
    return (value or Decimal("0")).quantize(Decimal("0.01"))


def number_text(value, decimal_pos: int | None = None) -> str:
    """A cell as the page's language writes it (Django's ``localize``, or ``number_format`` with
    ``decimal_pos``). A dashboard writes hundreds; whole numbers, most of them, skip the per-call
    format look-ups: without thousand separators Django writes them exactly as ``str`` does."""
    if type(value) is int and decimal_pos is None and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    if decimal_pos is None:
        return localize(value)
    return number_format(value, decimal_pos=decimal_pos)
