"""A refusal on a ground the request's own figures contradict is warned and explained; the
decision names the objection route; the initiator objects in the app and the deciding department
answers it from its work list (issue 15)."""

import re
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import date_format

from partnership.models import CityRequest, Objection
from tests.support import factories as f
from tests.support.browser import axe_check, expect, log_in, screenshot, switch_to_english, visit
from tests.support.factories_requests import kind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in_as(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, email, f.PASSWORD)
    switch_to_english(page)


def test_a_contradicted_refusal_is_explained_objected_to_and_answered(page, live_server):
    servant = f.CivilServantFactory(email="ambtenaar@example.org")  # Stadsontwikkeling
    lead = f.InitiatorFactory(email="lid@example.org")
    initiative = f.InitiativeFactory(
        lead=lead, title="Buurtpark Tarwewijk", slug="buurtpark-tarwewijk"
    )
    challenge = f.CityRequestFactory(
        initiative=initiative,
        kind=kind("right-to-challenge"),
        department=servant.department,
        status=CityRequest.Status.UNDER_CONSIDERATION,
        title="Onderhoud van het buurtpark",
        task_taken_over="Het onderhoud van het buurtpark.",
        proposed_budget=Decimal("6500"),
        current_city_cost=Decimal("9200"),
    )
    request_page = f"{live_server.url}/initiatieven/buurtpark-tarwewijk/verzoeken/{challenge.pk}/"

    # The deciding department refuses on "higher cost": the form warns with the figures.
    log_in_as(page, live_server, "ambtenaar@example.org")
    visit(page, request_page)
    page.get_by_text("Decide on this request").click()
    warning = page.locator(".warning")
    expect(warning).to_contain_text("Higher cost than the current provision")
    expect(warning).to_contain_text("€\u00a06,500.00")
    expect(warning).to_contain_text("€\u00a09,200.00")
    axe_check(page)
    page.get_by_label("refused", exact=True).check()
    page.get_by_label("Higher cost than the current provision").check()
    page.get_by_label("Reasons").fill("Wij voeren het onderhoud liever zelf uit.")
    page.get_by_role("button", name="Record the decision").click()
    # Without an explanation: an error tied to the explanation field.
    explanation = page.get_by_label("Why the ground holds against the request's own figures")
    expect(explanation).to_have_attribute("aria-invalid", "true")
    expect(page.locator("form.form .field-error").first).to_contain_text("contradict")
    axe_check(page)
    page.get_by_label("refused", exact=True).check()
    page.get_by_label("Higher cost than the current provision").check()
    page.get_by_label("Reasons").fill("Wij voeren het onderhoud liever zelf uit.")
    explanation.fill("De begroting mist de verzekering en het materieel.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text("The decision has been recorded")
    challenge.refresh_from_db()
    assert challenge.decision == "refused"
    assert challenge.contradiction_explanation.startswith("De begroting mist")
    term_ends = challenge.objection_term_ends

    # The decision names the objection route and its end date.
    visit(page, request_page)
    route = page.locator(".objection-route")
    expect(route).to_contain_text("General Administrative Law Act")
    with translation.override("en"):
        expect(route).to_contain_text(f"until and including {date_format(term_ends)}.")

    # The initiator lodges an objection in the app.
    log_in_as(page, live_server, "lid@example.org")
    visit(page, request_page)
    expect(page.locator(".objection-route")).to_contain_text("General Administrative Law Act")
    page.get_by_role("link", name=re.compile(r"^Lodge an objection")).click()
    axe_check(page)
    page.get_by_label("Why do you object?").fill(
        "Onze begroting ligt onder wat de gemeente nu uitgeeft."
    )
    page.get_by_role("button", name="Lodge the objection").click()
    expect(page.locator(".messages")).to_contain_text("Your objection has been lodged")
    axe_check(page)
    objection = Objection.objects.get()
    assert objection.department == servant.department

    # The department finds it on its work list and answers it.
    log_in_as(page, live_server, "ambtenaar@example.org")
    page.get_by_role("link", name="Work list").click()
    section = page.locator("#objections")
    expect(section.locator("caption")).to_contain_text("1 objection waiting for an answer")
    expect(section).to_contain_text("days left")
    section.get_by_role("link", name="Onderhoud van het buurtpark").click()
    axe_check(page)
    page.get_by_label("partly well-founded", exact=True).check()
    page.get_by_label("Reasoned answer").fill("De verzekering valt lager uit; wij overleggen.")
    page.get_by_role("button", name="Record the decision on the objection").click()
    expect(page.locator(".messages")).to_contain_text("The decision on the objection")
    objection.refresh_from_db()
    assert objection.outcome == "partly"

    # The public register shows the explanation and the objection's outcome.
    page.context.clear_cookies()
    visit(page, f"{live_server.url}/verzoeken/")
    switch_to_english(page)
    table = page.locator("table.data")
    expect(table).to_contain_text("De begroting mist de verzekering")
    expect(table).to_contain_text("partly well-founded")
    screenshot(page, "objection_register")
