"""Blockages: logged by the city or raised by the initiative, confirmed or answered beside the
initiator's words, handed on (each hand-off a row), escalated and settled."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.accounts.models import Department
from partnership.models import Blockage, BlockageHandoff, Reply
from tests.support import factories as f
from tests.support.form_data import blockage_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def dept(name):
    return Department.objects.get(name=name)


def url(name, blockage):
    return reverse(name, kwargs={"slug": blockage.initiative.slug, "pk": blockage.pk})


def new_url(initiative, name="partnership:blockage_new"):
    return reverse(name, kwargs={"slug": initiative.slug})


# Logged by the municipality ---------------------------------------------------------------


def test_a_civil_servant_logs_a_blockage(civil_servant_client, civil_servant, initiative):
    response = civil_servant_client.post(new_url(initiative), blockage_data())
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    blockage = Blockage.objects.get(initiative=initiative)
    assert (blockage.category, blockage.severity, blockage.status) == ("land", "high", "open")
    assert blockage.raised_by_role == "civil_servant"
    assert blockage.logged_by == civil_servant


def test_the_policy_framework_decides_the_category(civil_servant_client, initiative):
    framework = f.PolicyFrameworkFactory(name="Aanbestedingsbeleid", category="procurement")
    data = blockage_data(policy_framework=framework.pk, category="land")
    civil_servant_client.post(new_url(initiative), data)
    blockage = Blockage.objects.get(initiative=initiative)
    assert blockage.policy_framework == framework
    assert blockage.category == "procurement"


def test_without_a_framework_a_category_is_needed(civil_servant_client, initiative):
    response = civil_servant_client.post(
        new_url(initiative), blockage_data(category=""), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["form"].errors["category"] == [
        "Choose a category, or the policy framework that blocks."
    ]
    assert not Blockage.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("description", ""),
        ("severity", "apocalyptic"),
        ("category", "rules"),
        ("policy_framework", "123456"),
        ("raised_on", (TODAY + dt.timedelta(days=1)).isoformat()),
        ("department", ""),
    ],
)
def test_invalid_input_is_shown_at_its_field(civil_servant_client, initiative, field, value):
    response = civil_servant_client.post(new_url(initiative), blockage_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Blockage.objects.exists()


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
def test_only_the_municipality_logs_blockages(request, initiative, who, expected):
    response = request.getfixturevalue(who).post(new_url(initiative), blockage_data())
    assert response.status_code == expected
    logged = Blockage.objects.exists()
    assert logged == (who in ("civil_servant_client", "coordinator_client"))


# Raised by the initiative -----------------------------------------------------------------


def test_a_member_raises_a_blockage_in_their_own_words(member_client, member, initiative):
    # Issue 15: an initiator never chooses a department; a posted one is ignored, and without
    # a rule the blockage waits in the point of contact's triage.
    data = {
        "department": dept("Stadsbeheer").pk,
        "policy_framework": "",
        "category": "",
        "description": "Niemand neemt de telefoon op.",
        "severity": "medium",
    }
    response = member_client.post(new_url(initiative, "partnership:blockage_raise"), data)
    assert response.status_code == 302
    blockage = Blockage.objects.get(initiative=initiative)
    assert blockage.raised_by_role == "initiator"
    assert blockage.department is None
    assert blockage.category == "other"
    assert blockage.description == "Niemand neemt de telefoon op."
    assert blockage.logged_by == member
    assert blockage.confirmed_by is None


def test_raising_a_blockage_needs_words_but_no_department(member_client, initiative):
    response = member_client.post(
        new_url(initiative, "partnership:blockage_raise"),
        {"description": "", "severity": "medium"},
    )
    errors = response.context["form"].errors
    assert "description" in errors and "department" not in errors


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
def test_only_members_raise_blockages(request, initiative, who, expected):
    response = request.getfixturevalue(who).get(new_url(initiative, "partnership:blockage_raise"))
    assert response.status_code == expected


def test_a_civil_servant_confirms_without_overwriting_the_initiators_words(
    civil_servant_client, civil_servant, initiative
):
    blockage = f.BlockageFactory(
        initiative=initiative,
        raised_by_role="initiator",
        policy_framework=None,
        category="other",
        description="In onze woorden.",
    )
    framework = f.PolicyFrameworkFactory(category="public_space")
    response = civil_servant_client.post(
        url("partnership:blockage_respond", blockage),
        {
            "kind": "confirmation",
            "body": "Klopt, dit ligt bij ons.",
            "policy_framework": framework.pk,
        },
    )
    assert response.status_code == 302
    blockage.refresh_from_db()
    assert blockage.description == "In onze woorden."
    assert blockage.confirmed_by == civil_servant and blockage.confirmed_at is not None
    assert (blockage.policy_framework, blockage.category) == (framework, "public_space")
    reply = Reply.objects.get(blockage=blockage)
    assert (reply.kind, reply.author) == ("confirmation", civil_servant)


def test_an_answer_does_not_confirm(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative, raised_by_role="initiator")
    civil_servant_client.post(
        url("partnership:blockage_respond", blockage),
        {"kind": "answer", "body": "Welk perceel bedoelt u?"},
    )
    blockage.refresh_from_db()
    assert blockage.confirmed_by is None
    assert Reply.objects.get(blockage=blockage).kind == "answer"


def test_a_response_must_confirm_or_answer(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative, raised_by_role="initiator")
    response = civil_servant_client.post(
        url("partnership:blockage_respond", blockage), {"kind": "dispute", "body": "x"}
    )
    assert "kind" in response.context["form"].errors
    assert not Reply.objects.exists()


# Hand-offs --------------------------------------------------------------------------------


def handoff_data(to="Stadsbeheer", **overrides):
    data = {
        "to_department": dept(to).pk,
        "reason": "Beheer gaat over de openbare ruimte.",
        "handed_on": TODAY.isoformat(),
    }
    data.update(overrides)
    return data


def test_a_hand_off_is_a_row_and_moves_the_blockage(
    civil_servant_client, civil_servant, initiative
):
    blockage = f.BlockageFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    response = civil_servant_client.post(
        url("partnership:blockage_handoff", blockage), handoff_data()
    )
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    handoff = BlockageHandoff.objects.get(blockage=blockage)
    assert handoff.from_department == dept("Stadsontwikkeling")
    assert handoff.to_department == dept("Stadsbeheer")
    assert handoff.handed_by == civil_servant
    assert handoff.handed_on == TODAY
    blockage.refresh_from_db()
    assert blockage.department == dept("Stadsbeheer")


def test_successive_hand_offs_keep_the_whole_trail(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    civil_servant_client.post(
        url("partnership:blockage_handoff", blockage), handoff_data("Stadsbeheer")
    )
    civil_servant_client.post(
        url("partnership:blockage_handoff", blockage), handoff_data("Dienstverlening")
    )
    trail = list(
        BlockageHandoff.objects.filter(blockage=blockage)
        .order_by("created_at")
        .values_list("from_department__name", "to_department__name")
    )
    assert trail == [
        ("Stadsontwikkeling", "Stadsbeheer"),
        ("Stadsbeheer", "Dienstverlening"),
    ]


def test_a_blockage_is_not_handed_to_its_own_department(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    response = civil_servant_client.post(
        url("partnership:blockage_handoff", blockage), handoff_data("Stadsontwikkeling")
    )
    assert "to_department" in response.context["form"].errors
    assert not BlockageHandoff.objects.exists()


def test_a_hand_off_needs_a_reason_and_a_date_after_raising(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative, raised_on=TODAY - dt.timedelta(days=3))
    before = (TODAY - dt.timedelta(days=4)).isoformat()
    response = civil_servant_client.post(
        url("partnership:blockage_handoff", blockage),
        handoff_data(reason="", handed_on=before),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    errors = response.context["form"].errors
    assert "reason" in errors
    assert errors["handed_on"] == ["A blockage cannot be handed on before it was raised."]


def test_a_settled_blockage_is_not_handed_on(civil_servant_client, initiative):
    blockage = f.BlockageFactory(
        initiative=initiative, status="resolved", settled_on=TODAY, resolution="Opgelost."
    )
    response = civil_servant_client.post(
        url("partnership:blockage_handoff", blockage), handoff_data(), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.context["form"].non_field_errors() == [
        "This blockage has already been settled."
    ]
    assert not BlockageHandoff.objects.exists()


# Escalating and settling ------------------------------------------------------------------


def test_a_civil_servant_escalates_a_blockage(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative)
    response = civil_servant_client.post(url("partnership:blockage_escalate", blockage))
    assert response.status_code == 302
    blockage.refresh_from_db()
    assert (blockage.status, blockage.escalated_on) == ("escalated", TODAY)


def test_escalating_twice_says_so_and_changes_nothing(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative, status="escalated", escalated_on=TODAY)
    response = civil_servant_client.post(
        url("partnership:blockage_escalate", blockage), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "This blockage has already been escalated." in [
        str(m) for m in response.context["messages"]
    ]


def test_escalating_takes_a_post(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative)
    assert (
        civil_servant_client.get(url("partnership:blockage_escalate", blockage)).status_code == 405
    )


@pytest.mark.parametrize("status", ["resolved", "worked_around", "unresolved"])
def test_a_civil_servant_settles_a_blockage(
    civil_servant_client, civil_servant, initiative, status
):
    blockage = f.BlockageFactory(initiative=initiative, status="escalated")
    response = civil_servant_client.post(
        url("partnership:blockage_settle", blockage),
        {"status": status, "settled_on": TODAY.isoformat(), "resolution": "Zo is het gegaan."},
    )
    assert response.status_code == 302
    blockage.refresh_from_db()
    assert (blockage.status, blockage.settled_on, blockage.resolution) == (
        status,
        TODAY,
        "Zo is het gegaan.",
    )
    assert blockage.settled_by == civil_servant
    assert blockage.history.latest().history_user == civil_servant


def test_a_blockage_is_not_settled_before_it_was_raised(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative, raised_on=TODAY - dt.timedelta(days=2))
    response = civil_servant_client.post(
        url("partnership:blockage_settle", blockage),
        {
            "status": "resolved",
            "settled_on": (TODAY - dt.timedelta(days=3)).isoformat(),
            "resolution": "x",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.context["form"].errors["settled_on"] == [
        "A blockage cannot be settled before it was raised."
    ]


def test_settling_needs_an_outcome_and_a_resolution(civil_servant_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative)
    response = civil_servant_client.post(
        url("partnership:blockage_settle", blockage),
        {"status": "open", "settled_on": TODAY.isoformat(), "resolution": ""},
    )
    errors = response.context["form"].errors
    assert "status" in errors and "resolution" in errors
    blockage.refresh_from_db()
    assert blockage.status == "open"


@pytest.mark.parametrize(
    "name",
    ["partnership:blockage_respond", "partnership:blockage_handoff", "partnership:blockage_settle"],
)
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
def test_only_the_municipality_responds_hands_on_and_settles(
    request, initiative, name, who, expected
):
    blockage = f.BlockageFactory(initiative=initiative)
    assert request.getfixturevalue(who).get(url(name, blockage)).status_code == expected


@pytest.mark.parametrize(
    "who, expected, status",
    [
        ("client", 302, "open"),
        ("member_client", 403, "open"),
        ("other_initiator_client", 403, "open"),
        ("council_client", 403, "open"),
        ("civil_servant_client", 302, "escalated"),
        ("coordinator_client", 302, "escalated"),
    ],
)
def test_only_the_municipality_escalates(request, initiative, who, expected, status):
    blockage = f.BlockageFactory(initiative=initiative)
    assert request.getfixturevalue(who).post(
        url("partnership:blockage_escalate", blockage)
    ).status_code == (expected)
    blockage.refresh_from_db()
    assert blockage.status == status


def test_a_blockage_of_another_initiative_is_not_found(civil_servant_client, initiative):
    elsewhere = f.BlockageFactory()
    for name in (
        "partnership:blockage_respond",
        "partnership:blockage_handoff",
        "partnership:blockage_settle",
        "partnership:blockage_escalate",
    ):
        target = reverse(name, kwargs={"slug": initiative.slug, "pk": elsewhere.pk})
        assert civil_servant_client.post(target, {}).status_code == 404


# On the partner page ----------------------------------------------------------------------


def test_the_partner_page_offers_the_civil_servant_the_blockage_actions(
    civil_servant_client, initiative
):
    blockage = f.BlockageFactory(initiative=initiative, raised_by_role="initiator")
    html = civil_servant_client.get(initiative.get_absolute_url()).content.decode()
    for name in (
        "partnership:blockage_respond",
        "partnership:blockage_handoff",
        "partnership:blockage_settle",
        "partnership:blockage_escalate",
    ):
        assert url(name, blockage) in html
    for name in (
        "partnership:contact_new",
        "partnership:commitment_new",
        "partnership:blockage_new",
    ):
        assert new_url(initiative, name) in html
    assert new_url(initiative, "partnership:blockage_raise") not in html


def test_the_partner_page_lets_a_member_raise_but_not_settle(member_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative)
    html = member_client.get(initiative.get_absolute_url()).content.decode()
    assert new_url(initiative, "partnership:blockage_raise") in html
    assert url("partnership:blockage_settle", blockage) not in html
    assert url("partnership:blockage_escalate", blockage) not in html
    assert new_url(initiative) not in html
