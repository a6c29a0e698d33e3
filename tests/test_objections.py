"""Objections to decisions on requests (issue 15): the route named with every decision, lodged
by the initiative within six weeks (or later with a reason), with their own clock, owner and
outcome, on the public register, the partner page and the department's work list."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership import notifications
from partnership.models import CityRequest, Objection
from partnership.services import objections as svc
from partnership.services import requests as request_svc
from tests.support import factories as f
from tests.support.factories_requests import EN, decided_request, ground, objection, on_day
from tests.support.mail import run_digest

pytestmark = pytest.mark.django_db

D = dt.date
DECIDED = D(2026, 3, 2)
TERM_ENDS = D(2026, 4, 13)  # six weeks after the decision


@pytest.fixture
def refused(initiative, civil_servant):
    """A refusal by the civil servant's department on 2 March 2026."""
    return decided_request(
        initiative=initiative,
        decision=CityRequest.Decision.REFUSED,
        submitted_on=D(2026, 1, 10),
        decided_on=DECIDED,
        department=civil_servant.department,
        grounds=[ground("niet-beschikbaar")],
    )


def request_url(name, city_request):
    return reverse(name, kwargs={"slug": city_request.initiative.slug, "pk": city_request.pk})


def objection_url(name, obj):
    return reverse(name, kwargs={"slug": obj.request.initiative.slug, "pk": obj.pk})


# --- the route named with every decision -----------------------------------------------------


def test_the_term_ends_six_weeks_after_the_decision(refused):
    assert refused.objection_term_ends == TERM_ENDS


def test_a_withdrawn_request_is_not_open_to_objection(initiative):
    withdrawn = decided_request(initiative=initiative, decision=CityRequest.Decision.WITHDRAWN)
    assert not withdrawn.is_objectionable() and withdrawn.objection_term_ends is None


def test_the_request_page_names_the_route_and_its_end_date(member_client, refused):
    page = member_client.get(request_url("partnership:request_detail", refused)).content.decode()
    assert "Algemene wet bestuursrecht" in page
    assert "13 april 2026" in page
    assert request_url("partnership:objection_create", refused) in page


def test_the_decision_mail_names_the_route_and_its_end_date(
    initiative, member, civil_servant, django_capture_on_commit_callbacks, monkeypatch
):
    on_day(monkeypatch, DECIDED)
    city_request = f.CityRequestFactory(
        initiative=initiative,
        department=civil_servant.department,
        status=CityRequest.Status.UNDER_CONSIDERATION,
        submitted_on=D(2026, 1, 10),
        deadline=D(2026, 3, 7),
    )
    with django_capture_on_commit_callbacks(execute=True):
        request_svc.request_decide(
            city_request=city_request,
            decision="refused",
            reasons="Verhuurd.",
            grounds=[ground("niet-beschikbaar")],
            by=civil_servant,
        )
    (message,) = mail.outbox
    assert "bezwaar" in message.body
    assert "Algemene wet bestuursrecht" in message.body
    assert "13 april 2026" in message.body


def test_the_register_names_the_route_for_a_decision_without_objection(client, refused):
    page = client.get(reverse("partnership:request_register")).content.decode()
    assert "geen; mogelijk tot en met 13 april 2026" in page


# --- lodging -----------------------------------------------------------------------------------


def test_a_member_lodges_within_the_term_and_the_department_hears_of_it(
    member_client, refused, monkeypatch, django_capture_on_commit_callbacks
):
    on_day(monkeypatch, D(2026, 3, 20))
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            request_url("partnership:objection_create", refused),
            {"grounds": "Het gebouw staat al een jaar leeg."},
        )
    obj = Objection.objects.get()
    assert response.status_code == 302 and response["Location"] == obj.get_absolute_url()
    assert obj.status == Objection.Status.LODGED
    assert obj.department == refused.department
    assert obj.due_on == D(2026, 3, 20) + dt.timedelta(weeks=12)
    assert obj.late_reason == ""
    run_digest()  # the day's digest, as the daily command sends it
    (message,) = mail.outbox
    # The department's shared address, or else its civil servants (here: the one).
    assert message.to == notifications.department_addresses(refused.department)
    assert message.to == ["ambtenaar@example.org"]
    assert "Het gebouw staat al een jaar leeg." in message.body


def test_the_last_day_of_the_term_is_in_time(member, refused, monkeypatch):
    on_day(monkeypatch, TERM_ENDS)
    obj = svc.objection_lodge(city_request=refused, by=member, grounds="Onjuist.")
    assert not obj.is_late()


def test_after_the_term_an_objection_needs_a_reason_for_the_delay(
    member_client, refused, monkeypatch
):
    on_day(monkeypatch, TERM_ENDS + dt.timedelta(days=1))
    url = request_url("partnership:objection_create", refused)
    page = member_client.get(url).content.decode()
    assert "De termijn eindigde op 13 april 2026" in page
    response = member_client.post(url, {"grounds": "Onjuist."})
    assert response.status_code == 200
    assert "late_reason" in response.context["form"].errors
    assert not Objection.objects.exists()
    response = member_client.post(
        url, {"grounds": "Onjuist.", "late_reason": "De brief kwam op een oud adres."}
    )
    assert response.status_code == 302
    obj = Objection.objects.get()
    assert obj.is_late() and obj.late_reason == "De brief kwam op een oud adres."


def test_the_service_ties_the_missing_delay_reason_to_its_field(member, refused, monkeypatch):
    on_day(monkeypatch, D(2026, 6, 1))
    with pytest.raises(ValidationError) as error:
        svc.objection_lodge(city_request=refused, by=member, grounds="Onjuist.")
    assert "late_reason" in error.value.message_dict


def test_an_empty_objection_is_an_error_on_its_field(member_client, refused, monkeypatch):
    on_day(monkeypatch, D(2026, 3, 20))
    response = member_client.post(
        request_url("partnership:objection_create", refused), {"grounds": "  "}, **EN
    )
    assert response.status_code == 200
    assert "grounds" in response.context["form"].errors


def test_one_objection_at_a_time(member, refused, monkeypatch):
    on_day(monkeypatch, D(2026, 3, 20))
    svc.objection_lodge(city_request=refused, by=member, grounds="Onjuist.")
    with pytest.raises(ValidationError):
        svc.objection_lodge(city_request=refused, by=member, grounds="Nog een keer.")


@pytest.mark.parametrize("who", ["other_initiator", "civil_servant", "coordinator"])
def test_only_members_lodge(request, refused, who):
    with pytest.raises(PermissionDenied):
        svc.objection_lodge(
            city_request=refused, by=request.getfixturevalue(who), grounds="Onjuist."
        )


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_initiator_client", 403), ("civil_servant_client", 403), ("council_client", 403)],
)
def test_the_lodge_page_is_for_members(request, refused, who, status):
    client = request.getfixturevalue(who)
    response = client.post(
        request_url("partnership:objection_create", refused), {"grounds": "Onjuist."}
    )
    assert response.status_code == status
    assert not Objection.objects.exists()


# --- owner, clock and outcome -----------------------------------------------------------------


@pytest.fixture
def lodged(refused, member, monkeypatch):
    on_day(monkeypatch, D(2026, 3, 20))
    return svc.objection_lodge(city_request=refused, by=member, grounds="Het gebouw staat leeg.")


def test_the_clock_is_a_setting(refused, member, monkeypatch, settings):
    settings.OBJECTION_DECISION_WEEKS = 6
    on_day(monkeypatch, D(2026, 3, 20))
    obj = svc.objection_lodge(city_request=refused, by=member, grounds="Onjuist.")
    assert obj.due_on == D(2026, 5, 1)
    assert obj.days_left(D(2026, 4, 30)) == 1
    assert obj.days_overdue(D(2026, 5, 4)) == 3


def test_a_coordinator_assigns_a_person(lodged, coordinator, civil_servant):
    obj = svc.objection_assign(objection=lodged, by=coordinator, owner=civil_servant)
    assert obj.owner == civil_servant and obj.status == Objection.Status.IN_PROGRESS


def test_only_a_coordinator_assigns(lodged, civil_servant):
    with pytest.raises(PermissionDenied):
        svc.objection_assign(objection=lodged, by=civil_servant, owner=civil_servant)


def test_an_owner_from_another_department_is_an_error_on_its_field(lodged, coordinator):
    outsider = f.CivilServantFactory(department=f.department("Stadsbeheer"))
    with pytest.raises(ValidationError) as error:
        svc.objection_assign(objection=lodged, by=coordinator, owner=outsider)
    assert "owner" in error.value.message_dict


def test_assigning_to_another_department_moves_it(lodged, coordinator):
    beheer = f.department("Stadsbeheer")
    obj = svc.objection_assign(objection=lodged, by=coordinator, department=beheer)
    assert obj.department == beheer


@pytest.mark.parametrize("outcome", ["well_founded", "partly", "unfounded"])
def test_the_department_answers_with_reasons_and_the_initiative_hears(
    lodged, civil_servant, member, outcome, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        obj = svc.objection_answer(
            objection=lodged, by=civil_servant, outcome=outcome, answer="Heroverwogen."
        )
    assert obj.status == Objection.Status.DECIDED and obj.outcome == outcome
    assert obj.owner == civil_servant and obj.answered_by == civil_servant
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "Heroverwogen." in message.body


def test_an_answer_needs_reasons(lodged, civil_servant):
    with pytest.raises(ValidationError) as error:
        svc.objection_answer(objection=lodged, by=civil_servant, outcome="unfounded", answer="")
    assert "answer" in error.value.message_dict


def test_another_department_may_not_answer(lodged):
    outsider = f.CivilServantFactory(department=f.department("Stadsbeheer"))
    with pytest.raises(PermissionDenied):
        svc.objection_answer(objection=lodged, by=outsider, outcome="unfounded", answer="Nee.")


def test_the_assigned_person_answers_even_from_elsewhere(lodged, coordinator):
    person = f.CivilServantFactory(department=None)
    svc.objection_assign(objection=lodged, by=coordinator, owner=person)
    obj = svc.objection_answer(
        objection=Objection.objects.get(), by=person, outcome="partly", answer="Deels."
    )
    assert obj.outcome == "partly"


def test_the_initiative_withdraws(lodged, member):
    obj = svc.objection_withdraw(objection=lodged, by=member, reason="Opgelost in overleg.")
    assert (obj.status, obj.outcome) == (Objection.Status.DECIDED, Objection.Outcome.WITHDRAWN)


def test_nothing_changes_after_the_outcome(lodged, civil_servant, member, coordinator):
    svc.objection_answer(objection=lodged, by=civil_servant, outcome="unfounded", answer="Nee.")
    with pytest.raises(ValidationError):
        svc.objection_withdraw(objection=lodged, by=member)
    with pytest.raises(ValidationError):
        svc.objection_assign(objection=lodged, by=coordinator, owner=civil_servant)


def test_the_answer_page_records_the_outcome(civil_servant_client, lodged):
    response = civil_servant_client.post(
        objection_url("partnership:objection_answer", lodged),
        {"outcome": "well_founded", "answer": "Het gebouw komt beschikbaar."},
    )
    assert response.status_code == 302
    lodged.refresh_from_db()
    assert lodged.outcome == "well_founded"


def test_an_empty_answer_shows_the_error_on_its_field(civil_servant_client, lodged):
    response = civil_servant_client.post(
        objection_url("partnership:objection_answer", lodged), {"outcome": "unfounded"}
    )
    assert response.status_code == 200
    assert "answer" in response.context["answer_form"].errors


def test_the_member_reads_the_outcome_on_the_objection_page(member_client, lodged, civil_servant):
    svc.objection_answer(
        objection=lodged, by=civil_servant, outcome="partly", answer="Deels toegekend."
    )
    page = member_client.get(objection_url("partnership:objection_detail", lodged))
    text = page.content.decode()
    assert "gedeeltelijk gegrond" in text and "Deels toegekend." in text
    assert "in beroep gaan bij de rechtbank" in text


# --- where it shows ---------------------------------------------------------------------------


def test_the_register_shows_the_objection_and_its_outcome(client, lodged, civil_servant):
    page = client.get(reverse("partnership:request_register")).content.decode()
    assert "ingediend 20 maart 2026: ingediend" in page
    svc.objection_answer(objection=lodged, by=civil_servant, outcome="unfounded", answer="Nee.")
    page = client.get(reverse("partnership:request_register")).content.decode()
    assert "<strong>ongegrond</strong>" in page
    # The register shows no words of the objection (they may name people).
    assert "Het gebouw staat leeg." not in page


def test_the_partner_page_shows_the_objection(member_client, lodged):
    page = member_client.get(lodged.request.initiative.get_absolute_url()).content.decode()
    assert objection_url("partnership:objection_detail", lodged) in page
    assert "Bezwaar van 20 maart 2026" in page


def test_the_work_list_shows_the_waiting_objection_with_days_left(
    civil_servant_client, lodged, monkeypatch
):
    on_day(monkeypatch, D(2026, 4, 2))
    page = civil_servant_client.get(reverse("partnership:worklist")).content.decode()
    assert objection_url("partnership:objection_detail", lodged) in page
    assert "nog 71 dagen" in page  # until 12 June 2026


def test_another_department_does_not_see_it_on_its_list(client_for, lodged):
    outsider = f.CivilServantFactory(department=f.department("Stadsbeheer"))
    page = client_for(outsider).get(reverse("partnership:worklist")).content.decode()
    assert objection_url("partnership:objection_detail", lodged) not in page


def test_an_answered_objection_leaves_the_work_list(civil_servant_client, lodged, civil_servant):
    svc.objection_answer(objection=lodged, by=civil_servant, outcome="unfounded", answer="Nee.")
    page = civil_servant_client.get(reverse("partnership:worklist")).content.decode()
    assert objection_url("partnership:objection_detail", lodged) not in page


# --- query counts --------------------------------------------------------------------------------


def _objections(n):
    for i in range(n):
        status = [Objection.Status.LODGED, Objection.Status.IN_PROGRESS, Objection.Status.DECIDED]
        obj = objection(
            department=f.department("Stadsontwikkeling"),
            status=status[i % 3],
            outcome="unfounded" if i % 3 == 2 else "",
        )
        obj.request.department = obj.department
        obj.request.save(update_fields=["department"])


def test_the_register_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    # count, page of rows, grounds, objections, the filter form's kinds, areas and grounds
    _objections(3)
    with django_assert_max_num_queries(7):
        client.get(reverse("partnership:request_register"))
    _objections(12)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("partnership:request_register"))
    assert len(response.context["page"]) == 15


def test_the_objections_on_the_work_list_run_a_fixed_number_of_queries(
    civil_servant_client, django_assert_max_num_queries
):
    _objections(3)
    # As in test_worklist (no initiative waits for a coordinator here: no page of them to read).
    with django_assert_max_num_queries(16):
        civil_servant_client.get(reverse("partnership:worklist"))
    _objections(12)
    with django_assert_max_num_queries(16):
        response = civil_servant_client.get(reverse("partnership:worklist"))
    assert response.context["objections"]["page"].paginator.count == 10


def test_the_partner_page_runs_the_same_queries_for_more_objections(
    member_client, initiative, django_assert_max_num_queries
):
    for _ in range(2):
        objection(initiative=initiative)
    url = initiative.get_absolute_url()
    member_client.get(url)
    with CaptureQueriesContext(connection) as few:
        member_client.get(url)
    for _ in range(8):
        objection(initiative=initiative)
    with django_assert_max_num_queries(len(few)):
        member_client.get(url)
