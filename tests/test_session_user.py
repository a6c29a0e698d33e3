"""Every request reads the session's user with their roles in one query (the authentication
backends of initiatives.accounts.backends), and the header's unread count in one more: what
someone may see follows their roles and account as they are at that request."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from initiatives.accounts import roles
from initiatives.accounts.backends import ModelBackend
from partnership.selectors.notifications import unread_count
from tests.support import factories as f

pytestmark = pytest.mark.django_db

MY_INITIATIVES = "/initiatieven/mijn/"


def test_the_user_and_their_roles_are_one_query(django_assert_num_queries):
    servant = f.CivilServantFactory()
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(servant.pk)
        assert roles.is_municipal(user)
        assert not roles.is_council_member(user)
        assert roles.roles_of(user) == {roles.CIVIL_SERVANT}
    assert user == servant


@pytest.mark.parametrize("user_id", [0, -1, "x", None, 10**12])
def test_no_such_user_is_nobody(user_id):
    f.UserFactory()
    assert ModelBackend().get_user(user_id) is None


def test_a_deactivated_account_is_logged_out_at_its_next_request():
    member = f.InitiatorFactory()
    client = Client()
    client.force_login(member)
    assert client.get(MY_INITIATIVES).status_code == 200
    member.is_active = False
    member.save()
    assert client.get(MY_INITIATIVES).status_code == 302  # to the login page


def test_a_role_taken_away_counts_from_the_next_request(council_member):
    client = Client()
    client.force_login(council_member)
    assert client.get("/dashboard/beweging/").status_code == 200
    council_member.groups.remove(Group.objects.get(name=roles.COUNCIL_MEMBER))
    assert client.get("/dashboard/beweging/").status_code == 403


def test_the_unread_count_holds_the_users_and_their_departments_mailbox(
    django_assert_num_queries,
):
    department = f.DepartmentFactory()
    servant = f.CivilServantFactory(department=department)
    colleague = f.CivilServantFactory(department=department)
    initiator = f.InitiatorFactory(department=department)  # not municipal: no shared mailbox
    for recipient, shared in ((servant, None), (None, department), (colleague, None)):
        f.NotificationFactory(recipient=recipient, department=shared)
    f.NotificationFactory(recipient=servant, read_at=timezone.now())
    user = ModelBackend().get_user(servant.pk)
    with django_assert_num_queries(1):
        assert unread_count(user) == 2  # their own and the department's
    assert unread_count(ModelBackend().get_user(colleague.pk)) == 2
    assert unread_count(ModelBackend().get_user(initiator.pk)) == 0


def test_roles_forgotten_after_a_change_are_read_again():
    coordinator = f.CoordinatorFactory()
    user = ModelBackend().get_user(coordinator.pk)
    assert roles.is_coordinator(user)
    user.groups.remove(Group.objects.get(name=roles.COORDINATOR))
    roles.forget_roles(user)
    assert not roles.is_coordinator(user)
