"""Point of contact and coordinator: who assigns them, when an initiative needs a coordinator, and
the pillar-to-post facts on the partner page."""

import datetime as dt
import random

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from initiatives.accounts.models import Department
from initiatives.models import Initiative
from partnership.selectors.pillar import (
    annotate_departments_involved,
    blockages_with_facts,
    initiative_facts,
    initiatives_needing_coordinator,
)
from partnership.selectors.timeline import pillar_facts
from tests.support import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def dept(name):
    return Department.objects.get(name=name)


def needing():
    return set(initiatives_needing_coordinator().values_list("pk", flat=True))


def involved(initiative):
    return annotate_departments_involved(Initiative.objects.filter(pk=initiative.pk)).get()


# Assigning --------------------------------------------------------------------------------


def assign_url(initiative):
    return reverse("partnership:initiative_assign", kwargs={"slug": initiative.slug})


def test_a_coordinator_assigns_the_point_of_contact_and_the_coordinator(
    coordinator_client, coordinator, civil_servant, initiative
):
    response = coordinator_client.post(
        assign_url(initiative),
        {"point_of_contact": civil_servant.pk, "coordinator": coordinator.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    initiative.refresh_from_db()
    assert initiative.point_of_contact == civil_servant
    assert initiative.coordinator == coordinator
    assert initiative.history.latest().history_user == coordinator


def test_the_assign_form_offers_only_municipal_users(
    coordinator_client, member, civil_servant, initiative
):
    response = coordinator_client.get(assign_url(initiative))
    assert response.status_code == 200
    assert str(civil_servant) in response.content.decode()
    response = coordinator_client.post(
        assign_url(initiative),
        {"point_of_contact": member.pk, "coordinator": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["form"].errors["point_of_contact"][0]
    initiative.refresh_from_db()
    assert initiative.point_of_contact is None


@pytest.mark.parametrize(
    "who, expected",
    [
        ("client", 302),
        ("member_client", 403),
        ("other_initiator_client", 403),
        ("civil_servant_client", 403),
        ("council_client", 403),
        ("coordinator_client", 200),
    ],
)
def test_only_coordinators_may_assign(request, who, expected, initiative):
    response = request.getfixturevalue(who).get(assign_url(initiative))
    assert response.status_code == expected
    if expected == 302:
        assert "/accounts/login/" in response["Location"]


def test_a_private_initiative_is_not_found_for_outsiders(
    other_initiator_client, council_client, member
):
    private = f.InitiativeFactory(lead=member, is_public=False)
    assert other_initiator_client.get(assign_url(private)).status_code == 404
    assert council_client.get(assign_url(private)).status_code == 404


def test_assigned_civil_servants_are_told(
    coordinator_client, civil_servant, initiative, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            assign_url(initiative), {"point_of_contact": civil_servant.pk, "coordinator": ""}
        )
    # The civil servant hears of their new task; the members (see test_intake) of their contact.
    told = {m.to[0]: m for m in mailoutbox}
    assert civil_servant.email in told
    assert initiative.slug in told[civil_servant.email].body


# When a coordinator is needed -------------------------------------------------------------


def test_one_department_needs_no_coordinator(initiative):
    f.ContactFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    f.CommitmentFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    f.BlockageFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    assert initiative.pk not in needing()
    assert involved(initiative).departments_involved == 1


def test_a_referral_to_a_second_department_makes_a_coordinator_needed(initiative):
    f.ContactFactory(
        initiative=initiative,
        department=dept("Stadsontwikkeling"),
        referred_to=dept("Stadsbeheer"),
    )
    assert initiative.pk in needing()
    assert involved(initiative).departments_involved == 2


def test_a_commitment_of_a_second_department_makes_a_coordinator_needed(initiative):
    f.ContactFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    f.CommitmentFactory(initiative=initiative, department=dept("Werk en Inkomen"))
    assert initiative.pk in needing()


def test_a_blockage_hand_off_makes_a_coordinator_needed(initiative):
    blockage = f.BlockageFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    assert initiative.pk not in needing()
    f.BlockageHandoffFactory(blockage=blockage, to_department=dept("Stadsbeheer"))
    # The hand-off row alone involves both ends, even before the blockage's department moved.
    assert initiative.pk in needing()
    assert involved(initiative).departments_involved == 2


def test_a_blockage_in_another_department_makes_a_coordinator_needed(initiative):
    f.ContactFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    f.BlockageFactory(initiative=initiative, department=dept("Dienstverlening"))
    assert initiative.pk in needing()


def test_an_assigned_coordinator_ends_the_need(initiative, coordinator):
    f.ContactFactory(
        initiative=initiative,
        department=dept("Stadsontwikkeling"),
        referred_to=dept("Stadsbeheer"),
    )
    initiative.coordinator = coordinator
    initiative.save()
    assert initiative.pk not in needing()


def test_archived_entries_and_initiatives_do_not_count(initiative, member):
    f.ContactFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    f.CommitmentFactory(
        initiative=initiative, department=dept("Stadsbeheer"), archived_at=timezone.now()
    )
    assert initiative.pk not in needing()
    archived = f.InitiativeFactory(lead=member, archived_at=timezone.now())
    f.ContactFactory(
        initiative=archived, department=dept("Stadsontwikkeling"), referred_to=dept("Stadsbeheer")
    )
    assert archived.pk not in needing()


@pytest.mark.parametrize("seed", [5, 6])
def test_the_count_and_the_filters_agree_with_a_recount_on_a_random_city(seed):
    """The per-row count, the whole-city filter and the per-department filter are three shapes
    of one rule; a plain recount of what was created is the judge."""
    rng = random.Random(seed)
    departments = list(Department.objects.all())
    initiatives = f.InitiativeFactory.create_batch(14)
    involved = {i.pk: set() for i in initiatives}
    for initiative in initiatives:
        seen = involved[initiative.pk]
        for _ in range(rng.randint(0, 3)):
            d = rng.choice(departments)
            referred = (
                rng.choice([x for x in departments if x != d]) if rng.random() < 0.2 else None
            )
            archived = timezone.now() if rng.random() < 0.1 else None
            f.ContactFactory(
                initiative=initiative, department=d, referred_to=referred, archived_at=archived
            )
            if archived is None:
                seen |= {d.pk} | ({referred.pk} if referred else set())
        for _ in range(rng.randint(0, 2)):
            d = rng.choice(departments)
            f.CommitmentFactory(initiative=initiative, department=d)
            seen.add(d.pk)
        for _ in range(rng.randint(0, 2)):
            blockage = f.BlockageFactory(initiative=initiative, department=rng.choice(departments))
            seen.add(blockage.department_id)
            if rng.random() < 0.4:
                to = rng.choice([x for x in departments if x != blockage.department])
                f.BlockageHandoffFactory(blockage=blockage, to_department=to)
                seen.add(to.pk)
    counted = {
        i.pk: i.departments_involved
        for i in annotate_departments_involved(Initiative.objects.all())
    }
    assert counted == {pk: len(depts) for pk, depts in involved.items()}
    assert needing() == {pk for pk, depts in involved.items() if len(depts) >= 2}
    for department in departments:
        found = initiatives_needing_coordinator(department=department).values_list("pk", flat=True)
        expected = {pk for pk, d in involved.items() if len(d) >= 2 and department.pk in d}
        assert set(found) == expected, department
    assert any(len(d) >= 2 for d in involved.values()) and any(
        len(d) < 2 for d in involved.values()
    )


# Pillar-to-post facts ---------------------------------------------------------------------


def test_the_facts_count_departments_hand_offs_and_days_to_a_first_settled_answer(initiative):
    so, sb, wi = dept("Stadsontwikkeling"), dept("Stadsbeheer"), dept("Werk en Inkomen")
    first = TODAY - dt.timedelta(days=50)
    f.ContactFactory(initiative=initiative, department=so, date=first, referred_to=sb)
    f.ContactFactory(initiative=initiative, department=sb, date=TODAY - dt.timedelta(days=40))
    f.CommitmentFactory(
        initiative=initiative,
        department=so,
        promised_on=first,
        status="kept",
        settled_on=TODAY - dt.timedelta(days=20),
    )
    blockage = f.BlockageFactory(
        initiative=initiative,
        department=wi,
        raised_on=first,
        status="resolved",
        settled_on=TODAY - dt.timedelta(days=30),
    )
    f.BlockageHandoffFactory(blockage=blockage, from_department=so, to_department=wi)
    facts = initiative_facts(initiative)
    assert facts["departments_involved"] == 3
    assert facts["handoffs"] == 2  # one referral after a contact, one blockage hand-off
    assert facts["first_contact"] == first
    assert facts["first_answer"] == TODAY - dt.timedelta(days=30)
    assert facts["days_to_first_answer"] == 20
    assert facts["needs_coordinator"] is True


def test_without_a_settled_answer_the_facts_say_so(initiative):
    f.ContactFactory(initiative=initiative, date=TODAY - dt.timedelta(days=9))
    f.CommitmentFactory(initiative=initiative)
    facts = initiative_facts(initiative)
    assert facts["first_answer"] is None and facts["days_to_first_answer"] is None
    assert facts["departments_involved"] == 1 and facts["handoffs"] == 0
    assert facts["needs_coordinator"] is False


def test_each_blockage_has_its_hand_offs_and_departments_counted(initiative):
    so, sb, wi = dept("Stadsontwikkeling"), dept("Stadsbeheer"), dept("Werk en Inkomen")
    quiet = f.BlockageFactory(initiative=initiative, department=so)
    travelled = f.BlockageFactory(initiative=initiative, department=wi)
    f.BlockageHandoffFactory(blockage=travelled, from_department=so, to_department=sb)
    f.BlockageHandoffFactory(blockage=travelled, from_department=sb, to_department=wi)
    rows = {b.pk: b for b in blockages_with_facts(initiative)}
    assert (rows[quiet.pk].handoff_count, rows[quiet.pk].departments_involved) == (0, 1)
    assert (rows[travelled.pk].handoff_count, rows[travelled.pk].departments_involved) == (2, 3)


def _render_facts(initiative, user, **extra):
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "partnership/partner_facts_pillar.html" %}')
    ctx = {"initiative": initiative, "request": request, "user": user, "today": TODAY, **extra}
    ctx.update(pillar_facts(initiative, TODAY))  # what the partner page's selector loads
    return template.render(Context(ctx))


def test_the_partner_page_partial_shows_the_facts_and_the_need_for_a_coordinator(
    initiative, coordinator, settings
):
    f.ContactFactory(
        initiative=initiative,
        department=dept("Stadsontwikkeling"),
        referred_to=dept("Stadsbeheer"),
    )
    f.BlockageFactory(initiative=initiative, description="De grond is te duur")
    from django.utils import translation

    with translation.override("en"):
        html = _render_facts(initiative, coordinator, is_coordinator=True)
    assert "2 departments are involved and there is no coordinator yet" in html
    assert assign_url(initiative) in html
    assert "De grond is te duur" in html


@pytest.mark.parametrize("blockages", [2, 12])
def test_the_facts_take_two_queries_however_many_blockages(
    initiative, coordinator, blockages, django_assert_num_queries
):
    for _ in range(blockages):
        b = f.BlockageFactory(initiative=initiative)
        f.BlockageHandoffFactory(blockage=b)
    f.ContactFactory.create_batch(5, initiative=initiative)
    # 1: the blockages with their counts; 2: the initiative's facts in one row.
    with django_assert_num_queries(2):
        _render_facts(initiative, coordinator)


def test_the_partner_page_shows_the_facts_and_the_assign_link_to_a_coordinator(
    coordinator_client, initiative
):
    f.ContactFactory(
        initiative=initiative,
        department=dept("Stadsontwikkeling"),
        referred_to=dept("Stadsbeheer"),
    )
    response = coordinator_client.get(initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "2 departments are involved and there is no coordinator yet" in html
    assert assign_url(initiative) in html
