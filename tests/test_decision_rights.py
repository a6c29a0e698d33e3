"""Only the deciding department (or a coordinator) decides a request (issue 15).

A civil servant of another department used to be able to decide a request that was not theirs.
The rule lives in ``permissions.can_decide_request``; the view answers 403, the service refuses
too, and the decision form is only offered to those who may use it.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from initiatives import permissions
from partnership.models import CityRequest
from partnership.services import requests as svc
from tests.support import factories as f
from tests.support.factories_requests import ground

pytestmark = pytest.mark.django_db

Status = CityRequest.Status


@pytest.fixture
def considering(initiative, civil_servant):
    """A request under consideration at the civil servant's department (Stadsontwikkeling)."""
    return f.CityRequestFactory(
        initiative=initiative,
        department=civil_servant.department,
        status=Status.UNDER_CONSIDERATION,
    )


@pytest.fixture
def other_department_servant(db):
    return f.CivilServantFactory(email="beheer@example.org", department=f.department("Stadsbeheer"))


def url(name, city_request):
    return reverse(name, kwargs={"slug": city_request.initiative.slug, "pk": city_request.pk})


def granted(city_request):
    return {f"decide-{city_request.pk}-decision": "granted"}


ROLES = {
    # role: (user fixture or factory, may decide, answer of the decide page)
    "member": ("member", False, 403),
    "other_initiator": ("other_initiator", False, 403),
    "council_member": ("council_member", False, 403),
    "other_department": ("other_department_servant", False, 403),
    "deciding_department": ("civil_servant", True, 200),
    "coordinator": ("coordinator", True, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_rule_says_who_may_decide(request, considering, role):
    fixture, may, _ = ROLES[role]
    user = request.getfixturevalue(fixture)
    assert permissions.can_decide_request(user, considering) is may


def test_an_anchor_partner_may_not_decide(considering):
    assert not permissions.can_decide_request(f.AnchorFactory(), considering)


def test_without_a_deciding_department_only_a_coordinator_decides(
    initiative, civil_servant, coordinator
):
    city_request = f.CityRequestFactory(
        initiative=initiative, department=None, status=Status.UNDER_CONSIDERATION
    )
    assert not permissions.can_decide_request(civil_servant, city_request)
    assert permissions.can_decide_request(coordinator, city_request)


@pytest.mark.parametrize("role", ROLES)
def test_the_decide_page_answers_by_role(request, client_for, considering, role):
    fixture, _, status = ROLES[role]
    client = client_for(request.getfixturevalue(fixture))
    assert client.get(url("partnership:request_decide", considering)).status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_only_the_deciding_department_or_a_coordinator_records_a_decision(
    request, client_for, considering, role
):
    fixture, may, _ = ROLES[role]
    client = client_for(request.getfixturevalue(fixture))
    response = client.post(url("partnership:request_decide", considering), granted(considering))
    considering.refresh_from_db()
    if may:
        assert response.status_code == 302
        assert considering.decision == "granted"
    else:
        assert response.status_code == 403
        assert considering.status == Status.UNDER_CONSIDERATION


def test_a_visitor_is_sent_to_log_in(client, considering):
    response = client.post(url("partnership:request_decide", considering), granted(considering))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_service_refuses_another_department(considering, other_department_servant):
    with pytest.raises(PermissionDenied):
        svc.request_decide(
            city_request=considering,
            decision="refused",
            reasons="Niet van ons.",
            grounds=[ground("niet-beschikbaar")],
            by=other_department_servant,
        )
    considering.refresh_from_db()
    assert considering.status == Status.UNDER_CONSIDERATION


def test_the_decide_form_is_offered_to_the_deciding_department_only(
    client_for, considering, civil_servant, other_department_servant, coordinator
):
    detail = url("partnership:request_detail", considering)
    form_action = url("partnership:request_decide", considering)
    assert form_action in client_for(civil_servant).get(detail).content.decode()
    assert form_action in client_for(coordinator).get(detail).content.decode()
    other = client_for(other_department_servant).get(detail).content.decode()
    assert form_action not in other
    # The other department still sees the request, its deciding department and its clock.
    assert "Stadsontwikkeling" in other


def test_the_partner_page_offers_the_form_to_the_deciding_department_only(
    client_for, considering, civil_servant, other_department_servant
):
    page = considering.initiative.get_absolute_url()
    form_action = url("partnership:request_decide", considering)
    assert form_action in client_for(civil_servant).get(page).content.decode()
    assert form_action not in client_for(other_department_servant).get(page).content.decode()
