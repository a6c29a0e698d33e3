"""The decision clock: pure date arithmetic, across month ends and leap years."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnership import clock

D = dt.date


def test_the_deadline_is_submission_plus_the_term():
    assert clock.deadline(D(2025, 3, 3), 56) == D(2025, 4, 28)


def test_a_term_crosses_the_end_of_a_month():
    assert clock.deadline(D(2025, 1, 31), 1) == D(2025, 2, 1)
    assert clock.deadline(D(2025, 4, 30), 31) == D(2025, 5, 31)


def test_a_term_crosses_the_end_of_a_year():
    assert clock.deadline(D(2025, 12, 15), 56) == D(2026, 2, 9)


def test_a_term_lands_on_29_february_in_a_leap_year():
    assert clock.deadline(D(2024, 2, 1), 28) == D(2024, 2, 29)


def test_the_same_term_lands_on_1_march_in_a_common_year():
    assert clock.deadline(D(2023, 2, 1), 28) == D(2023, 3, 1)


def test_a_term_through_february_is_one_day_shorter_in_calendar_terms_in_a_leap_year():
    assert clock.deadline(D(2024, 1, 31), 56) == D(2024, 3, 27)
    assert clock.deadline(D(2023, 1, 31), 56) == D(2023, 3, 28)


def test_suspensions_and_extensions_add_their_days():
    assert clock.deadline(D(2025, 1, 1), 56, [14, 28]) == D(2025, 1, 1) + dt.timedelta(98)


def test_a_suspension_moves_a_deadline_across_february_in_a_leap_year():
    assert clock.adjusted(D(2024, 2, 20), 10) == D(2024, 3, 1)
    assert clock.adjusted(D(2023, 2, 20), 10) == D(2023, 3, 2)


def test_an_adjustment_needs_at_least_one_day():
    with pytest.raises(ValueError):
        clock.adjusted(D(2025, 1, 1), 0)


def test_negative_terms_and_adjustments_are_refused():
    with pytest.raises(ValueError):
        clock.deadline(D(2025, 1, 1), -1)
    with pytest.raises(ValueError):
        clock.deadline(D(2025, 1, 1), 10, [5, -3])


def test_a_decision_on_the_deadline_is_on_time():
    assert clock.days_late(D(2025, 3, 31), D(2025, 3, 31), today=D(2025, 6, 1)) == 0


def test_a_decision_before_the_deadline_is_not_late_whatever_today_is():
    assert clock.days_late(D(2025, 3, 31), D(2025, 3, 1), today=D(2026, 1, 1)) == 0


def test_lateness_of_a_decided_request_counts_to_the_decision_not_to_today():
    assert clock.days_late(D(2025, 1, 31), D(2025, 2, 3), today=D(2025, 12, 1)) == 3


def test_lateness_of_an_open_request_counts_up_to_today():
    assert clock.days_late(D(2025, 1, 31), None, today=D(2025, 2, 3)) == 3
    assert clock.days_late(D(2025, 1, 31), None, today=D(2025, 1, 20)) == 0


def test_lateness_across_29_february():
    assert clock.days_late(D(2024, 2, 28), D(2024, 3, 1), today=D(2024, 3, 1)) == 2
    assert clock.days_late(D(2023, 2, 28), D(2023, 3, 1), today=D(2023, 3, 1)) == 1


def test_lateness_across_a_month_end_and_a_year_end():
    assert clock.days_late(D(2024, 12, 30), None, today=D(2025, 1, 2)) == 3
    assert clock.days_late(D(2025, 4, 29), D(2025, 5, 2), today=D(2025, 6, 1)) == 3


def test_days_left_counts_down_to_zero_on_the_day_and_below_after():
    assert clock.days_left(D(2024, 3, 1), today=D(2024, 2, 28)) == 2
    assert clock.days_left(D(2024, 3, 1), today=D(2024, 3, 1)) == 0
    assert clock.days_left(D(2024, 3, 1), today=D(2024, 3, 3)) == -2


def test_a_deadline_is_nearing_within_the_window_only():
    today = D(2025, 1, 28)
    assert clock.is_nearing(D(2025, 2, 4), today, within_days=7)
    assert not clock.is_nearing(D(2025, 2, 5), today, within_days=7)
    assert not clock.is_nearing(D(2025, 1, 27), today, within_days=7)


def test_is_late_agrees_with_days_late():
    assert clock.is_late(D(2025, 1, 1), D(2025, 1, 2), today=D(2025, 1, 2))
    assert not clock.is_late(D(2025, 1, 1), D(2025, 1, 1), today=D(2025, 1, 9))


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))


@given(dates, st.integers(0, 730), st.lists(st.integers(1, 365), max_size=5))
def test_a_deadline_is_always_exactly_the_counted_days_after_submission(start, term, adjustments):
    due = clock.deadline(start, term, adjustments)
    assert (due - start).days == term + sum(adjustments)


@given(dates, st.integers(1, 365))
def test_adjusting_a_deadline_equals_recomputing_it(start, days):
    assert clock.adjusted(clock.deadline(start, 56), days) == clock.deadline(start, 56, [days])


@given(dates, st.integers(-400, 400))
def test_a_decision_n_days_after_the_deadline_is_n_days_late(due, offset):
    decided = due + dt.timedelta(days=offset)
    assert clock.days_late(due, decided, today=D(2200, 1, 1)) == max(0, offset)
