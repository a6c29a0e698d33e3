"""An initiative lets an anchor institution see more than its public fields (issue 17): per
linked organisation, chosen by a member, revocable, kept in history; the anchor sees the extra
fields only while granted."""

import pytest
from django.urls import reverse

from initiatives.models import InitiativePartner
from partnership.models import AnchorGrant
from tests.support import factories as f

pytestmark = pytest.mark.django_db

HOME = reverse("partnership:anchor_home")
ALL = {"lead_contact": "on", "value_records": "on", "member_count": "on"}


@pytest.fixture
def woonstad(db):
    return f.PartnerOrganisationFactory(name="Woonstad Rotterdam")


@pytest.fixture
def anchor(woonstad):
    return f.AnchorFactory(email="anker@example.org", organisation=woonstad)


@pytest.fixture
def linked(initiative, woonstad, member):
    member.phone = "06-12345678"
    member.name = "Fatima Lid"
    member.save()
    InitiativePartner.objects.create(
        initiative=initiative, organisation=woonstad, cooperation="accommodation"
    )
    f.ValueRecordFactory(initiative=initiative, narrative="Veertig buren oogsten samen.")
    return initiative


def _grants_url(initiative):
    return reverse("partnership:anchor_grants", args=[initiative.slug])


def test_anchor_staff_see_only_public_fields_until_the_initiative_grants_more(
    linked, anchor, woonstad, member_client, client_for
):
    anchor_client = client_for(anchor)
    before = anchor_client.get(HOME).content.decode()
    assert "Moestuin Tarwewijk" in before
    assert "lid@example.org" not in before and "Veertig buren" not in before

    member_client.post(_grants_url(linked), {"organisation": woonstad.pk, **ALL})
    after = anchor_client.get(HOME).content.decode()
    assert "lid@example.org" in after and "06-12345678" in after
    assert "Veertig buren oogsten samen." in after


def test_revoking_hides_the_extra_fields_at_once_and_the_history_keeps_both(
    linked, anchor, woonstad, member, member_client, client_for
):
    url = _grants_url(linked)
    member_client.post(url, {"organisation": woonstad.pk, "lead_contact": "on"})
    assert "lid@example.org" in client_for(anchor).get(HOME).content.decode()

    page = member_client.post(url, {"organisation": woonstad.pk}, follow=True)
    assert "Woonstad Rotterdam" in page.content.decode()
    assert "lid@example.org" not in client_for(anchor).get(HOME).content.decode()

    grant = AnchorGrant.objects.get(initiative=linked, organisation=woonstad)
    states = [(h.lead_contact, h.history_user_id) for h in grant.history.order_by("history_id")]
    assert states == [(True, member.pk), (False, member.pk)]


def test_a_grant_to_one_organisation_shows_nothing_to_another(
    linked, woonstad, member_client, client_for
):
    other = f.AnchorFactory(organisation=f.PartnerOrganisationFactory(name="Havenbedrijf"))
    InitiativePartner.objects.create(
        initiative=linked, organisation=other.anchor_staff.organisation, cooperation="funding"
    )
    member_client.post(_grants_url(linked), {"organisation": woonstad.pk, **ALL})
    page = client_for(other).get(HOME).content.decode()
    assert "Moestuin Tarwewijk" in page
    assert "lid@example.org" not in page and "Veertig buren" not in page


def test_only_members_choose_and_only_for_their_own_anchor_institutions(
    linked, woonstad, member_client, civil_servant_client, other_initiator_client, client_for
):
    url = _grants_url(linked)
    assert member_client.get(url).status_code == 200
    for client in (civil_servant_client, other_initiator_client):
        assert client.post(url, {"organisation": woonstad.pk, **ALL}).status_code == 403
    stranger = f.PartnerOrganisationFactory(name="Onbekende corporatie")
    refused = member_client.post(url, {"organisation": stranger.pk, **ALL})
    assert refused.status_code == 200
    assert not AnchorGrant.objects.exists()


def test_the_member_count_is_shared_only_when_ticked(
    linked, anchor, woonstad, member_client, client_for
):
    f.MembershipFactory(initiative=linked)
    member_client.post(_grants_url(linked), {"organisation": woonstad.pk, "member_count": "on"})
    page = client_for(anchor).get(HOME).content.decode()
    assert "lid@example.org" not in page and "Veertig buren" not in page
    grant = AnchorGrant.objects.get()
    assert (grant.lead_contact, grant.value_records, grant.member_count) == (False, False, True)


def test_the_anchor_page_reads_grants_in_a_bounded_number_of_queries(
    anchor, woonstad, client_for, django_assert_max_num_queries
):
    for n in range(6):
        lead = f.InitiatorFactory()
        initiative = f.InitiativeFactory(lead=lead)
        InitiativePartner.objects.create(
            initiative=initiative, organisation=woonstad, cooperation="funding"
        )
        f.ValueRecordFactory(initiative=initiative)
        AnchorGrant.objects.create(
            initiative=initiative,
            organisation=woonstad,
            lead_contact=True,
            value_records=True,
            member_count=n % 2 == 0,
        )
    client = client_for(anchor)
    # session, user, roles, organisation, initiatives, grants, leads, counts, values, records
    with django_assert_max_num_queries(14):
        page = client.get(HOME)
    assert page.content.decode().count("mailto:") == 6


def test_the_initiatives_history_shows_the_consent_given_and_taken_back(
    linked, woonstad, member_client
):
    url = _grants_url(linked)
    member_client.post(url, {"organisation": woonstad.pk, "value_records": "on"})
    member_client.post(url, {"organisation": woonstad.pk})
    audit = member_client.get(
        reverse("partnership:initiative_audit", args=[linked.slug]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Consent for an anchor institution: Woonstad Rotterdam" in audit
