"""Standing users for every test: a member (lead) of ``initiative``, another initiator, a civil
servant, a council member and a coordinator; and a visitor (the plain ``client``)."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation

from tests.support import factories as f
from tests.support.reference import load_reference_data


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (``-n 2 --dist loadgroup``, see pyproject.toml) tests go to the workers
    one by one, except: the browser journeys all run on one worker (one Chromium, one live
    server), and a module whose tests share a world built once per module or class (the
    permission matrix, the hostile-input crawl, the dashboards' city) stays on one worker, so
    that world is built once, not once per worker. Runs before xdist's own hook reads the
    ``xdist_group`` markers."""
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif _shares_a_world(item):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def _shares_a_world(item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        definition.scope in ("module", "class", "package")
        for definitions in info.name2fixturedefs.values()
        for definition in definitions
    )


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploads land in this process's own temporary directory (one per xdist worker), never in
    var/media; a test or module may still point MEDIA_ROOT elsewhere."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


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


@pytest.fixture
def reference_data(transactional_db):
    """For transactional tests: the reference data another one may have flushed."""
    load_reference_data()
