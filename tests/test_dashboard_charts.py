"""The SVG charts and table rows that svg.py writes by hand: well-formed, accessible, and every
name from the data shown as text, never as markup."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import localize, number_format

from partnership.dashboards import charts, svg
from partnership.dashboards.tables import number_text

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & Zoë\'s "tuin"'


def _charts(label: str) -> dict[str, dict]:
    labels = [label, "Noord"]
    return {
        "bar": charts.bar_chart(labels, [(label, [3, 0]), ("Twee", [1, 2])], title=label),
        "stacked": charts.stacked_bars(labels, [(label, [3, 1]), ("Twee", [1, 0])], title=label),
        "heat": charts.heat_table(labels, [label, "Beheer"], [[2, 0], [1, 5]], title=label),
        "line": charts.line_chart(
            labels, [(label, [40, None])], title=label, reference=(label, 40)
        ),
    }


@pytest.mark.parametrize("kind", ["bar", "stacked", "heat", "line"])
def test_each_chart_is_well_formed_svg_with_its_title_and_description(kind):
    chart = _charts("Feijenoord")[kind]
    root = ET.fromstring(svg.chart_svg(chart, "chart-x-0"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-x-0-t chart-x-0-d"
    assert root.find(f"{SVG}title").text == "Feijenoord"
    assert "Feijenoord" in root.find(f"{SVG}desc").text


@pytest.mark.parametrize("kind", ["bar", "stacked", "heat", "line"])
def test_markup_in_a_name_is_drawn_as_text(kind):
    chart = _charts(HOSTILE)[kind]
    out = svg.chart_svg(chart, "chart-x-0")
    assert "<script" not in out
    root = ET.fromstring(out)  # still well-formed: the quotes and ampersand are escaped
    texts = [el.text or "" for el in root.iter()]
    assert any(HOSTILE[:20] in text for text in texts)


@pytest.mark.parametrize("kind", ["bar", "stacked", "heat", "line"])
def test_an_empty_chart_says_so(kind):
    chart = {
        "bar": charts.bar_chart([], [("Een", [])], title="Leeg"),
        "stacked": charts.stacked_bars([], [("Een", [])], title="Leeg"),
        "heat": charts.heat_table([], [], [], title="Leeg"),
        "line": charts.line_chart([], [("Een", [])], title="Leeg"),
    }[kind]
    root = ET.fromstring(svg.chart_svg(chart, "c"))
    empty = [el for el in root.iter(f"{SVG}text") if el.get("class") == "empty"]
    assert [el.text for el in empty] == ["Geen gegevens voor deze filters."]


def test_bars_are_as_long_as_their_share_of_the_largest_value():
    chart = charts.bar_chart(["Noord", "Zuid"], [("Initiatieven", [10, 5])], title="t")
    root = ET.fromstring(svg.chart_svg(chart, "c"))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_table_rows_escape_headers_and_cells():
    out = svg.table_rows([(HOSTILE, [(' class="num"', "1.234"), ("", "<b>x</b>")])])
    assert out.startswith('<tr><th scope="row">&lt;script&gt;')
    assert '<td class="num">1.234</td><td>&lt;b&gt;x&lt;/b&gt;</td></tr>' in out


@pytest.mark.parametrize(
    "value", [0, 7, -12, 123456, 2.5, -0.25, 1e-7, Decimal("1234.50"), "Groen. Klimaat", True]
)
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("grouping", [False, True])
def test_cells_are_written_as_django_writes_them(value, language, grouping, settings):
    # Issue 18: numbers always with their thousands grouped (1.299.500,00), whatever the
    # site-wide setting; text as Django writes it.
    settings.USE_THOUSAND_SEPARATOR = grouping
    with translation.override(language):
        if isinstance(value, str | bool):
            assert number_text(value) == localize(value)
        else:
            assert number_text(value) == number_format(value, force_grouping=True)
            assert number_text(value, decimal_pos=1) == number_format(
                value, decimal_pos=1, force_grouping=True
            )


def test_a_dutch_cell_groups_thousands_with_points_and_decimals_with_a_comma():
    with translation.override("nl"):
        assert number_text(Decimal("1299500.00")) == "1.299.500,00"
        assert number_text(123456) == "123.456"
