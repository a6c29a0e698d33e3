"""Commitments: what the municipality promised, settled honestly, disputable by the partner."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.models import Commitment, Reply
from tests.support import factories as f
from tests.support.form_data import commitment_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def new_url(initiative):
    return reverse("partnership:commitment_new", kwargs={"slug": initiative.slug})


def settle_url(commitment):
    kwargs = {"slug": commitment.initiative.slug, "pk": commitment.pk}
    return reverse("partnership:commitment_settle", kwargs=kwargs)


def dispute_url(commitment):
    kwargs = {"slug": commitment.initiative.slug, "pk": commitment.pk}
    return reverse("partnership:commitment_dispute", kwargs=kwargs)


def settle_data(**overrides):
    data = {"status": "kept", "settled_on": TODAY.isoformat(), "note": "De ruimte is gevonden."}
    data.update(overrides)
    return data


def test_a_civil_servant_logs_a_commitment(civil_servant_client, civil_servant, initiative):
    response = civil_servant_client.post(new_url(initiative), commitment_data())
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    commitment = Commitment.objects.get(initiative=initiative)
    assert commitment.status == "open"
    assert commitment.logged_by == civil_servant
    assert commitment.due_on == TODAY + dt.timedelta(days=28)


def test_the_due_date_cannot_be_before_the_promise(civil_servant_client, initiative):
    data = commitment_data(due_on=(TODAY - dt.timedelta(days=1)).isoformat())
    response = civil_servant_client.post(new_url(initiative), data, HTTP_ACCEPT_LANGUAGE="en")
    errors = response.context["form"].errors
    assert errors["due_on"] == ["The due date cannot be before the date of the promise."]
    assert "__all__" not in errors
    assert not Commitment.objects.exists()


def test_a_promise_cannot_be_dated_in_the_future(civil_servant_client, initiative):
    later = (TODAY + dt.timedelta(days=3)).isoformat()
    data = commitment_data(promised_on=later)
    response = civil_servant_client.post(new_url(initiative), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors["promised_on"] == ["This date cannot be in the future."]


@pytest.mark.parametrize(
    "field, value", [("description", ""), ("due_on", ""), ("department", "x"), ("due_on", "morgen")]
)
def test_invalid_input_is_shown_at_its_field(civil_servant_client, initiative, field, value):
    response = civil_servant_client.post(new_url(initiative), commitment_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors


@pytest.mark.parametrize(
    "who, expected",
    [
        ("client", 302),
        ("member_client", 403),
        ("other_initiator_client", 403),
        ("council_client", 403),
        ("civil_servant_client", 200),
        ("coordinator_client", 200),
    ],
)
def test_only_the_municipality_logs_and_settles_commitments(request, initiative, who, expected):
    commitment = f.CommitmentFactory(initiative=initiative)
    client = request.getfixturevalue(who)
    assert client.get(new_url(initiative)).status_code == expected
    assert client.get(settle_url(commitment)).status_code == expected


def test_the_overdue_state_is_computed_from_the_due_date(initiative):
    late = f.CommitmentFactory(
        initiative=initiative,
        promised_on=TODAY - dt.timedelta(days=30),
        due_on=TODAY - dt.timedelta(days=1),
    )
    on_time = f.CommitmentFactory(initiative=initiative)
    assert list(Commitment.objects.overdue()) == [late]
    assert late.is_overdue() and not on_time.is_overdue()


# Settling ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["kept", "broken", "withdrawn"])
def test_a_civil_servant_settles_a_commitment(
    civil_servant_client, civil_servant, initiative, status
):
    commitment = f.CommitmentFactory(initiative=initiative)
    response = civil_servant_client.post(settle_url(commitment), settle_data(status=status))
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == status
    assert commitment.settled_on == TODAY
    assert commitment.settlement_note == "De ruimte is gevonden."
    assert commitment.settled_by == civil_servant
    assert commitment.history.latest().history_user == civil_servant
    assert commitment.history.count() == 2  # logged, then settled: the change is kept


def test_a_commitment_is_not_settled_before_it_was_made(civil_servant_client, initiative):
    commitment = f.CommitmentFactory(
        initiative=initiative, promised_on=TODAY - dt.timedelta(days=5)
    )
    early = (TODAY - dt.timedelta(days=6)).isoformat()
    response = civil_servant_client.post(
        settle_url(commitment), settle_data(settled_on=early), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["form"].errors["settled_on"] == [
        "A commitment cannot be settled before it was made."
    ]
    commitment.refresh_from_db()
    assert commitment.status == "open"


@pytest.mark.parametrize(
    "field, value",
    [
        ("status", "open"),
        ("status", "disputed"),
        ("note", ""),
        ("settled_on", (TODAY + dt.timedelta(days=1)).isoformat()),
    ],
)
def test_settling_needs_an_outcome_a_note_and_a_past_date(
    civil_servant_client, initiative, field, value
):
    commitment = f.CommitmentFactory(initiative=initiative)
    response = civil_servant_client.post(settle_url(commitment), settle_data(**{field: value}))
    assert field in response.context["form"].errors
    commitment.refresh_from_db()
    assert commitment.status == "open"


def test_a_settled_commitment_is_not_settled_again(civil_servant_client, initiative):
    commitment = f.CommitmentFactory(
        initiative=initiative, status="kept", settled_on=TODAY, settlement_note="Klaar."
    )
    response = civil_servant_client.post(
        settle_url(commitment), settle_data(status="broken"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This commitment has already been settled."
    ]
    commitment.refresh_from_db()
    assert commitment.status == "kept"


def test_a_commitment_of_another_initiative_is_not_found(civil_servant_client, initiative):
    elsewhere = f.CommitmentFactory()
    url = reverse(
        "partnership:commitment_settle", kwargs={"slug": initiative.slug, "pk": elsewhere.pk}
    )
    assert civil_servant_client.post(url, settle_data()).status_code == 404


# Disputing --------------------------------------------------------------------------------


def test_a_member_disputes_a_commitment_in_their_own_words(member_client, member, initiative):
    commitment = f.CommitmentFactory(initiative=initiative, description="Ruimte binnen 4 weken.")
    response = member_client.post(dispute_url(commitment), {"body": "Er is nooit gezocht."})
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    commitment.refresh_from_db()
    assert commitment.status == "disputed"
    assert commitment.description == "Ruimte binnen 4 weken."
    reply = Reply.objects.get(commitment=commitment)
    assert (reply.kind, reply.body, reply.author) == ("dispute", "Er is nooit gezocht.", member)


def test_a_member_may_dispute_a_commitment_the_city_calls_kept(member_client, initiative):
    commitment = f.CommitmentFactory(
        initiative=initiative, status="kept", settled_on=TODAY, settlement_note="Gedaan."
    )
    member_client.post(dispute_url(commitment), {"body": "Niet gedaan."})
    commitment.refresh_from_db()
    assert commitment.status == "disputed"
    assert commitment.settlement_note == "Gedaan."  # the city's words stay beside the dispute


def test_a_disputed_commitment_can_still_be_settled(civil_servant_client, initiative):
    commitment = f.CommitmentFactory(initiative=initiative, status="disputed")
    civil_servant_client.post(settle_url(commitment), settle_data(status="broken"))
    commitment.refresh_from_db()
    assert commitment.status == "broken"


def test_a_dispute_needs_words(member_client, initiative):
    commitment = f.CommitmentFactory(initiative=initiative)
    response = member_client.post(dispute_url(commitment), {"body": "  "})
    assert "body" in response.context["form"].errors
    commitment.refresh_from_db()
    assert commitment.status == "open"


@pytest.mark.parametrize(
    "who, expected",
    [
        ("client", 302),
        ("member_client", 200),
        ("other_initiator_client", 403),
        ("council_client", 403),
        ("civil_servant_client", 403),
        ("coordinator_client", 403),
    ],
)
def test_only_members_dispute_commitments(request, initiative, who, expected):
    commitment = f.CommitmentFactory(initiative=initiative)
    assert request.getfixturevalue(who).get(dispute_url(commitment)).status_code == expected


def test_outsiders_of_a_private_initiative_get_a_404(other_initiator_client, member):
    private = f.InitiativeFactory(lead=member, is_public=False)
    commitment = f.CommitmentFactory(initiative=private)
    assert other_initiator_client.get(dispute_url(commitment)).status_code == 404
