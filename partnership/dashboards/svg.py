"""The dashboard charts and table rows written out as HTML, in Python rather than in templates.

A dashboard at city scale holds thousands of SVG elements and table cells. Drawn by the template
engine (some microseconds per node) that cost more than the database work behind the page; here
each element is one f-string, and every text that comes from data or translations passes through
``e`` (Django's ``conditional_escape``), so markup in a name still shows as text. Numbers are
written as Python writes them (no thousands separators inside SVG coordinates). The geometry
itself is computed in ``charts.py``; this module only writes it down.
"""

import html

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


def e(text) -> str:
    """``conditional_escape`` without its lazy-string wrapper (called thousands of times)."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


def _open(chart: dict, chart_id: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {chart["width"]} {chart["height"]}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{e(chart["title"])}</title>'
        f'<desc id="{chart_id}-d">{e(chart["desc"])}</desc>'
    )


def _legend(chart: dict) -> str:
    return "".join(
        f'<rect class="{item["cls"]}" x="{item["x"]}" y="{item["y"]}" width="12" height="12"/>'
        f'<text class="legend" x="{item["tx"]}" y="{item["ty"]}">{e(item["label"])}</text>'
        for item in chart.get("legend", ())
    )


def _empty(chart: dict, x, y, extra: str = "") -> str:
    if not chart["empty"]:
        return ""
    text = e(gettext("No data for these filters."))
    return f'<text class="empty" x="{x}" y="{y}"{extra}>{text}</text>'


def _label(row: dict) -> str:
    return (
        f'<text class="label" x="{row["lx"]}" y="{row["ly"]}" text-anchor="end">'
        f"{e(row['label'])}</text>"
    )


def _bar(chart: dict) -> list[str]:
    out = [_legend(chart)]
    for row in chart["rows"]:
        out.append(_label(row))
        out.extend(
            f'<rect class="{cls}" x="{x}" y="{y}" width="{w}" height="{h}"/>'
            f'<text class="value" x="{tx}" y="{ty}">{e(text)}</text>'
            for cls, x, y, w, h, text, tx, ty in row["bars"]
        )
    axis = chart["axis_x"]
    out.append(f'<line class="axis" x1="{axis}" x2="{axis}" y1="0" y2="{chart["axis_y2"]}"/>')
    out.append(_empty(chart, axis, 16, ' dx="8"'))
    return out


def _stacked(chart: dict) -> list[str]:
    out = [_legend(chart)]
    for row in chart["rows"]:
        out.append(_label(row))
        out.extend(
            f'<rect class="{cls} segment" x="{x}" y="{y}" width="{w}" height="{h}">'
            f"<title>{e(tip)}</title></rect>"
            for cls, x, y, w, h, tip in row["segments"]
        )
        out.append(f'<text class="value" x="{row["tx"]}" y="{row["ty"]}">{e(row["text"])}</text>')
    axis = chart["axis_x"]
    out.append(f'<line class="axis" x1="{axis}" x2="{axis}" y1="20" y2="{chart["axis_y2"]}"/>')
    out.append(_empty(chart, axis, 44, ' dx="8"'))
    return out


def _heat(chart: dict) -> list[str]:
    out = [
        f'<text class="label" x="{h["x"]}" y="{h["y"]}" '
        f'transform="rotate(-45 {h["x"]} {h["y"]})">{e(h["label"])}</text>'
        for h in chart["headers"]
    ]
    g = chart["grid"]
    if not chart["empty"]:
        out.append(
            f'<rect class="heat-grid" x="{g["x"]}" y="{g["y"]}" '
            f'width="{g["w"]}" height="{g["h"]}"/>'
        )
        out.extend(
            f'<line class="grid" x1="{g["x"]}" x2="{g["x2"]}" y1="{y}" y2="{y}"/>'
            for y in g["rows"]
        )
        out.extend(
            f'<line class="grid" x1="{x}" x2="{x}" y1="{g["y"]}" y2="{g["y2"]}"/>'
            for x in g["cols"]
        )
    for row in chart["rows"]:
        out.append(_label(row))
        out.extend(
            f'<rect class="heat {cls}" x="{x}" y="{y}" width="{w}" height="{h}"/>'
            f'<text class="cell {cls}" x="{tx}" y="{ty}" text-anchor="middle">{e(text)}</text>'
            for cls, x, y, w, h, text, tx, ty in row["cells"]
        )
    out.append(_empty(chart, 200, 140))
    return out


def _line(chart: dict) -> list[str]:
    left, right, bottom = chart["left"], chart["right"], chart["bottom"]
    out = [_legend(chart)]
    out.extend(
        f'<line class="grid" x1="{left}" x2="{right}" y1="{t["y"]}" y2="{t["y"]}"/>'
        f'<text class="label" x="{left}" dx="-6" y="{t["ty"]}" text-anchor="end">'
        f"{e(t['label'])}</text>"
        for t in chart["ticks_y"]
    )
    for t in chart["ticks_x"]:
        if chart["rotate_x"]:
            placing = f' transform="rotate(-45 {t["x"]} {t["y"]})" text-anchor="end"'
        else:
            placing = ' text-anchor="middle"'
        out.append(f'<text class="label" x="{t["x"]}" y="{t["y"]}"{placing}>{e(t["label"])}</text>')
    out.append(f'<line class="axis" x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}"/>')
    ref = chart["reference"]
    if ref:
        out.append(
            f'<line class="reference" x1="{left}" x2="{right}" y1="{ref["y"]}" y2="{ref["y"]}"/>'
            f'<text class="reference-label" x="{right}" y="{ref["ty"]}" text-anchor="end">'
            f"{e(ref['label'])}</text>"
        )
    for line in chart["lines"]:
        cls = line["cls"]
        out.extend(f'<polyline class="line {cls}" points="{piece}"/>' for piece in line["pieces"])
        out.extend(
            f'<circle class="{cls}" cx="{x}" cy="{y}" r="3.5"><title>{e(tip)}</title></circle>'
            for x, y, tip in line["points"]
        )
    out.append(_empty(chart, left, chart["top"], ' dx="8" dy="16"'))
    return out


DRAW = {"bar": _bar, "stacked": _stacked, "heat": _heat, "line": _line}


def chart_svg(chart: dict, chart_id: str) -> SafeString:
    """The chart as an accessible ``<svg role="img">`` with its title and description."""
    body = "".join(DRAW[chart["kind"]](chart))
    return mark_safe(f"{_open(chart, chart_id)}{body}</svg>")  # noqa: S308 (escaped above)


def table_rows(rows: list[tuple[str, list[tuple[str, str]]]]) -> SafeString:
    """``<tr>`` per (row header, [(class attribute, text), ...]) as the view formatted them."""
    return mark_safe(  # noqa: S308 (every text is escaped)
        "".join(
            f'<tr><th scope="row">{e(head)}</th>'
            + "".join(f"<td{cls}>{e(text)}</td>" for cls, text in cells)
            + "</tr>"
            for head, cells in rows
        )
    )
