"""A coordinator gives a user a role through the users page."""

import re

import pytest
from django.contrib.auth import get_user_model

from initiatives.permissions import CIVIL_SERVANT, INITIATOR, roles_of
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


def filter_department(page, department: str) -> None:
    """Show the work list of ``department`` through the list's own filter form (the page has a
    section on routing blockages to a department too, so the field is found inside the form)."""
    open_filters(page)
    form = page.get_by_role("form", name="Filter the work list")
    form.get_by_label("Department").select_option(label=department)
    form.get_by_role("button", name="Filter").click()


def test_a_coordinator_makes_a_user_a_civil_servant_of_a_department(page, live_server):
    f.CoordinatorFactory(email="coordinator@example.org")
    newcomer = f.InitiatorFactory(email="nieuwe.ambtenaar@example.org")
    log_in(page, live_server, "coordinator@example.org", f.PASSWORD)
    switch_to_english(page)

    visit(page, f"{live_server.url}/beheer/gebruikers/")
    page.get_by_label("Name or e-mail").fill("nieuwe.ambtenaar")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(1)
    axe_check(page)
    page.get_by_role("link", name="Change roles nieuwe.ambtenaar@example.org").click()

    axe_check(page)
    page.get_by_label("civil servant").check()
    page.get_by_label("Department").select_option(label="Stadsbeheer")
    page.get_by_role("button", name="Save roles").click()

    expect(page.locator(".messages")).to_contain_text("have been saved")
    expect(page.locator("table.data")).to_contain_text("nieuwe.ambtenaar@example.org")
    newcomer = get_user_model().objects.get(pk=newcomer.pk)
    assert CIVIL_SERVANT in roles_of(newcomer)
    assert newcomer.department.name == "Stadsbeheer"
    axe_check(page)
    screenshot(page, "coordinator-role")


def test_a_role_for_a_civil_servant_without_department_shows_the_error_at_the_field(
    page, live_server
):
    f.CoordinatorFactory(email="coordinator@example.org")
    target = f.InitiatorFactory(email="zonder.afdeling@example.org")
    log_in(page, live_server, "coordinator@example.org", f.PASSWORD)
    switch_to_english(page)

    visit(page, f"{live_server.url}/beheer/gebruikers/{target.pk}/")
    page.get_by_label("civil servant").check()
    page.get_by_role("button", name="Save roles").click()

    expect(page.locator(".field-error")).to_contain_text("Choose the department")
    axe_check(page)
    assert roles_of(get_user_model().objects.get(pk=target.pk)) == {INITIATOR}


def test_a_coordinator_takes_on_an_initiative_that_needs_one_from_the_work_list(page, live_server):
    coordinator = f.CoordinatorFactory(email="coordinator@example.org", name="Carla Coördinator")
    initiative = f.InitiativeFactory(title="Buurtkeuken Spangen", slug="buurtkeuken-spangen")
    f.ContactFactory(initiative=initiative, department=f.department("Stadsontwikkeling"))
    f.ContactFactory(initiative=initiative, department=f.department("Stadsbeheer"))
    log_in(page, live_server, "coordinator@example.org", f.PASSWORD)
    switch_to_english(page)

    page.get_by_role("link", name="Work list").click()
    filter_department(page, "All departments")
    axe_check(page)
    waiting = page.locator("#waiting")
    expect(waiting.locator("caption")).to_have_text(re.compile(r"^\s*1 initiative needs"))
    waiting.get_by_role("link", name="Assign Buurtkeuken Spangen").click()

    axe_check(page)
    page.get_by_label("Coordinator").select_option(
        label="Carla Coördinator (Maatschappelijke Ontwikkeling)"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("have been saved")
    axe_check(page)
    initiative.refresh_from_db()
    assert initiative.coordinator_id == coordinator.pk

    page.get_by_role("link", name="Work list").click()
    filter_department(page, "All departments")
    expect(page.locator("#waiting caption")).to_have_text(re.compile(r"^\s*0 initiatives need"))
    expect(page.locator("#my_initiatives")).to_contain_text("Buurtkeuken Spangen")
    axe_check(page)
    screenshot(page, "coordinator-assign")
