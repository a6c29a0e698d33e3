"""First-answer clocks (issue 15): a raised blockage, a dispute (of a commitment or a contract
record), a question and a request land at once on the work list of the department that owns
them, with the working days left until the first-answer term; the city's first answer takes
them off that list. The partner page shows the same clock."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from initiatives.accounts.models import Department
from partnership import clock
from partnership.models import CityRequest, RequestKind
from partnership.services import cooperation, requests
from partnership.services import logging as services
from partnership.templatetags.first_answer import first_answer_state
from partnership.views.worklist import PER_PAGE
from tests.support import factories as f
from tests.support.mail import run_digest

pytestmark = pytest.mark.django_db

WORKLIST = "/werkvoorraad/"
TODAY = timezone.localdate()


def dept(name):
    return Department.objects.get(name=name)


def waiting(response):
    """(kind, id) of the rows waiting for a first answer, in their order."""
    return [(r["row_kind"], r["row_id"]) for r in response.context["first_answers"]["page"]]


def worklist_of(client, department):
    return client.get(WORKLIST, {"department": department.pk}, HTTP_ACCEPT_LANGUAGE="en")


# The arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, days, due",
    [
        (dt.date(2026, 12, 1), 5, dt.date(2026, 12, 8)),  # Tuesday → next Tuesday
        (dt.date(2026, 12, 4), 1, dt.date(2026, 12, 7)),  # Friday → Monday
        # Sent on a Saturday: Monday is the first of the five working days, Friday the last.
        (dt.date(2026, 12, 5), 5, dt.date(2026, 12, 11)),
        (dt.date(2026, 12, 1), 0, dt.date(2026, 12, 1)),
        (dt.date(2026, 12, 1), 12, dt.date(2026, 12, 17)),
    ],
)
def test_the_term_is_counted_in_working_days(start, days, due):
    assert clock.add_working_days(start, days) == due
    assert clock.working_days_between(start, due) == days or start.weekday() >= 5


def test_days_left_and_days_passed(settings):
    settings.FIRST_ANSWER_WORKING_DAYS = 5
    state = first_answer_state(dt.date(2026, 12, 1), today=dt.date(2026, 12, 4))
    assert (state["due"], state["left"], state["late"]) == (dt.date(2026, 12, 8), 2, 0)
    state = first_answer_state(dt.date(2026, 12, 1), today=dt.date(2026, 12, 10))
    assert (state["left"], state["late"]) == (-2, 2)


# Each kind lands on the owning department's list on day one -------------------------------


def test_a_raised_blockage_lands_on_the_rules_department(civil_servant_client, initiative, member):
    framework = f.PolicyFrameworkFactory(department=dept("Stadsontwikkeling"))
    blockage = services.blockage_raise(
        initiative=initiative,
        raised_by=member,
        description="De grond is te duur.",
        severity="high",
        policy_framework=framework,
    )
    response = worklist_of(civil_servant_client, dept("Stadsontwikkeling"))
    assert waiting(response) == [("blockage", blockage.pk)]
    due = clock.first_answer_due(TODAY, 5)
    left = clock.working_days_between(TODAY, due)
    assert f"({left} working days left)" in response.content.decode()
    assert waiting(worklist_of(civil_servant_client, dept("Stadsbeheer"))) == []


def test_a_dispute_of_a_commitment_lands_on_its_department(
    civil_servant_client, initiative, member
):
    commitment = f.CommitmentFactory(initiative=initiative, department=dept("Stadsbeheer"))
    reply = services.commitment_dispute(commitment=commitment, author=member, body="Nooit gebeurd.")
    assert waiting(worklist_of(civil_servant_client, dept("Stadsbeheer"))) == [("reply", reply.pk)]
    assert waiting(worklist_of(civil_servant_client, dept("Stadsontwikkeling"))) == []


def test_a_dispute_of_a_contract_lands_on_the_awarding_department(
    civil_servant_client, initiative, member
):
    contract = f.ContractFactory(initiative=initiative, awarded_by_department=dept("Stadsbeheer"))
    cooperation.contract_dispute(contract=contract, by=member, reason="Het bedrag klopt niet.")
    response = worklist_of(civil_servant_client, dept("Stadsbeheer"))
    assert waiting(response) == [("contract", contract.pk)]
    assert "Het bedrag klopt niet." in response.content.decode()


def test_a_question_lands_on_the_contacts_department(
    member_client, civil_servant_client, initiative
):
    contact = f.ContactFactory(initiative=initiative, department=dept("Werk en Inkomen"))
    url = reverse("partnership:contact_answer", kwargs={"slug": initiative.slug, "pk": contact.pk})
    member_client.post(url, {"body": "Wanneer krijgen we de sleutel?", "asks": "on"})
    (reply,) = contact.replies.all()
    assert reply.kind == "question"
    assert waiting(worklist_of(civil_servant_client, dept("Werk en Inkomen"))) == [
        ("reply", reply.pk)
    ]


def test_the_department_is_told_a_question_waits(
    member_client, initiative, mailoutbox, django_capture_on_commit_callbacks
):
    wi = dept("Werk en Inkomen")
    wi.email = "wi@rotterdam.example"
    wi.save()
    contact = f.ContactFactory(initiative=initiative, department=wi)
    url = reverse("partnership:contact_answer", kwargs={"slug": initiative.slug, "pk": contact.pk})
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(url, {"body": "Wanneer krijgen we de sleutel?", "asks": "on"})
    run_digest()  # the day's digest, as the daily command sends it
    (message,) = [m for m in mailoutbox if m.to == ["wi@rotterdam.example"]]
    assert message.subject == "Een initiatief stelt je afdeling een vraag"
    assert "antwoord binnen 5 werkdagen" in message.body


def test_a_plain_answer_to_a_contact_starts_no_clock(
    member_client, civil_servant_client, initiative
):
    contact = f.ContactFactory(initiative=initiative)
    url = reverse("partnership:contact_answer", kwargs={"slug": initiative.slug, "pk": contact.pk})
    member_client.post(url, {"body": "Klopt, dank je."})
    assert waiting(civil_servant_client.get(WORKLIST, {"department": ""})) == []


def test_a_request_is_on_the_deciding_departments_list_on_day_one(
    civil_servant_client, initiative, member
):
    kind = RequestKind.objects.get(code="grond")
    kind.department = dept("Stadsontwikkeling")
    kind.decision_term_days = 84
    kind.save()
    city_request = requests.request_submit(
        initiative=initiative,
        kind=kind,
        title="Het braakliggende terrein",
        description="Wij willen er een moestuin.",
        location="Dorpsweg",
        by=member,
    )
    assert city_request.department == dept("Stadsontwikkeling")
    response = worklist_of(civil_servant_client, dept("Stadsontwikkeling"))
    assert waiting(response) == [("request", city_request.pk)]
    # Also among the requests waiting for a decision, 84 days ahead, from day one.
    assert list(response.context["requests"]["page"].object_list) == [city_request]
    assert "84 days left" in response.content.decode()


# The first answer takes it off the list ---------------------------------------------------


def test_confirming_a_raised_blockage_answers_it(civil_servant_client, civil_servant, initiative):
    blockage = f.BlockageFactory(initiative=initiative, raised_by_role="initiator")
    assert waiting(civil_servant_client.get(WORKLIST)) == [("blockage", blockage.pk)]
    url = reverse(
        "partnership:blockage_respond", kwargs={"slug": initiative.slug, "pk": blockage.pk}
    )
    civil_servant_client.post(url, {"kind": "confirmation", "body": "Klopt, we kijken ernaar."})
    blockage.refresh_from_db()
    assert blockage.first_answered_at is not None
    assert waiting(civil_servant_client.get(WORKLIST)) == []


def test_a_handoff_answers_but_a_routing_does_not(civil_servant, initiative):
    blockage = f.BlockageFactory(initiative=initiative, department=None, raised_by_role="initiator")
    services.blockage_handoff(
        blockage=blockage, by=civil_servant, to_department=dept("Stadsbeheer"), reason="Beheer."
    )
    blockage.refresh_from_db()
    assert blockage.first_answered_at is None  # routed out of triage: the clock runs on
    services.blockage_handoff(
        blockage=blockage, by=civil_servant, to_department=dept("Stadsontwikkeling"), reason="SO."
    )
    blockage.refresh_from_db()
    assert blockage.first_answered_at is not None


def test_answering_a_question_answers_it(civil_servant_client, member_client, initiative):
    reply = f.ReplyFactory(contact=f.ContactFactory(initiative=initiative))
    assert waiting(civil_servant_client.get(WORKLIST)) == [("reply", reply.pk)]
    url = reverse("partnership:reply_answer", kwargs={"slug": initiative.slug, "pk": reply.pk})
    response = civil_servant_client.post(url, {"body": "De sleutel ligt vrijdag klaar."})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.first_answered_at is not None
    assert waiting(civil_servant_client.get(WORKLIST)) == []
    # The member sees the answer beside their question.
    assert (
        "De sleutel ligt vrijdag klaar."
        in member_client.get(initiative.get_absolute_url()).content.decode()
    )


def test_a_new_contact_of_the_department_answers_its_questions(civil_servant, initiative):
    so, wi = dept("Stadsontwikkeling"), dept("Werk en Inkomen")
    ours = f.ReplyFactory(contact=f.ContactFactory(initiative=initiative, department=so))
    theirs = f.ReplyFactory(contact=f.ContactFactory(initiative=initiative, department=wi))
    services.contact_log(
        initiative=initiative,
        logged_by=civil_servant,
        date=TODAY,
        channel="phone",
        department=so,
        initiated_by="municipality",
        summary="Teruggebeld over de sleutel.",
    )
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.first_answered_at is not None
    assert theirs.first_answered_at is None


def test_settling_a_disputed_commitment_answers_the_dispute(civil_servant, initiative, member):
    commitment = f.CommitmentFactory(initiative=initiative, promised_on=TODAY)
    reply = services.commitment_dispute(commitment=commitment, author=member, body="Niet waar.")
    services.commitment_settle(
        commitment=commitment, settled_by=civil_servant, status="kept", settled_on=TODAY, note="."
    )
    reply.refresh_from_db()
    assert reply.first_answered_at is not None


def test_answering_a_contract_dispute_answers_it(civil_servant_client, initiative):
    contract = f.ContractFactory(
        initiative=initiative,
        awarded_by_department=dept("Stadsontwikkeling"),
        disputed_at=timezone.now(),
        dispute="Te laag.",
    )
    url = reverse(
        "partnership:contract_dispute_answer",
        kwargs={"slug": initiative.slug, "pk": contract.pk},
    )
    response = civil_servant_client.post(url, {"answer": "Het bedrag is gecorrigeerd."})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.dispute_answer == "Het bedrag is gecorrigeerd."
    assert waiting(civil_servant_client.get(WORKLIST)) == []
    # An empty answer is an error at its field, never a 500.
    again = civil_servant_client.post(url, {"answer": "   "})
    assert again.status_code == 200 and "answer" in again.context["form"].errors


def test_taking_a_request_into_consideration_answers_it(civil_servant, civil_servant_client):
    city_request = f.CityRequestFactory()
    requests.request_consider(city_request=city_request, by=civil_servant)
    city_request.refresh_from_db()
    assert city_request.first_answered_at is not None
    assert city_request.status == CityRequest.Status.UNDER_CONSIDERATION
    assert waiting(civil_servant_client.get(WORKLIST)) == []


# The partner page -------------------------------------------------------------------------


def test_the_partner_page_shows_the_clock(member_client, initiative, settings):
    settings.FIRST_ANSWER_WORKING_DAYS = 5
    fresh = f.BlockageFactory(initiative=initiative, raised_by_role="initiator", raised_on=TODAY)
    late_start = TODAY - dt.timedelta(days=21)
    f.BlockageFactory(initiative=initiative, raised_by_role="initiator", raised_on=late_start)
    html = member_client.get(initiative.get_absolute_url()).content.decode()
    due = clock.first_answer_due(fresh.raised_on, 5)
    assert f"eerste antwoord uiterlijk {date_format(due, 'D j M')}" in html
    passed = -clock.working_days_between(TODAY, clock.first_answer_due(late_start, 5))
    assert f"termijn eerste antwoord {passed} werkdagen verstreken" in html


def test_an_answered_blockage_shows_no_clock(member_client, initiative):
    f.BlockageFactory(
        initiative=initiative, raised_by_role="initiator", first_answered_at=timezone.now()
    )
    html = member_client.get(initiative.get_absolute_url()).content.decode()
    assert "eerste antwoord" not in html


# Bounded ----------------------------------------------------------------------------------


def _fill(n, member):
    so = dept("Stadsontwikkeling")
    for _ in range(n):
        initiative = f.InitiativeFactory()
        f.BlockageFactory(initiative=initiative, department=so, raised_by_role="initiator")
        f.ReplyFactory(contact=f.ContactFactory(initiative=initiative, department=so))
        f.ReplyFactory(
            contact=None,
            commitment=f.CommitmentFactory(initiative=initiative, department=so),
            kind="dispute",
        )
        f.ContractFactory(
            initiative=initiative, awarded_by_department=so, disputed_at=timezone.now()
        )
        f.CityRequestFactory(initiative=initiative, department=so)
        f.BlockageFactory(
            initiative=initiative,
            department=None,
            policy_framework=None,
            raised_by_role="initiator",
        )


@pytest.mark.parametrize("n", [2, 12])
def test_the_work_list_stays_bounded(coordinator_client, member, n, django_assert_max_num_queries):
    _fill(n, member)
    # As in tests/test_worklist.py: 18 whatever the number of rows; a coordinator reads two
    # more sections, each a page with its total in one query: the initiatives without a lead
    # (1) and the intake (1, after their own areas and the term: 2): 22.
    with django_assert_max_num_queries(22):
        response = coordinator_client.get(WORKLIST, {"department": dept("Stadsontwikkeling").pk})
    assert response.status_code == 200
    assert response.context["first_answers"]["page"].paginator.count == 5 * n
    assert len(response.context["triage"]["page"].object_list) == min(n, PER_PAGE)
