"""The numbers of one figure as a table: what the page shows, the chart draws and the export
writes, so the three can never disagree."""

from dataclasses import dataclass, field
from decimal import Decimal

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
    # Figures that count records (commitments, blockages, requests, value records): how many
    # distinct initiatives each row rests on, aligned with ``rows`` and then the total row; an
    # entry is a number (the whole row) or a dict by column key (each cell). Small-number
    # protection works from these, so five records of one initiative count as one initiative.
    initiatives: list | None = None

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
    """A cell as the page's language writes it, always with thousands grouped: in Dutch
    1.299.500,00 (Django's ``number_format`` with ``force_grouping``). A dashboard writes
    hundreds of cells; whole numbers below 1,000, most of them, skip the per-call format look-ups
    (Django writes them exactly as ``str`` does)."""
    if type(value) is int and decimal_pos is None and -1000 < value < 1000:
        return str(value)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return localize(value)
    return number_format(value, decimal_pos=decimal_pos, force_grouping=True)


# --- small numbers ----------------------------------------------------------------------------

SMALL_CELL = 5


class Hidden:
    """A cell resting on fewer than ``SMALL_CELL`` initiatives (or ratings), or hidden so that
    such a cell cannot be worked out from a total: written as "< 5" on the page, in charts
    (drawn as nothing) and in every export. Falsy, so charts count it as no bar."""

    def __str__(self) -> str:
        return f"< {SMALL_CELL}"

    def __repr__(self) -> str:
        return "HIDDEN"

    def __bool__(self) -> bool:
        return False


HIDDEN = Hidden()


def _small(value) -> bool:
    return isinstance(value, int | float | Decimal) and 0 < value < SMALL_CELL


def _small_count(value) -> bool:
    """A whole number of 1 to 4 in a summary line (shares and averages are not counts)."""
    return type(value) is int and 0 < value < SMALL_CELL


def _size(value) -> float:
    return float(value) if isinstance(value, int | float | Decimal) else 0.0


def protect(
    table: Table,
    *,
    basis: str | None = None,
    cells: tuple[str, ...] | str = (),
    row_total: str | None = None,
) -> Table:
    """A copy of ``table`` with small numbers hidden (the table itself is left as it is: it may
    sit in a cache and coordinators see it exact).

    - ``basis``: the column holding the number of initiatives (or ratings, or records) each
      row rests on; a row with 1 to 4 is hidden whole, the total row too.
    - ``cells``: columns (``"*"`` for every numeric one) whose every cell is itself such a count;
      a cell of 1 to 4 is hidden on its own.
    - ``row_total``: the column that adds up the ``cells`` columns of a row.

    Then complementary suppression, repeated until nothing changes: in every column that adds
    up to the total row, and in every row's ``cells`` + ``row_total``, a group with exactly one
    hidden cell gets a second one (the smallest non-zero other cell), so no hidden number can be
    worked out by subtraction. In ``basis`` columns a whole row is hidden at a time. A row with a
    hidden cell hides its derived figures (shares, averages) too. Summaries go when the total
    row goes."""
    numeric = [i for i, c in enumerate(table.columns) if c.numeric and i > 0]
    if cells == "*":
        cell_cols = [i for i in numeric if table.columns[i].key != row_total]
    else:
        cell_cols = [table.index(k) for k in cells]
    if basis is None and not cell_cols:
        basis = table.count_column
    basis_col = table.index(basis) if basis else None
    total_col = table.index(row_total) if row_total else None
    rows = [list(r) for r in table.rows]
    grid = rows + ([list(table.total)] if table.total else [])
    last = len(rows)  # the index of the total row in ``grid``, if there is one
    hidden: set[tuple[int, int]] = set()

    def hide_row(r: int) -> None:
        hidden.update((r, c) for c in numeric)

    def hide(r: int, c: int) -> None:
        if c in cell_cols or c == total_col or basis_col is None:
            hidden.add((r, c))
        else:
            hide_row(r)

    keys = [c.key for c in table.columns]
    for r, row in enumerate(grid):
        if basis_col is not None and _small(row[basis_col]):
            hide_row(r)
        resting = table.initiatives[r] if table.initiatives and r < len(table.initiatives) else None
        if isinstance(resting, dict):
            for c in cell_cols + ([total_col] if total_col is not None else []):
                if _small(resting.get(keys[c])):
                    hidden.add((r, c))
        elif _small(resting):
            hide_row(r)
        for c in cell_cols + ([total_col] if total_col is not None else []):
            if _small(row[c]):
                hidden.add((r, c))

    additive = []
    if table.total:
        for c in numeric:
            values = [row[c] for row in rows]
            if (
                all(isinstance(v, int | Decimal) for v in [*values, table.total[c]])
                and sum(values) == table.total[c]
            ):
                additive.append(c)
    groups = [[(r, c) for r in range(len(grid))] for c in additive]
    if total_col is not None:
        groups += [[(r, c) for c in [*cell_cols, total_col]] for r in range(len(grid))]

    changed = True
    while changed:
        changed = False
        for group in groups:
            shut = [p for p in group if p in hidden]
            if len(shut) != 1:
                continue
            open_ = [p for p in group if p not in hidden]
            if not open_:
                continue
            # The smallest non-zero other cell (a part before a total), else any other.
            r, c = min(
                open_,
                key=lambda p: (
                    _size(grid[p[0]][p[1]]) <= 0,
                    p[0] == last or p[1] == total_col,
                    _size(grid[p[0]][p[1]]),
                ),
            )
            hide(r, c)
            changed = True

    derived = [i for i in numeric if i not in cell_cols and i != total_col and i != basis_col]
    for r in {r for r, _c in hidden}:
        hidden.update((r, c) for c in derived)
    for r, c in hidden:
        grid[r][c] = HIDDEN
    total_hidden = bool(table.total) and any((last, c) in hidden for c in numeric)
    return Table(
        columns=table.columns,
        rows=grid[:last],
        count_column=table.count_column,
        total=grid[last] if table.total else None,
        summary=[]
        if total_hidden
        else [(label, HIDDEN if _small_count(v) else v) for label, v in table.summary],
        links=table.links,
        note=table.note,
        initiatives=table.initiatives,
    )
