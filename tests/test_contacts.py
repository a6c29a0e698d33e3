"""Civil servants log contacts; members answer them beside, never instead of, what was logged."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.accounts.models import Department
from partnership.models import Contact, Reply
from tests.support import factories as f
from tests.support.form_data import contact_data, new_url

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def answer_url(contact):
    return reverse(
        "partnership:contact_answer", kwargs={"slug": contact.initiative.slug, "pk": contact.pk}
    )


def test_a_civil_servant_logs_a_contact_and_returns_to_the_partner_page(
    civil_servant_client, civil_servant, initiative
):
    response = civil_servant_client.post(new_url(initiative), contact_data())
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    contact = Contact.objects.get(initiative=initiative)
    assert contact.logged_by == civil_servant
    assert contact.created_at is not None
    assert contact.summary == "Kennismaking over de moestuin."
    assert contact.history.get().history_user == civil_servant


def test_the_form_starts_with_today_and_the_civil_servants_department(
    civil_servant_client, civil_servant, initiative
):
    response = civil_servant_client.get(new_url(initiative))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["department"].value() == civil_servant.department_id
    assert form["date"].value() == TODAY
    assert b"novalidate" in response.content


def test_a_referral_is_logged_as_a_hand_off(civil_servant_client, initiative):
    beheer = Department.objects.get(name="Stadsbeheer")
    civil_servant_client.post(new_url(initiative), contact_data(referred_to=beheer.pk))
    contact = Contact.objects.get(initiative=initiative)
    assert contact.referred_to == beheer and contact.is_handoff


def test_a_referral_to_the_same_department_is_refused_at_its_field(
    civil_servant_client, initiative
):
    data = contact_data()
    data["referred_to"] = data["department"]
    response = civil_servant_client.post(new_url(initiative), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["referred_to"] == [
        "A referral goes to another department than the one that had the contact."
    ]
    assert "__all__" not in errors
    assert not Contact.objects.exists()


def test_a_contact_cannot_be_dated_in_the_future(civil_servant_client, initiative):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    response = civil_servant_client.post(
        new_url(initiative), contact_data(date=tomorrow), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["form"].errors["date"] == ["This date cannot be in the future."]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("summary", ""),
        ("channel", "pigeon"),
        ("department", "999999"),
        ("initiated_by", ""),
        ("date", "31-02-2025"),
        ("referred_to", "not-a-number"),
    ],
)
def test_invalid_input_is_shown_at_its_field(civil_servant_client, initiative, field, value):
    response = civil_servant_client.post(new_url(initiative), contact_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    "who, expected",
    [
        ("client", 302),
        ("member_client", 403),
        ("other_initiator_client", 403),
        ("council_client", 403),
        ("civil_servant_client", 302),
        ("coordinator_client", 302),
    ],
)
def test_only_the_municipality_logs_contacts(request, initiative, who, expected):
    response = request.getfixturevalue(who).post(new_url(initiative), contact_data())
    assert response.status_code == expected
    logged = Contact.objects.filter(initiative=initiative).exists()
    assert logged == (who in ("civil_servant_client", "coordinator_client"))
    if who == "client":
        assert "/accounts/login/" in response["Location"]


def test_a_private_initiative_is_not_found_for_outsiders(
    other_initiator_client, council_client, civil_servant_client, member
):
    private = f.InitiativeFactory(lead=member, is_public=False)
    assert other_initiator_client.get(new_url(private)).status_code == 404
    assert council_client.get(new_url(private)).status_code == 404
    assert civil_servant_client.get(new_url(private)).status_code == 200


def test_an_unknown_initiative_is_not_found(civil_servant_client):
    assert civil_servant_client.get("/initiatieven/bestaat-niet/contact/nieuw/").status_code == 404


# Members answer ---------------------------------------------------------------------------


def test_a_member_answers_a_contact_beside_what_was_logged(member_client, member, initiative):
    contact = f.ContactFactory(initiative=initiative, summary="Afgesproken: de gemeente belt.")
    response = member_client.post(answer_url(contact), {"body": "Dat is niet wat we afspraken."})
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    reply = Reply.objects.get(contact=contact)
    assert (reply.kind, reply.author, reply.initiative) == ("answer", member, initiative)
    contact.refresh_from_db()
    assert contact.summary == "Afgesproken: de gemeente belt."


def test_an_empty_answer_is_refused(member_client, initiative):
    contact = f.ContactFactory(initiative=initiative)
    response = member_client.post(answer_url(contact), {"body": ""})
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert not Reply.objects.exists()


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
def test_only_members_answer_contacts(request, initiative, who, expected):
    contact = f.ContactFactory(initiative=initiative)
    assert request.getfixturevalue(who).get(answer_url(contact)).status_code == expected


def test_a_contact_of_another_initiative_is_not_found(member_client, initiative):
    elsewhere = f.ContactFactory()
    url = reverse(
        "partnership:contact_answer", kwargs={"slug": initiative.slug, "pk": elsewhere.pk}
    )
    assert member_client.post(url, {"body": "Hallo"}).status_code == 404
    assert not Reply.objects.exists()
