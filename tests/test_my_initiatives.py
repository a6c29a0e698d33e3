"""/initiatieven/mijn/: the user's initiatives with what is open or overdue for each."""

import datetime as dt

import pytest
from django.utils import timezone

from partnership.models import Blockage, CityRequest, Commitment
from tests.support.factories import (
    BlockageFactory,
    CityRequestFactory,
    CommitmentFactory,
    InitiativeFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

URL = "/initiatieven/mijn/"


def rows(response) -> dict[str, object]:
    return {m.initiative.title: m for m in response.context["memberships"]}


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/initiatieven/mijn/"


def test_it_lists_only_the_users_current_initiatives(member_client, member, initiative):
    MembershipFactory(user=member, initiative=InitiativeFactory(title="Ook van mij"))
    MembershipFactory(
        user=member, initiative=InitiativeFactory(title="Verlaten"), left_at=timezone.now()
    )
    InitiativeFactory(title="Van een ander")
    response = member_client.get(URL)
    assert response.status_code == 200
    assert set(rows(response)) == {"Moestuin Tarwewijk", "Ook van mij"}


@pytest.mark.parametrize(
    "who",
    ["other_initiator_client", "civil_servant_client", "council_client", "coordinator_client"],
)
def test_others_see_an_empty_list_not_someone_elses(request, who, initiative):
    response = request.getfixturevalue(who).get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert rows(response) == {}
    assert "You are not a member of an initiative yet." in response.content.decode()


def test_it_counts_open_blockages_overdue_commitments_and_open_requests(member_client, initiative):
    today = timezone.localdate()
    BlockageFactory(initiative=initiative)
    BlockageFactory(initiative=initiative, status=Blockage.Status.ESCALATED)
    BlockageFactory(initiative=initiative, status=Blockage.Status.RESOLVED, settled_on=today)
    BlockageFactory(initiative=initiative, archived_at=timezone.now())
    CommitmentFactory(initiative=initiative, due_on=today - dt.timedelta(days=1))
    CommitmentFactory(initiative=initiative, due_on=today)  # due today: not overdue yet
    CommitmentFactory(
        initiative=initiative,
        due_on=today - dt.timedelta(days=5),
        status=Commitment.Status.KEPT,
        settled_on=today,
    )
    CityRequestFactory(initiative=initiative)
    CityRequestFactory(
        initiative=initiative,
        status=CityRequest.Status.DECIDED,
        decision=CityRequest.Decision.GRANTED,
        decided_on=today,
    )
    row = rows(member_client.get(URL))["Moestuin Tarwewijk"]
    assert (row.open_blockages, row.overdue_commitments, row.open_requests) == (2, 1, 1)


def test_counts_of_one_initiative_do_not_leak_into_another(member_client, member, initiative):
    other = InitiativeFactory(title="Tweede")
    MembershipFactory(user=member, initiative=other)
    BlockageFactory.create_batch(3, initiative=initiative)
    table = rows(member_client.get(URL))
    assert table["Moestuin Tarwewijk"].open_blockages == 3
    assert table["Tweede"].open_blockages == 0


def test_it_shows_the_role_and_links_to_the_partner_page(member_client, initiative):
    body = member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/initiatieven/moestuin-tarwewijk/"' in body
    assert "<td>lead</td>" in body


def _my_queries(member_client, member, django_assert_max_num_queries, n: int) -> None:
    for _ in range(n):
        initiative = InitiativeFactory()
        MembershipFactory(user=member, initiative=initiative)
        BlockageFactory(initiative=initiative)
        CommitmentFactory(
            initiative=initiative,
            promised_on=timezone.localdate() - dt.timedelta(days=9),
            due_on=timezone.localdate() - dt.timedelta(days=2),
        )
        CityRequestFactory(initiative=initiative)
    # Session, user, roles (navigation), the header's unread notifications, the memberships with
    # their counts.
    with django_assert_max_num_queries(5):
        response = member_client.get(URL)
    assert len(response.context["memberships"]) == n


def test_the_query_count_does_not_grow_with_few_initiatives(
    member_client, member, django_assert_max_num_queries
):
    _my_queries(member_client, member, django_assert_max_num_queries, 2)


def test_the_query_count_does_not_grow_with_many_initiatives(
    member_client, member, django_assert_max_num_queries
):
    _my_queries(member_client, member, django_assert_max_num_queries, 12)


def test_archived_initiatives_come_last(member_client, member):
    MembershipFactory(
        user=member, initiative=InitiativeFactory(title="Gearchiveerd", archived_at=timezone.now())
    )
    MembershipFactory(user=member, initiative=InitiativeFactory(title="Levend"))
    titles = [m.initiative.title for m in member_client.get(URL).context["memberships"]]
    assert titles == ["Levend", "Gearchiveerd"]
