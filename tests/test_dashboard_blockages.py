"""Waar het vastloopt: open blockages by department × category, days to settle, the policy
frameworks that block most, hand-offs and departments per initiative (pillar to post),
initiatives with several departments and no coordinator, and initiators' ratings over time.
Counted by hand on the city of tests/support/factories_dashboards.py."""

import datetime as dt

import pytest
from django.utils import timezone

from partnership.stats import percentile
from tests.support.factories_dashboards import (
    FILTERS,
    by_label,
    city_in_transaction,
    get,
    not_narrowed,
    parse,
    tables,
)

pytestmark = pytest.mark.django_db

SLUG = "knelpunten"
CATEGORIES = [
    "land",
    "real estate",
    "procurement",
    "public-space management",
    "area development",
    "subsidy",
    "permit",
    "liability and insurance",
    "privacy",
    "other",
]


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """Built once for this module, whose tests only read it (see city_in_transaction)."""
    with city_in_transaction(django_db_blocker) as built:
        yield built


def _row(label, **cells):
    return [label, *(str(cells.get(c, 0)) for c in CATEGORIES), str(sum(cells.values()))]


def test_it_shows_open_blockages_by_department_and_category(coordinator_client, city):
    table = tables(get(coordinator_client, SLUG))["open_by_department"]
    assert table[0] == ["Department", *CATEGORIES, "Total"]
    # Open or escalated: SO land (A1), SB public space (A1), MO subsidy (B1). The blockage of
    # the archived initiative and the archived blockage (Werk en Inkomen) never count.
    assert table[1:] == [
        _row("Maatschappelijke Ontwikkeling", subsidy=1),
        _row("Stadsbeheer", **{"public-space management": 1}),
        _row("Stadsontwikkeling", land=1),
        _row("Total", land=1, subsidy=1, **{"public-space management": 1}),
    ]


def test_it_shows_median_and_90th_percentile_days_to_settle(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG))["days_to_settle"])
    # Settled after 10 and 30 days (land), 50 (subsidy), 20 (other).
    assert rows["land"] == ["land", "2", "20.0", "28.0"]
    assert rows["subsidy"] == ["subsidy", "1", "50.0", "50.0"]
    assert rows["other"] == ["other", "1", "20.0", "20.0"]
    # 10, 20, 30, 50: median 25, 90th percentile 30 + 0.7 × 20 = 44.
    assert rows["All categories"] == ["All categories", "4", "25.0", "44.0"]


def test_days_to_settle_count_the_blockages_settled_in_the_period(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG, FILTERS["period"]))["days_to_settle"])
    assert rows["All categories"] == ["All categories", "3", "30.0", "46.0"]  # 10, 30, 50


def test_percentiles_interpolate_like_percentile_cont():
    assert percentile([10, 20, 30, 50], 0.5) == 25
    assert percentile([10, 20, 30, 50], 0.9) == pytest.approx(44)
    assert percentile([7], 0.9) == 7
    assert percentile([], 0.5) is None


def test_it_ranks_the_policy_frameworks_that_block_most_often_and_longest(coordinator_client, city):
    today = timezone.localdate()

    def days(since):
        return (today - since).days

    table = tables(get(coordinator_client, SLUG))["frameworks"]
    assert table[0] == [
        "Policy framework",
        "Category",
        "Blockages",
        "Open now",
        "Average days blocked",
    ]
    assert table[1:] == [
        [
            "Grondprijsbeleid",
            "land",
            "3",
            "1",
            str(round((days(dt.date(2024, 3, 1)) + 10 + 30) / 3, 1)),
        ],
        [
            "Subsidieregeling bewonersinitiatieven",
            "subsidy",
            "2",
            "1",
            str(round((days(dt.date(2022, 4, 1)) + 50) / 2, 1)),
        ],
        [
            "Beheerverordening",
            "public-space management",
            "1",
            "1",
            str(float(days(dt.date(2024, 4, 1)))),
        ],
    ]


def test_it_shows_hand_offs_per_blockage_and_the_pillar_to_post_index(coordinator_client, city):
    page = parse(get(coordinator_client, SLUG))
    # Hand-offs: 2, 1, 0, 0, 5, 1 (world B), 0 (world B).
    assert page.tables["handoffs"][1:] == [
        ["0", "3", "42.9"],
        ["1", "2", "28.6"],
        ["2", "1", "14.3"],
        ["3", "0", "0.0"],
        ["4 or more", "1", "14.3"],
        ["Total", "7", "100.0"],
    ]
    assert page.summaries["handoffs"] == [["Pillar-to-post index: hand-offs per blockage", "1.29"]]


def test_it_counts_departments_per_initiative_from_every_record(coordinator_client, city):
    page = parse(get(coordinator_client, SLUG))
    # A1: SO, SB. A2: MO, SB, SO. A3: MO + hand-offs to SO, SB, WI. B1: MO, WI, SO. B2: WI.
    assert page.tables["departments_per_initiative"][1:] == [
        ["1", "1", "20.0"],
        ["2", "1", "20.0"],
        ["3", "2", "40.0"],
        ["4", "1", "20.0"],
        ["5 or more", "0", "0.0"],
        ["Total", "5", "100.0"],
    ]
    assert page.summaries["departments_per_initiative"] == [
        ["Initiatives dealing with two or more departments", "4"]
    ]


def test_it_lists_initiatives_with_several_departments_and_no_coordinator(coordinator_client, city):
    response = get(coordinator_client, SLUG)
    html = response.content.decode()
    rows = by_label(tables(response)["no_coordinator"])
    # A1 and the private A3 in Charlois, B1 in Delfshaven; A2 has a coordinator, B2 one department.
    assert rows["Charlois"] == ["Charlois", "2"]
    assert rows["Delfshaven"] == ["Delfshaven", "1"]
    assert rows["Total"] == ["Total", "3"]
    assert '<a href="/initiatieven/groene-daken-charlois/">Groene Daken Charlois</a>' in html
    assert '<a href="/initiatieven/zorgcafe-west/">Zorgcafé West</a>' in html
    assert "Stille Tuin" not in html  # private: counted, never named
    assert "1 of them are not listed" in html


def test_it_shows_the_share_of_satisfied_initiators_beside_the_audit_office(
    coordinator_client, city
):
    page = parse(get(coordinator_client, SLUG))
    rows = by_label(page.tables["ratings"])
    assert rows["2022 Q2"] == ["2022 Q2", "1", "0", "0.0"]
    assert rows["2023 Q1"] == ["2023 Q1", "0", "0", "–"]
    assert rows["2024 Q1"] == ["2024 Q1", "2", "1", "50.0"]
    assert rows["2024 Q2"] == ["2024 Q2", "1", "1", "100.0"]
    assert rows["Total"] == ["Total", "4", "2", "50.0"]
    assert page.summaries["ratings"] == [["Audit office 2020: share satisfied (%)", "40"]]
    assert "audit office 2020: 40%" in get(coordinator_client, SLUG).content.decode()


@pytest.mark.parametrize("name", FILTERS)
def test_every_filter_narrows_every_figure(city, name):
    assert not_narrowed(SLUG, FILTERS[name]) == {}
