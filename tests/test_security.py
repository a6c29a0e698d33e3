"""Security settings that a municipality must be able to rely on: a Content Security Policy
without inline script on every page, templates that need none, rate-limited logins, sessions
that expire, CSRF on unsafe methods, and two-factor authentication for coordinators."""

import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.support import factories as f
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MFA_MIDDLEWARE = "initiatives.accounts.mfa.StaffTwoFactorMiddleware"


@pytest.fixture(autouse=True)
def _no_stale_rate_limits():
    """allauth counts login attempts in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


# Content Security Policy


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _assert_strict_policy(response):
    policy = _policy(response)
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts is not None
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'unsafe-inline'" not in policy.get("style-src", policy.get("default-src"))
    assert policy.get("object-src") == ["'none'"]
    assert policy.get("frame-ancestors") == ["'none'"]


def _plain_paths(patterns=None, prefix="") -> list[str]:
    """Every path in the URL configuration that takes no argument."""
    paths = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "<" in route or "(" in route:
                continue
            paths += _plain_paths(entry.url_patterns, prefix + route.lstrip("^"))
        elif isinstance(entry, URLPattern):
            if "<" in route or "(" in route or "[" in route:
                continue
            paths.append("/" + (prefix + route).lstrip("^").rstrip("$").replace("\\", ""))
    return sorted(set(paths))


def test_every_plain_page_carries_the_policy_for_visitors_and_coordinators(settings, coordinator):
    settings.MFA_REQUIRED_FOR_STAFF = False
    paths = _plain_paths()
    assert {"/", "/privacy/", "/beheer/audit/", "/accounts/login/"} <= set(paths)
    visitor = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(coordinator)
    for path in paths:
        for client in (visitor, staff):
            _assert_strict_policy(client.get(path))


def test_object_pages_and_error_pages_carry_the_policy_too(member_client, initiative, client):
    for response in (
        member_client.get(f"/initiatieven/{initiative.slug}/"),
        member_client.get(f"/initiatieven/{initiative.slug}/geschiedenis/"),
        member_client.get("/account/gegevens/?format=json"),
        member_client.get("/beheer/audit/"),  # 403
        client.get("/bestaat-niet/"),  # 404
        client.get("/account/gegevens/"),  # redirect to log in
    ):
        _assert_strict_policy(response)


def _tags(text: str):
    return re.finditer(r"<\s*([a-zA-Z][\w-]*)([^>]*)>", text)


def _inline_code(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = []
    for tag in _tags(text):
        name, attributes = tag.group(1).lower(), tag.group(2)
        if name == "script" and not re.search(r"\ssrc\s*=", attributes):
            found.append(f"inline <script> in {path}")
        if name == "style":
            found.append(f"<style> element in {path}")
        if re.search(r"\sstyle\s*=", attributes):
            found.append(f"style= attribute in {path}: {tag.group(0)[:80]}")
        if re.search(r"\son[a-z]+\s*=", attributes):
            found.append(f"inline event handler in {path}: {tag.group(0)[:80]}")
        if re.search(r"=\s*[\"']?\s*javascript:", attributes, re.IGNORECASE):
            found.append(f"javascript: URL in {path}")
    return found


def test_no_template_needs_inline_script_or_style():
    templates = sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))
    assert len(templates) > 10
    problems = [problem for path in templates for problem in _inline_code(path)]
    assert problems == []


def test_the_template_check_would_catch_inline_code(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<script>alert(1)</script><p style="color:red" onclick="x()">'
        '<a href="javascript:void(0)">x</a><style>p{}</style>'
    )
    assert len(_inline_code(bad)) == 5
    good = tmp_path / "good.html"
    good.write_text('<script src="/static/app.js"></script><p class="x">online = yes</p>')
    assert _inline_code(good) == []


# Login rate limit


def test_the_sixth_failed_login_for_one_address_is_refused_even_with_the_right_password(client):
    f.InitiatorFactory(email="doelwit@example.org")
    assert "5/5m/key" in django_settings.ACCOUNT_RATE_LIMITS["login_failed"]
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"login": "doelwit@example.org", "password": "geraden"}, **EN
        )
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()

    response = client.post(
        "/accounts/login/", {"login": "doelwit@example.org", "password": PASSWORD}, **EN
    )

    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated


def test_the_right_password_works_before_the_limit(client):
    f.InitiatorFactory(email="vergeetachtig@example.org")
    for _ in range(4):
        client.post("/accounts/login/", {"login": "vergeetachtig@example.org", "password": "fout"})
    response = client.post(
        "/accounts/login/", {"login": "vergeetachtig@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].is_authenticated


# Sessions


def test_sessions_expire_after_a_working_day_and_when_the_browser_closes():
    assert 0 < django_settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_a_login_session_lives_only_in_the_browser_and_ends_on_the_server(client):
    f.InitiatorFactory(email="sessie@example.org")
    response = client.post(
        "/accounts/login/", {"login": "sessie@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # gone when the browser closes
    assert cookie["httponly"]
    assert client.session.get_expiry_age() <= django_settings.SESSION_COOKIE_AGE

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))

    assert not client.get("/").context["user"].is_authenticated


def test_production_cookies_are_secure_and_hsts_is_on():
    """The deploy check itself runs in tests/test_settings.py; here, what it relies on."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    code = (
        "import django, os; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.SECURE_SSL_REDIRECT, getattr(s, 'MFA_REQUIRED_FOR_STAFF', True))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MFA_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="partnership.config.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="production-secret-" + "q8Zr2" * 10,
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["True"] * 5, result.stderr


# CSRF


def test_logging_in_without_a_csrf_token_is_refused():
    f.InitiatorFactory(email="csrf@example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "csrf@example.org", "password": PASSWORD})
    assert response.status_code == 403


def test_unsafe_requests_by_a_logged_in_coordinator_need_the_token(settings, coordinator):
    settings.MFA_REQUIRED_FOR_STAFF = False
    target = f.InitiatorFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    data = {"roles": ["council_member"]}

    assert client.post(f"/beheer/gebruikers/{target.pk}/", data).status_code == 403
    assert target.groups.filter(name="council_member").count() == 0

    client.get(f"/beheer/gebruikers/{target.pk}/")  # sets the CSRF cookie
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    response = client.post(
        f"/beheer/gebruikers/{target.pk}/", {**data, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert target.groups.filter(name="council_member").count() == 1


def test_deleting_without_the_token_is_refused(settings, coordinator, member, initiative):
    settings.MFA_REQUIRED_FOR_STAFF = False
    contact = f.ContactFactory(initiative=initiative)
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(coordinator)
    assert (
        staff.post(
            f"/beheer/verwijderen/contact/{contact.pk}/", {"reason": "Een goede reden hier"}
        ).status_code
        == 403
    )
    own = Client(enforce_csrf_checks=True)
    own.force_login(member)
    assert own.post("/account/verwijderen/", {"password": PASSWORD}).status_code == 403
    member.refresh_from_db()
    assert member.is_active and contact.__class__.objects.filter(pk=contact.pk).exists()


# Two-factor authentication for coordinators


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    return settings


def test_the_requirement_is_installed_and_on_by_default():
    assert MFA_MIDDLEWARE in django_settings.MIDDLEWARE
    index = django_settings.MIDDLEWARE.index
    assert index(MFA_MIDDLEWARE) > index("allauth.account.middleware.AccountMiddleware")


@pytest.mark.parametrize("path", ["/", "/beheer/gebruikers/", "/beheer/audit/", "/admin/"])
def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up(
    mfa_required, coordinator_client, path
):
    response = coordinator_client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_the_coordinator_is_told_why(mfa_required, coordinator_client):
    response = coordinator_client.get("/beheer/gebruikers/", follow=True, **EN)
    assert "needs two-factor authentication" in response.content.decode()


def test_a_coordinator_cannot_post_without_an_authenticator(mfa_required, coordinator_client):
    target = f.InitiatorFactory()
    response = coordinator_client.post(
        f"/beheer/gebruikers/{target.pk}/", {"roles": ["coordinator"]}
    )
    assert response.status_code == 302
    assert not target.groups.filter(name="coordinator").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/2fa/totp/activate/",
        "/accounts/logout/",
        "/privacy/",
        "/health/",
        "/static/css/app.css",
    ],
)
def test_setup_log_out_privacy_health_and_static_stay_reachable(
    mfa_required, coordinator_client, path
):
    response = coordinator_client.get(path)
    assert response.get("Location") != "/accounts/2fa/totp/activate/"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # allauth: on commit
def test_a_coordinator_sets_up_totp_and_then_may_work(
    reference_data, mfa_required, coordinator_client
):
    response = coordinator_client.get("/accounts/2fa/totp/activate/")
    assert "/accounts/reauthenticate/" in response["Location"]
    coordinator_client.post(response["Location"], {"password": PASSWORD})
    secret = coordinator_client.get("/accounts/2fa/totp/activate/").context["form"].secret
    counter = next(totp.yield_hotp_counters_from_time())
    code = totp.format_hotp_value(totp.hotp_value(secret, counter))

    coordinator_client.post("/accounts/2fa/totp/activate/", {"code": code})

    # The valid code proved the factor for this session.
    assert coordinator_client.get("/beheer/gebruikers/").status_code == 200


def test_a_coordinator_with_an_authenticator_is_let_through(
    mfa_required, coordinator_client, coordinator
):
    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={})
    passed_second_factor(coordinator_client, coordinator)
    assert coordinator_client.get("/beheer/gebruikers/").status_code == 200


def passed_second_factor(client, user):
    """What allauth writes into the session when the user typed a code from the app."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": 0, "type": "totp"}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.mark.parametrize("who", ["member_client", "council_client", "client"])
def test_other_roles_are_not_asked_for_a_second_factor(mfa_required, request, who):
    assert request.getfixturevalue(who).get("/").status_code == 200


def test_the_requirement_can_be_switched_off_by_setting(settings, coordinator_client):
    settings.MFA_REQUIRED_FOR_STAFF = False
    assert coordinator_client.get("/beheer/gebruikers/").status_code == 200
