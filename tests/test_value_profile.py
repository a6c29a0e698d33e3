"""The value profile of an initiative: several values at once, totals per indicator per year,
evidence strength, the support the city gave, and an estimate that always shows its calculation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from partnership.selectors import value as value_page
from publicvalue import selectors
from publicvalue.models import Evidence, ValueDimension
from tests.support import factories as f

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def profile_url(initiative) -> str:
    return reverse("partnership:value_profile", args=[initiative.slug])


def in_year(year: int, **kwargs):
    return f.ValueRecordFactory(
        period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31), **kwargs
    )


@pytest.fixture
def recorded(initiative, member, civil_servant):
    """Hours (with a proxy, deductions and reasons), meals, people reached and a story."""
    last_year = timezone.localdate().year - 1
    hours = in_year(
        last_year,
        initiative=initiative,
        indicator=f.indicator("vrijwilligersuren"),
        quantity=Decimal("120"),
        deadweight_pct=Decimal("20"),
        deadweight_reason="Een deel van de tuin werd al onderhouden.",
        attribution_pct=Decimal("10"),
        attribution_reason="De woningcorporatie leverde gereedschap.",
        recorded_by=member,
        verified_by=civil_servant,
        verified_at=timezone.now(),
        evidence=Evidence.VERIFIED,
    )
    in_year(
        last_year - 1,
        initiative=initiative,
        indicator=f.indicator("vrijwilligersuren"),
        quantity=Decimal("80"),
        recorded_by=member,
    )
    in_year(
        last_year,
        initiative=initiative,
        indicator=f.indicator("vrijwilligersuren"),
        quantity=Decimal("30"),
        recorded_by=member,
    )
    in_year(
        last_year,
        initiative=initiative,
        indicator=f.indicator("bereikte-bewoners"),
        quantity=Decimal("200"),
        recorded_by=member,
    )
    f.ValueRecordFactory(
        initiative=initiative,
        indicator=None,
        dimension=ValueDimension.objects.get(code="onderlinge-steun"),
        quantity=None,
        evidence=Evidence.STORY,
        narrative="Buren koken voor elkaar.",
        recorded_by=member,
    )
    return hours


def test_it_shows_the_dimensions_it_contributes_to(client, initiative, recorded):
    response = client.get(profile_url(initiative), **EN)
    assert response.status_code == 200
    dimensions = {d.code: d.n_records for d in response.context["dimensions"]}
    assert dimensions == {"participatie": 3, "binding": 1, "onderlinge-steun": 1}
    assert "Value recorded in 3 dimensions at once." in response.content.decode()


def test_it_totals_each_indicator_per_year_in_the_database(initiative, recorded):
    last_year = timezone.localdate().year - 1
    totals = {
        (r["year"], r["indicator"]): r["total"]
        for r in selectors.totals_per_indicator_per_year(initiative)
    }
    assert totals == {
        (last_year, "Vrijwilligersuren"): Decimal("150"),
        (last_year - 1, "Vrijwilligersuren"): Decimal("80"),
        (last_year, "Bereikte bewoners"): Decimal("200"),
    }


def test_archived_records_and_other_initiatives_do_not_count(initiative, recorded):
    f.ValueRecordFactory(quantity=Decimal("999"))  # another initiative
    f.ValueRecordFactory(initiative=initiative, quantity=Decimal("999"), archived_at=timezone.now())
    totals = selectors.totals_per_indicator_per_year(initiative)
    assert Decimal("999") not in {r["total"] for r in totals}
    assert sum(r["count"] for r in selectors.evidence_strength(initiative)) == 5


def test_it_counts_records_per_evidence_level(initiative, recorded):
    strength = {r["level"]: r["count"] for r in selectors.evidence_strength(initiative)}
    assert strength == {"story": 1, "counted": 3, "verified": 1, "measured": 0}


def test_it_shows_the_support_the_city_gave(initiative, recorded):
    decided = timezone.localdate() - dt.timedelta(days=5)
    for decision in ("granted", "granted", "conditional", "refused"):
        f.CityRequestFactory(
            initiative=initiative, status="decided", decision=decision, decided_on=decided
        )
    f.CityRequestFactory(initiative=initiative)  # not decided yet
    f.CityRequestFactory(status="decided", decision="granted", decided_on=decided)  # elsewhere
    for status in ("kept", "kept", "open", "broken", "disputed"):
        f.CommitmentFactory(initiative=initiative, status=status)
    f.CommitmentFactory(initiative=initiative, status="kept", archived_at=timezone.now())

    support = value_page.city_support(initiative)
    assert support["requests"] == {
        "total": 5,
        "granted": 2,
        "granted_with_conditions": 1,
        "refused": 1,
        "undecided": 1,
    }
    assert support["commitments"] == {"total": 5, "kept": 2, "open": 1, "broken": 1, "disputed": 1}


def test_the_estimate_always_shows_its_calculation_and_sources(client, initiative, recorded):
    content = client.get(profile_url(initiative), **EN).content.decode()
    # 120 h × € 15 = € 1,800; − 20% = € 1,440; − 10% = € 1,296.
    for part in (
        "120 hours",
        "€ 15.00 per unit, in hours",
        "Vervangingswaarde vrijwilligerswerk (Movisie, indicatief), 2024",
        "€ 1,800.00",
        "− deadweight 20%",
        "Een deel van de tuin werd al onderhouden.",
        "€ 1,440.00",
        "− attribution 10%",
        "De woningcorporatie leverde gereedschap.",
        "€ 1,296.00",
        "An estimate, not a measurement",
    ):
        assert part in content, part


def test_the_total_is_the_sum_of_the_shown_calculations(initiative, recorded):
    profile = value_page.value_profile(initiative, with_people=False)
    # 1296 + 80 × 15 + 30 × 15 (no deductions) = 1296 + 1200 + 450
    assert profile["estimate_total"] == Decimal("2946.00")
    assert len(profile["monetised"]) == 3


def test_records_without_proxy_or_quantity_are_listed_as_not_monetised(
    client, initiative, recorded
):
    response = client.get(profile_url(initiative), **EN)
    reasons = {e.not_monetised for _, e in response.context["not_monetised"]}
    assert reasons == {"no_proxy", "no_indicator"}
    content = response.content.decode()
    assert "Not monetised: the indicator has no proxy value in euro." in content
    assert "Not monetised: a story without an indicator." in content


def test_visitors_and_council_members_see_no_names(
    client, council_client, council_member, initiative, recorded, member, civil_servant
):
    for who in (client, council_client):
        content = who.get(profile_url(initiative), **EN).content.decode()
        assert "Buren koken voor elkaar." in content
        assert escape(member.name) not in content
        # (the council member's own address, in the header, ends in the member's address)
        assert member.email not in content.replace(council_member.email, "")
        assert escape(civil_servant.name) not in content
        assert "Verified by the municipality on" in content


def test_members_and_civil_servants_see_who_recorded_and_verified(
    member_client, civil_servant_client, initiative, recorded, member, civil_servant
):
    for who in (member_client, civil_servant_client):
        content = who.get(profile_url(initiative), **EN).content.decode()
        # The names as HTML writes them (a Dutch name may hold an apostrophe: d'Heripon).
        assert escape(f"Recorded by {member.name}") in content
        assert escape(f"Verified by {civil_servant.name}") in content


@pytest.mark.parametrize("who", ["client", "council_client", "other_initiator_client"])
def test_a_private_initiative_is_not_found_for_outsiders(request, who, initiative, recorded):
    initiative.is_public = False
    initiative.save()
    assert request.getfixturevalue(who).get(profile_url(initiative)).status_code == 404


def test_members_see_the_profile_of_their_private_initiative(member_client, initiative, recorded):
    initiative.is_public = False
    initiative.save()
    response = member_client.get(profile_url(initiative))
    assert response.status_code == 200
    assert response.context["can_record_value"]


def test_an_initiative_without_value_shows_an_empty_profile(client, initiative):
    response = client.get(profile_url(initiative), **EN)
    assert response.status_code == 200
    assert "No value has been recorded yet." in response.content.decode()
    assert response.context["estimate_total"] == Decimal("0.00")


def add_records(initiative, n: int, member, civil_servant) -> None:
    indicators = [f.indicator(code) for code in ("vrijwilligersuren", "maaltijden", "activiteiten")]
    for i in range(n):
        f.ValueRecordFactory(
            initiative=initiative,
            indicator=indicators[i % 3],
            quantity=Decimal(i + 1),
            period_start=dt.date(2020 + i % 5, 1, 1),
            period_end=dt.date(2020 + i % 5, 3, 1),
            recorded_by=member,
            verified_by=civil_servant if i % 2 else None,
            verified_at=timezone.now() if i % 2 else None,
        )


@pytest.mark.parametrize(
    "who, bound",
    [
        # initiative, its current members; records, dimensions, totals, evidence, requests,
        # commitments.
        ("client", 8),
        # + session, user, roles, the header's unread notifications.
        ("member_client", 12),
    ],
)
def test_the_profile_runs_a_bounded_number_of_queries(
    request, who, bound, initiative, member, civil_servant, django_assert_max_num_queries
):
    client = request.getfixturevalue(who)
    add_records(initiative, 3, member, civil_servant)
    f.CommitmentFactory(initiative=initiative)
    with django_assert_max_num_queries(bound):
        assert client.get(profile_url(initiative)).status_code == 200
    add_records(initiative, 15, member, civil_servant)
    with django_assert_max_num_queries(bound):
        response = client.get(profile_url(initiative))
    assert len(response.context["records"]) == 18
