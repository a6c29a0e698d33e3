"""A refusal ground that the request's own figures contradict (issue 15).

"Higher cost than the current provision" was accepted while the request said €6,500 against
€9,200 today. Grounds now say which figures they rest on; the decider sees a warning with the
figures before choosing and must explain a contradicted ground; the explanation is kept and
shown with the decision on the public register.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from partnership.models import CityRequest, RefusalGround
from partnership.services import requests as svc
from tests.support import factories as f
from tests.support.factories_requests import EN, ground, kind

pytestmark = pytest.mark.django_db

Status = CityRequest.Status


@pytest.fixture
def challenge(initiative, civil_servant):
    """A Right to Challenge request under consideration: €6,500 against €9,200 today, 120
    neighbours in favour and 8 against, 14 volunteers where 10 are needed."""
    return f.CityRequestFactory(
        initiative=initiative,
        kind=kind("right-to-challenge"),
        department=civil_servant.department,
        status=Status.UNDER_CONSIDERATION,
        title="Onderhoud van het buurtpark",
        task_taken_over="Het onderhoud van het buurtpark.",
        proposed_budget=Decimal("6500"),
        current_city_cost=Decimal("9200"),
        supporters=120,
        opponents=8,
        volunteers_available=14,
        volunteers_needed=10,
    )


def decide_url(city_request):
    return reverse(
        "partnership:request_decide",
        kwargs={"slug": city_request.initiative.slug, "pk": city_request.pk},
    )


def refuse(city_request, ground_code, **extra):
    data = {
        "decision": "refused",
        "reasons": "Wij doen het liever zelf.",
        "grounds": ground(ground_code).pk,
        **extra,
    }
    return {f"decide-{city_request.pk}-{k}": v for k, v in data.items()}


# --- which figures a ground rests on ------------------------------------------------------------


def test_the_seeded_grounds_know_their_figures():
    assert ground("kosten").rests_on == RefusalGround.Figures.COST
    assert ground("draagvlak").rests_on == RefusalGround.Figures.SUPPORT
    assert ground("capaciteit").rests_on == RefusalGround.Figures.CAPACITY
    assert ground("aanbesteding").rests_on == ""


def test_a_lower_proposed_cost_contradicts_higher_cost_in_dutch_money(challenge):
    with translation.override("nl"):
        why = ground("kosten").contradiction(challenge)
    assert "€\u00a06.500,00" in why
    assert "€\u00a09.200,00" in why


def test_the_figures_read_in_english_money_in_english(challenge):
    with translation.override("en"):
        why = ground("kosten").contradiction(challenge)
    assert "€\u00a06,500.00" in why and "€\u00a09,200.00" in why


def test_a_higher_proposed_cost_does_not_contradict_the_ground(challenge):
    challenge.proposed_budget = Decimal("12000")
    assert ground("kosten").contradiction(challenge) == ""


def test_support_and_capacity_are_contradicted_by_their_figures(challenge):
    with translation.override("nl"):
        assert "120" in ground("draagvlak").contradiction(challenge)
        assert "14" in ground("capaciteit").contradiction(challenge)
    challenge.opponents, challenge.volunteers_needed = 300, 20
    assert ground("draagvlak").contradiction(challenge) == ""
    assert ground("capaciteit").contradiction(challenge) == ""


def test_missing_figures_contradict_nothing(challenge):
    challenge.current_city_cost = None
    challenge.supporters = None
    challenge.volunteers_needed = None
    for code in ("kosten", "draagvlak", "capaciteit", "aanbesteding"):
        assert ground(code).contradiction(challenge) == ""


# --- the service ------------------------------------------------------------------------------


def test_refusing_on_a_contradicted_ground_needs_an_explanation(challenge, civil_servant):
    with pytest.raises(ValidationError) as error:
        svc.request_decide(
            city_request=challenge,
            decision="refused",
            reasons="Te duur.",
            grounds=[ground("kosten")],
            by=civil_servant,
        )
    assert "contradiction_explanation" in error.value.message_dict
    challenge.refresh_from_db()
    assert challenge.status == Status.UNDER_CONSIDERATION


def test_the_explanation_is_kept_with_the_decision(challenge, civil_servant):
    decided = svc.request_decide(
        city_request=challenge,
        decision="refused",
        reasons="Te duur.",
        grounds=[ground("kosten")],
        contradiction_explanation="De begroting mist de verzekering van € 4.000 per jaar.",
        by=civil_servant,
    )
    decided.refresh_from_db()
    assert decided.contradiction_explanation.startswith("De begroting mist")


def test_a_ground_the_figures_do_not_contradict_needs_no_explanation(challenge, civil_servant):
    decided = svc.request_decide(
        city_request=challenge,
        decision="refused",
        reasons="Aanbesteding verplicht.",
        grounds=[ground("aanbesteding")],
        contradiction_explanation="Wordt niet bewaard.",
        by=civil_servant,
    )
    assert decided.contradiction_explanation == ""


# --- the form and the register ------------------------------------------------------------------


def test_the_decide_page_warns_with_the_figures(civil_servant_client, challenge):
    page = civil_servant_client.get(decide_url(challenge)).content.decode()
    assert "Kijk naar de eigen cijfers van het verzoek" in page
    assert "€\u00a06.500,00" in page and "€\u00a09.200,00" in page
    assert "Hogere kosten dan de huidige uitvoering" in page
    assert f'name="decide-{challenge.pk}-contradiction_explanation"' in page


def test_no_warning_where_no_figures_contradict(civil_servant_client, challenge):
    challenge.proposed_budget = Decimal("15000")
    challenge.opponents = 500
    challenge.volunteers_needed = 40
    challenge.save()
    page = civil_servant_client.get(decide_url(challenge)).content.decode()
    assert "Kijk naar de eigen cijfers" not in page
    assert "contradiction_explanation" not in page


def test_an_empty_explanation_is_an_error_on_its_field_in_dutch_and_english(
    civil_servant_client, challenge
):
    response = civil_servant_client.post(decide_url(challenge), refuse(challenge, "kosten"))
    assert response.status_code == 200
    errors = response.context["form"].errors["contradiction_explanation"]
    assert "spreken" in errors[0] and "€\u00a06.500,00" in errors[0]
    response = civil_servant_client.post(decide_url(challenge), refuse(challenge, "kosten"), **EN)
    assert "contradict" in response.context["form"].errors["contradiction_explanation"][0]
    challenge.refresh_from_db()
    assert challenge.status == Status.UNDER_CONSIDERATION


def test_the_explained_refusal_shows_on_the_register(civil_servant_client, client, challenge):
    explanation = "De begroting mist de verzekering en het materieel."
    response = civil_servant_client.post(
        decide_url(challenge),
        refuse(challenge, "kosten", contradiction_explanation=explanation),
    )
    assert response.status_code == 302
    register = client.get(reverse("partnership:request_register")).content.decode()
    assert explanation in register
    assert "Tegen de eigen cijfers van het verzoek in" in register
    csv = client.get(reverse("partnership:request_register"), {"format": "csv"})
    assert explanation in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_the_member_reads_the_explanation_on_the_request(member_client, challenge, civil_servant):
    svc.request_decide(
        city_request=challenge,
        decision="refused",
        reasons="Te duur.",
        grounds=[ground("kosten"), ground("draagvlak")],
        contradiction_explanation="Het park vraagt ook nieuwe bankjes.",
        by=civil_servant,
    )
    page = member_client.get(
        reverse(
            "partnership:request_detail",
            kwargs={"slug": challenge.initiative.slug, "pk": challenge.pk},
        )
    ).content.decode()
    assert "Het park vraagt ook nieuwe bankjes." in page


def test_an_initiator_records_the_figures_with_the_request(member_client, initiative):
    response = member_client.post(
        reverse("partnership:request_create", kwargs={"slug": initiative.slug}),
        {
            "kind": kind("zelfbeheer").pk,
            "title": "Plantsoen in zelfbeheer",
            "description": "Wij beheren het plantsoen zelf.",
            "location": "Plantsoen Dorpsweg",
            "supporters": "85",
            "opponents": "4",
            "volunteers_available": "9",
            "volunteers_needed": "6",
        },
    )
    assert response.status_code == 302
    saved = CityRequest.objects.get(title="Plantsoen in zelfbeheer")
    assert (saved.supporters, saved.opponents) == (85, 4)
    assert (saved.volunteers_available, saved.volunteers_needed) == (9, 6)


def test_the_decision_mail_carries_the_explanation(
    challenge, civil_servant, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        svc.request_decide(
            city_request=challenge,
            decision="refused",
            reasons="Te duur.",
            grounds=[ground("kosten")],
            contradiction_explanation="De begroting mist de verzekering.",
            by=civil_servant,
        )
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "De begroting mist de verzekering." in message.body
    assert "bezwaar" in message.body
