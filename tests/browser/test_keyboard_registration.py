"""The guided registration form can be completed with the keyboard alone: Tab to move, typing to
fill in and choose, Space to tick, Enter to go to the next step. No clicks."""

import pytest

from initiatives.models import Initiative
from tests.support import factories as f
from tests.support.browser import axe_check, expect, log_in, screenshot, switch_to_english

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tab_to(page, locator, limit: int = 120) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user would; the focus must show."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            outline = locator.evaluate("el => getComputedStyle(el).outlineStyle")
            assert outline != "none", f"{locator} has the focus but shows no focus outline"
            return
    pytest.fail(f"{locator} never received the focus after {limit} presses of Tab")


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def tick(page, locator) -> None:
    tab_to(page, locator)
    page.keyboard.press("Space")
    expect(locator).to_be_checked()


def next_step(page, number: int) -> None:
    tab_to(page, page.get_by_role("button", name="Next"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2)).to_contain_text(f"Step {number} of 4")
    axe_check(page)


def test_the_registration_form_can_be_completed_with_the_keyboard_only(page, live_server):
    f.InitiatorFactory(email="toetsenbord@example.org")
    log_in(page, live_server, "toetsenbord@example.org", f.PASSWORD)
    switch_to_english(page)
    page.goto(f"{live_server.url}/initiatieven/nieuw/")
    axe_check(page)

    # Step 1: the first radio of a group is reached by Tab; Space chooses it.
    type_into(page, page.get_by_label("Title"), "Repair café Pendrecht")
    type_into(page, page.get_by_label("Summary"), "Buren repareren samen spullen.")
    tick(page, page.get_by_label("social (care and welfare)"))
    tick(page, page.get_by_label("Culture"))
    next_step(page, 2)

    # Step 2: typing on a focused select picks the option that starts with it.
    type_into(page, page.get_by_label("Area"), "Charlois")
    expect(page.get_by_label("Area").locator("option:checked")).to_have_text("Charlois")
    next_step(page, 3)

    # Step 3: type the numbers; Enter in a text field submits the step (implicit submission).
    type_into(page, page.get_by_label("Number of volunteers"), "4")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Step 4 of 4")
    axe_check(page)

    # Step 4: tick an ask and register.
    tick(page, page.get_by_label("Advice"))
    tab_to(page, page.get_by_role("button", name="Register the initiative"))
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("has been registered")
    axe_check(page)

    initiative = Initiative.objects.get(title="Repair café Pendrecht")
    assert initiative.area.slug == "charlois"
    assert initiative.domain == "social"
    assert initiative.volunteers == 4
    assert list(initiative.asks.values_list("code", flat=True)) == ["advice"]
    screenshot(page, "keyboard-registration")
