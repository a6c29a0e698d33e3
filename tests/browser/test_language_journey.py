"""The header's language switch keeps the visitor on the page they were reading and translates
it."""

import pytest

from tests.support import factories as f
from tests.support.browser import axe_check, expect, log_in, path_of, screenshot, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_switching_from_dutch_to_english_keeps_the_page_and_translates_it(page, live_server):
    visit(page, f"{live_server.url}/accounts/login/?next=/beheer/gebruikers/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("main h1")).to_have_text("Inloggen")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert path_of(page) == "/accounts/login/?next=/beheer/gebruikers/"
    expect(page.locator("main h1")).to_have_text("Sign In")
    expect(page.get_by_role("button", name="Nederlands")).to_be_visible()
    axe_check(page)
    screenshot(page, "language-switch")


def test_the_chosen_language_stays_when_logged_in_and_switches_back(page, live_server):
    f.CoordinatorFactory(email="coordinator@example.org")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="English").click()
    log_in(page, live_server, "coordinator@example.org", f.PASSWORD)

    visit(page, f"{live_server.url}/beheer/gebruikers/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert path_of(page) == "/beheer/gebruikers/"
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    axe_check(page)
