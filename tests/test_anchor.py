"""Anchor institutions as partners (issue 17): their staff record what their organisation gives
initiatives; initiatives see it and can dispute it; anchors see public fields only."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from initiatives import permissions
from initiatives.models import AnchorStaff, InitiativePartner
from partnership.models import Contract
from tests.support import factories as f

pytestmark = pytest.mark.django_db

HOME = reverse("partnership:anchor_home")
RECORD = reverse("partnership:anchor_contribution_create")


@pytest.fixture
def anchor(db):
    return f.AnchorFactory(
        email="anker@example.org",
        organisation=f.PartnerOrganisationFactory(name="Woonstad Rotterdam"),
    )


@pytest.fixture
def anchor_client(anchor, client_for):
    return client_for(anchor)


def test_a_coordinator_makes_a_user_anchor_staff_of_one_organisation(coordinator_client):
    user = f.InitiatorFactory()
    organisation = f.PartnerOrganisationFactory(name="Erasmus MC")
    url = reverse("partnership:user_roles", args=[user.pk])
    refused = coordinator_client.post(url, {"roles": ["anchor"]})
    assert "organisation" in refused.context["form"].errors
    coordinator_client.post(url, {"roles": ["anchor"], "organisation": organisation.pk})
    user = type(user).objects.get(pk=user.pk)
    assert AnchorStaff.objects.get(user=user).organisation == organisation
    assert permissions.is_anchor(user)
    assert coordinator_client.get(url).context["form"]["organisation"].initial == organisation.pk
    coordinator_client.post(url, {"roles": ["initiator"]})
    user = type(user).objects.get(pk=user.pk)
    assert not AnchorStaff.objects.filter(user=user).exists()
    assert not permissions.is_anchor(user)


def test_anchor_staff_see_their_public_initiatives_without_anyones_personal_data(
    anchor, anchor_client, member, initiative
):
    InitiativePartner.objects.create(
        initiative=initiative,
        organisation=anchor.anchor_staff.organisation,
        cooperation="accommodation",
    )
    hidden = f.InitiativeFactory(title="Besloten Buurtkas", is_public=False)
    InitiativePartner.objects.create(
        initiative=hidden, organisation=anchor.anchor_staff.organisation, cooperation="funding"
    )
    page = anchor_client.get(HOME).content.decode()
    assert "Moestuin Tarwewijk" in page
    assert "Besloten Buurtkas" not in page
    assert member.email not in page and escape(member.name) not in page
    # The partner page is the city's and the members': the anchor gets the public page only.
    detail = anchor_client.get(initiative.get_absolute_url()).content.decode()
    assert member.email not in detail and member.phone not in detail


def test_an_anchor_records_a_purchase_the_initiative_sees_and_disputes(
    anchor, anchor_client, member_client, initiative
):
    response = anchor_client.post(
        RECORD,
        {
            "initiative": initiative.pk,
            "contribution": "purchase",
            "description": "Catering voor de nieuwjaarsreceptie",
            "amount": "1850.00",
            "start_on": "2026-01-10",
            "end_on": "",
        },
    )
    assert response.status_code == 302
    contract = Contract.objects.get(initiative=initiative)
    assert contract.awarded_by_organisation == anchor.anchor_staff.organisation
    assert contract.contribution == "purchase" and contract.amount == Decimal("1850.00")
    partner_page = member_client.get(initiative.get_absolute_url()).content.decode()
    assert "Catering voor de nieuwjaarsreceptie" in partner_page
    dispute_url = reverse("partnership:contract_dispute", args=[initiative.slug, contract.pk])
    assert dispute_url in partner_page
    member_client.post(dispute_url, {"reason": "Het bedrag was 850 euro."})
    contract.refresh_from_db()
    assert contract.disputed_at is not None
    assert "Het bedrag was 850 euro." in anchor_client.get(HOME).content.decode()


def test_an_anchor_sees_no_other_organisations_records(anchor_client, initiative):
    other = f.PartnerOrganisationFactory(name="Havenbedrijf")
    f.ContractFactory(
        initiative=initiative,
        awarded_by_department=None,
        awarded_by_organisation=other,
        description="Schoonmaak van de kade",
    )
    assert "Schoonmaak van de kade" not in anchor_client.get(HOME).content.decode()


def test_an_organisation_that_is_not_an_anchor_institution_cannot_record(client_for, initiative):
    staff = f.AnchorFactory(organisation=f.PartnerOrganisationFactory(is_anchor_institution=False))
    response = client_for(staff).post(
        RECORD,
        {
            "initiative": initiative.pk,
            "contribution": "space",
            "description": "Zaal",
            "amount": "100",
            "start_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert not Contract.objects.exists()


def test_only_anchor_staff_have_an_organisation_page(
    member_client, civil_servant_client, coordinator_client
):
    for client in (member_client, civil_servant_client, coordinator_client):
        assert client.get(HOME).status_code == 403
        assert client.get(RECORD).status_code == 403


def test_only_members_dispute_and_only_once(anchor_client, member_client, initiative, anchor):
    contract = f.ContractFactory(
        initiative=initiative,
        awarded_by_department=None,
        awarded_by_organisation=anchor.anchor_staff.organisation,
    )
    url = reverse("partnership:contract_dispute", args=[initiative.slug, contract.pk])
    assert anchor_client.post(url, {"reason": "x"}).status_code == 403
    member_client.post(url, {"reason": "Klopt niet."})
    member_client.post(url, {"reason": "Tweede keer."})
    contract.refresh_from_db()
    assert contract.dispute == "Klopt niet."
