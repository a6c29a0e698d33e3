"""A civil servant logs a contact with a hand-off, a commitment and a blockage on the partner page,
hands the blockage to another department, settles it, and sees the work list follow each step."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from partnership.models import Blockage, BlockageHandoff, Commitment, Contact, Notification
from tests.support import factories as f
from tests.support.browser import (
    axe_check,
    expect,
    log_in,
    open_filters,
    screenshot,
    switch_to_english,
    visit,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def caption(page, section: str):
    return page.locator(f"#{section} caption")


def filter_department(page, department: str) -> None:
    """Show the work list of ``department`` through the list's own filter form (the page has a
    section on routing blockages to a department too, so the field is found inside the form)."""
    open_filters(page)
    form = page.get_by_role("form", name="Filter the work list")
    form.get_by_label("Department").select_option(label=department)
    form.get_by_role("button", name="Filter").click()


def submit_and_return(page, button: str, message: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(message)
    axe_check(page)


def test_a_civil_servant_logs_hands_on_and_settles_and_the_work_list_follows(page, live_server):
    f.CivilServantFactory(email="ambtenaar@example.org")  # Stadsontwikkeling
    lead = f.InitiatorFactory(email="lid@example.org")
    initiative = f.InitiativeFactory(
        lead=lead, title="Moestuin Tarwewijk", slug="moestuin-tarwewijk"
    )
    due = timezone.localdate() + dt.timedelta(days=3)

    log_in(page, live_server, "ambtenaar@example.org", f.PASSWORD)
    switch_to_english(page)
    page.get_by_role("link", name="Work list").click()
    axe_check(page)
    expect(caption(page, "blockages")).to_have_text(re.compile(r"^\s*0 open blockages"))
    expect(caption(page, "commitments")).to_have_text(re.compile(r"^\s*0 commitments"))
    expect(caption(page, "waiting")).to_have_text(re.compile(r"^\s*0 initiatives need"))

    visit(page, f"{live_server.url}/initiatieven/moestuin-tarwewijk/")

    # A contact, referred on to another department: a hand-off.
    page.get_by_role("link", name="Log a contact").click()
    axe_check(page)
    page.get_by_label("Channel").select_option(label="meeting")
    page.get_by_label("Who took the initiative").select_option(label="the initiative")
    page.get_by_label("Summary").fill("Kennismaking over het braakliggende terrein.")
    page.get_by_label("Outcome").fill("Beheer van het terrein ligt bij Stadsbeheer.")
    page.get_by_label("Referred to department").select_option(label="Stadsbeheer")
    submit_and_return(page, "Log contact", "The contact has been logged")
    contact = Contact.objects.get(initiative=initiative)
    assert contact.department.name == "Stadsontwikkeling"
    assert contact.referred_to.name == "Stadsbeheer"
    # The member hears of it: in their notification list now, by mail with the day's digest.
    assert Notification.objects.filter(recipient__email="lid@example.org", kind="logged").exists()

    # A commitment, due within the week.
    page.get_by_role("link", name="Log a commitment").click()
    axe_check(page)
    page.get_by_label("What was promised").fill("Wij zoeken binnen drie dagen uit wie eigenaar is.")
    page.get_by_label("Due date").fill(due.isoformat())
    submit_and_return(page, "Log commitment", "The commitment has been logged")
    assert Commitment.objects.get(initiative=initiative).due_on == due

    # A blockage, in the civil servant's own department.
    page.get_by_role("link", name="Log a blockage").click()
    axe_check(page)
    page.get_by_label("Category").select_option(label="land")
    page.get_by_label("What happened").fill("De grondprijs maakt de moestuin onbetaalbaar.")
    page.get_by_label("Severity").select_option(label="high: the initiative cannot go on")
    submit_and_return(page, "Log blockage", "The blockage has been logged")
    blockage = Blockage.objects.get(initiative=initiative)
    assert blockage.department.name == "Stadsontwikkeling"

    # The work list now holds all three, and the initiative needs a coordinator (two departments).
    page.get_by_role("link", name="Work list").click()
    axe_check(page)
    expect(caption(page, "blockages")).to_have_text(re.compile(r"^\s*1 open blockage,"))
    expect(page.locator("#blockages tbody")).to_contain_text("De grondprijs")
    expect(caption(page, "commitments")).to_have_text(re.compile(r"^\s*1 commitment"))
    expect(caption(page, "waiting")).to_have_text(re.compile(r"^\s*1 initiative needs"))

    # Hand the blockage on to Stadsbeheer: it leaves this department's list.
    page.locator("#blockages").get_by_role("link", name="Moestuin Tarwewijk").click()
    page.get_by_role("link", name=re.compile(r"^Hand to another department")).click()
    axe_check(page)
    page.get_by_label("Hand to department").select_option(label="Stadsbeheer")
    page.get_by_label("Why this department").fill("Het terrein is in beheer bij Stadsbeheer.")
    submit_and_return(page, "Hand on", "The blockage has been handed on")
    blockage.refresh_from_db()
    assert blockage.department.name == "Stadsbeheer"
    assert BlockageHandoff.objects.filter(blockage=blockage).count() == 1

    page.get_by_role("link", name="Work list").click()
    expect(caption(page, "blockages")).to_have_text(re.compile(r"^\s*0 open blockages"))
    filter_department(page, "Stadsbeheer")
    expect(caption(page, "blockages")).to_have_text(re.compile(r"^\s*1 open blockage,"))
    axe_check(page)

    # Settle it: it leaves the work list altogether.
    page.locator("#blockages").get_by_role("link", name="Moestuin Tarwewijk").click()
    page.get_by_role("link", name=re.compile(r"^Settle\s*:")).click()
    axe_check(page)
    page.get_by_label("resolved", exact=True).check()
    page.get_by_label("Resolution").fill("De grond wordt voor een symbolisch bedrag verhuurd.")
    submit_and_return(page, "Settle blockage", "The blockage has been settled")
    blockage.refresh_from_db()
    assert blockage.status == Blockage.Status.RESOLVED

    visit(page, f"{live_server.url}/werkvoorraad/?department={blockage.department_id}")
    expect(caption(page, "blockages")).to_have_text(re.compile(r"^\s*0 open blockages"))
    screenshot(page, "civil-servant")
