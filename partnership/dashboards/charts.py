"""Server-side SVG charts: geometry computed here, written out by svg.py.

No JavaScript: every helper returns a plain dict (sizes, rectangles, points, labels) that a
``svg.py`` writes out as ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that reads the
numbers out. Colours come from classes (``s1``…``s6`` for series, ``h0``…``h5`` for heat) defined in
static/css/dashboards.css: a colour-blind-safe palette with at least 3:1 contrast on white, and
every value is also printed as text, so nothing is told by colour alone.
"""

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext

from partnership.dashboards.tables import HIDDEN, number_text

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 80
BAR_HEIGHT = 18
GROUP_GAP = 8
LEGEND_HEIGHT = 26
MAX_LABEL_CHARS = 30
SERIES_CLASSES = ("s1", "s2", "s3", "s4", "s5", "s6")
HEAT_LEVELS = 5
DESC_ITEMS = 12

Number = int | float | Decimal


def _num(value) -> float:
    return float(value or 0)


def _fmt(value) -> str:
    if value is None:
        return "–"
    if value is HIDDEN:
        return str(value)
    if isinstance(value, float | Decimal):
        return number_text(value, decimal_pos=1)
    return number_text(value)


def _short(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def nice_max(value: float) -> float:
    """The next round number (1, 2, 2.5, 5 × 10ⁿ) at or above ``value``, for an axis."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


def _describe(labels: Sequence[str], series: Sequence[tuple[str, Sequence]]) -> str:
    """The numbers in words for screen readers, with a pointer to the full table."""
    items = []
    for i, label in enumerate(labels[:DESC_ITEMS]):
        if len(series) == 1:
            items.append(f"{label}: {_fmt(series[0][1][i])}")
        else:
            parts = ", ".join(f"{name} {_fmt(values[i])}" for name, values in series)
            items.append(f"{label}: {parts}")
    text = "; ".join(items)
    if len(labels) > DESC_ITEMS:
        text += "; " + gettext("and %(count)s more") % {"count": len(labels) - DESC_ITEMS}
    if not labels:
        text = gettext("No data for these filters.")
    return text + ". " + gettext("The table beside the chart holds the same numbers.")


def _legend(names: Sequence[str], classes: Sequence[str], y: int = 6) -> list[dict]:
    legend, x = [], LABEL_WIDTH
    for name, cls in zip(names, classes, strict=True):
        legend.append({"label": str(name), "cls": cls, "x": x, "y": y, "tx": x + 16, "ty": y + 11})
        x += 24 + 7 * len(str(name))
    return legend


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    *,
    title: str,
    classes: Sequence[str] | None = None,
    suffix: str = "",
) -> dict:
    """Horizontal bars, one group per label and one bar per series, on one shared scale."""
    classes = list(classes or SERIES_CLASSES[: len(series)])
    top = LEGEND_HEIGHT if len(series) > 1 else 4
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    peak = max((_num(v) for _, values in series for v in values), default=0) or 1
    group = len(series) * BAR_HEIGHT + GROUP_GAP
    rows = []
    for i, label in enumerate(labels):
        y0 = top + i * group
        bars = []
        for j, (_name, values) in enumerate(series):
            value = values[i]
            width = _num(value) / peak * plot
            width = max(width, 1.5) if _num(value) > 0 else 0
            y = y0 + j * BAR_HEIGHT
            # (class, x, y, width, height, value text, text x, text y): unpacked in the template.
            bars.append(
                (
                    classes[j],
                    LABEL_WIDTH,
                    y,
                    round(width, 1),
                    BAR_HEIGHT - 3,
                    _fmt(value) + suffix,
                    round(LABEL_WIDTH + width + 4, 1),
                    y + BAR_HEIGHT - 6,
                )
            )
        rows.append(
            {
                "label": _short(label),
                "lx": LABEL_WIDTH - 6,
                "ly": y0 + (len(series) * BAR_HEIGHT) / 2 + 3,
                "bars": bars,
            }
        )
    height = top + max(len(labels), 1) * group + 4
    return {
        "kind": "bar",
        "title": title,
        "desc": _describe([str(lb) for lb in labels], series),
        "width": WIDTH,
        "height": height,
        "axis_x": LABEL_WIDTH,
        "axis_y2": height - 4,
        "rows": rows,
        "legend": _legend([n for n, _ in series], classes) if len(series) > 1 else [],
        "empty": not labels,
    }


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    *,
    title: str,
    classes: Sequence[str] | None = None,
) -> dict:
    """One bar per label, split into the series (kept / broken / ...), total printed after it."""
    classes = list(classes or SERIES_CLASSES[: len(series)])
    top = LEGEND_HEIGHT
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    totals = [sum(_num(values[i]) for _, values in series) for i in range(len(labels))]
    peak = max(totals, default=0) or 1
    step = BAR_HEIGHT + GROUP_GAP
    rows = []
    for i, label in enumerate(labels):
        y = top + i * step
        x = float(LABEL_WIDTH)
        segments = []
        for j, (name, values) in enumerate(series):
            width = _num(values[i]) / peak * plot
            if width > 0:
                # (class, x, y, width, height, tooltip)
                segments.append(
                    (
                        classes[j],
                        round(x, 1),
                        y,
                        round(width, 1),
                        BAR_HEIGHT,
                        f"{name}: {_fmt(values[i])}",
                    )
                )
            x += width
        rows.append(
            {
                "label": _short(label),
                "lx": LABEL_WIDTH - 6,
                "ly": y + BAR_HEIGHT - 5,
                "segments": segments,
                "text": (
                    str(HIDDEN)
                    if any(values[i] is HIDDEN for _, values in series)
                    else _fmt(int(totals[i]) if totals[i].is_integer() else totals[i])
                ),
                "tx": round(x + 4, 1),
                "ty": y + BAR_HEIGHT - 5,
            }
        )
    height = top + max(len(labels), 1) * step + 4
    return {
        "kind": "stacked",
        "title": title,
        "desc": _describe([str(lb) for lb in labels], series),
        "width": WIDTH,
        "height": height,
        "axis_x": LABEL_WIDTH,
        "axis_y2": height - 4,
        "rows": rows,
        "legend": _legend([n for n, _ in series], classes),
        "empty": not labels,
    }


def heat_table(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    matrix: Sequence[Sequence[Number]],
    *,
    title: str,
) -> dict:
    """A grid of cells shaded by their share of the largest cell, each with its number. Empty
    cells are left blank on the grid lines (the table beside it shows their zero), which keeps a
    sparse department × category grid light to draw."""
    top = 120
    cols = max(len(col_labels), 1)
    cell_w = min(56, (WIDTH - LABEL_WIDTH - 10) // cols)
    cell_h = 24
    peak = max((_num(v) for row in matrix for v in row), default=0) or 1
    headers = [
        {
            "label": _short(label, 26),
            "x": LABEL_WIDTH + j * cell_w + cell_w / 2,
            "y": top - 6,
        }
        for j, label in enumerate(col_labels)
    ]
    rows = []
    for i, label in enumerate(row_labels):
        y = top + i * cell_h
        cells = []
        for j, value in enumerate(matrix[i]):
            if _num(value) <= 0:
                continue
            level = max(1, math.ceil(_num(value) / peak * HEAT_LEVELS))
            # (shade class, x, y, width, height, value text, text x, text y)
            cells.append(
                (
                    f"h{level}",
                    LABEL_WIDTH + j * cell_w,
                    y,
                    cell_w,
                    cell_h,
                    _fmt(value),
                    LABEL_WIDTH + j * cell_w + cell_w / 2,
                    y + cell_h / 2 + 4,
                )
            )
        rows.append(
            {
                "label": _short(label),
                "lx": LABEL_WIDTH - 6,
                "ly": y + cell_h / 2 + 4,
                "cells": cells,
            }
        )
    grid_w, grid_h = cell_w * len(col_labels), cell_h * len(row_labels)
    grid = {
        "x": LABEL_WIDTH,
        "y": top,
        "w": grid_w,
        "h": grid_h,
        "x2": LABEL_WIDTH + grid_w,
        "y2": top + grid_h,
        "rows": [top + i * cell_h for i in range(1, len(row_labels))],
        "cols": [LABEL_WIDTH + j * cell_w for j in range(1, len(col_labels))],
    }
    flat_labels, flat_values = [], []
    for i, row_label in enumerate(row_labels):
        for j, col_label in enumerate(col_labels):
            if _num(matrix[i][j]):
                flat_labels.append(f"{row_label} × {col_label}")
                flat_values.append(matrix[i][j])
    return {
        "kind": "heat",
        "title": title,
        "desc": _describe(flat_labels, [("", flat_values)]),
        "width": WIDTH,
        "height": top + max(len(row_labels), 1) * cell_h + 6,
        "headers": headers,
        "rows": rows,
        "grid": grid,
        "empty": not row_labels,
    }


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    *,
    title: str,
    classes: Sequence[str] | None = None,
    y_max: float | None = None,
    suffix: str = "",
    reference: tuple[str, float] | None = None,
) -> dict:
    """Values over time (quarters): one line per series, an optional reference line (the audit
    office's 40%). A missing value (``None``) breaks the line rather than pretending zero."""
    classes = list(classes or SERIES_CLASSES[: len(series)])
    left, right, top, bottom = 56, 16, LEGEND_HEIGHT + 8, 56
    plot_w, plot_h = WIDTH - left - right, 220
    peak = max((_num(v) for _, vs in series for v in vs if v is not None), default=0)
    if reference:
        peak = max(peak, reference[1])
    scale_max = y_max or nice_max(peak)
    count = len(labels)

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if count == 1 else i * plot_w / (count - 1))

    def y_at(v) -> float:
        return top + plot_h - _num(v) / scale_max * plot_h

    lines = []
    for j, (name, values) in enumerate(series):
        pieces, current, points = [], [], []
        for i, value in enumerate(values):
            if value is None or value is HIDDEN:
                if current:
                    pieces.append(" ".join(current))
                current = []
                continue
            x, y = round(x_at(i), 1), round(y_at(value), 1)
            current.append(f"{x},{y}")
            points.append((x, y, f"{labels[i]} – {name}: {_fmt(value)}{suffix}"))
        if current:
            pieces.append(" ".join(current))
        lines.append({"cls": classes[j], "pieces": pieces, "points": points})
    every = max(1, math.ceil(count / 12))
    ticks_x = [
        {"label": str(labels[i]), "x": round(x_at(i), 1), "y": top + plot_h + 14}
        for i in range(0, count, every)
    ]
    ticks_y = [
        {
            "label": _fmt(scale_max * k / 4 if scale_max % 4 else int(scale_max * k / 4)) + suffix,
            "y": round(top + plot_h - plot_h * k / 4, 1),
            "ty": round(top + plot_h - plot_h * k / 4 + 4, 1),
        }
        for k in range(5)
    ]
    ref = None
    if reference:
        ref = {
            "label": reference[0],
            "y": round(y_at(reference[1]), 1),
            "ty": round(y_at(reference[1]) - 4, 1),
        }
    return {
        "kind": "line",
        "title": title,
        "desc": _describe([str(lb) for lb in labels], series),
        "width": WIDTH,
        "height": top + plot_h + bottom,
        "left": left,
        "right": WIDTH - right,
        "top": top,
        "bottom": top + plot_h,
        "lines": lines,
        "ticks_x": ticks_x,
        "ticks_y": ticks_y,
        "rotate_x": count > 8,
        "reference": ref,
        "legend": _legend([n for n, _ in series], classes) if len(series) > 1 else [],
        "empty": not labels,
    }
