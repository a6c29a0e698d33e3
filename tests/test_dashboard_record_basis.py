"""Issue 18, small cells of figures that count records: a row of commitments, blockages,
requests or value records rests on the initiatives behind them, not on the records. Five
records of one initiative are one initiative: a council member reads "< 5", a coordinator 5."""

import datetime as dt

import pytest

from tests.support import factories as f
from tests.support.factories_dashboards import by_label, get, tables

pytestmark = pytest.mark.django_db

HIDDEN_TEXT = "< 5"
DAY = dt.date(2025, 3, 3)


@pytest.fixture
def five_of_one(db):
    """One initiative with five records of each kind at one department; six others with one
    each at another department (enough initiatives for the page to show figures)."""
    lonely = f.InitiativeFactory(title="Eenling", slug="eenling")
    indicator = _indicator("Eenling-indicator")
    for _ in range(5):
        f.CommitmentFactory(
            initiative=lonely,
            department=f.department("Stadsbeheer"),
            promised_on=DAY - dt.timedelta(days=30),
            due_on=DAY,
        )
        f.BlockageFactory(initiative=lonely, department=f.department("Stadsbeheer"))
        f.CityRequestFactory(initiative=lonely, kind=_kind("gebouw"))
        f.ValueRecordFactory(initiative=lonely, indicator=indicator)
    for _ in range(6):
        other = f.InitiativeFactory()
        f.CommitmentFactory(
            initiative=other,
            department=f.department("Stadsontwikkeling"),
            promised_on=DAY,
            due_on=DAY + dt.timedelta(days=100),
        )
        f.BlockageFactory(initiative=other, department=f.department("Stadsontwikkeling"))
        f.CityRequestFactory(initiative=other)
        f.ValueRecordFactory(initiative=other)
    return lonely


def _kind(code):
    from partnership.models import RequestKind

    return RequestKind.objects.get(code=code)


def _indicator(name):
    from publicvalue.models import Indicator

    existing = Indicator.objects.first()
    return Indicator.objects.create(
        dimension=existing.dimension, name=name, code=name.lower(), unit="people"
    )


def test_five_commitments_of_one_initiative_are_hidden_from_a_council_member(
    five_of_one, council_client, coordinator_client
):
    exact = by_label(tables(get(coordinator_client, "toezeggingen"))["by_department"])
    shown = by_label(tables(get(council_client, "toezeggingen"))["by_department"])
    assert exact["Stadsbeheer"][8] == "5"  # the total column
    assert set(shown["Stadsbeheer"][1:]) == {HIDDEN_TEXT}
    quarters = by_label(tables(get(council_client, "toezeggingen"))["per_quarter"])
    assert set(quarters["2025 Q1"][1:9]) == {HIDDEN_TEXT}


def test_five_blockages_of_one_initiative_are_hidden_from_a_council_member(
    five_of_one, council_client, coordinator_client
):
    exact = by_label(tables(get(coordinator_client, "knelpunten"))["open_by_department"])
    shown = by_label(tables(get(council_client, "knelpunten"))["open_by_department"])
    assert exact["Stadsbeheer"][-1] == "5"
    assert shown["Stadsbeheer"][-1] == HIDDEN_TEXT
    assert "5" not in shown["Stadsbeheer"]


def test_five_requests_of_one_initiative_are_hidden_from_a_council_member(
    five_of_one, council_client, coordinator_client
):
    exact = tables(get(coordinator_client, "collectieve-goederen"))["requests_by_kind"]
    shown = tables(get(council_client, "collectieve-goederen"))["requests_by_kind"]
    building = next(i for i, row in enumerate(exact) if row[-1] == "5")
    assert set(shown[building][1:]) == {HIDDEN_TEXT}


def test_five_value_records_of_one_initiative_are_hidden_from_a_council_member(
    five_of_one, council_client, coordinator_client
):
    exact = by_label(tables(get(coordinator_client, "publieke-waarde"))["by_indicator"])
    shown = by_label(tables(get(council_client, "publieke-waarde"))["by_indicator"])
    assert exact["Eenling-indicator"][3] == "5"
    assert set(shown["Eenling-indicator"][3:]) == {HIDDEN_TEXT}


def test_five_requests_of_one_initiative_are_hidden_in_the_decision_times_too(
    five_of_one, council_client, coordinator_client
):
    exact = tables(get(coordinator_client, "collectieve-goederen"))["on_time"]
    shown = tables(get(council_client, "collectieve-goederen"))["on_time"]
    building = next(i for i, row in enumerate(exact) if row[6] == "5")
    assert set(shown[building][1:]) == {HIDDEN_TEXT}


# --- blockages settled and handed on, refusal grounds, value per area and per evidence ---------


@pytest.fixture
def one_initiative_in_one_cell(db):
    """Eenling, in Delfshaven, has five records in a cell of its own in every figure below: five
    blockages of the category "subsidy", settled and each handed on twice; five requests refused
    on one ground; five value records measured independently. Six other initiatives in Charlois
    have one of each elsewhere (land, never handed on, another ground, counted)."""
    from initiatives.models import Area
    from partnership.models import Blockage, CityRequest, RefusalGround

    grounds = list(RefusalGround.objects.order_by("pk")[:2])
    lonely = f.InitiativeFactory(title="Eenling", slug="eenling")
    lonely.area = Area.objects.get(slug="delfshaven")
    lonely.neighbourhood = lonely.area.neighbourhoods.first()
    lonely.save()
    raised = DAY - dt.timedelta(days=40)

    def settled(initiative, category):
        return f.BlockageFactory(
            initiative=initiative,
            policy_framework=None,
            category=category,
            raised_on=raised,
            status=Blockage.Status.RESOLVED,
            settled_on=DAY,
        )

    def refused(initiative, ground):
        request = f.CityRequestFactory(
            initiative=initiative,
            submitted_on=raised,
            status=CityRequest.Status.DECIDED,
            decision=CityRequest.Decision.REFUSED,
            decided_on=DAY,
        )
        request.grounds.add(ground)

    for _ in range(5):
        blockage = settled(lonely, "subsidy")
        for _hand in range(2):
            f.BlockageHandoffFactory(blockage=blockage)
        refused(lonely, grounds[0])
        f.ValueRecordFactory(initiative=lonely, evidence="measured")
    for _ in range(6):
        other = f.InitiativeFactory()
        settled(other, "land")
        refused(other, grounds[1])
        f.ValueRecordFactory(initiative=other)
    return lonely


def _five_at(rows) -> tuple[int, int]:
    """Where the coordinator reads the five records of one initiative: (row, column)."""
    return next(
        (r, c) for r, row in enumerate(rows) for c, cell in enumerate(row) if c and cell == "5"
    )


@pytest.mark.parametrize(
    "slug,key",
    [
        ("knelpunten", "days_to_settle"),
        ("knelpunten", "handoffs"),
        ("collectieve-goederen", "grounds"),
        ("publieke-waarde", "by_area"),
        ("publieke-waarde", "evidence"),
    ],
)
def test_five_records_of_one_initiative_in_one_cell_are_hidden_from_a_council_member(
    one_initiative_in_one_cell, council_client, coordinator_client, slug, key
):
    exact = tables(get(coordinator_client, slug))[key]
    shown = tables(get(council_client, slug))[key]
    row, column = _five_at(exact)
    assert shown[row][0] == exact[row][0]
    assert shown[row][column] == HIDDEN_TEXT
    assert "5" not in shown[row][1:]


def test_the_five_settled_blockages_of_one_initiative_show_no_days_to_a_council_member(
    one_initiative_in_one_cell, council_client, coordinator_client
):
    exact = tables(get(coordinator_client, "knelpunten"))["days_to_settle"]
    shown = tables(get(council_client, "knelpunten"))["days_to_settle"]
    row, _column = _five_at(exact)
    assert exact[row][2].startswith("40")  # the median days to settle, exact for a coordinator
    assert set(shown[row][1:]) == {HIDDEN_TEXT}


def test_the_hand_offs_of_one_initiative_are_hidden_with_their_share(
    one_initiative_in_one_cell, council_client, coordinator_client
):
    exact = by_label(tables(get(coordinator_client, "knelpunten"))["handoffs"])
    shown = by_label(tables(get(council_client, "knelpunten"))["handoffs"])
    assert exact["2"][1] == "5"
    assert set(shown["2"][1:]) == {HIDDEN_TEXT}


def test_value_records_of_one_initiative_in_its_area_are_hidden_cell_and_row_total(
    one_initiative_in_one_cell, council_client, coordinator_client
):
    exact = by_label(tables(get(coordinator_client, "publieke-waarde"))["by_area"])
    shown = by_label(tables(get(council_client, "publieke-waarde"))["by_area"])
    assert exact["Delfshaven"][-1] == "5"
    assert shown["Delfshaven"][-1] == HIDDEN_TEXT
    assert "5" not in shown["Delfshaven"]


# --- Right to Challenge, use of collective goods, contracts, pledges against what was recorded --


@pytest.fixture
def one_initiative_asking_and_awarded(db):
    """Eenling has five Right to Challenge requests granted, five requests for a municipal
    building, and five contracts awarded by a housing corporation. Six other initiatives each
    have one Right to Challenge request still waiting, one request for land and one contract
    from the city."""
    from partnership.models import CityRequest

    lonely = f.InitiativeFactory(title="Eenling", slug="eenling")
    corporation = f.PartnerOrganisationFactory(name="Woonstichting Eenling")
    for _ in range(5):
        f.CityRequestFactory(
            initiative=lonely,
            kind=_kind("right-to-challenge"),
            submitted_on=DAY - dt.timedelta(days=40),
            status=CityRequest.Status.DECIDED,
            decision=CityRequest.Decision.GRANTED,
            decided_on=DAY,
        )
        f.CityRequestFactory(initiative=lonely, kind=_kind("gebouw"))
        f.ContractFactory(
            initiative=lonely, awarded_by_department=None, awarded_by_organisation=corporation
        )
    for _ in range(6):
        other = f.InitiativeFactory()
        f.CityRequestFactory(initiative=other, kind=_kind("right-to-challenge"))
        f.CityRequestFactory(initiative=other)
        f.ContractFactory(initiative=other)
    return lonely


@pytest.mark.parametrize("key", ["right_to_challenge", "collective_goods", "community_wealth"])
def test_five_requests_or_contracts_of_one_initiative_are_hidden_from_a_council_member(
    one_initiative_asking_and_awarded, council_client, coordinator_client, key
):
    exact = tables(get(coordinator_client, "collectieve-goederen"))[key]
    shown = tables(get(council_client, "collectieve-goederen"))[key]
    row, column = next(
        (r, c) for r, cells in enumerate(exact) for c, cell in enumerate(cells) if cell == "5"
    )
    assert shown[row][0] == exact[row][0]
    assert shown[row][column] == HIDDEN_TEXT
    assert "5" not in shown[row][1:]


def test_the_pledge_row_of_one_initiative_hides_its_recorded_amount(
    one_initiative_asking_and_awarded, council_client, coordinator_client
):
    exact = by_label(tables(get(coordinator_client, "collectieve-goederen"))["community_wealth"])
    shown = by_label(tables(get(council_client, "collectieve-goederen"))["community_wealth"])
    assert exact["Woonstichting Eenling"][3:5] == ["5", "60,000.00"]
    assert shown["Woonstichting Eenling"][3:5] == [HIDDEN_TEXT, HIDDEN_TEXT]


def test_contracts_of_one_initiative_from_two_awarders_hide_the_total_too(
    council_client, coordinator_client
):
    """Each awarder's row rests on one initiative; the total row rests on that same one
    initiative, so a council member must not read its contracts and amount there either."""
    lonely = f.InitiativeFactory(title="Eenling", slug="eenling")
    for _ in range(3):
        f.ContractFactory(initiative=lonely, awarded_by_department=f.department("Stadsbeheer"))
        f.ContractFactory(
            initiative=lonely, awarded_by_department=f.department("Stadsontwikkeling")
        )
    for _ in range(6):
        f.InitiativeFactory()
    exact = by_label(tables(get(coordinator_client, "collectieve-goederen"))["contracts"])
    shown = by_label(tables(get(council_client, "collectieve-goederen"))["contracts"])
    assert exact["Total"][1] == "6"
    assert shown["Total"][1] == HIDDEN_TEXT
    assert shown["Total"][3] == HIDDEN_TEXT


def test_one_initiative_linked_to_five_housing_corporations_is_hidden_from_a_council_member(
    council_client, coordinator_client
):
    """Five links, one initiative: the cell, its row total and the column total rest on one
    initiative (six others are linked to schools)."""
    from initiatives.models import InitiativePartner

    lonely = f.InitiativeFactory(title="Eenling", slug="eenling")
    for n in range(5):
        InitiativePartner.objects.create(
            initiative=lonely,
            organisation=f.PartnerOrganisationFactory(name=f"Corporatie {n}", kind="housing"),
            cooperation="funding",
            since=DAY,
        )
    school = f.PartnerOrganisationFactory(name="Albeda", kind="school")
    for _ in range(6):
        InitiativePartner.objects.create(
            initiative=f.InitiativeFactory(), organisation=school, cooperation="knowledge"
        )
    exact = by_label(tables(get(coordinator_client, "collectieve-goederen"))["anchor_cooperation"])
    shown = by_label(tables(get(council_client, "collectieve-goederen"))["anchor_cooperation"])
    assert exact["housing corporation"][1] == "5"
    assert exact["housing corporation"][-1] == "5"
    assert shown["housing corporation"][1] == HIDDEN_TEXT
    assert shown["housing corporation"][-1] == HIDDEN_TEXT
    assert "5" not in shown["housing corporation"]
    assert shown["Total"][1] == HIDDEN_TEXT


def test_refusals_on_a_ground_resting_on_one_initiative_are_hidden_beside_other_requests(
    council_client, coordinator_client
):
    """Seven initiatives asked on a ground; only one of them was refused, five times."""
    from partnership.models import CityRequest, RefusalGround

    ground = RefusalGround.objects.order_by("pk").first()
    lonely = f.InitiativeFactory(title="Eenling", slug="eenling")
    for initiative in [lonely] * 5 + [f.InitiativeFactory() for _ in range(6)]:
        request = f.CityRequestFactory(
            initiative=initiative,
            submitted_on=DAY - dt.timedelta(days=40),
            status=CityRequest.Status.DECIDED,
            decision=(
                CityRequest.Decision.REFUSED
                if initiative == lonely
                else CityRequest.Decision.GRANTED
            ),
            decided_on=DAY,
        )
        request.grounds.add(ground)
    exact = tables(get(coordinator_client, "collectieve-goederen"))["grounds"]
    shown = tables(get(council_client, "collectieve-goederen"))["grounds"]
    row = next(r for r, cells in enumerate(exact) if cells[1:] == ["11", "5"])
    assert shown[row][1:] == [HIDDEN_TEXT, HIDDEN_TEXT]
