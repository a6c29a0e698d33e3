"""Roles are groups made by a migration; permissions live in one module; coordinators give roles."""

import pytest
from django.contrib.auth.models import Group

from initiatives import permissions as p
from initiatives.accounts.roles import forget_roles
from tests.support.factories import InitiativeFactory, InitiatorFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_four_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(p.ROLES)


@pytest.mark.parametrize(
    "who, dashboards, municipal, manages",
    [
        ("member", False, False, False),
        ("civil_servant", True, True, False),
        ("council_member", True, False, False),
        ("coordinator", True, True, True),
    ],
)
def test_each_role_has_its_rights(request, who, dashboards, municipal, manages):
    user = request.getfixturevalue(who)
    assert p.can_read_dashboards(user) is dashboards
    assert p.is_municipal(user) is municipal
    assert p.can_log_for_initiative(user, None) is municipal
    assert p.can_manage_users(user) is manages
    assert p.can_edit_value_framework(user) is manages
    assert p.can_verify_value(user) is municipal


def test_only_members_edit_and_speak_for_an_initiative(
    initiative, member, other_initiator, civil_servant, council_member
):
    assert p.can_edit_initiative(member, initiative)
    assert p.can_speak_for_initiative(member, initiative)
    for outsider in (other_initiator, civil_servant, council_member):
        assert not p.can_edit_initiative(outsider, initiative)
        assert not p.can_speak_for_initiative(outsider, initiative)


def test_a_member_who_left_has_no_rights(initiative):
    former = InitiatorFactory()
    MembershipFactory(initiative=initiative, user=former, left_at="2026-01-01T00:00Z")
    assert not p.is_member(former, initiative)


def test_private_initiatives_are_seen_by_members_and_the_city_only(
    member, other_initiator, civil_servant, council_member, coordinator
):
    private = InitiativeFactory(is_public=False, lead=member)
    assert p.can_view_initiative(member, private)
    assert p.can_view_initiative(civil_servant, private)
    assert p.can_view_initiative(coordinator, private)
    assert not p.can_view_initiative(other_initiator, private)
    assert not p.can_view_initiative(council_member, private)


def test_council_members_never_see_personal_data(initiative, council_member, civil_servant, member):
    assert not p.can_see_personal_data(council_member, initiative)
    assert p.can_see_personal_data(civil_servant, initiative)
    assert p.can_see_personal_data(member, initiative)


class TestRolePage:
    def test_visitors_are_sent_to_log_in(self, client):
        response = client.get("/beheer/gebruikers/")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize("who", ["member_client", "civil_servant_client", "council_client"])
    def test_non_coordinators_are_refused(self, request, who):
        assert request.getfixturevalue(who).get("/beheer/gebruikers/").status_code == 403

    def test_a_coordinator_lists_and_filters_users(self, coordinator_client, member, civil_servant):
        response = coordinator_client.get("/beheer/gebruikers/", {"q": "lid@"})
        assert response.status_code == 200
        emails = [u.email for u in response.context["page"]]
        assert emails == ["lid@example.org"]

    def test_the_user_list_has_bounded_queries(
        self, coordinator_client, django_assert_max_num_queries
    ):
        for _ in range(30):
            InitiatorFactory()
        # session, user, roles of the user, count, page of users, their groups
        with django_assert_max_num_queries(8):
            assert coordinator_client.get("/beheer/gebruikers/").status_code == 200

    def test_a_coordinator_makes_someone_a_civil_servant(self, coordinator_client, member):
        from initiatives.accounts.models import Department

        dept = Department.objects.get(name="Stadsbeheer")
        response = coordinator_client.post(
            f"/beheer/gebruikers/{member.pk}/",
            {"roles": [p.INITIATOR, p.CIVIL_SERVANT], "department": dept.pk},
        )
        assert response.status_code == 302
        member.refresh_from_db()
        forget_roles(member)
        assert p.roles_of(member) == {p.INITIATOR, p.CIVIL_SERVANT}
        assert member.department == dept

    def test_a_civil_servant_needs_a_department(self, coordinator_client, member):
        response = coordinator_client.post(
            f"/beheer/gebruikers/{member.pk}/",
            {"roles": [p.CIVIL_SERVANT]},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        assert "Choose the department" in str(response.context["form"].errors["department"])
        forget_roles(member)
        assert p.CIVIL_SERVANT not in p.roles_of(member)

    def test_an_unknown_user_is_404(self, coordinator_client):
        assert coordinator_client.get("/beheer/gebruikers/999999/").status_code == 404
