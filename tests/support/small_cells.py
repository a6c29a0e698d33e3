"""What a council member could read off a dashboard table that the small-cell rules forbid
(issue 18): shared by the combination tests on the factory city and on the demo data."""

from partnership.dashboards.selectors import SMALL_CELL

HIDDEN_TEXT = "< 5"


def _number(text: str):
    if text in (HIDDEN_TEXT, "–", ""):
        return None
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _shown_small(cells: list[str]) -> bool:
    return any(v is not None and 0 < v < SMALL_CELL for v in map(_number, cells))


def leaks(figure, exact, shown: list[list[str]]) -> list[str]:
    """What a council member could read off ``shown`` (the page's table, header row first)
    that the rules forbid: a basis of 1 to 4 shown exactly, or a group (a column adding up to
    the total row, a row's cells adding up to its row total) with exactly one hidden cell."""
    problems = []
    body = shown[1:]
    keys = [c.key for c in exact.columns]
    grid = [*exact.rows, *([exact.total] if exact.total else [])]
    assert len(body) == len(grid)
    basis = figure.basis or (None if figure.cells else exact.count_column)
    if figure.cells == "*":
        cells = [k for c, k in zip(exact.columns, keys, strict=True) if c.numeric]
    else:
        cells = list(figure.cells)
    watched = [keys.index(k) for k in [*([basis] if basis else []), *cells]]
    for row in body:
        if _shown_small([row[i] for i in watched]):
            problems.append(f"small number shown: {row}")
    # Figures that count records: a row (or cell) resting on 1 to 4 initiatives is hidden,
    # however many records it holds.
    numeric = [i for i, c in enumerate(exact.columns) if c.numeric and i > 0]
    for row, resting in zip(body, exact.initiatives or [], strict=False):
        if isinstance(resting, dict):
            for key, n in resting.items():
                if 0 < n < SMALL_CELL and row[keys.index(key)] != HIDDEN_TEXT:
                    problems.append(f"{key} of {row[0]} rests on {n} initiatives: {row}")
        elif resting and 0 < resting < SMALL_CELL:
            if any(row[i] != HIDDEN_TEXT for i in numeric):
                problems.append(f"{row[0]} rests on {resting} initiatives: {row}")
    for c in range(1, len(keys)):
        values = [row[c] for row in exact.rows]
        if (
            exact.total
            and all(isinstance(v, int) for v in values)
            and isinstance(exact.total[c], int)
        ):
            if sum(values) == exact.total[c]:
                column = [row[c] for row in body]
                if column.count(HIDDEN_TEXT) == 1:
                    problems.append(f"one hidden cell in column {keys[c]}")
    if figure.row_total:
        group = [keys.index(k) for k in cells if k != figure.row_total]
        group.append(keys.index(figure.row_total))
        for row in body:
            if [row[i] for i in group].count(HIDDEN_TEXT) == 1:
                problems.append(f"one hidden cell in row {row[0]}")
    return problems
