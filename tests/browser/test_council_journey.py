"""A council member opens each dashboard, filters it, downloads a figure as CSV, and never sees
anyone's personal data."""

import re

import pytest
from django.utils import translation

from partnership.dashboards.registry import DASHBOARDS
from tests.support import factories as f
from tests.support.browser import axe_check, expect, log_in, screenshot, switch_to_english

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Personal data of initiators and civil servants that must appear on no dashboard and in no export.
PEOPLE = [
    ("Jantje Privégegevens", "jantje.prive@example.org", "06-99887766"),
    ("Ambtenaar Vertrouwelijk", "vertrouwelijk@example.org", "010-4891234"),
]


def city_with_records():
    lead = f.InitiatorFactory(name=PEOPLE[0][0], email=PEOPLE[0][1], phone=PEOPLE[0][2])
    servant = f.CivilServantFactory(name=PEOPLE[1][0], email=PEOPLE[1][1], phone=PEOPLE[1][2])
    charlois = f.InitiativeFactory(lead=lead, title="Moestuin Tarwewijk", point_of_contact=servant)
    delfshaven = f.InitiativeFactory(
        title="Buurtkeuken Spangen",
        area=f.im.Area.objects.get(slug="delfshaven"),
        neighbourhood=None,
        domain="physical",
    )
    # Five initiatives in Charlois: a council member sees no figure resting on fewer (issue 18).
    for n in range(4):
        f.InitiativeFactory(title=f"Buurtinitiatief {n}", area=charlois.area)
    for initiative in (charlois, delfshaven):
        f.ContactFactory(initiative=initiative, logged_by=servant)
        f.CommitmentFactory(initiative=initiative, logged_by=servant)
        blockage = f.BlockageFactory(initiative=initiative, logged_by=servant)
        f.BlockageHandoffFactory(blockage=blockage)
        f.CityRequestFactory(initiative=initiative)
        f.ValueRecordFactory(initiative=initiative)


def assert_no_personal_data(text: str, where: str) -> None:
    for name, email, phone in PEOPLE:
        for value in (name, email, phone):
            assert value not in text, f"{value!r} shown in {where}"


def test_a_council_member_reads_filters_and_downloads_every_dashboard(page, live_server):
    city_with_records()
    f.CouncilMemberFactory(email="raadslid@example.org")
    log_in(page, live_server, "raadslid@example.org", f.PASSWORD)
    switch_to_english(page)

    for board in DASHBOARDS:
        with translation.override("en"):  # the page is in English now
            title = str(board.title)
        page.get_by_role("link", name="Dashboards", exact=True).click()
        axe_check(page)
        page.locator("main").get_by_role("link", name=title, exact=True).click()
        expect(page.locator("main h1")).to_have_text(title)
        axe_check(page)
        assert_no_personal_data(page.locator("main").inner_text(), f"{board.slug} dashboard")

        page.locator("form.dashboard-filters").get_by_label("Area").select_option(label="Charlois")
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"[?&]area=charlois"))
        expect(page.locator(".filters-summary")).to_contain_text("Charlois")
        axe_check(page)
        assert_no_personal_data(page.locator("main").inner_text(), f"filtered {board.slug}")

        with page.expect_download() as download_info:
            page.locator(
                'section .downloads a[href*="format=csv"]:not([href*="csv-nl"])'
            ).first.click()
        download = download_info.value
        assert download.suggested_filename.endswith(".csv")
        content = download.path().read_text(encoding="utf-8-sig")
        assert content.strip(), f"empty CSV from {board.slug}"
        assert_no_personal_data(content, f"CSV of {board.slug}")

    screenshot(page, "council")
