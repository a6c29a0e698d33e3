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
