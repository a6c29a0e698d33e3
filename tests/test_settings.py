"""Settings come from the environment and fail loudly, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnership.config import env

ROOT = Path(__file__).resolve().parent.parent


def test_a_malformed_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env.env_bool("DJANGO_DEBUG", default=True)


def test_a_malformed_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_EMAIL_PORT"):
        env.env_int("DJANGO_EMAIL_PORT", default=25)


def test_a_required_secret_is_asked_for_by_name(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        env.env_str("DJANGO_SECRET_KEY", default=None)


def test_database_url_for_postgresql_is_parsed():
    db = env.parse_database_url("DATABASE_URL", "postgres://u:p%40ss@db.example:6543/partner")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "partner",
        "u",
        "p@ss",
        "db.example",
        "6543",
    )


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host", "postgres://h:port/db"])
def test_a_malformed_database_url_names_the_variable(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.parse_database_url("DATABASE_URL", url)


def _manage(*args, **environ):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update(environ)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Kq9" * 10,
        DJANGO_ALLOWED_HOSTS="partners.rotterdam.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_refuses_to_start():
    result = _manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_malformed_debug_value_stops_start_up_with_its_name():
    result = _manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_production_requires_two_factor_authentication_for_staff():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.MFA_REQUIRED_FOR_STAFF)",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Kq9" * 10,
    )
    assert result.stdout.strip().splitlines()[-1] == "True", result.stdout + result.stderr


def test_with_no_environment_at_all_the_settings_refuse_to_start_instead_of_debugging():
    result = _manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "DJANGO_DEBUG" in result.stderr


def test_with_no_environment_debug_is_off_once_a_secret_is_given():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Kq9" * 10,
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stdout + result.stderr


def test_local_use_is_asked_for_explicitly_and_then_needs_no_secret():
    result = _manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_run_and_make_test_ask_for_local_use_themselves():
    makefile = (ROOT / "Makefile").read_text()
    assert "export DJANGO_DEBUG ?= true" in makefile


def test_a_pytest_run_however_started_is_local_use():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    code = (
        "import pytest, django, os; "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'partnership.config.settings'; "
        "django.setup(); from django.conf import settings; print(settings.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.stdout.strip() == "True", result.stderr
