"""Coordinators keep the kinds of request with their decision terms and refusal grounds."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership.models import RefusalGround, RequestKind
from partnership.services.requests import request_kind_create
from tests.support import factories as f
from tests.support.factories_requests import EN, ground, kind

pytestmark = pytest.mark.django_db

URL = reverse("partnership:request_kinds")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator_client", 200),
        ("civil_servant_client", 403),
        ("council_client", 403),
        ("member_client", 403),
        ("other_initiator_client", 403),
    ],
)
def test_only_coordinators_keep_the_kinds(request, who, status):
    client = request.getfixturevalue(who)
    assert client.get(URL).status_code == status
    edit = reverse("partnership:request_kind_edit", kwargs={"pk": kind("grond").pk})
    assert client.get(edit).status_code == status
    before = RequestKind.objects.count()
    client.post(URL, {"name": "Buurthuis", "decision_term_days": "28"})
    expected = before + 1 if status == 200 else before
    assert RequestKind.objects.count() == expected


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_list_shows_each_kind_with_its_term_and_grounds(coordinator_client):
    html = coordinator_client.get(URL, **EN).content.decode()
    assert "Right to Challenge" in html
    assert "Procurement rules do not allow the award" in html
    assert "84" in html


def test_a_coordinator_adds_a_kind_with_a_term_and_grounds_old_and_new(coordinator_client):
    response = coordinator_client.post(
        URL,
        {
            "name": "Gebruik van een schoolplein",
            "name_en": "Use of a schoolyard",
            "decision_term_days": "42",
            "collective_good": "public_space",
            "refusal_grounds": [ground("veiligheid").pk],
            "new_grounds": "Het plein is in gebruik door de school\n\n",
        },
    )
    assert response.status_code == 302
    new = RequestKind.objects.get(code="gebruik-van-een-schoolplein")
    assert new.decision_term_days == 42
    assert set(new.refusal_grounds.values_list("name", flat=True)) == {
        ground("veiligheid").name,
        "Het plein is in gebruik door de school",
    }


def test_a_new_kind_is_offered_on_the_request_form(coordinator_client, member_client, initiative):
    request_kind_create(name="Schoolplein", decision_term_days=42)
    html = member_client.get(
        reverse("partnership:request_create", kwargs={"slug": initiative.slug}), **EN
    ).content.decode()
    assert "Schoolplein (decision within 42 days)" in html


@pytest.mark.parametrize("days", ["0", "-3", "731", "abc", "99999999999"])
def test_a_term_must_be_sensible(coordinator_client, days):
    response = coordinator_client.post(URL, {"name": "Iets", "decision_term_days": days})
    assert response.status_code == 200
    assert "decision_term_days" in response.context["form"].errors
    assert not RequestKind.objects.filter(name="Iets").exists()


def test_a_code_already_taken_is_an_error_on_the_code(coordinator_client):
    response = coordinator_client.post(
        URL, {"name": "Grond", "code": "grond", "decision_term_days": "10"}
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    response = coordinator_client.post(URL, {"name": "grond", "decision_term_days": "10"})
    assert "code" in response.context["form"].errors


def test_a_new_ground_with_a_known_name_is_not_duplicated():
    known = ground("budget")
    new = request_kind_create(
        name="Buurtbudget", decision_term_days=30, new_ground_names=[known.name.upper()]
    )
    assert list(new.refusal_grounds.all()) == [known]
    assert RefusalGround.objects.filter(name__iexact=known.name).count() == 1


def test_the_service_refuses_an_absurd_term():
    with pytest.raises(ValidationError):
        request_kind_create(name="Eeuwig", decision_term_days=100000)


def test_changing_a_term_keeps_the_deadlines_already_running(coordinator_client, initiative):
    running = f.CityRequestFactory(initiative=initiative)
    deadline = running.deadline
    response = coordinator_client.post(
        reverse("partnership:request_kind_edit", kwargs={"pk": running.kind.pk}),
        {
            "name": running.kind.name,
            "decision_term_days": "14",
            "collective_good": "land",
            "refusal_grounds": [ground("niet-beschikbaar").pk],
        },
    )
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.deadline == deadline
    assert running.kind.decision_term_days == 14
    assert list(running.kind.refusal_grounds.values_list("code", flat=True)) == ["niet-beschikbaar"]


def test_the_kinds_page_runs_a_fixed_number_of_queries(
    coordinator_client, django_assert_max_num_queries
):
    # session, user, roles; kinds with counts; their grounds; the form's grounds; the header's
    # unread notifications.
    with django_assert_max_num_queries(8):
        coordinator_client.get(URL)
    for n in range(12):
        request_kind_create(
            name=f"Soort {n}", decision_term_days=30, new_ground_names=[f"Grond {n}"]
        )
    with django_assert_max_num_queries(8):
        response = coordinator_client.get(URL)
    assert len(response.context["kinds"]) == 17
