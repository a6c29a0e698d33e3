"""Commitments kept on time or late (issue 15).

"Kept late" is its own outcome beside kept on time, broken, withdrawn and disputed. It is
computed from the status, the day it was kept and the due date (``Commitment.outcome`` and
``CommitmentQuerySet.with_outcome``), with the definition the commitments dashboard of issue 18
already counts: kept on or before the due date is on time; after it, or without a date, late.
"""

import datetime as dt

import pytest
from django.db.models import Count
from django.urls import reverse

from partnership.dashboards.selectors import _commitment_counts
from partnership.models import Commitment
from partnership.selectors.privacy import personal_data_of
from tests.support import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
DUE = TODAY - dt.timedelta(days=20)
PROMISED = TODAY - dt.timedelta(days=60)
Outcome = Commitment.Outcome


def commitment(status="open", settled_on=None, **kwargs):
    return f.CommitmentFactory(
        promised_on=PROMISED, due_on=DUE, status=status, settled_on=settled_on, **kwargs
    )


CASES = [
    ("kept", DUE, Outcome.KEPT_ON_TIME),
    ("kept", DUE - dt.timedelta(days=3), Outcome.KEPT_ON_TIME),
    ("kept", DUE + dt.timedelta(days=1), Outcome.KEPT_LATE),
    ("kept", None, Outcome.KEPT_LATE),  # never counted as on time without a date
    ("broken", DUE, Outcome.BROKEN),
    ("withdrawn", DUE, Outcome.WITHDRAWN),
    ("disputed", None, Outcome.DISPUTED),
    ("open", None, Outcome.OPEN),
]


@pytest.mark.parametrize(("status", "settled_on", "outcome"), CASES)
def test_the_outcome_tells_kept_on_time_from_kept_late(status, settled_on, outcome):
    item = commitment(status, settled_on)
    assert item.outcome == outcome
    annotated = Commitment.objects.with_outcome().values_list("outcome", flat=True)
    assert annotated.get(pk=item.pk) == outcome  # the database says the same


def test_days_kept_late():
    assert commitment("kept", DUE + dt.timedelta(days=9)).days_kept_late() == 9
    assert commitment("kept", DUE).days_kept_late() is None


def test_the_annotation_counts_as_the_dashboard_does(django_assert_num_queries):
    for status, settled_on, _ in CASES * 2:
        commitment(status, settled_on)
    dashboard = Commitment.objects.aggregate(**_commitment_counts(TODAY))
    with django_assert_num_queries(1):
        mine = dict(
            Commitment.objects.with_outcome()
            .values_list("outcome")
            .annotate(n=Count("id"))
            .values_list("outcome", "n")
        )
    assert mine[Outcome.KEPT_ON_TIME] == dashboard["kept_on_time"] == 4
    assert mine[Outcome.KEPT_LATE] == dashboard["kept_late"] == 4
    assert mine[Outcome.BROKEN] == dashboard["broken"]
    assert mine[Outcome.DISPUTED] == dashboard["disputed"]


def test_keeping_after_the_due_date_shows_as_kept_late_on_the_partner_page(
    civil_servant_client, member_client, initiative
):
    item = commitment(initiative=initiative)
    response = civil_servant_client.post(
        reverse("partnership:commitment_settle", kwargs={"slug": initiative.slug, "pk": item.pk}),
        {"status": "kept", "settled_on": TODAY.isoformat(), "note": "Eindelijk geregeld."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.settled_on == TODAY  # keeping records when
    page = member_client.get(initiative.get_absolute_url()).content.decode()
    assert "te laat nagekomen" in page
    assert "20 dagen na de uiterste datum" in page


def test_keeping_on_time_shows_as_kept_on_time(member_client, initiative):
    commitment("kept", DUE, initiative=initiative)
    page = member_client.get(initiative.get_absolute_url()).content.decode()
    assert "op tijd nagekomen" in page
    assert "te laat nagekomen" not in page


def test_the_personal_data_export_carries_the_outcome(civil_servant):
    commitment("kept", DUE + dt.timedelta(days=2), logged_by=civil_servant)
    exported = personal_data_of(civil_servant)
    rows = [
        row
        for section in exported.values()
        if isinstance(section, dict)
        for key, row in section.items()
        if key == "commitments"
    ]
    assert rows and rows[0][0]["outcome"] == Outcome.KEPT_LATE
