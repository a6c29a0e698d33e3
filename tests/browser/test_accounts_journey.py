"""A newcomer signs up, confirms the address from the e-mail and is logged in; a returning user
logs in through the form."""

import re

import pytest
from django.core import mail

from tests.support import factories as f
from tests.support.browser import axe_check, expect, log_in, screenshot, visit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_newcomer_signs_up_confirms_the_email_and_is_logged_in(page, live_server):
    visit(page, f"{live_server.url}/")
    page.locator(".account-nav a[href='/accounts/signup/']").click()
    axe_check(page)
    page.locator("input[name=name]").fill("Jan de Vries")
    page.locator("input[name=email]").fill("nieuw@example.org")
    page.locator("input[name=password1]").fill("een-lang-wachtwoord-2026")
    page.locator("input[name=password2]").fill("een-lang-wachtwoord-2026")
    page.locator("form:has(input[name=password1]) button[type=submit]").click()
    page.wait_for_load_state()
    axe_check(page)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    visit(page, link)
    page.locator("form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    axe_check(page)

    expect(page.locator(".account-nav")).to_contain_text("Jan de Vries")
    screenshot(page, "signup")


def test_a_registered_user_logs_in_through_the_form(page, live_server):
    f.InitiatorFactory(email="terug@example.org")
    log_in(page, live_server, "terug@example.org", f.PASSWORD)
    screenshot(page, "login")
