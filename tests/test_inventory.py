"""The inventory (issue 17): what initiatives can take on, and applying for it."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Area
from partnership.models import CityRequest, InventoryItem
from tests.support import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("partnership:inventory_list")


def _detail(item):
    return reverse("partnership:inventory_detail", args=[item.pk])


def _apply(item):
    return reverse("partnership:inventory_apply", args=[item.pk])


# The catalogue -------------------------------------------------------------------------------


def test_a_visitor_finds_a_park_maintenance_task_by_kind_area_and_words(client):
    park = f.InventoryItemFactory(title="Onderhoud Wilhelminapark")
    f.InventoryItemFactory(title="Braakliggend kavel", kind=InventoryItem.Kind.LAND)
    f.InventoryItemFactory(title="Onderhoud Zuiderpark", area=Area.objects.get(slug="ijsselmonde"))
    response = client.get(LIST, {"kind": "task", "area": "charlois", "q": "onderhoud"})
    assert response.status_code == 200
    assert [item.pk for item in response.context["page"]] == [park.pk]
    assert "Onderhoud Wilhelminapark" in response.content.decode()


def test_withdrawn_items_are_left_out_unless_asked_for(client):
    f.InventoryItemFactory(title="Ingetrokken gebouw", status=InventoryItem.Status.WITHDRAWN)
    assert "Ingetrokken gebouw" not in client.get(LIST).content.decode()
    assert "Ingetrokken gebouw" in client.get(LIST, {"status": "withdrawn"}).content.decode()


def test_an_unknown_filter_value_is_an_error_on_the_form_not_a_failure(client):
    f.InventoryItemFactory(title="Buurthuis De Brug")
    response = client.get(LIST, {"kind": "kasteel", "area": "atlantis"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_the_list_costs_the_same_queries_for_three_or_thirty_items(client):
    f.InventoryItemFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    f.InventoryItemFactory.create_batch(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["page"]) == 25
    assert len(many) == len(few) <= 12


def test_the_csv_has_every_matching_item_with_formulas_neutralised(client):
    f.InventoryItemFactory(
        title='=HYPERLINK("http://kwaad.example")', current_yearly_cost=Decimal("1200.50")
    )
    f.InventoryItemFactory(title="Kavel", kind=InventoryItem.Kind.LAND)
    response = client.get(LIST, {"format": "csv", "kind": "task"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "titel"
    assert len(rows) == 2
    assert rows[1][0].startswith("'=HYPERLINK")
    assert "1200.50" in rows[1]


# Keeping the inventory -----------------------------------------------------------------------


def test_a_coordinator_adds_an_item_and_its_history_is_kept(coordinator_client, coordinator):
    area = Area.objects.get(slug="charlois")
    data = {
        "kind": "building",
        "title": "Voormalig schoolgebouw Pendrecht",
        "description": "Leegstaand schoolgebouw met zes lokalen.",
        "area": area.pk,
        "neighbourhood": "",
        "address": "Slinge 100",
        "size": "850 m²",
        "condition": "lease",
        "conditions_text": "Maatschappelijke huur",
        "current_yearly_cost": "24000",
        "availability": "Direct",
        "status": "available",
        "department": f.department("Stadsbeheer").pk,
    }
    response = coordinator_client.post(reverse("partnership:inventory_create"), data)
    item = InventoryItem.objects.get(title="Voormalig schoolgebouw Pendrecht")
    assert response.status_code == 302
    data["status"] = "withdrawn"
    coordinator_client.post(reverse("partnership:inventory_edit", args=[item.pk]), data)
    item.refresh_from_db()
    assert item.status == "withdrawn"
    history = list(item.history.order_by("history_date"))
    assert [h.status for h in history] == ["available", "withdrawn"]
    assert history[-1].history_user == coordinator


def test_a_neighbourhood_outside_the_area_is_refused(coordinator_client):
    item = f.InventoryItemFactory()
    other = Area.objects.get(slug="ijsselmonde").neighbourhoods.first()
    data = {
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "area": item.area_id,
        "neighbourhood": other.pk,
        "condition": item.condition,
        "status": item.status,
    }
    response = coordinator_client.post(reverse("partnership:inventory_edit", args=[item.pk]), data)
    assert response.status_code == 200
    assert "neighbourhood" in response.context["form"].errors


def test_the_owning_department_edits_its_items_and_not_another_departments(client_for):
    own = f.InventoryItemFactory(department=f.department("Stadsbeheer"))
    other = f.InventoryItemFactory(department=f.department("Stadsontwikkeling"))
    servant = f.CivilServantFactory(department=f.department("Stadsbeheer"))
    client = client_for(servant)
    assert client.get(reverse("partnership:inventory_edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("partnership:inventory_edit", args=[other.pk])).status_code == 403


def test_initiators_and_council_members_cannot_add_items(member_client, council_client):
    url = reverse("partnership:inventory_create")
    assert member_client.get(url).status_code == 403
    assert council_client.get(url).status_code == 403


# Applying ------------------------------------------------------------------------------------


def _rtc_application(initiative, **extra):
    return {
        "initiative": initiative.pk,
        "kind": f.pm.RequestKind.objects.get(code="right-to-challenge").pk,
        "description": "Wij nemen het onderhoud van het park over.",
        "current_city_cost": "38000.00",
        "task_taken_over": "Maaien en snoeien",
        "proposed_budget": "30000",
        "neighbourhood_support": "120 handtekeningen",
        "capacity": "15 vrijwilligers en een hovenier",
        "added_value": "Werkervaring voor buurtbewoners",
        **extra,
    }


def test_applying_for_a_task_creates_a_request_with_the_citys_cost_and_clock(
    member_client, initiative
):
    item = f.InventoryItemFactory(current_yearly_cost=Decimal("38000.00"))
    page = member_client.get(_apply(item))
    assert page.context["form"]["current_city_cost"].value() == Decimal("38000.00")
    response = member_client.post(_apply(item), _rtc_application(initiative))
    city_request = CityRequest.objects.get(inventory_item=item)
    assert response.status_code == 302
    assert city_request.initiative == initiative
    assert city_request.kind.code == "right-to-challenge"
    assert city_request.current_city_cost == Decimal("38000.00")
    assert (city_request.deadline - city_request.submitted_on).days >= 84
    assert city_request.department == item.department
    item.refresh_from_db()
    assert item.status == InventoryItem.Status.UNDER_REQUEST
    detail = member_client.get(response["Location"]).content.decode()
    assert item.title in detail and "38.000,00" in detail  # the Dutch form of the amount


def test_applying_for_land_becomes_a_land_request_carrying_the_cost(member_client, initiative):
    item = f.InventoryItemFactory(
        kind=InventoryItem.Kind.LAND, condition="use", current_yearly_cost=Decimal("2500")
    )
    member_client.post(
        _apply(item),
        {
            "initiative": initiative.pk,
            "kind": f.pm.RequestKind.objects.get(code="grond").pk,
            "description": "Een moestuin.",
            "current_city_cost": "2500",
        },
    )
    city_request = CityRequest.objects.get(inventory_item=item)
    assert city_request.kind.code == "grond"
    assert city_request.current_city_cost == Decimal("2500")
    assert city_request.location == item.address


def test_a_kind_that_does_not_fit_the_item_is_refused(member_client, initiative):
    item = f.InventoryItemFactory(kind=InventoryItem.Kind.LAND)
    gebouw = f.pm.RequestKind.objects.get(code="gebouw")
    response = member_client.post(
        _apply(item), {"initiative": initiative.pk, "kind": gebouw.pk, "description": "x"}
    )
    assert response.status_code == 200
    assert not CityRequest.objects.filter(inventory_item=item).exists()


def test_one_cannot_apply_for_someone_elses_initiative(client_for, initiative):
    item = f.InventoryItemFactory()
    outsider = f.InitiatorFactory()
    own = f.InitiativeFactory(lead=outsider)
    response = client_for(outsider).post(_apply(item), _rtc_application(initiative))
    assert response.status_code == 200
    assert not CityRequest.objects.filter(inventory_item=item).exists()
    assert list(response.context["form"].fields["initiative"].queryset) == [own]


def test_a_withdrawn_item_takes_no_applications(member_client, initiative):
    item = f.InventoryItemFactory(status=InventoryItem.Status.WITHDRAWN)
    response = member_client.post(_apply(item), _rtc_application(initiative))
    assert response.context["form"] is None
    assert not CityRequest.objects.filter(inventory_item=item).exists()


def test_competing_requests_show_to_the_city_and_public_ones_to_everyone(
    client, civil_servant_client, initiative
):
    item = f.InventoryItemFactory()
    f.CityRequestFactory(initiative=initiative, inventory_item=item)
    hidden = f.InitiativeFactory(title="Besloten Buurtkas", is_public=False)
    f.CityRequestFactory(initiative=hidden, inventory_item=item)
    public_page = client.get(_detail(item)).content.decode()
    city_page = civil_servant_client.get(_detail(item)).content.decode()
    assert "Moestuin Tarwewijk" in public_page and "Besloten Buurtkas" not in public_page
    assert "Moestuin Tarwewijk" in city_page and "Besloten Buurtkas" in city_page


def test_the_public_register_names_the_item_a_decided_request_was_for(client, initiative):
    item = f.InventoryItemFactory(title="Speeltuin Het Klimrek")
    today = timezone.localdate()
    f.CityRequestFactory(
        initiative=initiative,
        inventory_item=item,
        status="decided",
        decision="granted",
        decided_on=today,
    )
    page = client.get(reverse("partnership:request_register")).content.decode()
    assert "Speeltuin Het Klimrek" in page and _detail(item) in page


def test_the_map_of_areas_counts_open_items_and_public_initiatives_with_a_table(client):
    f.InventoryItemFactory.create_batch(2)
    f.InventoryItemFactory(status=InventoryItem.Status.TAKEN_ON)
    f.InitiativeFactory.create_batch(3)
    f.InitiativeFactory(is_public=False)
    response = client.get(LIST)
    charlois = next(r for r in response.context["areas"] if r["name"] == "Charlois")
    assert (charlois["available"], charlois["items"], charlois["initiatives"]) == (2, 3, 3)
    page = response.content.decode()
    assert page.count('<svg class="chart area-map"') == 1
    assert "?area=charlois" in page
    assert len(response.context["areas"]) == Area.objects.count() == 14
