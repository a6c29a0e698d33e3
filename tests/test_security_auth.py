"""Logging in and inviting, hardened: the admin logs in through allauth (rate limits, the second
factor), staff must have passed their second factor in THIS session, coordinators can reset a
lost authenticator (recorded), invitations are bound to the invited address and rate-limited, and
user-chosen text stays out of e-mail subjects."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client

from initiatives.accounts.models import AuthenticatorReset
from tests.support import factories as f
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _no_stale_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    return settings


def _with_totp(user):
    return Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})


def _passed_second_factor(client, user):
    """What allauth writes into the session when the user typed a code from the app."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": 0, "type": "totp"}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


# 1. The second factor of THIS session; the admin behind allauth's login


@pytest.mark.parametrize("path", ["/beheer/gebruikers/", "/beheer/audit/", "/admin/", "/"])
def test_a_coordinator_with_totp_logged_in_by_password_only_is_asked_for_the_code(
    mfa_required, coordinator, path
):
    coordinator.is_staff = True
    coordinator.save()
    _with_totp(coordinator)
    client = Client()
    client.force_login(coordinator)  # a session without an "mfa" record

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=")


def test_without_the_code_the_authenticator_cannot_be_switched_off(mfa_required, coordinator):
    _with_totp(coordinator)
    client = Client()
    client.force_login(coordinator)
    response = client.get("/accounts/2fa/totp/deactivate/")
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert client.get("/accounts/2fa/reauthenticate/").status_code == 200


def test_the_code_typed_on_the_page_it_is_sent_to_lets_the_coordinator_work(
    mfa_required, coordinator
):
    from allauth.mfa.totp.internal import auth as totp

    secret = totp.generate_totp_secret()
    totp.TOTP.activate(coordinator, secret)
    client = Client()
    client.force_login(coordinator)
    asked = client.get("/beheer/gebruikers/")["Location"]
    counter = next(totp.yield_hotp_counters_from_time())
    code = totp.format_hotp_value(totp.hotp_value(secret, counter))

    response = client.post(asked, {"code": code})

    assert response["Location"] == "/beheer/gebruikers/"
    assert client.get("/beheer/gebruikers/").status_code == 200


def test_after_the_code_the_coordinator_may_work(mfa_required, coordinator):
    _with_totp(coordinator)
    client = Client()
    client.force_login(coordinator)
    _passed_second_factor(client, coordinator)
    assert client.get("/beheer/gebruikers/").status_code == 200


def test_a_civil_servant_sees_personal_data_and_needs_an_authenticator(
    mfa_required, civil_servant_client
):
    response = civil_servant_client.get("/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_anchor_staff_need_an_authenticator_like_civil_servants(mfa_required, client_for):
    # Issue 17: anchor institutions' staff log in "with two factors, like civil servants".
    anchor = f.AnchorFactory()
    assert client_for(anchor).get("/")["Location"] == "/accounts/2fa/totp/activate/"


def test_an_initiator_is_not_asked_for_a_second_factor(mfa_required, member_client):
    assert member_client.get("/").status_code == 200


def test_production_setting_covers_staff_with_recovery_codes(settings):
    from django.conf import settings as django_settings

    assert "recovery_codes" in django_settings.MFA_SUPPORTED_TYPES
    assert not django_settings.MFA_TRUST_ENABLED


def test_the_admin_login_page_hands_over_to_allauth(client):
    f.InitiatorFactory(email="beheer@example.org", is_staff=True, is_superuser=True)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "beheer@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not client.get("/").context["user"].is_authenticated


def test_fifteen_wrong_admin_passwords_lock_the_admin_out(client):
    f.InitiatorFactory(email="beheer@example.org", is_staff=True, is_superuser=True)
    for _ in range(15):
        client.post("/admin/login/", {"username": "beheer@example.org", "password": "geraden"})
        client.post("/accounts/login/", {"login": "beheer@example.org", "password": "geraden"})

    client.post("/admin/login/", {"username": "beheer@example.org", "password": PASSWORD})
    client.post("/accounts/login/", {"login": "beheer@example.org", "password": PASSWORD})

    assert not client.get("/").context["user"].is_authenticated
    assert client.get("/admin/").status_code == 302


def test_a_logged_in_user_who_is_not_staff_gets_403_at_the_admin_login(member_client):
    assert member_client.get("/admin/login/").status_code == 403


# 2. A coordinator resets a lost authenticator, and it is recorded


def test_a_coordinator_removes_a_lost_authenticator_and_it_is_recorded(
    coordinator_client, coordinator, civil_servant
):
    _with_totp(civil_servant)
    page = coordinator_client.get(f"/beheer/gebruikers/{civil_servant.pk}/", **EN)
    assert "Remove lost authenticator" in page.content.decode()

    response = coordinator_client.post(
        f"/beheer/gebruikers/{civil_servant.pk}/", {"reset_authenticator": "1"}
    )

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=civil_servant).exists()
    record = AuthenticatorReset.objects.get()
    assert (record.user, record.reset_by, record.authenticators) == (
        civil_servant,
        coordinator,
        1,
    )
    page = coordinator_client.get(f"/beheer/gebruikers/{civil_servant.pk}/", **EN)
    assert coordinator.email in page.content.decode()


@pytest.mark.parametrize("who", ["member_client", "civil_servant_client", "council_client"])
def test_only_a_coordinator_may_remove_an_authenticator(request, who, coordinator):
    _with_totp(coordinator)
    response = request.getfixturevalue(who).post(
        f"/beheer/gebruikers/{coordinator.pk}/", {"reset_authenticator": "1"}
    )
    assert response.status_code == 403
    assert Authenticator.objects.filter(user=coordinator).exists()
    assert not AuthenticatorReset.objects.exists()


# 3. An invitation is bound to the address it was sent to


@pytest.fixture
def invitation(initiative, member):
    from initiatives.services import invitation_create

    return invitation_create(initiative=initiative, email="Nieuw@Example.org", invited_by=member)


def _accept(client, invitation, **extra):
    return client.post(f"/initiatieven/uitnodiging/{invitation.token}/", **extra)


@pytest.mark.parametrize("who", ["other_initiator", "civil_servant", "council_member"])
def test_someone_with_another_address_cannot_use_the_invitation(request, who, invitation):
    user = request.getfixturevalue(who)
    client = Client()
    client.force_login(user)

    page = client.get(f"/initiatieven/uitnodiging/{invitation.token}/", **EN)
    response = _accept(client, invitation, **EN)

    assert page.status_code == response.status_code == 403
    assert "This invitation was sent to another e-mail address" in response.content.decode()
    assert not invitation.initiative.memberships.filter(user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_unverified_copy_of_the_address_is_not_enough(invitation):
    from allauth.account.models import EmailAddress

    squatter = f.InitiatorFactory(email="kaper@example.org")
    EmailAddress.objects.create(user=squatter, email="nieuw@example.org", verified=False)
    client = Client()
    client.force_login(squatter)
    assert _accept(client, invitation).status_code == 403
    assert not invitation.initiative.memberships.filter(user=squatter).exists()


def test_the_invitee_with_the_verified_address_joins_whatever_the_case(invitation):
    invitee = f.UserFactory(email="nieuw@example.org")
    client = Client()
    client.force_login(invitee)
    assert _accept(client, invitation).status_code == 302
    assert invitation.initiative.memberships.filter(user=invitee, left_at=None).exists()


# 4. Invitations are rate-limited, and user-chosen text stays out of subjects


def test_sixteen_invitations_in_a_row_are_not_all_sent(
    member_client, initiative, mailoutbox, django_capture_on_commit_callbacks
):
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(16):
            response = member_client.post(
                f"/initiatieven/{initiative.slug}/uitnodigen/",
                {"email": f"ontvanger{n}@example.org"},
                **EN,
            )
            statuses.append(response.status_code)

    assert statuses[:10] == [302] * 10
    assert all(status != 302 for status in statuses[10:])
    assert "Too many invitations" in response.content.decode()
    assert len(mailoutbox) == 10


def test_an_initiative_cannot_be_used_to_invite_without_end_by_many_members(
    initiative, django_capture_on_commit_callbacks, mailoutbox
):
    members = [f.MembershipFactory(initiative=initiative).user for _ in range(3)]
    sent = 0
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(30):
            client = Client()
            client.force_login(members[n % 3])
            response = client.post(
                f"/initiatieven/{initiative.slug}/uitnodigen/", {"email": f"x{n}@example.org"}
            )
            sent += response.status_code == 302
    assert sent == 20
    assert len(mailoutbox) == 20


def test_the_invitation_subject_carries_no_title_and_no_name(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    member.name = "Bank Rotterdam Klantenservice"
    member.save()
    initiative = f.InitiativeFactory(lead=member, title="Uw rekening is geblokkeerd, klik hier")
    client = Client()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/initiatieven/{initiative.slug}/uitnodigen/", {"email": "slachtoffer@example.org"}
        )
    (message,) = mailoutbox
    assert message.subject == "Uitnodiging voor een initiatief op het Partnerplatform"
    assert "geblokkeerd" not in message.subject and "Bank" not in message.subject


def test_no_notification_subject_template_uses_a_title_or_a_name():
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "templates"
    subjects = sorted(folder.glob("**/email/*subject*"))
    assert subjects
    for path in subjects:
        text = path.read_text()
        for user_chosen in ("title", "name", "summary", "description", "inviter"):
            assert user_chosen not in text, f"{path.name} puts {user_chosen} in a subject"


# 13. Error pages in the site's layout, Dutch and English


LAYOUT_NL = "Initiatieven zijn partners in de publieke zaak, geen klanten."
LAYOUT_EN = "Initiatives are partners in the public cause, not customers."


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def test_not_found_is_in_the_layout_in_dutch_and_english(production, client):
    nl = client.get("/bestaat-niet/")
    en = client.get("/bestaat-niet/", **EN)
    assert nl.status_code == en.status_code == 404
    assert LAYOUT_NL in nl.content.decode() and "Pagina niet gevonden" in nl.content.decode()
    assert LAYOUT_EN in en.content.decode() and "Page not found" in en.content.decode()
    assert 'href="/"' in nl.content.decode()


def test_forbidden_is_in_the_layout_in_dutch_and_english(production, member_client):
    nl = member_client.get("/beheer/gebruikers/")
    en = member_client.get("/beheer/gebruikers/", **EN)
    assert nl.status_code == en.status_code == 403
    assert LAYOUT_NL in nl.content.decode() and "Geen toegang" in nl.content.decode()
    assert LAYOUT_EN in en.content.decode() and "No access" in en.content.decode()


def test_a_csrf_failure_is_in_the_layout_in_dutch_and_english(production, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    nl = client.post("/initiatieven/nieuw/", {})
    en = client.post("/initiatieven/nieuw/", {}, **EN)
    assert nl.status_code == en.status_code == 403
    assert LAYOUT_NL in nl.content.decode() and "Het formulier is verlopen" in nl.content.decode()
    assert LAYOUT_EN in en.content.decode() and "The form has expired" in en.content.decode()


def test_a_server_error_is_in_the_layout_without_the_database(
    production, rf, django_assert_num_queries
):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in html and "Something went wrong" in html
    assert LAYOUT_NL in html and LAYOUT_EN in html
    assert 'href="/"' in html
