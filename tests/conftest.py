"""Standing users for every test: a member (lead) of ``initiative``, another initiator, a civil
servant, a council member and a coordinator; and a visitor (the plain ``client``)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests import factories as f


@pytest.fixture(autouse=True)
def _dutch_by_default(settings):
    # Rate limits (logins, invitations) count in the cache: every test starts from zero.
    cache.clear()
    settings.LANGUAGE_CODE = "nl"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests log staff in with force_login (no second factor); tests/test_security*.py turn it on.
    settings.MFA_REQUIRED_FOR_STAFF = False
    translation.activate("nl")
    yield
    translation.deactivate()


@pytest.fixture
def member(db):
    return f.InitiatorFactory(email="lid@example.org")


@pytest.fixture
def other_initiator(db):
    return f.InitiatorFactory(email="ander@example.org")


@pytest.fixture
def civil_servant(db):
    return f.CivilServantFactory(email="ambtenaar@example.org")


@pytest.fixture
def council_member(db):
    return f.CouncilMemberFactory(email="raadslid@example.org")


@pytest.fixture
def coordinator(db):
    return f.CoordinatorFactory(email="coordinator@example.org")


@pytest.fixture
def initiative(member):
    return f.InitiativeFactory(lead=member, title="Moestuin Tarwewijk", slug="moestuin-tarwewijk")


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def other_initiator_client(other_initiator):
    return _client_for(other_initiator)


@pytest.fixture
def civil_servant_client(civil_servant):
    return _client_for(civil_servant)


@pytest.fixture
def council_client(council_member):
    return _client_for(council_member)


@pytest.fixture
def coordinator_client(coordinator):
    return _client_for(coordinator)


@pytest.fixture
def client_for():
    return _client_for
