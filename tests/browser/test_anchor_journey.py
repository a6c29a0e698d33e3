"""An anchor institution as a partner (issue 17), with two factors like civil servants: a
coordinator makes a user staff of Woonstad Rotterdam; they log in, set up their authenticator,
see the initiative their organisation works with and record a purchase; the initiative's member
sees it on the partner page and disputes it."""

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from initiatives.models import AnchorStaff, InitiativePartner
from initiatives.permissions import is_anchor
from partnership.models import Contract
from tests.support import factories as f
from tests.support.browser import (
    activate_authenticator,
    axe_check,
    expect,
    log_in,
    log_in_with_code,
    log_out,
    screenshot,
    switch_to_english,
    visit,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_anchor_records_a_purchase_and_the_initiative_disputes_it(page, live_server, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    coordinator = f.CoordinatorFactory(email="coordinator@example.org")
    coordinator_secret = generate_totp_secret()
    TOTP.activate(coordinator, coordinator_secret)
    woonstad = f.PartnerOrganisationFactory(name="Woonstad Rotterdam", kind="housing")
    staff = f.UserFactory(email="inkoop@woonstad.example.org", name="Ivo Inkoop")
    lead = f.InitiatorFactory(email="lid@example.org")
    initiative = f.InitiativeFactory(
        lead=lead, title="Moestuin Tarwewijk", slug="moestuin-tarwewijk"
    )
    InitiativePartner.objects.create(
        initiative=initiative, organisation=woonstad, cooperation="accommodation"
    )

    # The coordinator (password and code) makes the user staff of Woonstad Rotterdam.
    log_in_with_code(page, live_server, coordinator.email, f.PASSWORD, coordinator_secret)
    switch_to_english(page)
    visit(page, f"{live_server.url}/beheer/gebruikers/")
    page.get_by_label("Name or e-mail").fill("inkoop@woonstad")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=f"Change roles {staff.email}").click()
    axe_check(page)
    page.get_by_label("anchor institution staff").check()
    page.get_by_label("Organisation").select_option(label="Woonstad Rotterdam")
    page.get_by_role("button", name="Save roles").click()
    expect(page.locator(".messages")).to_contain_text("have been saved")
    assert AnchorStaff.objects.get(user=staff).organisation == woonstad
    log_out(page)

    # The anchor logs in and is sent to set up an authenticator before anything else.
    log_in(page, live_server, staff.email, f.PASSWORD)
    assert "/accounts/2fa/totp/activate/" in page.url or "reauthenticate" in page.url
    activate_authenticator(page, f.PASSWORD)
    visit(page, f"{live_server.url}/mijn-organisatie/")
    switch_to_english(page)
    expect(page.locator("h1")).to_contain_text("Woonstad Rotterdam")
    expect(page.locator("#anchor-initiatives-heading + ul")).to_contain_text("Moestuin Tarwewijk")
    expect(page.locator("main")).not_to_contain_text("lid@example.org")

    # It records a purchase from the initiative.
    page.get_by_role("link", name="Record cooperation").click()
    axe_check(page)
    page.get_by_label("Initiative").select_option(label="Moestuin Tarwewijk (Charlois)")
    page.get_by_label("Kind of cooperation").select_option(value="purchase")
    page.get_by_label("What").fill("Groentepakketten voor de huurdersavonden")
    page.get_by_label("Amount (€)").fill("1250")
    page.get_by_label("From").fill((dt.date.today() - dt.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("The initiative sees it")
    expect(page.locator("main")).to_contain_text("Groentepakketten voor de huurdersavonden")
    axe_check(page)
    contract = Contract.objects.get(initiative=initiative)
    assert contract.awarded_by_organisation == woonstad and contract.logged_by == staff
    assert is_anchor(type(staff).objects.get(pk=staff.pk))
    screenshot(page, "anchor-home")
    log_out(page)

    # The initiative's member sees the record on the partner page and disputes it.
    log_in(page, live_server, lead.email, f.PASSWORD)
    switch_to_english(page)
    visit(page, f"{live_server.url}/initiatieven/moestuin-tarwewijk/")
    expect(page.locator("main")).to_contain_text("Groentepakketten voor de huurdersavonden")
    expect(page.locator("main")).to_contain_text("Woonstad Rotterdam")
    page.get_by_role("link", name="Dispute this record").click()
    axe_check(page)
    page.get_by_label("What is not right?").fill("Het waren 40 pakketten, niet 50: € 1.000.")
    page.get_by_role("button", name="Dispute").click()
    expect(page.locator(".messages")).to_contain_text("Your objection has been recorded")
    expect(page.locator("main")).to_contain_text("Het waren 40 pakketten")
    contract.refresh_from_db()
    assert contract.disputed_at is not None and "40 pakketten" in contract.dispute
    screenshot(page, "anchor-dispute")
