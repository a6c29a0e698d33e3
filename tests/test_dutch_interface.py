"""The Dutch interface reads as Dutch: no English words and no raw codes on any page.

Every page the hostile-input crawler knows (tests/support/hostile.py) is opened as every role in
Dutch, and allauth's account pages as a visitor and as a member; the visible text (not attributes,
not scripts) must hold none of the known leaks (tests/support/dutch.py, which the browser test
shares). The list grows with every leak found.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.accounts.roles import ROLE_LABELS
from tests.support.dutch import ALLAUTH_PAGES, leaks_in, visible_text
from tests.support.hostile import crawl, world_in_transaction

pytestmark = pytest.mark.django_db

NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


def test_the_leak_finder_catches_a_raw_role_code_and_english_field_name():
    assert leaks_in("Rollen: civil_servant, coordinator") == ["civil_servant", "coordinator"]
    assert leaks_in("Wie: author") == ["author"]
    assert leaks_in("Ambtenaar, coördinator, initiatiefnemer") == []


def test_no_page_shows_english_words_or_raw_codes_in_dutch(django_db_blocker, settings):
    settings.MFA_REQUIRED_FOR_COORDINATORS = False
    with world_in_transaction(django_db_blocker) as world:
        found = _leaks_on_every_page(world)
    report = {leak: sorted(where)[:3] for leak, where in found.items()}
    assert not report, report


def _leaks_on_every_page(world) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}

    def check(path, role, response):
        for leak in leaks_in(visible_text(response.content.decode())):
            found.setdefault(leak, set()).add(f"{path} as {role}")

    with translation.override("nl"):
        result = crawl(world, on_page=check, headers=NL)
    for role in ("visitor", "member"):
        client = world.client(role)
        client.raise_request_exception = False
        for name in ALLAUTH_PAGES:
            response = client.get(reverse(name), **NL)
            if response.status_code == 200:
                check(reverse(name), role, response)
    assert not result.failures, result.failures
    assert len(result.opened) > 40, "the crawl opened suspiciously few pages"
    return found


def test_the_users_page_shows_role_labels_not_codes(coordinator_client, civil_servant):
    with translation.override("nl"):
        label = str(ROLE_LABELS["civil_servant"])
    html = coordinator_client.get(reverse("partnership:user_list"), **NL).content.decode()
    text = visible_text(html)
    assert label in text
    assert "civil_servant" not in text
