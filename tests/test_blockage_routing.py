"""Blockages without knowing the department (issue 15): an initiator names the rule or says
"I don't know"; the rule brings its owning department, anything else waits in the triage of the
initiative's point of contact (or the coordinators), who routes it with a recorded hand-off."""

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.accounts.models import Department
from partnership.models import Blockage, BlockageHandoff
from tests.support import factories as f
from tests.support.mail import run_digest

pytestmark = pytest.mark.django_db

WORKLIST = "/werkvoorraad/"
TODAY = timezone.localdate().isoformat()


def dept(name):
    return Department.objects.get(name=name)


def raise_url(initiative):
    return reverse("partnership:blockage_raise", kwargs={"slug": initiative.slug})


def route_url(blockage):
    return reverse(
        "partnership:blockage_handoff",
        kwargs={"slug": blockage.initiative.slug, "pk": blockage.pk},
    )


def raise_data(**overrides):
    data = {
        "description": "Het hek van de moestuin mag niet blijven staan.",
        "policy_framework": "",
        "category": "",
        "severity": "medium",
    }
    data.update(overrides)
    return data


def triage(response):
    return list(response.context["triage"]["page"].object_list)


@pytest.fixture
def unrouted(initiative, member):
    return f.BlockageFactory(
        initiative=initiative,
        department=None,
        policy_framework=None,
        raised_by_role="initiator",
        logged_by=member,
    )


# The initiator's form ---------------------------------------------------------------------


def test_the_form_offers_the_rules_and_i_dont_know_but_no_department(member_client, initiative):
    framework = f.PolicyFrameworkFactory(name="Grondprijsbeleid", department=dept("Stadsbeheer"))
    response = member_client.get(raise_url(initiative))
    form = response.context["form"]
    assert "department" not in form.fields
    choices = [label for _value, label in form.fields["policy_framework"].choices]
    assert choices[0] == "Ik weet het niet"
    assert f"{framework.name} (Stadsbeheer)" in choices
    assert 'name="department"' not in response.content.decode()


def test_a_rule_brings_its_owning_department(
    member_client, initiative, mailoutbox, django_capture_on_commit_callbacks
):
    beheer = dept("Stadsbeheer")
    beheer.email = "stadsbeheer@rotterdam.example"
    beheer.save()
    framework = f.PolicyFrameworkFactory(category="public_space", department=beheer)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            raise_url(initiative), raise_data(policy_framework=framework.pk)
        )
    assert response.status_code == 302
    blockage = Blockage.objects.get(initiative=initiative)
    assert (blockage.department, blockage.policy_framework) == (beheer, framework)
    assert blockage.category == "public_space"
    run_digest()  # the day's digest, as the daily command sends it
    assert any(m.to == ["stadsbeheer@rotterdam.example"] for m in mailoutbox)


def test_i_dont_know_leaves_it_unrouted_for_the_point_of_contact(
    member_client, initiative, civil_servant, mailoutbox, django_capture_on_commit_callbacks
):
    initiative.point_of_contact = civil_servant
    initiative.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(raise_url(initiative), raise_data(category="permit"))
    assert response.status_code == 302
    blockage = Blockage.objects.get(initiative=initiative)
    assert blockage.department is None
    assert blockage.category == "permit"
    run_digest()  # the day's digest, as the daily command sends it
    assert any(m.to == [civil_servant.email] for m in mailoutbox)


def test_a_department_posted_by_an_initiator_is_ignored(member_client, initiative):
    member_client.post(raise_url(initiative), raise_data(department=dept("Stadsbeheer").pk))
    assert Blockage.objects.get(initiative=initiative).department is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("policy_framework", "999999"),
        ("policy_framework", "<script>alert(1)</script>"),
        ("policy_framework", "1 OR 1=1"),
        ("category", "rules"),
        ("severity", "apocalyptic"),
        ("description", ""),
    ],
)
def test_hostile_input_is_an_error_at_its_field(member_client, initiative, field, value):
    response = member_client.post(raise_url(initiative), raise_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Blockage.objects.exists()


# The civil servant's form -----------------------------------------------------------------


def test_a_civil_servant_may_still_choose_the_department(civil_servant_client, initiative):
    framework = f.PolicyFrameworkFactory(department=dept("Stadsbeheer"))
    url = reverse("partnership:blockage_new", kwargs={"slug": initiative.slug})
    form = civil_servant_client.get(url).context["form"]
    assert "department" in form.fields and "policy_framework" in form.fields
    civil_servant_client.post(
        url,
        {
            "department": "",
            "policy_framework": framework.pk,
            "category": "",
            "description": "Vergunning loopt vast.",
            "severity": "high",
            "raised_on": TODAY,
        },
    )
    # Without a department the framework's owner holds it.
    blockage = Blockage.objects.get(initiative=initiative)
    assert blockage.department == dept("Stadsbeheer")


# Triage -----------------------------------------------------------------------------------


def test_the_point_of_contact_sees_it_in_triage(client_for, civil_servant, initiative, unrouted):
    initiative.point_of_contact = civil_servant
    initiative.save()
    response = client_for(civil_servant).get(WORKLIST)
    assert triage(response) == [unrouted]
    assert route_url(unrouted) in response.content.decode()


def test_another_civil_servant_does_not(client_for, initiative, unrouted):
    initiative.point_of_contact = f.CivilServantFactory()
    initiative.save()
    other = f.CivilServantFactory()
    assert triage(client_for(other).get(WORKLIST)) == []


def test_without_a_point_of_contact_the_coordinators_triage_it(
    coordinator_client, civil_servant_client, unrouted
):
    assert triage(coordinator_client.get(WORKLIST)) == [unrouted]
    assert triage(civil_servant_client.get(WORKLIST)) == []


def test_the_rule_named_suggests_the_department(civil_servant_client, civil_servant, initiative):
    framework = f.PolicyFrameworkFactory(department=dept("Werk en Inkomen"))
    blockage = f.BlockageFactory(initiative=initiative, department=None, policy_framework=framework)
    form = civil_servant_client.get(route_url(blockage)).context["form"]
    assert form.fields["to_department"].initial == dept("Werk en Inkomen").pk


def test_routing_records_a_handoff_and_tells_the_department(
    civil_servant_client,
    civil_servant,
    initiative,
    unrouted,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    beheer = dept("Stadsbeheer")
    beheer.email = "stadsbeheer@rotterdam.example"
    beheer.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = civil_servant_client.post(
            route_url(unrouted),
            {
                "to_department": beheer.pk,
                "reason": "Het hek staat in de openbare ruimte.",
                "handed_on": TODAY,
            },
        )
    assert response.status_code == 302
    unrouted.refresh_from_db()
    assert unrouted.department == beheer
    handoff = BlockageHandoff.objects.get(blockage=unrouted)
    assert (handoff.from_department, handoff.to_department) == (None, beheer)
    assert handoff.reason == "Het hek staat in de openbare ruimte."
    assert handoff.handed_by == civil_servant
    run_digest()  # the day's digest, as the daily command sends it
    (message,) = [m for m in mailoutbox if m.to == ["stadsbeheer@rotterdam.example"]]
    assert unrouted.description in message.body
    assert "Het hek staat in de openbare ruimte." in message.body
    # Routed: out of triage, onto the department's own list, still waiting for a first answer.
    civil_servant.department = beheer
    civil_servant.save()
    initiative.point_of_contact = civil_servant
    initiative.save()
    response = civil_servant_client.get(WORKLIST)
    assert triage(response) == []
    assert unrouted.pk in [row["row_id"] for row in response.context["first_answers"]["page"]]
    # The routing is in the trail, but it is no pass from pillar to post.
    (listed,) = response.context["blockages"]["page"].object_list
    assert listed.handoff_count == 0


def test_the_partner_page_shows_the_routing(member_client, initiative, unrouted):
    f.BlockageHandoffFactory(
        blockage=unrouted, from_department=None, to_department=dept("Stadsbeheer")
    )
    unrouted.department = dept("Stadsbeheer")
    unrouted.save()
    html = member_client.get(initiative.get_absolute_url()).content.decode()
    assert "doorgestuurd door het aanspreekpunt naar Stadsbeheer" in html


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
def test_only_the_municipality_may_route(request, who, expected, unrouted):
    client = request.getfixturevalue(who)
    response = client.post(
        route_url(unrouted),
        {"to_department": dept("Stadsbeheer").pk, "reason": "Beheer.", "handed_on": TODAY},
    )
    assert response.status_code == expected
    unrouted.refresh_from_db()
    routed = who in ("civil_servant_client", "coordinator_client")
    assert (unrouted.department is not None) == routed
    assert BlockageHandoff.objects.filter(blockage=unrouted).exists() == routed


@pytest.mark.parametrize(
    "to_department",
    ["", "999999", "<b>x</b>", "-1", "1; DROP TABLE partnership_blockage"],
)
def test_routing_rejects_hostile_input_at_its_field(civil_servant_client, unrouted, to_department):
    response = civil_servant_client.post(
        route_url(unrouted), {"to_department": to_department, "reason": "x", "handed_on": TODAY}
    )
    assert response.status_code == 200
    assert "to_department" in response.context["form"].errors
    unrouted.refresh_from_db()
    assert unrouted.department is None


def test_the_dashboard_counts_unrouted_blockages_in_their_own_row(coordinator_client, unrouted):
    response = coordinator_client.get(reverse("dashboards:dashboard_blockages"))
    assert response.status_code == 200
    assert "Nog niet doorgestuurd (triage)" in response.content.decode()


# The demo ---------------------------------------------------------------------------------


def test_the_demo_has_blockages_in_triage_routed_ones_and_first_answers_on_time_and_late(
    settings,
):
    from partnership import clock
    from partnership.demo import generate
    from partnership.models import CityRequest, Reply

    generate.seed(initiatives=150)
    assert Blockage.objects.filter(
        department__isnull=True, status__in=Blockage.OPEN_STATUSES
    ).exists()
    routings = BlockageHandoff.objects.filter(from_department__isnull=True)
    assert routings.exists()
    assert all(h.to_department_id for h in routings)
    term = settings.FIRST_ANSWER_WORKING_DAYS

    def on_time(start, answered):
        return timezone.localdate(answered) <= clock.first_answer_due(start, term)

    answered = [
        on_time(b.raised_on, b.first_answered_at)
        for b in Blockage.objects.filter(
            raised_by_role="initiator", first_answered_at__isnull=False
        )
    ]
    assert True in answered and False in answered
    assert Reply.objects.filter(kind="question").exists()
    assert Reply.objects.filter(kind__in=Reply.ASKING, first_answered_at__isnull=True).exists()
    assert CityRequest.objects.filter(first_answered_at__isnull=False).exists()
