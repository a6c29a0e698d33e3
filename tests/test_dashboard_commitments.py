"""Toezeggingen: commitments kept, broken, disputed and overdue per department and per quarter
of the due date, counted by hand on the city of tests/support/factories_dashboards.py."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.support import factories as f
from tests.support.factories_dashboards import (
    FILTERS,
    by_label,
    city_in_transaction,
    dept,
    get,
    not_narrowed,
    tables,
)

pytestmark = pytest.mark.django_db

SLUG = "toezeggingen"
HEADER = [
    "Kept on time",
    "Kept late",
    "Broken",
    "Disputed",
    "Overdue",
    "Open, not yet due",
    "Withdrawn",
    "Total",
    "Fell due (denominator)",
    "kept (%)",
    "kept on time (%)",
]


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """Built once for this module, whose tests only read it (see city_in_transaction)."""
    with city_in_transaction(django_db_blocker) as built:
        yield built


def summary(response, key: str) -> dict[str, str]:
    """The key numbers under a figure, label to value."""
    html = response.content.decode()
    start = html.index(f'id="summary-{key}"')
    block = html[start : html.index("</dl>", start)]
    labels = [t.split(">", 1)[1] for t in block.split("</dt>")[:-1]]
    values = [t.split("<dd>", 1)[1] for t in block.split("</dd>")[:-1]]
    return {label.rsplit("<dt>", 1)[-1]: value for label, value in zip(labels, values, strict=True)}


# Definition changed by issue 18: "kept" is split into kept on time and kept late, and the keep
# rate counts disputed and overdue commitments as not (yet) kept (it was kept / (kept + broken)).
def test_it_counts_commitments_per_department_by_what_became_of_them(coordinator_client, city):
    table = tables(get(coordinator_client, SLUG))["by_department"]
    assert table[0] == ["Department", *HEADER]
    assert table[1:] == [
        # kept on time (B1), disputed (A2), overdue (B1, open since 2022), withdrawn (A3)
        ["Maatschappelijke Ontwikkeling", "1", "0", "0", "1", "1", "0", "1", "4", "3"]
        + ["33.3", "33.3"],
        # kept on time and broken (A1), open and not yet due (A1, due in 30 days)
        ["Stadsontwikkeling", "1", "0", "1", "0", "0", "1", "0", "3", "2", "50.0", "50.0"],
        # open past its due date (A2): not kept, where the old rate showed nothing
        ["Stadsbeheer", "0", "0", "0", "0", "1", "0", "0", "1", "1", "0.0", "0.0"],
        ["Werk en Inkomen", "0", "0", "1", "0", "0", "0", "0", "1", "1", "0.0", "0.0"],
        ["Total", "2", "0", "2", "1", "2", "1", "1", "9", "7", "28.6", "28.6"],
    ]


def test_the_keep_rate_counts_disputed_and_overdue_as_not_kept(coordinator_client, city):
    # Old definition: kept / (kept + broken) = 2 / 4 = 50%. New: 2 of the 7 that fell due.
    response = get(coordinator_client, SLUG)
    rows = by_label(tables(response)["by_department"])
    assert rows["Total"][-3:] == ["7", "28.6", "28.6"]
    assert rows["Maatschappelijke Ontwikkeling"][-2] == "33.3"  # was 100.0
    facts = summary(response, "by_department")
    assert facts == {
        "Kept: 2 of the 7 commitments that fell due (kept, broken, disputed or overdue), in %": (
            "28.6"
        ),
        "Kept on time: 2 of the 7 commitments that fell due, in %": "28.6",
    }


def test_a_commitment_kept_after_its_due_date_is_kept_late(coordinator_client, city):
    # Old definition: one more "kept", keep rate up. New: kept late, not on time.
    f.CommitmentFactory(
        initiative=city.b2,
        department=dept("Werk en Inkomen"),
        promised_on=dt.date(2024, 1, 1),
        due_on=dt.date(2024, 2, 1),
        status="kept",
        settled_on=dt.date(2024, 2, 2),
    )
    f.CommitmentFactory(  # kept without a settlement date: never counted as on time
        initiative=city.b2,
        department=dept("Werk en Inkomen"),
        promised_on=dt.date(2024, 1, 1),
        due_on=dt.date(2024, 2, 1),
        status="kept",
        settled_on=None,
    )
    f.CommitmentFactory(  # kept on its due date: on time
        initiative=city.b2,
        department=dept("Werk en Inkomen"),
        promised_on=dt.date(2024, 1, 1),
        due_on=dt.date(2024, 2, 1),
        status="kept",
        settled_on=dt.date(2024, 2, 1),
    )
    rows = by_label(tables(get(coordinator_client, SLUG))["by_department"])
    # on time, late, broken, disputed, overdue, open, withdrawn, total, fell due, kept, on time
    assert rows["Werk en Inkomen"][1:] == [
        "1", "2", "1", "0", "0", "0", "0", "4", "4", "75.0", "25.0"
    ]  # fmt: skip


def test_it_counts_commitments_per_quarter_of_the_due_date(coordinator_client, city):
    rows = by_label(tables(get(coordinator_client, SLUG))["per_quarter"])
    assert rows["2022 Q1"][1:9] == ["1", "0", "0", "0", "0", "0", "0", "1"]
    assert rows["2022 Q2"][1:9] == ["0", "0", "0", "0", "1", "0", "0", "1"]
    assert rows["2024 Q1"][1:9] == ["1", "0", "1", "0", "0", "0", "0", "2"]
    assert rows["2024 Q2"][1:9] == ["0", "0", "0", "1", "1", "0", "0", "2"]
    assert rows["2024 Q3"][1:9] == ["0", "0", "0", "0", "0", "0", "1", "1"]
    assert rows["2023 Q3"][1:9] == ["0"] * 8
    due = timezone.localdate() + dt.timedelta(days=30)
    assert rows[f"{due.year} Q{(due.month - 1) // 3 + 1}"][6] == "1"
    assert rows["Total"][1:9] == ["2", "0", "2", "1", "2", "1", "1", "9"]


def test_a_commitment_becomes_overdue_the_day_after_its_due_date(coordinator_client, city):
    today = timezone.localdate()
    f.CommitmentFactory(
        initiative=city.b2,
        department=dept("Werk en Inkomen"),
        promised_on=today - dt.timedelta(days=5),
        due_on=today - dt.timedelta(days=1),
    )
    f.CommitmentFactory(
        initiative=city.b2,
        department=dept("Werk en Inkomen"),
        promised_on=today - dt.timedelta(days=5),
        due_on=today,
    )
    rows = by_label(tables(get(coordinator_client, SLUG))["by_department"])
    assert rows["Werk en Inkomen"][1:9] == ["0", "0", "1", "0", "1", "1", "0", "3"]


def test_a_far_away_due_date_does_not_fill_decades_of_empty_quarters(coordinator_client, city):
    f.CommitmentFactory(
        initiative=city.b2,
        department=dept("Werk en Inkomen"),
        promised_on=dt.date(2022, 1, 1),
        due_on=dt.date(2099, 1, 1),
    )
    rows = by_label(tables(get(coordinator_client, SLUG))["per_quarter"])
    assert rows["2099 Q1"][6] == "1"
    assert "2050 Q1" not in rows
    assert len(rows) == 9  # the eight quarters with commitments and the total


def test_the_period_counts_commitments_by_due_date(coordinator_client, city):
    # As a coordinator: these five commitments rest on fewer than 5 initiatives, which a council
    # member reads as "< 5" (tests/test_dashboard_record_basis.py).
    rows = by_label(tables(get(coordinator_client, SLUG, FILTERS["period"]))["by_department"])
    assert rows["Total"][1:9] == ["1", "0", "1", "1", "1", "0", "1", "5"]
    assert "Werk en Inkomen" not in rows


@pytest.mark.parametrize("name", FILTERS)
def test_every_filter_narrows_every_figure(city, name):
    assert not_narrowed(SLUG, FILTERS[name]) == {}
