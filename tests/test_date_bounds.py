"""Dates without bounds (issue 14, point 10): year 1 and 9999 were accepted for contacts,
commitments, blockages, requests, contracts and value records, and reminders then counted
"739948 dagen over tijd". Every date a user enters is now from 1 January 2000 (an initiative's
start from 1900), at most ten years ahead, and a date of what has happened is not in the future;
the form says so at the field and the service refuses it too."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, InitiativePartner, StatusChange
from initiatives.services import initiative_change_status, initiative_update
from partnership.models import Blockage, CityRequest, Commitment, Contact, Contract
from partnership.services.cooperation import contract_record
from partnership.services.logging import commitment_log, contact_log
from partnership.services.requests import request_submit
from publicvalue.models import ValueRecord
from tests.support import factories as f
from tests.support.factories_requests import kind
from tests.support.form_data import blockage_data, commitment_data, contact_data
from tests.support.form_data import form_data as value_record_data

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
YEAR_1 = "0001-01-01"
YEAR_9999 = "9999-12-31"
TOO_EARLY = "The date cannot be before 1 January 2000."
TOO_LATE = "The date cannot be more than 10 years ahead."
IN_FUTURE = "This date cannot be in the future."


def url(name, initiative):
    return reverse(name, kwargs={"slug": initiative.slug})


def errors_after_post(client, name, initiative, data, **extra):
    response = client.post(url(name, initiative), data, **{**EN, **extra})
    assert response.status_code == 200, "the form must be shown again with its errors"
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("date", YEAR_1, TOO_EARLY), ("date", YEAR_9999, IN_FUTURE)],
)
def test_a_contact_date_has_bounds(civil_servant_client, initiative, field, value, message):
    data = contact_data(**{field: value})
    errors = errors_after_post(civil_servant_client, "partnership:contact_new", initiative, data)
    assert errors[field] == [message]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("promised_on", YEAR_1, TOO_EARLY),
        ("due_on", YEAR_9999, TOO_LATE),
    ],
)
def test_a_commitment_has_bounded_dates(civil_servant_client, initiative, field, value, message):
    data = commitment_data(**{field: value})
    errors = errors_after_post(civil_servant_client, "partnership:commitment_new", initiative, data)
    assert errors[field] == [message]
    assert not Commitment.objects.exists()


def test_a_due_date_ten_years_ahead_is_still_accepted(civil_servant_client, initiative):
    due_on = timezone.localdate() + dt.timedelta(days=365 * 9)
    response = civil_servant_client.post(
        url("partnership:commitment_new", initiative), commitment_data(due_on=due_on.isoformat())
    )
    assert response.status_code == 302
    assert Commitment.objects.get().due_on == due_on


@pytest.mark.parametrize(("value", "message"), [(YEAR_1, TOO_EARLY), (YEAR_9999, IN_FUTURE)])
def test_a_blockage_date_has_bounds(civil_servant_client, initiative, value, message):
    data = blockage_data(raised_on=value)
    errors = errors_after_post(civil_servant_client, "partnership:blockage_new", initiative, data)
    assert errors["raised_on"] == [message]
    assert not Blockage.objects.exists()


@pytest.mark.parametrize(("value", "message"), [(YEAR_1, TOO_EARLY), (YEAR_9999, IN_FUTURE)])
def test_a_request_registered_by_the_city_has_a_bounded_date(
    civil_servant_client, initiative, value, message
):
    data = {
        "kind": kind("grond").pk,
        "title": "Terrein voor een moestuin",
        "description": "Het lege terrein aan de Dorpsweg.",
        "location": "Dorpsweg 12",
        "submitted_on": value,
    }
    errors = errors_after_post(civil_servant_client, "partnership:request_create", initiative, data)
    assert errors["submitted_on"] == [message]
    assert not CityRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("start_on", YEAR_1, TOO_EARLY), ("end_on", YEAR_9999, TOO_LATE)],
)
def test_a_contract_has_bounded_dates(civil_servant_client, initiative, field, value, message):
    hospital = f.PartnerOrganisationFactory(name="Maasstad Ziekenhuis", kind="care")
    data = {
        "awarded_by_organisation": hospital.pk,
        "description": "Maaltijden voor de afdeling geriatrie",
        "amount": "18500.50",
        "start_on": "2025-02-01",
        "end_on": "2026-01-31",
        field: value,
    }
    errors = errors_after_post(
        civil_servant_client, "partnership:contract_create", initiative, data
    )
    assert errors[field] == [message]
    assert not Contract.objects.exists()


def test_a_partner_cannot_be_linked_since_year_one(member_client, initiative):
    data = {"new_name": "Albeda", "new_kind": "school", "cooperation": "staff", "since": YEAR_1}
    errors = errors_after_post(member_client, "partnership:partner_link_create", initiative, data)
    assert errors["since"] == [TOO_EARLY]
    assert not InitiativePartner.objects.exists()


def test_a_value_record_period_has_bounds(member_client, initiative, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = value_record_data(period_start=YEAR_1)
    errors = errors_after_post(member_client, "publicvalue:value_record_create", initiative, data)
    assert errors["period_start"] == [TOO_EARLY]
    assert not ValueRecord.objects.exists()


def test_a_status_change_cannot_be_dated_in_year_one(member_client, initiative):
    data = {"to_status": "paused", "changed_on": YEAR_1, "reason": ""}
    errors = errors_after_post(member_client, "initiatives:initiative_status", initiative, data)
    assert errors["changed_on"] == [TOO_EARLY]
    assert not StatusChange.objects.filter(initiative=initiative, to_status="paused").exists()


def test_the_error_is_in_dutch_by_default(civil_servant_client, initiative):
    response = civil_servant_client.post(
        url("partnership:commitment_new", initiative), commitment_data(due_on=YEAR_9999)
    )
    assert response.context["form"].errors["due_on"] == [
        "De datum kan niet meer dan 10 jaar vooruit liggen."
    ]
    response = civil_servant_client.post(
        url("partnership:contact_new", initiative), contact_data(date=YEAR_1)
    )
    assert response.context["form"].errors["date"] == [
        "De datum kan niet vóór 1 januari 2000 liggen."
    ]


# The services refuse the same, whoever calls them ----------------------------------------------


def test_the_services_refuse_dates_out_of_bounds(initiative, civil_servant, member):
    department = civil_servant.department or f.DepartmentFactory()
    year_1, year_9999 = dt.date(1, 1, 1), dt.date(9999, 12, 31)
    today = timezone.localdate()
    calls = [
        (
            "date",
            lambda: contact_log(
                initiative=initiative,
                logged_by=civil_servant,
                date=year_1,
                channel="phone",
                department=department,
                initiated_by="city",
                summary="Gebeld",
            ),
        ),
        (
            "due_on",
            lambda: commitment_log(
                initiative=initiative,
                logged_by=civil_servant,
                description="Een ruimte",
                department=department,
                promised_on=today,
                due_on=year_9999,
            ),
        ),
        (
            "end_on",
            lambda: contract_record(
                initiative=initiative,
                description="Maaltijden",
                amount=10,
                start_on=today,
                end_on=year_9999,
                by=civil_servant,
                awarded_by_department=department,
            ),
        ),
        (
            "changed_on",
            lambda: initiative_change_status(
                initiative=initiative, to_status="paused", changed_on=year_1, changed_by=member
            ),
        ),
        (
            "started_on",
            lambda: initiative_update(
                initiative=initiative, changed_by=member, started_on=year_9999
            ),
        ),
    ]
    for field, call in calls:
        with pytest.raises(ValidationError) as caught:
            call()
        assert field in caught.value.message_dict, field
    assert not Contact.objects.exists()
    assert not Commitment.objects.exists()
    assert not Contract.objects.exists()
    assert Initiative.objects.get(pk=initiative.pk).started_on != year_9999


def test_a_request_submitted_in_year_one_is_refused_by_the_service(initiative, civil_servant):
    with pytest.raises(ValidationError) as caught:
        request_submit(
            initiative=initiative,
            by=civil_servant,
            kind=kind("grond"),
            title="Terrein",
            description="Het lege terrein",
            location="Dorpsweg 12",
            submitted_on=dt.date(1, 1, 1),
        )
    assert "submitted_on" in caught.value.message_dict
    assert not CityRequest.objects.exists()
