"""An initiator on a phone opens their profile from the header, gets a wrong number explained
at its field and lets the city see the right one."""

import pytest

from tests.support import factories as f
from tests.support.browser import (
    axe_check,
    expect,
    log_in,
    open_menu,
    screenshot,
    switch_to_english,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_initiator_fills_in_the_profile_on_a_phone(phone_page, live_server):
    page = phone_page
    member = f.InitiatorFactory(email="lid@example.org", name="Fatima el Amrani", phone="")

    log_in(page, live_server, "lid@example.org", f.PASSWORD)
    switch_to_english(page)
    # On a phone the header's navigation is folded behind Menu; it names the person.
    open_menu(page)
    profile_link = page.locator(".account-nav a[href='/account/profiel/']")
    expect(profile_link).to_have_text("Fatima el Amrani")
    profile_link.click()
    expect(page.locator("main h1")).to_have_text("My profile")
    axe_check(page)

    page.locator("#id_phone").fill("06 1234")
    page.locator("input[name=preferred_contact][value=phone]").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("A Dutch phone number has 10 digits")
    axe_check(page)

    page.locator("#id_phone").fill("06 12345678")
    page.locator("#id_phone_visible_to_city").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Your profile has been saved.")
    screenshot(page, "profile")

    member.refresh_from_db()
    assert (member.phone, member.phone_visible_to_city) == ("06 12345678", True)
    # The partner page as the city sees it is checked in tests/test_profiles.py: on a phone
    # that page is wider than the screen for civil servants (not this journey's subject).
