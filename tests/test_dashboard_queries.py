"""Every dashboard answers in a bounded number of queries, with and without every filter, and
the number does not change when the city grows by twelve initiatives with one of every record
(``grow`` in tests/support/factories_dashboards.py): no figure queries per row."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.factories_dashboards import FILTERS, build_city, get, grow

pytestmark = pytest.mark.django_db

# Each bound is what the dashboard needs: session, user, roles; the data version its cached
# figures are filed under (issue 20; on a warm page the only other query); area and theme options
# of the filter form (+1 each to look up a chosen area or theme); on PostgreSQL the read-only
# snapshot; the header's unread notifications; and then per dashboard:
MAX_QUERIES = {
    # the areas; the initiatives grouped per area, domain, status and quarter (shared by six
    # figures); the themes; the intake term and the initiatives' registration and first
    # assignment moments (time to a point of contact).
    "beweging": 15,
    # commitments per department and quarter (shared by both figures); the initiatives they rest
    # on, per department and per quarter (one query, the small-cell basis).
    "toezeggingen": 12,
    # the blockages cube (heat table, frameworks, hand-offs); days to settle; departments per
    # initiative and no coordinator (1, shared); ratings; the initiatives the blockages rest on.
    "knelpunten": 15,
    # one query per figure (7), two for the use of collective goods (initiatives, requests),
    # two for the pledges against what was recorded (pledges, records); the initiatives the
    # requests per kind rest on.
    "collectieve-goederen": 21,
    # the dimensions, the indicators, the records cube, the records pairs (shared by all
    # figures), the stuck initiatives per area; the initiatives the records rest on (per
    # indicator, area × dimension and dimension × evidence: one query).
    "publieke-waarde": 16,
}


@pytest.fixture
def city(db):
    return build_city()


# As a coordinator: a filter that leaves fewer than 5 initiatives hides the figures from council
# members (issue 18), and the bound must hold for the page that computes every figure.
@pytest.mark.parametrize("slug", MAX_QUERIES)
def test_the_number_of_queries_does_not_grow_with_the_data(
    slug, coordinator_client, city, django_assert_max_num_queries
):
    counts = []
    for extra in (0, 12):
        grow(extra)
        for query in ("", "&".join(FILTERS.values())):
            # Every figure computed: a write leaves the figures that do not read its table
            # cached (the filter's options here), which would make the counts differ.
            cache.clear()
            with (
                django_assert_max_num_queries(MAX_QUERIES[slug]),
                CaptureQueriesContext(connection) as ctx,
            ):
                assert get(coordinator_client, slug, query).status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:]
