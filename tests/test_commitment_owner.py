"""Commitments have a named owner within their department (issue 15): set when logged, handed
on by the department, kept in the history, and the owner's own commitments first on the work
list."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from partnership.models import Commitment
from partnership.services.logging import commitment_reassign
from tests.support import factories as f
from tests.support.form_data import commitment_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def new_url(initiative):
    return reverse("partnership:commitment_new", kwargs={"slug": initiative.slug})


def reassign_url(commitment):
    kwargs = {"slug": commitment.initiative.slug, "pk": commitment.pk}
    return reverse("partnership:commitment_reassign", kwargs=kwargs)


@pytest.fixture
def colleague(db):
    """A second civil servant of Stadsontwikkeling, the civil servant fixture's department."""
    return f.CivilServantFactory(name="Sanne de Boer")


@pytest.fixture
def outsider_servant(db):
    return f.CivilServantFactory(name="Kees Jansen", department=f.department("Stadsbeheer"))


@pytest.fixture
def commitment(initiative, civil_servant):
    return f.CommitmentFactory(initiative=initiative, owner=civil_servant, logged_by=civil_servant)


# Owner in the department ---------------------------------------------------------------------


def test_the_civil_servant_logging_it_owns_it_by_default(
    civil_servant_client, civil_servant, initiative
):
    assert civil_servant_client.post(new_url(initiative), commitment_data()).status_code == 302
    assert Commitment.objects.get().owner == civil_servant


def test_the_form_offers_oneself_as_owner(civil_servant_client, civil_servant, initiative):
    form = civil_servant_client.get(new_url(initiative)).context["form"]
    assert form.fields["owner"].initial == civil_servant.pk
    labels = [label for _value, label in form.fields["owner"].choices]
    assert f"{civil_servant.name}, Stadsontwikkeling" in labels


def test_a_colleague_of_the_department_can_be_named(civil_servant_client, colleague, initiative):
    civil_servant_client.post(new_url(initiative), commitment_data(owner=colleague.pk))
    assert Commitment.objects.get().owner == colleague


def test_an_owner_of_another_department_is_refused_at_the_owner_field(
    civil_servant_client, outsider_servant, initiative
):
    data = commitment_data(owner=outsider_servant.pk)
    response = civil_servant_client.post(new_url(initiative), data, **EN)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "owner": ["The owner must work in the department that made the commitment."]
    }
    dutch = civil_servant_client.post(new_url(initiative), data)
    assert dutch.context["form"].errors["owner"] == [
        "De eigenaar moet werken bij de afdeling die de toezegging deed."
    ]
    assert not Commitment.objects.exists()


def offered(form):
    return [label for value, label in form.fields["owner"].choices if value != ""]


def test_the_form_offers_the_people_of_ones_own_department_only(
    civil_servant_client, civil_servant, colleague, outsider_servant, coordinator, initiative
):
    """Not the municipality's whole staff (1,468 at 10,000 initiatives): one's own department,
    where one logs most promises; another department names its own owner."""
    form = civil_servant_client.get(new_url(initiative)).context["form"]
    assert set(offered(form)) == {
        f"{civil_servant.name}, Stadsontwikkeling",
        "Sanne de Boer, Stadsontwikkeling",
    }
    assert form.fields["owner"].choices[0][0] == ""  # empty: the department names one


def test_after_choosing_another_department_its_people_are_offered(
    civil_servant_client, civil_servant, outsider_servant, initiative
):
    """Without JavaScript the owners cannot follow the department chosen: oneself stays
    selected, the owner is refused at its field, and the form comes back offering the chosen
    department's people."""
    stadsbeheer = f.department("Stadsbeheer").pk
    response = civil_servant_client.post(
        new_url(initiative), commitment_data(department=stadsbeheer, owner="")
    )
    assert response.status_code == 302  # empty: the department names one
    mine = commitment_data(department=stadsbeheer, owner=civil_servant.pk)
    response = civil_servant_client.post(new_url(initiative), mine, **EN)
    form = response.context["form"]
    assert list(form.errors) == ["owner"]
    assert offered(form) == ["Kees Jansen, Stadsbeheer"]
    mine["owner"] = outsider_servant.pk
    assert civil_servant_client.post(new_url(initiative), mine).status_code == 302
    assert Commitment.objects.filter(owner=outsider_servant).count() == 1


def test_the_form_pages_queries_do_not_grow_with_the_staff(
    civil_servant_client, initiative, django_assert_max_num_queries
):
    f.CivilServantFactory.create_batch(25)
    f.CivilServantFactory.create_batch(25, department=f.department("Stadsbeheer"))
    with django_assert_max_num_queries(7):
        response = civil_servant_client.get(new_url(initiative))
    assert len(offered(response.context["form"])) == 26


def test_logging_for_another_department_leaves_the_owner_to_that_department(
    civil_servant_client, initiative
):
    data = commitment_data(department=f.department("Stadsbeheer").pk)
    civil_servant_client.post(new_url(initiative), data)
    assert Commitment.objects.get().owner is None


def test_the_model_refuses_an_owner_outside_the_department(commitment, outsider_servant):
    commitment.owner = outsider_servant
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert list(error.value.message_dict) == ["owner"]


def test_old_commitments_without_an_owner_stay_valid(initiative):
    f.CommitmentFactory(initiative=initiative, owner=None).full_clean()


# Reassignment --------------------------------------------------------------------------------


def test_the_department_hands_it_to_a_colleague_and_the_history_keeps_it(
    civil_servant_client, civil_servant, colleague, commitment
):
    response = civil_servant_client.post(reassign_url(commitment), {"owner": colleague.pk})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.owner == colleague
    latest, before = commitment.history.all()[:2]
    assert (before.owner_id, latest.owner_id) == (civil_servant.pk, colleague.pk)
    assert latest.history_user == civil_servant
    assert colleague.name in latest.history_change_reason


def test_a_coordinator_reassigns_in_any_department(
    coordinator_client, colleague, commitment, coordinator
):
    coordinator_client.post(reassign_url(commitment), {"owner": colleague.pk})
    commitment.refresh_from_db()
    assert commitment.owner == colleague


def test_another_departments_civil_servant_may_not(client, outsider_servant, colleague, commitment):
    client.force_login(outsider_servant)
    assert client.get(reassign_url(commitment)).status_code == 403
    assert client.post(reassign_url(commitment), {"owner": colleague.pk}).status_code == 403
    commitment.refresh_from_db()
    assert commitment.owner != colleague


def test_members_may_not_reassign(member_client, colleague, commitment):
    assert member_client.post(reassign_url(commitment), {"owner": colleague.pk}).status_code == 403


def test_only_the_departments_staff_are_offered(
    civil_servant_client, colleague, outsider_servant, commitment
):
    form = civil_servant_client.get(reassign_url(commitment)).context["form"]
    offered = set(form.fields["owner"].queryset)
    assert colleague in offered and outsider_servant not in offered
    response = civil_servant_client.post(
        reassign_url(commitment), {"owner": outsider_servant.pk}, **EN
    )
    assert list(response.context["form"].errors) == ["owner"]


def test_the_hand_on_form_offers_the_departments_people_by_name(
    civil_servant_client, civil_servant, colleague, outsider_servant, commitment
):
    form = civil_servant_client.get(reassign_url(commitment)).context["form"]
    assert form.fields["owner"].initial == civil_servant.pk
    assert set(offered(form)) == {
        f"{civil_servant.name}, Stadsontwikkeling",
        "Sanne de Boer, Stadsontwikkeling",
    }


def test_a_settled_commitment_keeps_its_owner(civil_servant, colleague, commitment):
    commitment.status, commitment.settled_on = "kept", TODAY
    commitment.save()
    with pytest.raises(ValidationError):
        commitment_reassign(commitment=commitment, owner=colleague, by=civil_servant)


def test_the_partner_page_shows_the_owner_and_the_link_to_hand_it_on(
    civil_servant_client, member_client, commitment, civil_servant
):
    page = civil_servant_client.get(
        commitment.initiative.get_absolute_url(), {"tab": "commitments"}
    ).content.decode()
    # The name as HTML writes it (a Dutch name may hold an apostrophe: d'Heripon).
    owner = escape(f"Eigenaar: {civil_servant.name}, Stadsontwikkeling")
    assert owner in page
    assert reassign_url(commitment) in page
    members_page = member_client.get(
        commitment.initiative.get_absolute_url(), {"tab": "commitments"}
    ).content.decode()
    assert owner in members_page
    assert reassign_url(commitment) not in members_page


# The work list -------------------------------------------------------------------------------


def test_the_work_list_starts_with_the_commitments_i_own(
    civil_servant_client, civil_servant, colleague, django_assert_max_num_queries
):
    due = TODAY - dt.timedelta(days=2)
    mine = f.CommitmentFactory(description="Mijn toezegging", owner=civil_servant, due_on=due)
    f.CommitmentFactory(description="Van een collega", owner=colleague, due_on=due)
    far = f.CommitmentFactory(
        description="Later", owner=civil_servant, due_on=TODAY + dt.timedelta(days=90)
    )
    settled = f.CommitmentFactory(owner=civil_servant, status="kept", settled_on=TODAY)
    with django_assert_max_num_queries(17):
        response = civil_servant_client.get(reverse("partnership:worklist"))
    body = response.content.decode()
    assert body.index('id="my_commitments"') < body.index('id="blockages"')
    own = list(response.context["my_commitments"]["page"])
    assert own == [mine, far] and settled not in own
    department = list(response.context["commitments"]["page"])
    assert department[0] == mine  # mine first, then the colleague's
    assert len(department) == 2
