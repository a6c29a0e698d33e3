"""An initiator's journey on a phone: sign up, confirm the address, register the initiative in the
guided form, find it in the catalogue, raise a blockage, dispute a commitment, invite a
co-initiator."""

import re

import pytest
from django.core import mail

from initiatives.models import Initiative, Invitation, Membership
from partnership.models import Blockage, Commitment
from tests.support import factories as f
from tests.support.browser import (
    axe_check,
    expect,
    open_filters,
    open_menu,
    screenshot,
    switch_to_english,
    visit,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "moestuin@example.org"


def sign_up_and_confirm(page, live_server) -> None:
    visit(page, f"{live_server.url}/accounts/signup/")
    switch_to_english(page)
    page.locator("input[name=name]").fill("Fatima el Amrani")
    page.get_by_label("Email").fill(EMAIL)
    page.locator("input[name=password1]").fill("een-lang-wachtwoord-2026")
    page.locator("input[name=password2]").fill("een-lang-wachtwoord-2026")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator("main h1")).to_have_text("Verify Your Email Address")
    axe_check(page)

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    visit(page, link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".account-nav")).to_contain_text("Fatima el Amrani")
    axe_check(page)


def register_initiative(page) -> None:
    """The four steps of the guided form, with one validation error on the way."""
    open_menu(page)
    page.get_by_role("link", name="Register an initiative").first.click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Step 1 of 4")
    axe_check(page)
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".field-error").first).to_be_visible()
    axe_check(page)

    page.get_by_label("Title").fill("Moestuin aan de Dorpsweg")
    page.get_by_label("Summary").fill("Buren kweken samen groente op een braakliggend terrein.")
    page.get_by_label("physical").check()
    page.get_by_label("Food").check()
    page.get_by_label("Green and climate").check()
    page.get_by_label("starting:").check()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=2)).to_contain_text("Step 2 of 4")
    axe_check(page)
    page.get_by_label("Area").select_option(label="Charlois")
    page.get_by_label("Neighbourhood").select_option(label="Tarwewijk (Charlois)")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=2)).to_contain_text("Step 3 of 4")
    axe_check(page)
    page.get_by_label("informal group").check()
    page.get_by_label("Number of volunteers").fill("6")
    page.get_by_label("Number of people reached").fill("80")
    page.get_by_label("Show the initiative in the public catalogue").check()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", level=2)).to_contain_text("Step 4 of 4")
    axe_check(page)
    page.get_by_label("Land", exact=True).check()
    page.get_by_label("Uses municipal land").check()
    page.get_by_role("button", name="Register the initiative").click()

    expect(page.locator(".messages")).to_contain_text("has been registered")
    expect(page.locator("main h1")).to_have_text("Moestuin aan de Dorpsweg")
    axe_check(page)


def test_an_initiator_signs_up_registers_raises_disputes_and_invites_on_a_phone(
    phone_page, live_server
):
    page = phone_page
    # A rule the city has on its list, owned by Stadsontwikkeling.
    f.PolicyFrameworkFactory(name="Grondprijsbeleid", department=f.department("Stadsontwikkeling"))
    sign_up_and_confirm(page, live_server)
    register_initiative(page)
    initiative = Initiative.objects.get(title="Moestuin aan de Dorpsweg")
    assert initiative.memberships.get().user.email == EMAIL
    assert initiative.memberships.get().role == Membership.Role.LEAD
    assert initiative.area.slug == "charlois" and initiative.is_public
    partner_page = page.url

    # Found in the public catalogue by searching for it (the menu folds the links on a phone).
    open_menu(page)
    page.get_by_role("link", name="Initiatives", exact=True).click()
    axe_check(page)
    open_filters(page)
    page.get_by_label("Search").fill("Dorpsweg")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#results")).to_have_text(re.compile(r"1 initiative matches"))
    axe_check(page)
    page.get_by_role("link", name="Moestuin aan de Dorpsweg").click()
    assert page.url == partner_page

    # Raises a blockage in their own words, naming the rule (no department to choose: the rule
    # brings the department that owns it).
    page.get_by_role("link", name="Raise a blockage").click()
    axe_check(page)
    expect(page.get_by_label("Department")).to_have_count(0)
    page.get_by_label("Which rule is in the way?").select_option(
        label="Grondprijsbeleid (Stadsontwikkeling)"
    )
    page.get_by_label("What is stuck? In your own words.").fill(
        "We mogen het terrein niet gebruiken zolang de grondprijs niet bekend is."
    )
    page.get_by_label("How much does it hold you back?").select_option(
        label="high: the initiative cannot go on"
    )
    page.get_by_role("button", name="Raise blockage").click()
    expect(page.locator(".messages")).to_contain_text("Your blockage has been raised")
    expect(page.locator("main h1")).to_have_text("Moestuin aan de Dorpsweg")
    axe_check(page)
    blockage = Blockage.objects.get(initiative=initiative)
    assert blockage.raised_by_role == Blockage.RaisedBy.INITIATOR
    assert blockage.logged_by.email == EMAIL
    assert blockage.department.name == "Stadsontwikkeling"
    expect(page.locator("main")).to_contain_text("Raised by the initiative; not yet confirmed")

    # The city logged a commitment meanwhile; the initiator disputes it.
    commitment = f.CommitmentFactory(
        initiative=initiative, description="De gemeente levert binnen een week een waterpunt."
    )
    page.reload()
    page.get_by_role("link", name=re.compile(r"^Dispute this commitment")).click()
    axe_check(page)
    page.get_by_label("Your words").fill("Er is nooit een week genoemd; we wachten al maanden.")
    page.get_by_role("button", name="Dispute commitment").click()
    expect(page.locator(".messages")).to_contain_text("Your dispute has been recorded")
    axe_check(page)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DISPUTED
    expect(page.locator("main")).to_contain_text("we wachten al maanden")

    # Invites a co-initiator from the partner page's members tab (Enter sends the form).
    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_label("E-mail address of the co-initiator").fill("buurvrouw@example.org")
    page.get_by_label("E-mail address of the co-initiator").press("Enter")
    expect(page.locator(".messages")).to_contain_text("buurvrouw@example.org")
    assert Invitation.objects.filter(initiative=initiative, email="buurvrouw@example.org").exists()
    assert mail.outbox[-1].to == ["buurvrouw@example.org"]
    axe_check(page)
    screenshot(page, "initiator")
