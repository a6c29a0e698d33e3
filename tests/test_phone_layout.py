"""What keeps the pages fitting a phone without a browser: the header's menu and the filters fold
behind one button (the filters' button counts the filters in use), filter dates say their format,
and every table scrolls in its own focusable box. The browser test
(tests/browser/test_every_page_fits.py) measures the pages themselves."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_header_menu_is_a_details_element_with_a_named_button(client):
    html = client.get("/initiatieven/", **EN).content.decode()
    menu = html.split('<details class="site-menu">', 1)[1].split("</details>", 1)[0]
    assert re.search(r"<summary>.*Menu.*</summary>", menu)
    assert 'aria-label="Main navigation"' in menu


def test_the_filters_button_counts_the_filters_in_use_but_not_the_page(client):
    html = client.get("/initiatieven/", {"q": "tuin", "area": "charlois", "page": "1"}, **EN)
    summary = html.content.decode().split('<summary class="filter-toggle">', 1)[1]
    assert summary.split("</summary>", 1)[0].endswith('<span class="badge">2 active</span>')


def test_without_filters_the_button_shows_no_count(client):
    html = client.get("/initiatieven/", {"q": " "}, **EN).content.decode()
    summary = html.split('<summary class="filter-toggle">', 1)[1].split("</summary>", 1)[0]
    assert "active" not in summary


def test_filter_dates_say_their_format_and_accept_it(coordinator_client):
    html = coordinator_client.get("/dashboard/knelpunten/", **EN).content.decode()
    assert "As dd-mm-yyyy, for example 31-12-2026." in html
    dutch = coordinator_client.get("/dashboard/knelpunten/", {"since": "01-02-2026"})
    assert dutch.status_code == 200
    assert "id_since_error" not in dutch.content.decode()
    wrong = coordinator_client.get("/dashboard/knelpunten/", {"since": "1 feb"})
    assert "id_since_error" in wrong.content.decode()


def test_every_table_in_the_templates_scrolls_in_its_own_focusable_box():
    unwrapped = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            before = text[: match.start()].rstrip().rsplit("\n", 1)[-1]
            if 'class="table-scroll" tabindex="0" role="region"' not in before:
                unwrapped.append(str(path.relative_to(TEMPLATES)))
    assert not unwrapped, unwrapped
