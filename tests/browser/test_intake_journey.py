"""Intake (issue 15), from a fresh registration: the initiator registers in the guided form and sees
that no point of contact is named yet, with the days left; the area's coordinator is mailed,
finds the initiative in the intake queue and names a civil servant; the initiator then sees who
their point of contact is and how to reach them."""

import re

import pytest
from django.core import mail

from initiatives.models import Area, Initiative
from tests.support import factories as f
from tests.support.browser import (
    axe_check,
    expect,
    log_in,
    open_menu,
    screenshot,
    switch_to_english,
    visit,
)
from tests.support.mail import run_digest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Buurttuin Pendrecht"


def register(page) -> None:
    """The four steps of the guided form, as briefly as they allow (from the header's
    navigation, folded behind Menu on a phone)."""
    open_menu(page)
    page.get_by_role("link", name="Register an initiative").first.click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("Buren maken samen een tuin van een grasveld.")
    page.get_by_label("physical").check()
    page.get_by_label("Green and climate").check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Step 2 of 4")
    page.get_by_label("Area").select_option(label="Charlois")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Step 3 of 4")
    page.get_by_label("Number of volunteers").fill("5")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Step 4 of 4")
    page.get_by_label("Advice").check()
    page.get_by_role("button", name="Register the initiative").click()
    expect(page.locator(".messages")).to_contain_text("has been registered")
    expect(page.locator("main h1")).to_have_text(TITLE)


def test_a_fresh_registration_gets_a_point_of_contact_through_the_intake(
    phone_page, page, live_server
):
    initiator = f.InitiatorFactory(email="tuin@example.org")
    coordinator = f.CoordinatorFactory(email="coordinator.charlois@example.org")
    Area.objects.get(slug="charlois").coordinators.add(coordinator)
    f.CivilServantFactory(
        name="Petra de Wit", email="petra.dewit@example.org", phone="010 123 4567"
    )

    # The initiator registers on a phone and sees the clock of the intake.
    log_in(phone_page, live_server, initiator.email, f.PASSWORD)
    switch_to_english(phone_page)
    register(phone_page)
    municipality = phone_page.locator("section[aria-labelledby=municipality-heading]")
    expect(municipality).to_contain_text("none yet")
    expect(municipality).to_contain_text("10 working days left")
    axe_check(phone_page)
    partner_page = phone_page.url

    # The area's coordinator is told in the day's digest (not at once), with a link to the intake.
    assert not [m for m in mail.outbox if m.to == [coordinator.email]]
    run_digest()
    told = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(told) == 1 and "Charlois" in told[0].subject
    assert re.search(r"https?://\S+/intake/", told[0].body)

    # The coordinator finds it in the intake queue (opened on their own area) and names someone.
    log_in(page, live_server, coordinator.email, f.PASSWORD)
    switch_to_english(page)
    visit(page, f"{live_server.url}/intake/")
    row = page.locator("table.data tbody tr", has_text=TITLE)
    expect(row).to_contain_text("Charlois")
    expect(row).to_contain_text("10 working days left")
    screenshot(page, "intake-queue")
    row.get_by_role("link", name=f"Name a point of contact {TITLE}").click()
    axe_check(page)
    page.get_by_label("Point of contact (aanspreekpunt)").select_option(
        label="Petra de Wit (Stadsontwikkeling)"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("have been saved")
    visit(page, f"{live_server.url}/intake/")
    expect(page.locator("table.data tbody")).not_to_contain_text(TITLE)

    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.point_of_contact.email == "petra.dewit@example.org"
    assert initiative.point_of_contact_assigned_at is not None
    assert any(m.to == [initiator.email] for m in mail.outbox)

    # The initiator sees who it is and how to reach them, on the partner page and in their list.
    visit(phone_page, partner_page)
    municipality = phone_page.locator("section[aria-labelledby=municipality-heading]")
    expect(municipality).to_contain_text("Petra de Wit, Stadsontwikkeling")
    expect(municipality.get_by_role("link", name="petra.dewit@example.org")).to_have_attribute(
        "href", "mailto:petra.dewit@example.org"
    )
    expect(municipality.get_by_role("link", name="010 123 4567")).to_be_visible()
    expect(municipality).not_to_contain_text("working days")
    screenshot(phone_page, "intake-point-of-contact")
    visit(phone_page, f"{live_server.url}/initiatieven/mijn/")
    expect(phone_page.locator("table.data")).to_contain_text("Petra de Wit")
