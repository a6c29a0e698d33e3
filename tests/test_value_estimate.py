"""The social-return arithmetic: quantity × proxy × (1 − deadweight) × (1 − attribution), in
Decimal, never a bare number (each step is kept), and honest about what cannot be monetised."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publicvalue import estimates
from publicvalue.models import ValueRecord
from tests.support import factories as f

D = Decimal


def test_it_multiplies_quantity_by_proxy_without_deductions_at_0_percent():
    est = estimates.estimate(
        quantity=D("120"), proxy=D("15.00"), deadweight_pct=D("0"), attribution_pct=D("0")
    )
    assert est.is_monetised
    assert est.gross == D("1800.00")
    assert est.after_deadweight == D("1800.00")
    assert est.value == D("1800.00")


def test_it_deducts_deadweight_then_attribution():
    est = estimates.estimate(
        quantity=D("120"), proxy=D("15.00"), deadweight_pct=D("20"), attribution_pct=D("10")
    )
    # 1800 × 0.8 = 1440; 1440 × 0.9 = 1296
    assert est.gross_cents == D("1800.00")
    assert est.after_deadweight_cents == D("1440.00")
    assert est.value == D("1296.00")


def test_a_100_percent_deadweight_leaves_nothing():
    est = estimates.estimate(
        quantity=D("120"), proxy=D("15"), deadweight_pct=D("100"), attribution_pct=D("0")
    )
    assert est.is_monetised
    assert est.value == D("0.00")


def test_a_100_percent_attribution_leaves_nothing():
    est = estimates.estimate(
        quantity=D("120"), proxy=D("15"), deadweight_pct=D("0"), attribution_pct=D("100")
    )
    assert est.after_deadweight == D("1800")
    assert est.value == D("0.00")


def test_it_rounds_to_cents_only_at_the_end():
    # 3 × 0.33 = 0.99; × 2/3 (33.33% deadweight) = 0.660033; × 0.5 = 0.3300165 → 0.33
    est = estimates.estimate(
        quantity=D("3"), proxy=D("0.33"), deadweight_pct=D("33.33"), attribution_pct=D("50")
    )
    assert est.exact_value == D("0.3300165")
    assert est.value == D("0.33")
    # the total sums the exact values, then rounds once: 3 × 0.3300165 = 0.9900495 → 0.99
    assert estimates.total([est, est, est]) == D("0.99")


def test_a_record_without_a_proxy_is_not_monetised():
    est = estimates.estimate(quantity=D("40"), proxy=None)
    assert not est.is_monetised
    assert est.value is None
    assert est.not_monetised == estimates.NO_PROXY


def test_a_record_without_a_quantity_or_indicator_is_not_monetised():
    assert estimates.estimate(quantity=None, proxy=D("15")).not_monetised == estimates.NO_QUANTITY
    story = estimates.estimate(quantity=None, proxy=None, has_indicator=False)
    assert story.not_monetised == estimates.NO_INDICATOR


def test_the_total_leaves_out_what_is_not_monetised():
    monetised = estimates.estimate(quantity=D("10"), proxy=D("2.50"))
    missing = estimates.estimate(quantity=D("10"), proxy=None)
    assert estimates.total([monetised, missing]) == D("25.00")
    assert estimates.total([]) == D("0.00")


@pytest.mark.parametrize("pct", [D("-1"), D("100.01")])
def test_it_refuses_percentages_outside_0_to_100(pct):
    with pytest.raises(ValueError):
        estimates.estimate(quantity=D("1"), proxy=D("1"), deadweight_pct=pct)
    with pytest.raises(ValueError):
        estimates.estimate(quantity=D("1"), proxy=D("1"), attribution_pct=pct)


def test_it_keeps_full_precision_for_the_largest_amounts_the_model_allows():
    est = estimates.estimate(
        quantity=D("999999999999.99"),
        proxy=D("99999999.99"),
        deadweight_pct=D("0.01"),
        attribution_pct=D("0.01"),
    )
    # 34 significant digits: the default 28-digit context would have rounded this.
    assert est.exact_value == D("99980000990001000099.990099980001")


percent = st.decimals(min_value=0, max_value=100, places=2)
amount = st.decimals(min_value=0, max_value=D("99999999.99"), places=2)


@given(quantity=amount, proxy=amount, deadweight=percent, attribution=percent)
def test_deductions_never_raise_the_value_and_never_go_below_zero(
    quantity, proxy, deadweight, attribution
):
    est = estimates.estimate(
        quantity=quantity, proxy=proxy, deadweight_pct=deadweight, attribution_pct=attribution
    )
    assert D(0) <= est.exact_value <= est.after_deadweight <= est.gross


@pytest.mark.django_db
def test_it_estimates_a_record_with_its_indicators_proxy():
    record = f.ValueRecordFactory(
        indicator=f.indicator("vrijwilligersuren"),  # € 15.00 per hour in the seeded framework
        quantity=D("200"),
        deadweight_pct=D("25"),
        deadweight_reason="Een deel was toch gebeurd.",
        attribution_pct=D("0"),
    )
    record = ValueRecord.objects.select_related("indicator").get(pk=record.pk)
    est = estimates.estimate_record(record)
    assert est.proxy == D("15.00")
    assert est.value == D("2250.00")


@pytest.mark.django_db
def test_a_story_record_is_not_monetised():
    record = f.ValueRecordFactory(
        indicator=None, dimension=f.indicator().dimension, quantity=None, evidence="story"
    )
    assert estimates.estimate_record(record).not_monetised == estimates.NO_INDICATOR
