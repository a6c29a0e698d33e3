"""The value framework: coordinators edit it in the app; what value records use keeps its meaning
(retire, never delete; no change of unit, dimension or group)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from publicvalue import services
from publicvalue.models import Indicator, ValueDimension
from tests.support import factories as f

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FRAMEWORK = "/publieke-waarde/kader/"


def make_dimension(**kwargs) -> ValueDimension:
    defaults = {"code": "cultuur", "group": "social", "name": "Cultuur", "name_en": "Culture"}
    return ValueDimension.objects.create(**{**defaults, **kwargs})


def make_indicator(dimension, **kwargs) -> Indicator:
    defaults = {"code": "voorstellingen", "name": "Voorstellingen", "unit": "events"}
    return Indicator.objects.create(dimension=dimension, **{**defaults, **kwargs})


def indicator_post(indicator: Indicator, **changes) -> dict:
    data = {
        "dimension": indicator.dimension_id,
        "name": indicator.name,
        "name_en": indicator.name_en,
        "code": indicator.code,
        "unit": indicator.unit,
        "proxy_value_eur": indicator.proxy_value_eur or "",
        "proxy_source": indicator.proxy_source,
        "proxy_year": indicator.proxy_year or "",
    }
    return {**data, **changes}


# Who may ----------------------------------------------------------------------------------------


def test_the_url_name_is_the_framework_path():
    assert reverse("publicvalue:value_framework") == FRAMEWORK


def test_a_coordinator_sees_the_seeded_framework(coordinator_client):
    response = coordinator_client.get(FRAMEWORK, **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Value framework" in content
    for name in (
        "Housing",
        "Public space",
        "Mutual support",
        "Volunteer hours",
        "Greenery managed",
    ):
        assert name in content
    assert ValueDimension.objects.count() == 9
    assert Indicator.objects.count() == 11
    # in the seeded order: physical, safety, social
    codes = [d.code for d in response.context["dimensions"]]
    assert codes[:2] == ["wonen", "openbare-ruimte"] and codes[-1] == "binding"


@pytest.mark.parametrize("who", ["member_client", "civil_servant_client", "council_client"])
def test_others_get_403_on_the_framework(request, who):
    client = request.getfixturevalue(who)
    dimension = ValueDimension.objects.first()
    indicator = Indicator.objects.first()
    assert client.get(FRAMEWORK).status_code == 403
    assert client.get(reverse("publicvalue:value_indicator_create")).status_code == 403
    assert (
        client.post(reverse("publicvalue:value_dimension_delete", args=[dimension.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("publicvalue:value_indicator_retire", args=[indicator.pk])).status_code
        == 403
    )
    assert Indicator.objects.get(pk=indicator.pk).retired_at is None


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(FRAMEWORK)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_framework_page_runs_a_bounded_number_of_queries(
    coordinator_client, django_assert_max_num_queries
):
    # session, user, roles, dimensions, indicators (prefetched with their counts) + slack
    def extra(n):
        for i in range(n):
            dim = make_dimension(code=f"extra-{n}-{i}", name=f"Extra {n} {i}")
            make_indicator(dim, code=f"extra-ind-{n}-{i}", name=f"Ind {i}")
            f.ValueRecordFactory(indicator=Indicator.objects.get(code=f"extra-ind-{n}-{i}"))

    extra(3)
    with django_assert_max_num_queries(8):
        assert coordinator_client.get(FRAMEWORK).status_code == 200
    extra(15)
    with django_assert_max_num_queries(8):
        assert coordinator_client.get(FRAMEWORK).status_code == 200


# Adding and editing -----------------------------------------------------------------------------


def test_a_coordinator_adds_a_dimension_and_an_indicator(coordinator_client):
    response = coordinator_client.post(
        reverse("publicvalue:value_dimension_create"),
        {
            "name": "Cultuur",
            "name_en": "Culture",
            "code": "cultuur",
            "group": "social",
            "broad_prosperity_theme": "Welzijn",
            "sdg": "11",
            "order": "10",
        },
    )
    assert response.status_code == 302
    dimension = ValueDimension.objects.get(code="cultuur")
    response = coordinator_client.post(
        reverse("publicvalue:value_indicator_create"),
        {
            "dimension": dimension.pk,
            "name": "Voorstellingen",
            "code": "voorstellingen",
            "unit": "events",
            "proxy_value_eur": "250",
            "proxy_source": "Gemiddelde kosten van een buurtvoorstelling",
            "proxy_year": "2025",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="voorstellingen")
    assert indicator.dimension == dimension
    assert indicator.proxy_value_eur == Decimal("250")


def test_a_proxy_value_needs_its_source_and_year(coordinator_client):
    dimension = ValueDimension.objects.get(code="milieu")
    response = coordinator_client.post(
        reverse("publicvalue:value_indicator_create"),
        {
            "dimension": dimension.pk,
            "name": "Bomen",
            "code": "bomen",
            "unit": "items",
            "proxy_value_eur": "100",
        },
        **EN,
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["proxy_source"] == ["A proxy value needs its source."]
    assert form.errors["proxy_year"] == ["A proxy value needs the year it applies to."]
    assert not Indicator.objects.filter(code="bomen").exists()


def test_an_unused_indicator_may_change_its_unit_and_dimension(coordinator_client):
    indicator = make_indicator(make_dimension())
    other = ValueDimension.objects.get(code="binding")
    response = coordinator_client.post(
        reverse("publicvalue:value_indicator_edit", args=[indicator.pk]),
        indicator_post(indicator, unit="people", dimension=other.pk),
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.unit, indicator.dimension) == ("people", other)


def test_an_indicator_in_use_keeps_its_unit_and_dimension_but_may_be_renamed(
    coordinator_client, initiative
):
    indicator = f.indicator("vrijwilligersuren")
    f.ValueRecordFactory(initiative=initiative, indicator=indicator)
    other = ValueDimension.objects.get(code="binding")
    response = coordinator_client.post(
        reverse("publicvalue:value_indicator_edit", args=[indicator.pk]),
        indicator_post(
            indicator,
            name="Uren vrijwilligerswerk",
            unit="kg",
            dimension=other.pk,
            code="iets-anders",
            proxy_value_eur="16.00",
            proxy_year="2025",
        ),
        **EN,
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Uren vrijwilligerswerk"
    assert indicator.proxy_value_eur == Decimal("16.00")
    assert indicator.unit == "hours"
    assert indicator.dimension.code == "participatie"
    assert indicator.code == "vrijwilligersuren"


def test_the_edit_form_says_why_the_unit_is_locked(coordinator_client, initiative):
    indicator = f.indicator("vrijwilligersuren")
    f.ValueRecordFactory(initiative=initiative, indicator=indicator)
    response = coordinator_client.get(
        reverse("publicvalue:value_indicator_edit", args=[indicator.pk]), **EN
    )
    form = response.context["form"]
    assert form.fields["unit"].disabled and form.fields["dimension"].disabled
    assert "its unit and dimension cannot change" in response.content.decode()


def test_the_service_refuses_a_change_in_meaning_of_an_indicator_in_use(initiative):
    indicator = f.indicator("groen-beheerd")
    f.ValueRecordFactory(initiative=initiative, indicator=indicator, quantity=Decimal("30"))
    with pytest.raises(ValidationError) as error:
        services.indicator_update(indicator=indicator, data={"unit": "kg"})
    assert "unit" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.indicator_update(
            indicator=indicator, data={"dimension": ValueDimension.objects.get(code="milieu")}
        )
    indicator.refresh_from_db()
    assert indicator.unit == "m2"


def test_a_dimension_in_use_keeps_its_group(initiative):
    dimension = ValueDimension.objects.get(code="binding")
    f.ValueRecordFactory(
        initiative=initiative, indicator=f.indicator("activiteiten"), quantity=Decimal("4")
    )
    with pytest.raises(ValidationError):
        services.dimension_update(dimension=dimension, data={"group": "physical"})
    services.dimension_update(dimension=dimension, data={"name_en": "Belonging"})
    dimension.refresh_from_db()
    assert (dimension.group, dimension.name_en) == ("social", "Belonging")


# Retire, never delete ---------------------------------------------------------------------------


def test_an_indicator_in_use_cannot_be_deleted_only_retired(coordinator_client, initiative):
    indicator = f.indicator("maaltijden")
    f.ValueRecordFactory(initiative=initiative, indicator=indicator, quantity=Decimal("50"))
    response = coordinator_client.post(
        reverse("publicvalue:value_indicator_delete", args=[indicator.pk]), follow=True, **EN
    )
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert "retire it instead of deleting it" in response.content.decode()

    coordinator_client.post(
        reverse("publicvalue:value_indicator_retire", args=[indicator.pk]), {"retire": "1"}
    )
    indicator.refresh_from_db()
    assert indicator.retired_at is not None


def test_a_retired_indicator_can_be_brought_back(coordinator_client):
    indicator = f.indicator("maaltijden")
    services.indicator_set_retired(indicator=indicator, retired=True)
    coordinator_client.post(
        reverse("publicvalue:value_indicator_retire", args=[indicator.pk]), {"retire": "0"}
    )
    indicator.refresh_from_db()
    assert indicator.retired_at is None


def test_an_unused_indicator_may_be_deleted(coordinator_client):
    indicator = make_indicator(make_dimension())
    response = coordinator_client.post(
        reverse("publicvalue:value_indicator_delete", args=[indicator.pk])
    )
    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_a_dimension_in_use_cannot_be_deleted(coordinator_client, initiative):
    dimension = ValueDimension.objects.get(code="participatie")
    f.ValueRecordFactory(initiative=initiative)  # volunteer hours, in "participatie"
    coordinator_client.post(reverse("publicvalue:value_dimension_delete", args=[dimension.pk]))
    assert ValueDimension.objects.filter(pk=dimension.pk).exists()
    with pytest.raises(ValidationError):
        services.dimension_delete(dimension=dimension)


def test_an_unused_dimension_is_deleted_with_its_unused_indicators(coordinator_client):
    dimension = make_dimension()
    make_indicator(dimension)
    response = coordinator_client.post(
        reverse("publicvalue:value_dimension_delete", args=[dimension.pk])
    )
    assert response.status_code == 302
    assert not ValueDimension.objects.filter(pk=dimension.pk).exists()
    assert not Indicator.objects.filter(code="voorstellingen").exists()


def test_the_page_offers_delete_only_for_what_is_unused(coordinator_client, initiative):
    used = f.indicator("vrijwilligersuren")
    f.ValueRecordFactory(initiative=initiative, indicator=used)
    unused = f.indicator("buurtrondes")
    content = coordinator_client.get(FRAMEWORK).content.decode()
    assert reverse("publicvalue:value_indicator_delete", args=[unused.pk]) in content
    assert reverse("publicvalue:value_indicator_delete", args=[used.pk]) not in content
    assert reverse("publicvalue:value_indicator_retire", args=[used.pk]) in content


def test_retired_indicators_are_not_offered_for_new_records_but_stay_on_old_ones(
    coordinator_client, member_client, initiative
):
    indicator = f.indicator("maaltijden")
    record = f.ValueRecordFactory(
        initiative=initiative, indicator=indicator, quantity=Decimal("80")
    )
    coordinator_client.post(
        reverse("publicvalue:value_indicator_retire", args=[indicator.pk]), {"retire": "1"}
    )

    form = member_client.get(
        reverse("publicvalue:value_record_create", args=[initiative.slug])
    ).context["form"]
    assert indicator not in form.fields["indicator"].queryset
    assert f.indicator("bereikte-bewoners") in form.fields["indicator"].queryset

    profile = member_client.get(reverse("partnership:value_profile", args=[initiative.slug]), **EN)
    assert "Meals served" in profile.content.decode()
    record.refresh_from_db()
    assert record.indicator == indicator


def test_indicators_of_a_retired_dimension_are_not_offered(
    coordinator_client, member_client, initiative
):
    dimension = ValueDimension.objects.get(code="veiligheid")
    coordinator_client.post(
        reverse("publicvalue:value_dimension_retire", args=[dimension.pk]), {"retire": "1"}
    )
    form = member_client.get(
        reverse("publicvalue:value_record_create", args=[initiative.slug])
    ).context["form"]
    assert dimension not in form.fields["dimension"].queryset
    assert f.indicator("buurtrondes") not in form.fields["indicator"].queryset
