"""Status changes: only the allowed transitions, dated, appended as rows, shown in the timeline."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from initiatives.models import STATUS_TRANSITIONS, Initiative, Status, StatusChange
from initiatives.services import initiative_change_status

pytestmark = pytest.mark.django_db

URL = "/initiatieven/moestuin-tarwewijk/status/"
PAGE = "/initiatieven/moestuin-tarwewijk/"


def today():
    return timezone.localdate()


def post(client, to_status="paused", changed_on=None, reason="", **extra):
    data = {
        "to_status": to_status,
        "changed_on": (changed_on or today()).isoformat(),
        "reason": reason,
    }
    return client.post(URL, data, **extra)


@pytest.mark.parametrize("who", ["member_client", "civil_servant_client", "coordinator_client"])
def test_members_and_the_city_change_the_status(request, who, initiative):
    response = post(request.getfixturevalue(who), reason="De vrijwilligers zijn op vakantie")
    assert response.status_code == 302 and response["Location"] == PAGE
    initiative.refresh_from_db()
    assert initiative.status == Status.PAUSED
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status) == (Status.ACTIVE, Status.PAUSED)
    assert change.reason == "De vrijwilligers zijn op vakantie"
    assert change.changed_on == today()


@pytest.mark.parametrize("who", ["other_initiator_client", "council_client"])
def test_others_may_not_change_the_status(request, who, initiative):
    assert post(request.getfixturevalue(who)).status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == Status.ACTIVE


def test_a_visitor_is_sent_to_log_in(client, initiative):
    response = post(client)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not StatusChange.objects.exists()


def test_outsiders_of_a_private_initiative_get_not_found(other_initiator_client, initiative):
    initiative.is_public = False
    initiative.save()
    assert post(other_initiator_client).status_code == 404


def test_a_transition_that_is_not_allowed_is_refused(member_client, initiative):
    assert Status.IDEA not in STATUS_TRANSITIONS[Status.ACTIVE]
    response = post(member_client, to_status="idea", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["to_status"][0]
    assert not StatusChange.objects.exists()


def test_the_form_offers_only_the_allowed_transitions(member_client, initiative):
    response = member_client.get(URL)
    offered = {value for value, _label in response.context["form"].fields["to_status"].choices}
    assert offered == {str(s) for s in STATUS_TRANSITIONS[Status.ACTIVE]}


def test_a_date_in_the_future_is_refused(member_client, initiative):
    response = post(
        member_client, changed_on=today() + dt.timedelta(days=1), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["form"].errors["changed_on"] == ["The date cannot be in the future."]


def test_a_date_in_the_future_is_refused_in_dutch(member_client, initiative):
    response = post(member_client, changed_on=today() + dt.timedelta(days=1))
    assert response.context["form"].errors["changed_on"] == [
        "De datum kan niet in de toekomst liggen."
    ]


def test_a_date_before_the_previous_change_is_refused(member_client, member, initiative):
    initiative_change_status(
        initiative=initiative,
        to_status="paused",
        changed_on=today() - dt.timedelta(days=3),
        changed_by=member,
    )
    response = post(
        member_client,
        to_status="active",
        changed_on=today() - dt.timedelta(days=10),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "before the previous status change" in response.context["form"].errors["changed_on"][0]
    assert StatusChange.objects.count() == 1


def test_a_missing_date_is_refused_next_to_the_field(member_client, initiative):
    response = member_client.post(
        URL, {"to_status": "paused", "changed_on": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["form"].errors["changed_on"] == ["This field is required."]


def test_changes_are_appended_never_overwritten(member, initiative):
    initiative_change_status(
        initiative=initiative,
        to_status="paused",
        changed_on=today() - dt.timedelta(days=5),
        changed_by=member,
    )
    initiative_change_status(
        initiative=initiative,
        to_status="active",
        changed_on=today() - dt.timedelta(days=2),
        changed_by=member,
    )
    initiative_change_status(
        initiative=initiative, to_status="completed", changed_on=today(), changed_by=member
    )
    rows = list(
        StatusChange.objects.filter(initiative=initiative)
        .order_by("changed_on")
        .values_list("from_status", "to_status")
    )
    assert rows == [("active", "paused"), ("paused", "active"), ("active", "completed")]
    assert Initiative.objects.get(pk=initiative.pk).status == "completed"


def test_the_service_checks_the_transition_itself(member, initiative):
    with pytest.raises(ValidationError):
        initiative_change_status(
            initiative=initiative, to_status="idea", changed_on=today(), changed_by=member
        )


def test_the_change_and_its_reason_show_in_the_timeline(member_client, initiative):
    post(member_client, reason="Geen locatie meer")
    response = member_client.get(PAGE, {"tab": "timeline"}, HTTP_ACCEPT_LANGUAGE="en")
    entries = response.context["page"].object_list
    assert [e.kind for e in entries] == ["status"]
    timeline = response.content.decode().split('id="timeline-heading"', 1)[1]
    assert "active → paused" in timeline
    assert "Geen locatie meer" in timeline


def test_the_partner_page_carries_the_status_form_for_members_and_the_city(
    member_client, civil_servant_client, initiative
):
    for client in (member_client, civil_servant_client):
        body = client.get(PAGE).content.decode()
        assert f'action="{URL}"' in body


def test_the_status_change_is_kept_in_the_initiatives_history(member_client, member, initiative):
    post(member_client)
    latest = initiative.history.latest()
    assert latest.status == "paused" and latest.history_change_reason == "status"
    assert latest.history_user == member
