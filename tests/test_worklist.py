"""/werkvoorraad/: the department's work list, oldest first, filtered, paginated and bounded."""

import datetime as dt

import pytest
from django.utils import timezone

from initiatives.accounts.models import Department
from initiatives.models import Area
from partnership.views.worklist import PER_PAGE
from tests.support import factories as f
from tests.support.factories_requests import objection

pytestmark = pytest.mark.django_db

URL = "/werkvoorraad/"
TODAY = timezone.localdate()


def dept(name):
    return Department.objects.get(name=name)


def rows(response, section):
    return list(response.context[section]["page"].object_list)


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
def test_only_the_municipality_has_a_work_list(request, who, expected):
    response = request.getfixturevalue(who).get(URL)
    assert response.status_code == expected
    if expected == 302:
        assert "/accounts/login/" in response["Location"]


def test_it_lists_the_departments_open_blockages_oldest_first(civil_servant_client, initiative):
    mine = dept("Stadsontwikkeling")
    old = f.BlockageFactory(
        initiative=initiative, department=mine, raised_on=TODAY - dt.timedelta(days=90)
    )
    new = f.BlockageFactory(
        initiative=initiative, department=mine, raised_on=TODAY - dt.timedelta(days=5)
    )
    escalated = f.BlockageFactory(
        initiative=initiative,
        department=mine,
        status="escalated",
        raised_on=TODAY - dt.timedelta(days=20),
    )
    f.BlockageFactory(initiative=initiative, department=mine, status="resolved", settled_on=TODAY)
    f.BlockageFactory(initiative=initiative, department=dept("Stadsbeheer"))
    f.BlockageHandoffFactory(blockage=old, from_department=dept("Stadsbeheer"), to_department=mine)
    response = civil_servant_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    listed = rows(response, "blockages")
    assert listed == [old, escalated, new]
    assert [b.handoff_count for b in listed] == [1, 0, 0]
    html = response.content.decode()
    assert '<td class="num">90</td>' in html  # days open


def test_it_lists_overdue_and_due_soon_commitments(civil_servant_client, initiative, settings):
    settings.COMMITMENT_DUE_SOON_DAYS = 7
    mine = dept("Stadsontwikkeling")
    promised = TODAY - dt.timedelta(days=30)
    overdue = f.CommitmentFactory(
        initiative=initiative,
        department=mine,
        promised_on=promised,
        due_on=TODAY - dt.timedelta(days=3),
    )
    soon = f.CommitmentFactory(
        initiative=initiative,
        department=mine,
        promised_on=promised,
        due_on=TODAY + dt.timedelta(days=7),
    )
    f.CommitmentFactory(initiative=initiative, department=mine, due_on=TODAY + dt.timedelta(days=8))
    f.CommitmentFactory(
        initiative=initiative,
        department=mine,
        promised_on=promised,
        due_on=TODAY,
        status="kept",
        settled_on=TODAY,
    )
    f.CommitmentFactory(
        initiative=initiative, department=dept("Stadsbeheer"), promised_on=promised, due_on=TODAY
    )
    response = civil_servant_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert rows(response, "commitments") == [overdue, soon]
    assert "3 days overdue" in response.content.decode()


def test_it_lists_the_initiatives_one_is_point_of_contact_for(
    civil_servant_client, civil_servant, initiative
):
    initiative.point_of_contact = civil_servant
    initiative.save()
    f.BlockageFactory(initiative=initiative)
    f.InitiativeFactory()
    response = civil_servant_client.get(URL)
    listed = rows(response, "my_initiatives")
    assert listed == [initiative]
    assert listed[0].open_blockages == 1


def test_it_lists_initiatives_waiting_for_a_coordinator(coordinator_client, initiative):
    f.ContactFactory(
        initiative=initiative, department=dept("Stadsontwikkeling"), referred_to=dept("Stadsbeheer")
    )
    single = f.InitiativeFactory()
    f.ContactFactory(initiative=single, department=dept("Stadsontwikkeling"))
    response = coordinator_client.get(URL + "?department=")
    listed = rows(response, "waiting")
    assert listed == [initiative]
    assert listed[0].departments_involved == 2
    assert f"/initiatieven/{initiative.slug}/aanspreekpunt/" in response.content.decode()


def test_a_civil_servant_sees_those_waiting_that_involve_their_department(
    civil_servant_client, initiative
):
    f.ContactFactory(
        initiative=initiative, department=dept("Stadsontwikkeling"), referred_to=dept("Stadsbeheer")
    )
    elsewhere = f.InitiativeFactory()
    f.ContactFactory(
        initiative=elsewhere,
        department=dept("Werk en Inkomen"),
        referred_to=dept("Dienstverlening"),
    )
    assert rows(civil_servant_client.get(URL), "waiting") == [initiative]
    everyone = civil_servant_client.get(URL + "?department=")
    assert set(rows(everyone, "waiting")) == {initiative, elsewhere}


def test_it_lists_every_undecided_request_from_day_one(civil_servant_client, initiative, settings):
    settings.COMMITMENT_DUE_SOON_DAYS = 7
    mine = dept("Stadsontwikkeling")
    start = TODAY - dt.timedelta(days=60)
    late = f.CityRequestFactory(
        initiative=initiative,
        department=mine,
        submitted_on=start,
        deadline=TODAY - dt.timedelta(days=2),
    )
    near = f.CityRequestFactory(
        initiative=initiative,
        department=mine,
        submitted_on=start,
        deadline=TODAY + dt.timedelta(days=5),
    )
    far = f.CityRequestFactory(
        initiative=initiative,
        department=mine,
        submitted_on=start,
        deadline=TODAY + dt.timedelta(days=30),
    )
    f.CityRequestFactory(
        initiative=initiative,
        department=mine,
        submitted_on=start,
        deadline=TODAY,
        status="decided",
        decision="granted",
        decided_on=TODAY,
    )
    f.CityRequestFactory(
        initiative=initiative, department=dept("Stadsbeheer"), submitted_on=start, deadline=TODAY
    )
    response = civil_servant_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    # Issue 15: a request is on the deciding department's list from day one, not only once
    # its deadline is near.
    assert rows(response, "requests") == [late, near, far]
    html = response.content.decode()
    assert "2 days late" in html
    assert "30 days left" in html


# Filters ----------------------------------------------------------------------------------


def test_another_department_or_all_can_be_chosen(civil_servant_client, initiative):
    mine = f.BlockageFactory(initiative=initiative, department=dept("Stadsontwikkeling"))
    theirs = f.BlockageFactory(initiative=initiative, department=dept("Stadsbeheer"))
    other = civil_servant_client.get(URL, {"department": dept("Stadsbeheer").pk})
    assert rows(other, "blockages") == [theirs]
    everything = civil_servant_client.get(URL, {"department": ""})
    assert set(rows(everything, "blockages")) == {mine, theirs}


def test_it_filters_by_area_category_and_severity(civil_servant_client, member):
    charlois = f.InitiativeFactory(lead=member)
    noord = f.InitiativeFactory(area=Area.objects.exclude(slug="charlois").first())
    a = f.BlockageFactory(
        initiative=charlois, category="land", severity="high", policy_framework=None
    )
    b = f.BlockageFactory(
        initiative=charlois, category="permit", severity="high", policy_framework=None
    )
    c = f.BlockageFactory(initiative=noord, category="land", severity="low", policy_framework=None)
    area = charlois.area.pk
    assert set(rows(civil_servant_client.get(URL, {"area": area}), "blockages")) == {a, b}
    assert set(rows(civil_servant_client.get(URL, {"category": "land"}), "blockages")) == {a, c}
    assert rows(civil_servant_client.get(URL, {"severity": "low"}), "blockages") == [c]
    both = civil_servant_client.get(URL, {"area": area, "category": "land", "severity": "high"})
    assert rows(both, "blockages") == [a]


@pytest.mark.parametrize(
    "query",
    [
        "department=abc",
        "department=999999",
        "area=%00",
        "category=<script>",
        "severity=1;DROP",
        "blockages_page=-1",
        "waiting_page=99999",
        "commitments_page=x",
    ],
)
def test_bad_query_strings_show_errors_or_are_ignored(civil_servant_client, initiative, query):
    f.BlockageFactory(initiative=initiative)
    response = civil_servant_client.get(f"{URL}?{query}")
    assert response.status_code == 200


def test_an_invalid_filter_is_reported_at_its_field(civil_servant_client):
    response = civil_servant_client.get(URL, {"category": "rules"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "category" in response.context["filter"].form.errors


@pytest.mark.parametrize("value", ["abc", "999999", "1.5"])
def test_an_unknown_department_is_reported_at_its_field(civil_servant_client, value):
    # The departments are read once for the form: to validate the value and to list them.
    response = civil_servant_client.get(URL, {"department": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert "department" in response.context["filter"].form.errors


def test_the_chosen_department_and_area_stay_selected(civil_servant_client):
    chosen, area = dept("Stadsbeheer"), Area.objects.order_by("pk").last()
    response = civil_servant_client.get(URL, {"department": chosen.pk, "area": area.pk})
    form = response.context["filter"].form
    assert form.is_valid() and form.cleaned_data["department"] == chosen
    body = response.content.decode()
    assert f'<option value="{chosen.pk}" selected>' in body
    assert body.count("<option") == Department.objects.count() + Area.objects.count() + 2 + len(
        form.fields["category"].choices
    ) + len(form.fields["severity"].choices)


def test_each_section_pages_on_its_own(civil_servant_client, initiative):
    f.BlockageFactory.create_batch(PER_PAGE + 3, initiative=initiative)
    first = civil_servant_client.get(URL)
    assert len(rows(first, "blockages")) == PER_PAGE
    assert "blockages_page=2" in first.context["blockages"]["next_url"]
    second = civil_servant_client.get(URL, {"blockages_page": 2, "category": "land"})
    assert len(rows(second, "blockages")) == 3
    assert "category=land" in second.context["blockages"]["previous_url"]


@pytest.mark.parametrize("number", ["2", "3", "99", "0", "-1", str(10**30)])
def test_a_page_past_either_end_shows_the_last_one(civil_servant_client, initiative, number):
    # As a paginator does: the page and its total come in one query, a number that is no page
    # of the section falls back to the last page (an OFFSET that large would not even run).
    f.BlockageFactory.create_batch(PER_PAGE + 3, initiative=initiative)
    response = civil_servant_client.get(URL, {"blockages_page": number})
    page = response.context["blockages"]["page"]
    assert (page.number, page.paginator.count, len(rows(response, "blockages"))) == (
        2,
        PER_PAGE + 3,
        3,
    )
    assert "blockages_page=1" in response.context["blockages"]["previous_url"]


# Bounded queries --------------------------------------------------------------------------


def _fill(n, civil_servant):
    mine, other = dept("Stadsontwikkeling"), dept("Stadsbeheer")
    promised = TODAY - dt.timedelta(days=40)
    for i in range(n):
        initiative = f.InitiativeFactory(point_of_contact=civil_servant if i % 2 else None)
        f.ContactFactory(initiative=initiative, department=mine, referred_to=other)
        blockage = f.BlockageFactory(initiative=initiative, department=mine)
        f.BlockageHandoffFactory(blockage=blockage, from_department=other, to_department=mine)
        f.CommitmentFactory(
            initiative=initiative,
            department=mine,
            owner=civil_servant if i % 3 == 0 else None,
            promised_on=promised,
            due_on=TODAY - dt.timedelta(days=i % 5),
        )
        f.CityRequestFactory(
            initiative=initiative, department=mine, submitted_on=promised, deadline=TODAY
        )
        objection(initiative=initiative, department=mine)


@pytest.mark.parametrize("n", [3, 15, 25])
def test_the_work_list_takes_a_bounded_number_of_queries(
    civil_servant_client, civil_servant, n, django_assert_max_num_queries
):
    _fill(n, civil_servant)
    # Session, user, roles (3); the departments, read once to validate the chosen one and to
    # list them in the filter form (1), and the areas (1); seven sections, each a page with its
    # total in one query (7: the commitments one owns first, the triage, the blockages, the
    # commitments due, the requests, the objections, one's initiatives); waiting for a first
    # answer: a page of one UNION of four kinds with its total (1); those waiting for a
    # coordinator: a page of their keys with its total and the page's rows by those keys (1);
    # the header's unread notifications (1): 15, whatever the number of rows, short sections
    # or long.
    with django_assert_max_num_queries(15):
        response = civil_servant_client.get(URL)
    assert response.status_code == 200
    assert len(rows(response, "blockages")) == min(n, PER_PAGE)
    assert len(rows(response, "waiting")) == min(n, PER_PAGE)
