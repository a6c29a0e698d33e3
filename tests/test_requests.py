"""Requests for collective goods: submission, the state machine, the clock, and who may do what."""

import datetime as dt
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from partnership.models import CityRequest, ClockAdjustment, RequestStep
from partnership.selectors.requests import refusal_grounds_by_kind, request_detail_queryset
from partnership.services import requests as svc
from tests.support import factories as f
from tests.support.factories_requests import EN, decided_request, ground, kind, on_day

pytestmark = pytest.mark.django_db

D = dt.date
Status = CityRequest.Status
Decision = CityRequest.Decision


def submit(initiative, by, kind_code="grond", **kwargs):
    defaults = {
        "title": "Terrein voor een moestuin",
        "description": "Wij vragen het terrein aan de Dorpsweg.",
        "location": "Dorpsweg 12",
    }
    defaults.update(kwargs)
    return svc.request_submit(initiative=initiative, kind=kind(kind_code), by=by, **defaults)


RTC_TERMS = {
    "task_taken_over": "Het onderhoud van het buurtpark.",
    "proposed_budget": Decimal("40000"),
    "current_city_cost": Decimal("55000"),
    "neighbourhood_support": "Tweehonderd handtekeningen.",
    "capacity": "Twaalf vrijwilligers en een coördinator.",
    "added_value": "Werkervaring voor buurtbewoners.",
}


@pytest.fixture
def submitted(initiative, member):
    return submit(initiative, member)


@pytest.fixture
def considering(submitted, civil_servant):
    return svc.request_consider(city_request=submitted, by=civil_servant)


# --- submission ---------------------------------------------------------------------------


def test_submitting_sets_the_deadline_from_the_kinds_term_and_writes_a_step(initiative, member):
    city_request = submit(initiative, member)
    assert city_request.status == Status.SUBMITTED
    assert city_request.deadline == city_request.submitted_on + dt.timedelta(days=56)
    step = city_request.steps.get()
    assert (step.status, step.on, step.by) == (Status.SUBMITTED, timezone.localdate(), member)


def test_submitting_across_29_february_counts_the_leap_day(initiative, member, monkeypatch):
    on_day(monkeypatch, D(2024, 1, 4))
    assert submit(initiative, member).deadline == D(2024, 2, 29)


def test_a_right_to_challenge_request_needs_every_one_of_its_terms(initiative, member):
    with pytest.raises(ValidationError) as error:
        submit(initiative, member, kind_code="right-to-challenge", location="")
    assert set(error.value.message_dict) == set(RTC_TERMS)
    assert not CityRequest.objects.exists()


def test_a_complete_right_to_challenge_request_is_accepted(initiative, member):
    city_request = submit(initiative, member, kind_code="right-to-challenge", **RTC_TERMS)
    assert city_request.current_city_cost == Decimal("55000")
    assert city_request.deadline == city_request.submitted_on + dt.timedelta(days=84)


def test_right_to_challenge_terms_are_not_kept_on_other_kinds(initiative, member):
    city_request = submit(initiative, member, **RTC_TERMS)
    city_request.refresh_from_db()
    assert city_request.task_taken_over == ""
    assert city_request.proposed_budget is None


def test_a_request_for_land_says_which_plot_and_a_subsidy_how_much(initiative, member):
    with pytest.raises(ValidationError) as land:
        submit(initiative, member, location=" ")
    assert "location" in land.value.message_dict
    with pytest.raises(ValidationError) as subsidy:
        submit(initiative, member, kind_code="subsidie", location="")
    assert "amount_requested" in subsidy.value.message_dict


def test_a_request_cannot_be_submitted_in_the_future(initiative, civil_servant):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        submit(initiative, civil_servant, submitted_on=tomorrow)
    assert "submitted_on" in error.value.message_dict


def test_a_civil_servant_registering_on_behalf_is_shown_in_the_step(initiative, civil_servant):
    city_request = submit(initiative, civil_servant, submitted_on=D(2025, 1, 6))
    step = city_request.steps.get()
    assert step.by == civil_servant and step.on == D(2025, 1, 6)
    assert step.note
    assert city_request.deadline == D(2025, 3, 3)


# --- the state machine --------------------------------------------------------------------


def test_a_submitted_request_goes_under_consideration_with_a_step(submitted, civil_servant):
    city_request = svc.request_consider(city_request=submitted, by=civil_servant)
    assert city_request.status == Status.UNDER_CONSIDERATION
    assert city_request.department == civil_servant.department
    assert list(city_request.steps.values_list("status", "by")) == [
        (Status.SUBMITTED, submitted.logged_by_id),
        (Status.UNDER_CONSIDERATION, civil_servant.pk),
    ]


def test_a_request_cannot_go_under_consideration_twice(considering, civil_servant):
    with pytest.raises(ValidationError):
        svc.request_consider(city_request=considering, by=civil_servant)
    assert considering.steps.count() == 2


@pytest.mark.parametrize(
    "decision", [Decision.GRANTED, Decision.GRANTED_WITH_CONDITIONS, Decision.REFUSED]
)
def test_a_decision_cannot_skip_consideration(submitted, civil_servant, decision):
    with pytest.raises(ValidationError):
        svc.request_decide(
            city_request=submitted,
            decision=decision,
            reasons="Omdat het kan.",
            grounds=[ground("niet-beschikbaar")] if decision == Decision.REFUSED else [],
            by=civil_servant,
        )
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.decision == ""


def test_withdrawal_may_come_straight_after_submission(submitted, member):
    city_request = svc.request_withdraw(city_request=submitted, by=member, reasons="Elders")
    assert (city_request.status, city_request.decision) == (Status.DECIDED, Decision.WITHDRAWN)
    assert city_request.decided_on == timezone.localdate()
    assert city_request.steps.last().note == "Elders"


def test_withdrawal_is_not_a_decision_the_city_can_take(considering, civil_servant):
    with pytest.raises(ValidationError) as error:
        svc.request_decide(
            city_request=considering, decision=Decision.WITHDRAWN, reasons="x", by=civil_servant
        )
    assert "decision" in error.value.message_dict


def test_a_grant_is_recorded_with_its_date_and_a_step(considering, civil_servant):
    city_request = svc.request_decide(
        city_request=considering, decision=Decision.GRANTED, reasons="", by=civil_servant
    )
    assert (city_request.status, city_request.decision) == (Status.DECIDED, Decision.GRANTED)
    assert city_request.decided_on == timezone.localdate()
    last = city_request.steps.last()
    assert (last.status, last.decision) == (Status.DECIDED, Decision.GRANTED)
    assert last.by == civil_servant


def test_a_refusal_without_a_ground_is_an_error_on_the_grounds(considering, civil_servant):
    with pytest.raises(ValidationError) as error:
        svc.request_decide(
            city_request=considering,
            decision=Decision.REFUSED,
            reasons="Het terrein is verhuurd.",
            grounds=[],
            by=civil_servant,
        )
    assert "grounds" in error.value.message_dict
    considering.refresh_from_db()
    assert considering.status == Status.UNDER_CONSIDERATION


def test_a_refusal_needs_reasons(considering, civil_servant):
    with pytest.raises(ValidationError) as error:
        svc.request_decide(
            city_request=considering,
            decision=Decision.REFUSED,
            reasons="  ",
            grounds=[ground("niet-beschikbaar")],
            by=civil_servant,
        )
    assert set(error.value.message_dict) == {"reasons"}


def test_a_ground_of_another_kind_is_rejected(considering, civil_servant):
    # "subsidievoorwaarden" belongs to subsidies, not to a request for land.
    with pytest.raises(ValidationError) as error:
        svc.request_decide(
            city_request=considering,
            decision=Decision.REFUSED,
            reasons="Past niet.",
            grounds=[ground("niet-beschikbaar"), ground("subsidievoorwaarden")],
            by=civil_servant,
        )
    assert "grounds" in error.value.message_dict
    assert not considering.grounds.exists()


def test_a_refusal_on_the_kinds_grounds_is_recorded_with_them(considering, civil_servant):
    city_request = svc.request_decide(
        city_request=considering,
        decision=Decision.REFUSED,
        reasons="Het terrein is al verhuurd.",
        grounds=[ground("niet-beschikbaar"), ground("bestemmingsplan")],
        by=civil_servant,
    )
    assert set(city_request.grounds.values_list("code", flat=True)) == {
        "niet-beschikbaar",
        "bestemmingsplan",
    }
    assert city_request.reasons == "Het terrein is al verhuurd."


def test_grounds_go_only_with_a_refusal(considering, civil_servant):
    with pytest.raises(ValidationError) as error:
        svc.request_decide(
            city_request=considering,
            decision=Decision.GRANTED,
            reasons="",
            grounds=[ground("niet-beschikbaar")],
            by=civil_servant,
        )
    assert "grounds" in error.value.message_dict


def test_conditions_must_be_stated(considering, civil_servant):
    with pytest.raises(ValidationError) as error:
        svc.request_decide(
            city_request=considering,
            decision=Decision.GRANTED_WITH_CONDITIONS,
            reasons="",
            by=civil_servant,
        )
    assert "reasons" in error.value.message_dict


def test_a_decision_cannot_be_dated_in_the_future_or_before_the_last_step(
    considering, civil_servant
):
    today = timezone.localdate()  # the day it went under consideration
    for day in (today + dt.timedelta(days=1), today - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            svc.request_decide(
                city_request=considering,
                decision=Decision.GRANTED,
                reasons="",
                decided_on=day,
                by=civil_servant,
            )
        assert "decided_on" in error.value.message_dict


def test_nothing_changes_after_a_decision(considering, civil_servant, member):
    decided = svc.request_decide(
        city_request=considering, decision=Decision.GRANTED, reasons="", by=civil_servant
    )
    attempts = [
        lambda: svc.request_decide(
            city_request=decided,
            decision=Decision.REFUSED,
            reasons="Toch niet.",
            grounds=[ground("niet-beschikbaar")],
            by=civil_servant,
        ),
        lambda: svc.request_withdraw(city_request=decided, by=member),
        lambda: svc.request_consider(city_request=decided, by=civil_servant),
        lambda: svc.request_adjust_clock(
            city_request=decided, kind="extension", days=5, reason="Vergeten", by=civil_servant
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    decided.refresh_from_db()
    assert decided.decision == Decision.GRANTED
    assert decided.steps.count() == 3
    assert not decided.clock_adjustments.exists()


# --- the clock ----------------------------------------------------------------------------


def test_a_suspension_moves_the_deadline_and_keeps_its_reason(submitted, civil_servant):
    deadline = submitted.deadline
    svc.request_adjust_clock(
        city_request=submitted,
        kind=ClockAdjustment.Kind.SUSPENSION,
        days=14,
        reason="Wachten op de tekening van het terrein.",
        by=civil_servant,
    )
    submitted.refresh_from_db()
    assert submitted.deadline == deadline + dt.timedelta(days=14)
    adjustment = submitted.clock_adjustments.get()
    assert (adjustment.kind, adjustment.days, adjustment.by) == ("suspension", 14, civil_servant)
    assert adjustment.reason == "Wachten op de tekening van het terrein."


def test_suspensions_and_extensions_add_up(considering, civil_servant):
    deadline = considering.deadline
    svc.request_adjust_clock(
        city_request=considering, kind="suspension", days=10, reason="a", by=civil_servant
    )
    svc.request_adjust_clock(
        city_request=considering, kind="extension", days=21, reason="b", by=civil_servant
    )
    considering.refresh_from_db()
    assert considering.deadline == deadline + dt.timedelta(days=31)


@pytest.mark.parametrize(
    ("days", "reason", "field"),
    [(7, "   ", "reason"), (0, "Reden", "days"), (366, "Reden", "days")],
)
def test_the_clock_moves_only_with_a_reason_and_a_sensible_number_of_days(
    submitted, civil_servant, days, reason, field
):
    with pytest.raises(ValidationError) as error:
        svc.request_adjust_clock(
            city_request=submitted, kind="extension", days=days, reason=reason, by=civil_servant
        )
    assert field in error.value.message_dict
    assert not ClockAdjustment.objects.exists()


def test_a_later_change_of_the_kinds_term_leaves_a_running_clock_alone(submitted, civil_servant):
    land = kind("grond")
    land.decision_term_days = 10
    land.save()
    svc.request_adjust_clock(
        city_request=submitted, kind="extension", days=7, reason="Extra advies", by=civil_servant
    )
    submitted.refresh_from_db()
    assert submitted.deadline == submitted.submitted_on + dt.timedelta(days=56 + 7)


def test_lateness_across_29_february_after_a_suspension(
    initiative, member, civil_servant, monkeypatch
):
    on_day(monkeypatch, D(2024, 1, 4))
    city_request = submit(initiative, member)  # due 29 February 2024
    on_day(monkeypatch, D(2024, 1, 15))
    svc.request_consider(city_request=city_request, by=civil_servant)
    svc.request_adjust_clock(
        city_request=city_request, kind="suspension", days=2, reason="Stukken", by=civil_servant
    )
    on_day(monkeypatch, D(2024, 3, 5))
    city_request.refresh_from_db()
    assert city_request.deadline == D(2024, 3, 2)
    assert city_request.days_late(today=D(2024, 3, 5)) == 3
    decided = svc.request_decide(
        city_request=city_request, decision=Decision.GRANTED, reasons="", by=civil_servant
    )
    assert decided.decided_on == D(2024, 3, 5)
    assert decided.days_late(today=D(2024, 12, 31)) == 3


def test_lateness_across_a_month_end_in_a_common_year(
    initiative, member, civil_servant, monkeypatch
):
    on_day(monkeypatch, D(2023, 1, 4))
    city_request = submit(initiative, member)  # due 1 March 2023
    assert city_request.deadline == D(2023, 3, 1)
    on_day(monkeypatch, D(2023, 2, 27))
    svc.request_consider(city_request=city_request, by=civil_servant)
    on_day(monkeypatch, D(2023, 3, 2))
    decided = svc.request_decide(
        city_request=city_request, decision=Decision.GRANTED, reasons="", by=civil_servant
    )
    assert decided.days_late(today=D(2023, 6, 1)) == 1


# --- e-mail -------------------------------------------------------------------------------


def test_members_are_emailed_a_confirmation_and_the_decision(
    initiative, member, civil_servant, django_capture_on_commit_callbacks
):
    co = f.MembershipFactory(initiative=initiative).user
    with django_capture_on_commit_callbacks(execute=True):
        city_request = submit(initiative, member)
    # The confirmation can wait for the day's digest; the decision cannot (below).
    assert mail.outbox == []
    call_command("send_digest", stdout=StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, co.email])
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert city_request.title not in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.request_consider(city_request=city_request, by=civil_servant)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        svc.request_decide(
            city_request=city_request,
            decision=Decision.REFUSED,
            reasons="Het terrein wordt bebouwd.",
            grounds=[ground("niet-beschikbaar")],
            by=civil_servant,
        )
    assert len(mail.outbox) == 2
    assert "Het terrein wordt bebouwd." in mail.outbox[0].body
    assert ground("niet-beschikbaar").name in mail.outbox[0].body
    assert initiative.get_absolute_url() in mail.outbox[0].body


def test_a_failed_step_sends_no_mail(
    considering, civil_servant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        svc.request_decide(
            city_request=considering, decision=Decision.REFUSED, reasons="x", by=civil_servant
        )
    assert mail.outbox == []


# --- views: who may do what ---------------------------------------------------------------


def create_url(initiative):
    return reverse("partnership:request_create", kwargs={"slug": initiative.slug})


def action_url(name, city_request):
    return reverse(name, kwargs={"slug": city_request.initiative.slug, "pk": city_request.pk})


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member_client", 200),
        ("civil_servant_client", 200),
        ("coordinator_client", 200),
        ("council_client", 403),
        ("other_initiator_client", 403),
    ],
)
def test_who_may_open_the_request_form(request, initiative, who, status):
    response = request.getfixturevalue(who).get(create_url(initiative))
    assert response.status_code == status


def test_a_visitor_is_sent_to_log_in(client, initiative):
    response = client.get(create_url(initiative))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_outsider_does_not_learn_a_private_initiative_exists(other_initiator_client, member):
    private = f.InitiativeFactory(lead=member, is_public=False)
    assert other_initiator_client.get(create_url(private)).status_code == 404


def test_a_member_submits_a_request_and_is_sent_to_the_partner_page(
    member_client, initiative, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            create_url(initiative),
            {
                "kind": kind("grond").pk,
                "title": "Terrein voor een moestuin",
                "description": "Het lege terrein aan de Dorpsweg.",
                "location": "Dorpsweg 12",
                # A member cannot backdate: the field is not on their form.
                "submitted_on": "2020-01-01",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    city_request = CityRequest.objects.get()
    assert city_request.submitted_on == timezone.localdate()
    assert city_request.logged_by == member
    call_command("send_digest", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_the_form_ties_missing_right_to_challenge_terms_to_their_fields(member_client, initiative):
    response = member_client.post(
        create_url(initiative),
        {"kind": kind("right-to-challenge").pk, "title": "Buurtpark", "description": "Beheer"},
        **EN,
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(RTC_TERMS) <= set(form.errors)
    assert "A Right to Challenge request needs this." in response.content.decode()
    assert not CityRequest.objects.exists()


def test_a_civil_servant_registers_a_request_on_behalf_with_its_date(
    civil_servant_client, initiative
):
    response = civil_servant_client.post(
        create_url(initiative),
        {
            "kind": kind("subsidie").pk,
            "title": "Subsidie voor de buurtbarbecue",
            "description": "Vlees, brood en een tent.",
            "amount_requested": "750",
            "department": f.department("Maatschappelijke Ontwikkeling").pk,
            "submitted_on": "2025-01-31",
        },
    )
    assert response.status_code == 302
    city_request = CityRequest.objects.get()
    assert city_request.submitted_on == D(2025, 1, 31)
    assert city_request.deadline == D(2025, 3, 28)
    assert city_request.department.name == "Maatschappelijke Ontwikkeling"


def test_nonsense_input_gives_errors_not_a_crash(member_client, initiative):
    response = member_client.post(
        create_url(initiative),
        {"kind": "abc", "title": "x" * 500, "amount_requested": "1e999"},
    )
    assert response.status_code == 200
    assert {"kind", "title", "description"} <= set(response.context["form"].errors)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("civil_servant_client", 302),
        ("coordinator_client", 302),
        ("member_client", 403),
        ("other_initiator_client", 403),
        ("council_client", 403),
    ],
)
def test_only_the_municipality_takes_a_request_into_consideration(request, submitted, who, status):
    response = request.getfixturevalue(who).post(
        action_url("partnership:request_consider", submitted)
    )
    assert response.status_code == status
    submitted.refresh_from_db()
    expected = Status.UNDER_CONSIDERATION if status == 302 else Status.SUBMITTED
    assert submitted.status == expected


def test_a_visitor_cannot_act_on_a_request(client, submitted):
    for name in (
        "partnership:request_consider",
        "partnership:request_withdraw",
        "partnership:request_decide",
        "partnership:request_clock",
    ):
        response = client.post(action_url(name, submitted))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


@pytest.mark.parametrize("who", ["member_client", "other_initiator_client", "council_client"])
def test_only_the_municipality_decides(request, considering, who):
    response = request.getfixturevalue(who).post(
        action_url("partnership:request_decide", considering),
        decide_data(considering, decision="granted"),
    )
    assert response.status_code == 403
    considering.refresh_from_db()
    assert considering.status == Status.UNDER_CONSIDERATION


def form_data(action, city_request, **values):
    return {f"{action}-{city_request.pk}-{name}": value for name, value in values.items()}


def decide_data(city_request, **values):
    return form_data("decide", city_request, **values)


def clock_data(city_request, **values):
    return form_data("clock", city_request, **values)


def test_refusing_without_a_ground_shows_the_error_on_the_grounds_field(
    civil_servant_client, considering
):
    response = civil_servant_client.post(
        action_url("partnership:request_decide", considering),
        decide_data(considering, decision="refused", reasons="Verhuurd."),
        **EN,
    )
    assert response.status_code == 200
    assert "grounds" in response.context["form"].errors
    considering.refresh_from_db()
    assert considering.status == Status.UNDER_CONSIDERATION


def test_a_ground_of_another_kind_cannot_be_posted(civil_servant_client, considering):
    response = civil_servant_client.post(
        action_url("partnership:request_decide", considering),
        decide_data(
            considering,
            decision="refused",
            reasons="Verhuurd.",
            grounds=ground("subsidievoorwaarden").pk,
        ),
    )
    assert response.status_code == 200
    assert "grounds" in response.context["form"].errors
    assert not considering.grounds.exists()


def test_a_civil_servant_refuses_on_a_ground_and_the_member_reads_why(
    civil_servant_client, member_client, considering
):
    response = civil_servant_client.post(
        action_url("partnership:request_decide", considering),
        decide_data(
            considering,
            decision="refused",
            reasons="Het terrein wordt in 2026 bebouwd.",
            grounds=ground("niet-beschikbaar").pk,
        ),
    )
    assert response.status_code == 302
    page = member_client.get(
        action_url("partnership:request_detail", considering), **EN
    ).content.decode()
    assert "Het terrein wordt in 2026 bebouwd." in page
    assert "The building or land is not available" in page
    assert "refused" in page


def test_deciding_straight_from_submitted_is_refused_in_the_view(
    civil_servant_client, civil_servant, submitted
):
    # Registered for the civil servant's department, so the refusal is the state machine's.
    submitted.department = civil_servant.department
    submitted.save(update_fields=["department"])
    response = civil_servant_client.post(
        action_url("partnership:request_decide", submitted),
        decide_data(submitted, decision="granted"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member_client", 302),
        ("civil_servant_client", 302),
        ("other_initiator_client", 403),
        ("council_client", 403),
    ],
)
def test_members_and_the_municipality_may_withdraw(request, submitted, who, status):
    response = request.getfixturevalue(who).post(
        action_url("partnership:request_withdraw", submitted)
    )
    assert response.status_code == status
    submitted.refresh_from_db()
    assert (submitted.decision == Decision.WITHDRAWN) is (status == 302)


def test_withdrawing_a_decided_request_changes_nothing(member_client, considering, civil_servant):
    svc.request_decide(city_request=considering, decision="granted", reasons="", by=civil_servant)
    response = member_client.post(action_url("partnership:request_withdraw", considering), **EN)
    assert response.status_code == 302
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("nothing can be changed after a decision" in n for n in notes)
    considering.refresh_from_db()
    assert considering.decision == Decision.GRANTED


@pytest.mark.parametrize("who", ["member_client", "other_initiator_client", "council_client"])
def test_only_the_municipality_moves_the_clock(request, submitted, who):
    response = request.getfixturevalue(who).post(
        action_url("partnership:request_clock", submitted),
        clock_data(submitted, kind="extension", days="30", reason="Drukte"),
    )
    assert response.status_code == 403
    assert not ClockAdjustment.objects.exists()


def test_the_clock_form_requires_a_reason(civil_servant_client, submitted):
    response = civil_servant_client.post(
        action_url("partnership:request_clock", submitted),
        clock_data(submitted, kind="extension", days="30", reason=""),
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors


def test_the_clock_form_refuses_absurd_numbers_of_days(civil_servant_client, submitted):
    response = civil_servant_client.post(
        action_url("partnership:request_clock", submitted),
        clock_data(submitted, kind="extension", days="99999999999", reason="Drukte"),
    )
    assert response.status_code == 200
    assert "days" in response.context["form"].errors


def test_a_civil_servant_suspends_the_term_and_the_member_sees_why(
    civil_servant_client, member_client, submitted
):
    deadline = submitted.deadline
    response = civil_servant_client.post(
        action_url("partnership:request_clock", submitted),
        clock_data(submitted, kind="suspension", days="21", reason="Wachten op de tekening"),
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.deadline == deadline + dt.timedelta(days=21)
    page = member_client.get(
        action_url("partnership:request_detail", submitted), **EN
    ).content.decode()
    assert "Wachten op de tekening" in page
    assert "Suspended for 21 days" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member_client", 200),
        ("civil_servant_client", 200),
        ("coordinator_client", 200),
        ("council_client", 403),
        ("other_initiator_client", 403),
    ],
)
def test_who_may_read_a_request(request, submitted, who, status):
    response = request.getfixturevalue(who).get(action_url("partnership:request_detail", submitted))
    assert response.status_code == status


def test_a_request_is_found_only_under_its_own_initiative(civil_servant_client, submitted):
    other = f.InitiativeFactory()
    url = reverse("partnership:request_detail", kwargs={"slug": other.slug, "pk": submitted.pk})
    assert civil_servant_client.get(url).status_code == 404
    response = civil_servant_client.post(
        reverse("partnership:request_consider", kwargs={"slug": other.slug, "pk": submitted.pk})
    )
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


# --- the request item: what each reader sees ----------------------------------------------


def test_a_late_open_request_shows_the_days_past_its_term(
    member_client, initiative, member, civil_servant
):
    city_request = submit(initiative, member, submitted_on=timezone.localdate() - dt.timedelta(60))
    page = member_client.get(
        action_url("partnership:request_detail", city_request), **EN
    ).content.decode()
    assert "4 days past the term" in page


def test_a_late_decision_shows_the_days_past_its_term_at_the_decision(member_client, initiative):
    city_request = decided_request(initiative=initiative, days_late=9)
    page = member_client.get(
        action_url("partnership:request_detail", city_request), **EN
    ).content.decode()
    assert "9 days past the term" in page


def test_the_civil_servant_sees_the_decision_form_with_the_kinds_grounds_only(
    civil_servant_client, considering
):
    page = civil_servant_client.get(action_url("partnership:request_detail", considering), **EN)
    html = page.content.decode()
    assert "Record the decision" in html
    assert "The building or land is not available" in html
    assert "Does not meet the subsidy conditions" not in html
    assert f'id="id_decide-{considering.pk}-grounds_0"' in html


def test_the_forms_of_several_requests_keep_their_ids_apart(
    civil_servant_client, considering, initiative, member
):
    submit(initiative, member)
    html = civil_servant_client.get(
        action_url("partnership:request_detail", considering)
    ).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert f'name="withdraw-{considering.pk}-reasons"' in html


def test_a_member_sees_only_the_withdraw_form(member_client, considering):
    html = member_client.get(
        action_url("partnership:request_detail", considering), **EN
    ).content.decode()
    assert "Withdraw the request" in html
    assert "Record the decision" not in html
    assert "Suspend or extend the term" not in html


def test_a_decided_request_offers_no_actions(civil_servant_client, initiative):
    city_request = decided_request(initiative=initiative)
    html = civil_servant_client.get(action_url("partnership:request_detail", city_request), **EN)
    text = html.content.decode()
    assert "Withdraw the request" not in text and "Record the decision" not in text
    assert "decided on time" in text


def test_the_partner_page_shows_the_request_with_its_steps_and_reasons(
    member_client, initiative, considering, civil_servant
):
    svc.request_decide(
        city_request=considering,
        decision=Decision.GRANTED_WITH_CONDITIONS,
        reasons="Alleen op zaterdag.",
        by=civil_servant,
    )
    html = member_client.get(initiative.get_absolute_url(), **EN).content.decode()
    assert "Alleen op zaterdag." in html
    assert "granted with conditions" in html
    assert RequestStep.objects.filter(request=considering).count() == 3


def test_the_request_partials_add_a_fixed_number_of_queries(
    civil_servant, initiative, member, django_assert_max_num_queries, rf
):
    def render_all():
        http_request = rf.get("/")
        http_request.user = civil_servant
        ctx = {
            "initiative": initiative,
            "can_log": True,
            "today": timezone.localdate(),
            "refusal_grounds": refusal_grounds_by_kind(),  # loaded by the page's selector
        }
        return "".join(
            render_to_string(
                "partnership/item_actions_request.html",
                {**ctx, "item": city_request},
                request=http_request,
            )
            for city_request in request_detail_queryset(initiative)
        )

    for _ in range(3):
        svc.request_consider(city_request=submit(initiative, member), by=civil_servant)
    # requests, steps, adjustments, grounds, objections, grounds map
    with django_assert_max_num_queries(7):
        render_all()
    for _ in range(12):
        svc.request_consider(city_request=submit(initiative, member), by=civil_servant)
    with django_assert_max_num_queries(7), translation.override("en"):
        assert render_all().count("Record the decision") == 15
