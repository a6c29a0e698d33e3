"""THE percentile, for the dashboards and the demo tools (bench, load test)."""

from __future__ import annotations

import math


def percentile(values, fraction: float, *, nearest_rank: bool = False) -> float | None:
    """The ``fraction`` (0..1) percentile of ``values`` (any order); None when there are none.

    By default linear interpolation between the closest ranks, the same as PostgreSQL's
    ``PERCENTILE_CONT`` (the dashboards compute it in SQL there and here elsewhere). With
    ``nearest_rank``: the smallest value with at least ``fraction`` of the values at or below it
    (a value that was measured; what the bench and the load test report)."""
    ordered = sorted(values)
    if not ordered:
        return None
    if nearest_rank:
        rank = math.ceil(round(fraction * len(ordered), 9))
        return ordered[min(len(ordered), max(1, rank)) - 1]
    pos = fraction * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def percentile_of_counts(pairs, fraction: float) -> float | None:
    """``percentile`` of the values that (value, how often) ``pairs`` describe, without writing
    each one out: the same linear interpolation between the closest ranks."""
    ordered = sorted((value, n) for value, n in pairs if n > 0)
    total = sum(n for _value, n in ordered)
    if not total:
        return None
    pos = fraction * (total - 1)
    low = int(pos)

    def at(rank: int):
        seen = 0
        for value, n in ordered:
            seen += n
            if rank < seen:
                return value
        return ordered[-1][0]

    low_value, high_value = at(low), at(min(low + 1, total - 1))
    return low_value + (high_value - low_value) * (pos - low)
