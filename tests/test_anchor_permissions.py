"""The anchor role on every URL (issue 17). Rather than a seventh column in the permission
matrix, one rule over the matrix's own pages and world: staff of an anchor institution get what
an initiator without an initiative gets (the public pages and their own account), and their own
organisation's pages besides. So an anchor sees no initiator's personal data, no private
initiative, no city work list and no dashboard."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from initiatives.models import InitiativePartner
from tests import factories as f
from tests import test_permission_matrix as matrix
from tests.test_permission_matrix import (
    CASES,
    PAGES,
    POST,
    ROLES,
    _describe,
    _matches,
    _never_shown,
    _url_and_row,
)

pytestmark = pytest.mark.django_db

# The matrix's module-wide world and its clean-up, shared rather than built a second time.
world = matrix.world
_clean_state = matrix._clean_state

OWN_PAGES = {
    "partnership:anchor_home": 200,
    "partnership:anchor_contribution_create": 200,
    "partnership:pledge_edit": 200,
}
AS_OTHER = ROLES.index("other_initiator")


@pytest.fixture(scope="module")
def anchor_session(world, django_db_blocker):
    """An anchor whose organisation works with the public initiative, logged in once."""
    with django_db_blocker.unblock():
        anchor = f.AnchorFactory(email="anker@example.org", name="Anke Anker")
        InitiativePartner.objects.create(
            initiative=world.pub.initiative,
            organisation=anchor.organisation,
            cooperation="accommodation",
        )
        client = Client()
        client.force_login(anchor)
        return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def _anchor(session) -> Client:
    client = Client()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session
    return client


@pytest.mark.parametrize("name, side", CASES)
def test_an_anchor_gets_what_an_outside_initiator_gets(world, anchor_session, name, side):
    url, row = _url_and_row(world, name, side)
    expected = OWN_PAGES.get(name, row[AS_OTHER])
    if PAGES[name].methods == POST:
        expected = 405
    response = _anchor(anchor_session).get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert _matches(response, expected), (
        f"GET {url}: expected {expected}, got {_describe(response)}"
    )
    if response.status_code == 200 and not response.streaming:
        shown = [
            v
            for v in _never_shown(world, name, "other_initiator")
            if v.encode() in response.content
        ]
        assert not shown, f"GET {url} shows the anchor what it may not know: {shown}"


def test_the_anchor_pages_answer_the_anchor(world, anchor_session):
    page = _anchor(anchor_session).get(reverse("partnership:anchor_home")).content.decode()
    assert world.pub.initiative.title in page
    assert world.pub.lead.email not in page and world.pub.lead.name not in page
