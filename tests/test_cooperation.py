"""Anchor institutions and contracts: linking partners to initiatives, recording inbesteden."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from initiatives.models import InitiativePartner, PartnerOrganisation
from partnership.models import Contract
from partnership.selectors.timeline import cooperation
from partnership.services.cooperation import contract_record, initiative_partner_link
from tests.support import factories as f
from tests.support.factories_requests import EN

pytestmark = pytest.mark.django_db

D = dt.date


def link_url(initiative):
    return reverse("partnership:partner_link_create", kwargs={"slug": initiative.slug})


def contract_url(initiative):
    return reverse("partnership:contract_create", kwargs={"slug": initiative.slug})


# --- services -----------------------------------------------------------------------------


def test_a_partner_is_linked_with_its_form_of_cooperation(initiative):
    corporation = f.PartnerOrganisationFactory(name="Woonstad Rotterdam")
    link = initiative_partner_link(
        initiative=initiative, organisation=corporation, cooperation="accommodation"
    )
    assert (link.organisation, link.cooperation) == (corporation, "accommodation")


def test_a_new_organisation_is_created_by_name_and_kind(initiative):
    link = initiative_partner_link(
        initiative=initiative,
        new_name="  Hogeschool Rotterdam ",
        new_kind="university",
        new_is_anchor=True,
        cooperation="knowledge",
    )
    organisation = link.organisation
    assert (organisation.name, organisation.kind) == ("Hogeschool Rotterdam", "university")
    assert organisation.is_anchor_institution


def test_a_known_name_is_reused_whatever_its_letter_case(initiative):
    known = f.PartnerOrganisationFactory(name="Woonstad Rotterdam")
    link = initiative_partner_link(
        initiative=initiative, new_name="woonstad rotterdam", cooperation="funding"
    )
    assert link.organisation == known
    assert PartnerOrganisation.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "organisation"),
        ({"new_name": "Nieuw Fonds"}, "new_kind"),
        ({"new_name": "Nieuw Fonds", "new_kind": "fund", "since": D(2999, 1, 1)}, "since"),
    ],
)
def test_a_link_needs_an_organisation_and_a_kind_for_a_new_one(initiative, kwargs, field):
    with pytest.raises(ValidationError) as error:
        initiative_partner_link(initiative=initiative, cooperation="funding", **kwargs)
    assert field in error.value.message_dict
    assert not InitiativePartner.objects.exists()


def test_choosing_and_naming_an_organisation_at_once_is_an_error(initiative):
    with pytest.raises(ValidationError) as error:
        initiative_partner_link(
            initiative=initiative,
            organisation=f.PartnerOrganisationFactory(),
            new_name="Ander",
            cooperation="funding",
        )
    assert "new_name" in error.value.message_dict


def test_the_same_partner_in_the_same_form_is_linked_once(initiative):
    corporation = f.PartnerOrganisationFactory()
    initiative_partner_link(initiative=initiative, organisation=corporation, cooperation="funding")
    with pytest.raises(ValidationError):
        initiative_partner_link(
            initiative=initiative, organisation=corporation, cooperation="funding"
        )
    initiative_partner_link(initiative=initiative, organisation=corporation, cooperation="staff")
    assert InitiativePartner.objects.count() == 2


def test_a_contract_from_a_department_is_recorded(initiative, civil_servant):
    contract = contract_record(
        initiative=initiative,
        description="Onderhoud van het buurtpark",
        amount=Decimal("12000"),
        start_on=D(2025, 1, 1),
        end_on=D(2025, 12, 31),
        awarded_by_department=f.department("Stadsbeheer"),
        by=civil_servant,
    )
    assert contract.logged_by == civil_servant


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": Decimal("-1")}, "amount"),
        ({"end_on": D(2024, 12, 31)}, "end_on"),
        ({"awarded_by_department": None}, "awarded_by_department"),
    ],
)
def test_a_contract_needs_a_sound_amount_period_and_awarder(
    initiative, civil_servant, kwargs, field
):
    values = {
        "description": "Catering",
        "amount": Decimal("500"),
        "start_on": D(2025, 1, 1),
        "awarded_by_department": f.department("Stadsbeheer"),
        **kwargs,
    }
    with pytest.raises(ValidationError) as error:
        contract_record(initiative=initiative, by=civil_servant, **values)
    assert field in error.value.message_dict
    assert not Contract.objects.exists()


def test_a_contract_comes_from_one_awarder_and_an_organisation_must_be_an_anchor(
    initiative, civil_servant
):
    shop = f.PartnerOrganisationFactory(kind="company", is_anchor_institution=False)
    base = {"description": "Catering", "amount": Decimal("500"), "start_on": D(2025, 1, 1)}
    with pytest.raises(ValidationError) as both:
        contract_record(
            initiative=initiative,
            by=civil_servant,
            awarded_by_department=f.department("Stadsbeheer"),
            awarded_by_organisation=f.PartnerOrganisationFactory(),
            **base,
        )
    assert "awarded_by_department" in both.value.message_dict
    with pytest.raises(ValidationError) as not_anchor:
        contract_record(
            initiative=initiative, by=civil_servant, awarded_by_organisation=shop, **base
        )
    assert "awarded_by_organisation" in not_anchor.value.message_dict


# --- views --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member_client", 200),
        ("civil_servant_client", 200),
        ("coordinator_client", 200),
        ("council_client", 403),
        ("other_initiator_client", 403),
    ],
)
def test_members_and_the_municipality_link_partners(request, initiative, who, status):
    assert request.getfixturevalue(who).get(link_url(initiative)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("civil_servant_client", 200),
        ("coordinator_client", 200),
        ("member_client", 403),
        ("council_client", 403),
        ("other_initiator_client", 403),
    ],
)
def test_only_the_municipality_records_contracts(request, initiative, who, status):
    assert request.getfixturevalue(who).get(contract_url(initiative)).status_code == status


def test_visitors_log_in_first_and_outsiders_of_a_private_initiative_get_404(
    client, other_initiator_client, member
):
    private = f.InitiativeFactory(lead=member, is_public=False)
    for url in (link_url(private), contract_url(private)):
        assert client.get(url).status_code == 302
        assert other_initiator_client.get(url).status_code == 404


def test_a_member_links_a_new_anchor_institution(member_client, initiative):
    response = member_client.post(
        link_url(initiative),
        {
            "new_name": "Albeda",
            "new_kind": "school",
            "new_is_anchor": "on",
            "cooperation": "staff",
            "since": "2024-09-01",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    link = InitiativePartner.objects.select_related("organisation").get()
    assert link.organisation.name == "Albeda" and link.organisation.is_anchor_institution
    assert link.since == D(2024, 9, 1)


def test_the_link_form_ties_errors_to_fields(member_client, initiative):
    response = member_client.post(link_url(initiative), {"cooperation": "staff"}, **EN)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    response = member_client.post(
        link_url(initiative), {"new_name": "Nieuw", "cooperation": "nonsense"}
    )
    assert "cooperation" in response.context["form"].errors


def test_a_civil_servant_records_a_contract_from_an_anchor_institution(
    civil_servant_client, initiative
):
    hospital = f.PartnerOrganisationFactory(name="Maasstad Ziekenhuis", kind="care")
    response = civil_servant_client.post(
        contract_url(initiative),
        {
            "awarded_by_organisation": hospital.pk,
            "description": "Maaltijden voor de afdeling geriatrie",
            "amount": "18500.50",
            "start_on": "2025-02-01",
            "end_on": "2026-01-31",
        },
    )
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert contract.awarded_by_organisation == hospital
    assert contract.amount == Decimal("18500.50")


def test_a_contract_ending_before_it_starts_is_an_error_on_the_end_date(
    civil_servant_client, initiative
):
    response = civil_servant_client.post(
        contract_url(initiative),
        {
            "awarded_by_department": f.department("Stadsbeheer").pk,
            "description": "Onderhoud",
            "amount": "100",
            "start_on": "2025-02-01",
            "end_on": "2025-01-31",
        },
    )
    assert response.status_code == 200
    assert "end_on" in response.context["form"].errors
    response = civil_servant_client.post(
        contract_url(initiative),
        {
            "awarded_by_department": f.department("Stadsbeheer").pk,
            "description": "Onderhoud",
            "amount": "-5",
            "start_on": "2025-02-01",
        },
    )
    assert "amount" in response.context["form"].errors
    assert not Contract.objects.exists()


# --- on the partner page ------------------------------------------------------------------


def _render_summary(initiative, **flags):
    # The page's selector loads what the part shows; the part only displays it.
    can_link = flags.get("can_log", False) or flags.get("can_speak", False)
    ctx = {"initiative": initiative, "can_link": can_link, **flags, **cooperation(initiative)}
    return render_to_string("partnership/partner_actions_requests.html", ctx)


def test_the_partner_page_part_lists_partners_and_contracts(initiative):
    corporation = f.PartnerOrganisationFactory(name="Havensteder")
    f.ContractFactory(
        initiative=initiative,
        awarded_by_organisation=corporation,
        awarded_by_department=None,
        description="Groenonderhoud",
    )
    InitiativePartner.objects.create(
        initiative=initiative, organisation=corporation, cooperation="accommodation"
    )
    html = _render_summary(initiative, can_speak=True)
    assert "Havensteder" in html and "Groenonderhoud" in html
    assert link_url(initiative) in html
    assert contract_url(initiative) not in html
    assert contract_url(initiative) in _render_summary(initiative, can_log=True)


def test_the_partner_page_part_runs_a_fixed_number_of_queries(
    initiative, django_assert_max_num_queries
):
    def fill(n):
        for _ in range(n):
            organisation = f.PartnerOrganisationFactory()
            InitiativePartner.objects.create(
                initiative=initiative, organisation=organisation, cooperation="funding"
            )
            f.ContractFactory(initiative=initiative, awarded_by_organisation=organisation)

    fill(3)
    with django_assert_max_num_queries(2):  # partner links with organisations; contracts
        _render_summary(initiative, can_log=True)
    fill(12)
    with django_assert_max_num_queries(2):
        assert _render_summary(initiative, can_log=True).count("<tr>") == 16


def test_the_partner_page_shows_partners_to_members(member_client, initiative):
    corporation = f.PartnerOrganisationFactory(name="Havensteder")
    InitiativePartner.objects.create(
        initiative=initiative, organisation=corporation, cooperation="accommodation"
    )
    html = member_client.get(initiative.get_absolute_url(), **EN).content.decode()
    assert "Havensteder" in html
    assert "accommodation or space" in html
