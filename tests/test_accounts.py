"""Initiators sign up themselves with e-mail verification; staff can turn on TOTP."""

import re

import pytest
from django.core import mail

from initiatives.accounts.models import User
from initiatives.permissions import INITIATOR, roles_of
from tests.support.factories import PASSWORD, CivilServantFactory, InitiatorFactory

pytestmark = pytest.mark.django_db


def _link_in_last_mail() -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


def test_a_volunteer_signs_up_confirms_the_address_and_is_an_initiator(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Jan de Vries",
            "email": "vrijwilliger@example.org",
            "password1": "Moestuin-2026!",
            "password2": "Moestuin-2026!",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="vrijwilliger@example.org")
    assert user.name == "Jan de Vries"
    assert INITIATOR in roles_of(user)
    assert len(mail.outbox) == 1
    # Not logged in before the address is confirmed.
    assert not client.get("/").context["user"].is_authenticated

    confirm_url = _link_in_last_mail()
    assert client.post(confirm_url).status_code == 302
    assert user.emailaddress_set.get().verified


def test_signup_errors_are_tied_to_the_field_in_dutch(client):
    response = client.post(
        "/accounts/signup/", {"email": "geen-adres", "password1": "a", "password2": "b"}
    )
    assert response.status_code == 200
    assert "Voer een geldig e-mailadres in" in response.content.decode()


def test_a_verified_user_logs_in_with_email_and_password(client):
    InitiatorFactory(email="actief@example.org")
    response = client.post(
        "/accounts/login/", {"login": "actief@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "actief@example.org"


def test_a_wrong_password_is_refused(client):
    InitiatorFactory(email="actief@example.org")
    response = client.post("/accounts/login/", {"login": "actief@example.org", "password": "fout"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_password_reset_sends_a_link(client):
    InitiatorFactory(email="vergeten@example.org")
    client.post("/accounts/password/reset/", {"email": "vergeten@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_civil_servants_can_open_two_factor_setup(client):
    user = CivilServantFactory()
    client.force_login(user)
    # Turning on 2FA asks for the password again first.
    response = client.get("/accounts/2fa/totp/activate/")
    assert "/accounts/reauthenticate/" in response["Location"]
    client.post(response["Location"], {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "totp_url" in response.context or "form" in response.context
    assert response.context["form"].secret
