"""Nothing a partner sends goes unseen (issue 15), in the browser: an initiator raises a
blockage on a phone without knowing the rule or the department; their point of contact finds it
in the triage of the work list and routes it; the receiving department sees it on its work list
waiting for a first answer, beside a request filed today that it decides; its civil servant reads
the notification in the app, and the day's digest brings each person and mailbox one mail."""

from collections import Counter

import pytest
from django.core import mail

from initiatives.accounts.models import Department
from partnership.models import Blockage, BlockageHandoff, CityRequest
from tests.support import factories as f
from tests.support.browser import axe_check, expect, log_in, screenshot, switch_to_english, visit
from tests.support.mail import run_digest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Speeltuin Oud-Charlois"
STUCK = "Het hek om de speeltuin is kapot en niemand weet wie het moet maken."


def log_in_as(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, email, f.PASSWORD)
    switch_to_english(page)


def test_a_blockage_without_a_known_department_is_routed_and_answered(
    phone_page, page, live_server
):
    beheer = Department.objects.get(name="Stadsbeheer")
    beheer.email = "stadsbeheer@rotterdam.example"
    beheer.save()
    contact = f.CivilServantFactory(name="Petra de Wit", email="petra.dewit@example.org")
    keeper = f.CivilServantFactory(
        name="Karim Bouali", email="karim.bouali@example.org", department=beheer
    )
    lead = f.InitiatorFactory(email="speeltuin@example.org")
    initiative = f.InitiativeFactory(
        lead=lead, title=TITLE, slug="speeltuin-oud-charlois", point_of_contact=contact
    )
    # A request filed today, decided by Stadsbeheer: on its work list from day one.
    f.CityRequestFactory(
        initiative=initiative,
        department=beheer,
        status=CityRequest.Status.SUBMITTED,
        title="Beheer van de speeltuin",
    )

    # The initiator, on a phone, describes what is stuck and does not know the rule.
    log_in_as(phone_page, live_server, lead.email)
    visit(phone_page, f"{live_server.url}/initiatieven/{initiative.slug}/knelpunt/melden/")
    expect(phone_page.get_by_label("Department")).to_have_count(0)
    phone_page.get_by_label("What is stuck? In your own words.").fill(STUCK)
    expect(phone_page.get_by_label("Which rule is in the way?")).to_have_value("")
    axe_check(phone_page)
    phone_page.get_by_role("button", name="Raise blockage").click()
    expect(phone_page.locator(".messages")).to_be_visible()
    blockage = Blockage.objects.get(initiative=initiative)
    assert blockage.department is None

    # The point of contact finds it in the triage of the work list and routes it.
    log_in_as(page, live_server, contact.email)
    visit(page, f"{live_server.url}/werkvoorraad/")
    triage = page.locator("section#triage")
    expect(triage).to_contain_text(TITLE)
    expect(triage).to_contain_text("none: the initiative does not know")
    screenshot(page, "triage")
    triage.get_by_role("link", name="Route").first.click()
    page.get_by_label("Route to department").select_option(label="Stadsbeheer")
    page.get_by_label("Why this department").fill("Het hek staat in de openbare ruimte.")
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    handoff = BlockageHandoff.objects.get(blockage=blockage)
    assert (handoff.from_department, handoff.to_department) == (None, beheer)

    # Stadsbeheer: the blockage and today's request both wait for a first answer.
    log_in_as(page, live_server, keeper.email)
    visit(page, f"{live_server.url}/werkvoorraad/?department={beheer.pk}")
    waiting = page.locator("section#first_answers")
    expect(waiting).to_contain_text("Blockage raised")
    expect(waiting).to_contain_text("Request")
    expect(waiting.locator("tbody tr", has_text=TITLE)).to_have_count(2)

    # The notification is in the app, unread, for the department's mailbox.
    expect(page.get_by_role("link", name="Notifications")).to_contain_text("unread")
    page.get_by_role("link", name="Notifications").click()
    item = page.locator(".notification-unread").first
    expect(item).to_contain_text("for Stadsbeheer")
    axe_check(page)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".notification-unread")).to_have_count(0)

    # Nothing was mailed one by one; the day's digest brings each address one mail.
    assert not [m for m in mail.outbox if "stadsbeheer@rotterdam.example" in m.to]
    run_digest()
    per_address = Counter(address for m in mail.outbox for address in m.to)
    assert per_address["stadsbeheer@rotterdam.example"] == 1
    assert max(per_address.values()) == 1
    (digest,) = [m for m in mail.outbox if m.to == ["stadsbeheer@rotterdam.example"]]
    assert TITLE in digest.body
