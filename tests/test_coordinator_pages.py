"""Coordinators keep departments and policy frameworks in the app, not in the Django admin; the
admin shows logged records but cannot change or delete them."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from initiatives.accounts.models import Department
from partnership.models import Blockage, Contact, PolicyFramework
from publicvalue.models import ValueRecord
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_cluster_and_a_department_under_it(coordinator_client):
    url = reverse("accounts:department_list")
    response = coordinator_client.post(url, {"name": "Cluster Wonen", "parent": "", "email": ""})
    assert response.status_code == 302
    cluster = Department.objects.get(name="Cluster Wonen")
    assert cluster.slug == "cluster-wonen"
    coordinator_client.post(
        url, {"name": "Wijkbeheer Noord", "parent": cluster.pk, "email": "noord@example.org"}
    )
    department = Department.objects.get(name="Wijkbeheer Noord")
    assert department.parent == cluster and department.email == "noord@example.org"
    page = coordinator_client.get(url).content.decode()
    assert "Wijkbeheer Noord" in page and "noord@example.org" in page


def test_a_department_cannot_join_a_department_nor_itself(coordinator_client):
    cluster = Department.objects.create(name="Cluster A", slug="cluster-a")
    department = Department.objects.create(name="Afdeling B", slug="afdeling-b", parent=cluster)
    url = reverse("accounts:department_edit", args=[cluster.pk])
    response = coordinator_client.post(url, {"name": "Cluster A", "parent": department.pk})
    assert response.status_code == 200  # the form again, with an error on the cluster field
    assert response.context["form"].errors["parent"]
    cluster.refresh_from_db()
    assert cluster.parent is None


def test_a_coordinator_renames_a_department_and_its_slug_stays(coordinator_client):
    department = Department.objects.create(name="Oude naam", slug="oude-naam")
    url = reverse("accounts:department_edit", args=[department.pk])
    response = coordinator_client.post(url, {"name": "Nieuwe naam", "parent": "", "email": ""})
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.name, department.slug) == ("Nieuwe naam", "oude-naam")


def test_a_coordinator_adds_and_changes_a_policy_framework_with_its_owner(coordinator_client):
    owner = Department.objects.create(name="Testbeheer", slug="testbeheer")
    url = reverse("partnership:policy_frameworks")
    data = {
        "name": "Bomenverordening",
        "category": "permit",
        "department": owner.pk,
        "answer_term_weeks": 8,
    }
    assert coordinator_client.post(url, {**data, "description": ""}).status_code == 302
    framework = PolicyFramework.objects.get(name="Bomenverordening")
    assert framework.department == owner
    other = Department.objects.create(name="Testvastgoed", slug="testvastgoed")
    edit = reverse("partnership:policy_framework_edit", args=[framework.pk])
    changed = {**data, "department": other.pk, "description": "x", "answer_term_weeks": 6}
    response = coordinator_client.post(edit, changed)
    assert response.status_code == 302
    framework.refresh_from_db()
    # The owner answers proposals to change the rule, within the term set here.
    assert (framework.department, framework.answer_term_weeks) == (other, 6)
    assert "Bomenverordening" in coordinator_client.get(url).content.decode()


def test_a_framework_answer_term_must_be_a_sensible_number_of_weeks(coordinator_client):
    url = reverse("partnership:policy_frameworks")
    owner = Department.objects.create(name="Testbeheer", slug="testbeheer")
    data = {"name": "Termijnregel", "category": "other", "department": owner.pk}
    for weeks in ("0", "105", "acht"):
        response = coordinator_client.post(url, {**data, "answer_term_weeks": weeks})
        assert response.status_code == 200
        assert "answer_term_weeks" in response.context["form"].errors
    assert not PolicyFramework.objects.filter(name="Termijnregel").exists()


def test_a_framework_needs_an_owning_department(coordinator_client):
    url = reverse("partnership:policy_frameworks")
    response = coordinator_client.post(url, {"name": "Zonder eigenaar", "category": "other"})
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert not PolicyFramework.objects.filter(name="Zonder eigenaar").exists()


def test_the_navigation_links_coordinators_to_departments_and_frameworks(
    coordinator_client, civil_servant
):
    home = coordinator_client.get("/").content.decode()
    assert reverse("accounts:department_list") in home
    assert reverse("partnership:policy_frameworks") in home
    servant = Client()
    servant.force_login(civil_servant)
    assert reverse("accounts:department_list") not in servant.get("/").content.decode()


@pytest.fixture
def staff_client():
    user = f.InitiatorFactory(email="beheer@example.org")
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client()
    client.force_login(user)
    with override_settings(MFA_REQUIRED_FOR_COORDINATORS=False):
        yield client


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Contact, lambda: f.ContactFactory()),
        (Blockage, lambda: f.BlockageFactory()),
        (ValueRecord, lambda: f.ValueRecordFactory()),
    ],
)
def test_the_admin_shows_logged_records_but_cannot_change_or_delete_them(staff_client, model, make):
    record = make()
    opts = model._meta
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    page = staff_client.get(change)
    assert page.status_code == 200  # staff can still look
    assert b'name="_save"' not in page.content
    assert staff_client.post(change, {}).status_code == 403
    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[record.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert staff_client.get(add).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()
