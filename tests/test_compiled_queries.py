"""Queries compiled once per process (partnership/selectors/compiled.py) give what Django's own
querysets give, run with each request's values: the partner page and the work list read their
records this way, so a Django upgrade that changes the compiler shows here first."""

import datetime as dt
import itertools

import pytest
from django.db.models import Count, F, Prefetch

from initiatives.accounts.compiled import (
    CompiledQuery,
    compiled,
    compiled_query,
    id_stand_ins,
    instances,
    padded,
    with_values,
)
from initiatives.models import Initiative
from partnership.models import Blockage, BlockageHandoff, Contact
from partnership.selectors.worklist import with_window_total
from tests.support import factories as f

pytestmark = pytest.mark.django_db

ANY_INITIATIVE = -9_100_001  # a key no row has: where the request's initiative goes
ANY_DAY = dt.date(1001, 1, 1)
_keys = itertools.count()


def _contacts(initiative_id, since):
    return (
        Contact.objects.filter(initiative_id=initiative_id, date__gte=since)
        .select_related("department", "initiative__area")
        .annotate(
            referrals=Count("initiative__contacts"),
            day=F("date"),
        )
        .order_by("-date", "pk")
    )


def _seen(contacts) -> list[tuple]:
    return [
        (
            c.pk,
            c.date,
            c.day,
            c.summary,
            c.department.name,
            c.initiative.title,
            c.initiative.area.name if c.initiative.area else None,
            c.referrals,
        )
        for c in contacts
    ]


def test_instances_are_the_querysets_own_for_each_requests_values(django_assert_num_queries):
    first, second = f.InitiativeFactory(), f.InitiativeFactory()
    today = dt.date(2026, 11, 30)
    for days in (3, 40, 400):
        f.ContactFactory(initiative=first, date=today - dt.timedelta(days=days))
    f.ContactFactory(initiative=second, date=today - dt.timedelta(days=5))
    key = ("contacts", next(_keys))
    built = []

    def build():
        built.append(1)
        return _contacts(ANY_INITIATIVE, ANY_DAY)

    since = today - dt.timedelta(days=100)
    for initiative in (first, second, first):
        values = {ANY_INITIATIVE: initiative.pk, ANY_DAY: since}
        with django_assert_num_queries(1):  # the related rows come with it, as select_related
            found = instances(key, build, values)
            seen = _seen(found)
        assert seen == _seen(_contacts(initiative.pk, since))
        assert all(type(c.date) is dt.date for c in found)  # SQLite's text made a date
    assert len(instances(key, build, {ANY_INITIATIVE: first.pk, ANY_DAY: today})) == 0
    assert len(built) == 1  # built and compiled once, then run with other values


def test_prefetches_run_on_the_instances_as_the_queryset_would():
    initiative = f.InitiativeFactory()
    blockage = f.BlockageFactory(initiative=initiative)
    f.BlockageHandoffFactory(blockage=blockage)
    f.BlockageHandoffFactory(blockage=blockage)
    f.BlockageFactory(initiative=initiative)

    def build():
        handoffs = BlockageHandoff.objects.select_related("to_department").order_by("pk")
        return (
            Blockage.objects.filter(initiative_id=ANY_INITIATIVE)
            .prefetch_related(Prefetch("handoffs", queryset=handoffs, to_attr="shown"))
            .order_by("pk")
        )

    found = instances(("blockages", next(_keys)), build, {ANY_INITIATIVE: initiative.pk})
    assert [[h.to_department.name for h in b.shown] for b in found] == [
        ["Stadsbeheer", "Stadsbeheer"],
        [],
    ]


def test_a_page_and_its_total_in_one_query(django_assert_num_queries):
    initiatives = [f.InitiativeFactory() for _ in range(5)]
    query = CompiledQuery(
        with_window_total(Initiative.objects.filter(pk__in=[i.pk for i in initiatives])).order_by(
            "pk"
        )
    )
    with django_assert_num_queries(1):
        page, total = query.page({}, offset=2, limit=2)
    assert [i.pk for i in page] == [i.pk for i in initiatives[2:4]]
    assert total == 5
    assert query.page({}, offset=10, limit=2) == ([], 0)


def test_a_kept_query_is_found_again_by_its_key():
    key = ("kept", next(_keys))
    calls = []

    def build():
        calls.append(1)
        return Initiative.objects.filter(pk=ANY_INITIATIVE)

    assert compiled_query(key, build) is compiled_query(key, build)
    sql, params = compiled(key, lambda: ("SELECT %s", [ANY_INITIATIVE]))
    assert compiled(key, lambda: ("SELECT 1", [])) == (sql, (ANY_INITIATIVE,))
    assert len(calls) == 1


def test_only_the_stand_ins_are_replaced():
    day = dt.date(2026, 1, 1)
    params = (ANY_INITIATIVE, 7, "open", ANY_DAY, str(ANY_DAY), True, None, 1.5)
    values = {ANY_INITIATIVE: 12, ANY_DAY: day}
    assert with_values(params, values) == [12, 7, "open", day, "2026-01-01", True, None, 1.5]


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([4], [4]),
        ([4, 9, 2], [4, 9, 2, 2]),
        (list(range(9)), [*range(9), *[8] * 7]),
        (list(range(130)), list(range(130))),
    ],
)
def test_id_lists_are_padded_to_few_lengths_with_the_last_id(ids, expected):
    assert padded(ids) == expected


def test_each_id_of_a_list_gets_its_own_stand_in_the_same_for_the_same_length():
    ids = padded([31, 7, 12])
    assert id_stand_ins(ids, ANY_INITIATIVE) == {
        ANY_INITIATIVE: 31,
        ANY_INITIATIVE - 1: 7,
        ANY_INITIATIVE - 2: 12,
        ANY_INITIATIVE - 3: 12,
    }
    assert list(id_stand_ins(padded([5, 6, 8]), ANY_INITIATIVE)) == list(
        id_stand_ins(ids, ANY_INITIATIVE)
    )
