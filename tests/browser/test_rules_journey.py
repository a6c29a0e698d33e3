"""Rules on the table (issue 16): from an initiative's blockage to a proposal to change the rule,
three initiatives supporting it, the owning department's answer, a new version of the framework,
and the council's dashboard showing it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from partnership.models import PolicyFrameworkVersion, ProposalSupport, RuleProposal
from tests.support import factories as f
from tests.support.browser import axe_check, expect, log_in, screenshot, switch_to_english, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in_as(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, email, f.PASSWORD)
    switch_to_english(page)


def test_a_blockage_becomes_a_proposal_that_changes_the_rule(page, live_server):
    framework = f.PolicyFrameworkFactory(name="Nota grondbeleid")  # owned by Stadsontwikkeling
    lead = f.InitiatorFactory(email="lid@example.org")
    initiative = f.InitiativeFactory(
        lead=lead, title="Moestuin Tarwewijk", slug="moestuin-tarwewijk"
    )
    blockage = f.BlockageFactory(
        initiative=initiative,
        policy_framework=framework,
        raised_on=timezone.localdate() - dt.timedelta(days=400),
    )
    others = []
    for n, title in enumerate(("Speeltuin Oud-Charlois", "Buurtkeuken Spangen")):
        member = f.InitiatorFactory(email=f"steun{n}@example.org")
        others.append(f.InitiativeFactory(lead=member, title=title))
    f.CivilServantFactory(email="ambtenaar@example.org")
    f.CoordinatorFactory(email="coordinator@example.org")
    f.CouncilMemberFactory(email="raadslid@example.org")

    # The initiator proposes a change to the rule behind the blockage, from the partner page.
    log_in_as(page, live_server, "lid@example.org")
    visit(page, f"{live_server.url}/initiatieven/moestuin-tarwewijk/")
    page.get_by_role("link", name=re.compile(r"^Propose a change to this rule")).first.click()
    axe_check(page)
    expect(page.get_by_label("Policy framework")).to_have_value(str(framework.pk))
    page.get_by_label("Title").fill("Grond voor een euro")
    page.get_by_label("What the rule says now").fill("Gemeentegrond tegen de marktprijs.")
    page.get_by_label("What should change").fill("Symbolische huur voor initiatieven.")
    page.locator("#id_reasons").fill("De moestuin kan de marktprijs niet betalen.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".messages")).to_contain_text("Your draft is saved")
    axe_check(page)
    proposal = RuleProposal.objects.get()
    assert list(proposal.blockages.all()) == [blockage]
    page.get_by_role("button", name="Submit the proposal").click()
    expect(page.locator(".messages")).to_contain_text("It is public now")

    # Three initiatives support it, each through one of its members.
    page.get_by_role("link", name="Support on behalf of your initiative").click()
    page.get_by_label("Why we support this (public, optional)").fill("Wij betalen nu te veel.")
    page.get_by_role("button", name="Support", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Moestuin Tarwewijk now supports")
    for n in range(2):
        log_in_as(page, live_server, f"steun{n}@example.org")
        visit(page, f"{live_server.url}/regels/{proposal.pk}/")
        page.get_by_role("link", name="Support on behalf of your initiative").click()
        axe_check(page)
        page.get_by_role("button", name="Support", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("now supports this proposal")
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 3

    # The public movement page shows it with its support.
    page.context.clear_cookies()
    visit(page, f"{live_server.url}/regels/")
    # (the table sits in its own sideways-scrolling box inside the section)
    row = page.locator("section[aria-labelledby=open-heading] tr", has_text="Grond voor een euro")
    expect(row.get_by_role("cell").nth(1)).to_have_text("3")  # supporting initiatives

    # The owning department answers.
    log_in_as(page, live_server, "ambtenaar@example.org")
    visit(page, f"{live_server.url}/regels/{proposal.pk}/")
    page.get_by_role("link", name="Answer the proposal").click()
    axe_check(page)
    page.get_by_label("adopted", exact=True).check()
    page.get_by_label("Reasoning").fill("Goed onderbouwd met drie initiatieven.")
    page.get_by_label("What changes, and when").fill("Nieuwe nota per 1 januari.")
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.locator(".messages")).to_contain_text("The answer has been published")

    # A coordinator records the new version of the framework, from the proposal.
    log_in_as(page, live_server, "coordinator@example.org")
    visit(page, f"{live_server.url}/regels/{proposal.pk}/")
    page.get_by_role("link", name="Record a new version of the framework").click()
    axe_check(page)
    valid_from = timezone.localdate() - dt.timedelta(days=100)
    page.get_by_label("Valid from").fill(valid_from.isoformat())
    page.locator("#id_summary").fill("Symbolische huur voor initiatieven.")
    expect(page.get_by_label("The proposal that led to it")).to_have_value(str(proposal.pk))
    page.get_by_role("button", name="Record the version").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 of Nota grondbeleid")
    assert PolicyFrameworkVersion.objects.get().proposal == proposal

    # The council reads it on the dashboard.
    log_in_as(page, live_server, "raadslid@example.org")
    page.get_by_role("link", name="Dashboards", exact=True).click()
    page.locator("main").get_by_role("link", name="Rules on the table", exact=True).click()
    axe_check(page)
    expect(page.locator("#table-rules_by_framework")).to_contain_text("Nota grondbeleid")
    expect(page.locator("#table-rules_support")).to_contain_text("Grond voor een euro")
    expect(page.locator("#table-rules_before_after")).to_contain_text("Nota grondbeleid v1")
    screenshot(page, "rules-on-the-table")
