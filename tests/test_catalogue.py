"""The public catalogue at /initiatieven/: filters, search, sorting, pagination, public fields."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from initiatives.models import Area, CityAsk, Domain, InitiativePartner, Status, Theme
from tests.support.factories import InitiativeFactory, PartnerOrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/initiatieven/"


def main_of(response) -> str:
    """The page's own content, without the header (which shows the logged-in user's e-mail)."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def titles(response) -> list[str]:
    return [i.title for i in response.context["page"].object_list]


def test_it_lists_public_initiatives_for_a_visitor(client, initiative):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Moestuin Tarwewijk" in response.content.decode()


@pytest.mark.parametrize(
    "who",
    [
        "client",
        "member_client",
        "other_initiator_client",
        "civil_servant_client",
        "council_client",
        "coordinator_client",
    ],
)
def test_it_never_lists_private_or_archived_initiatives_for_anyone(request, who, member):
    InitiativeFactory(title="Openbaar Buurthuis", lead=member)
    InitiativeFactory(title="Geheim Plan", is_public=False, lead=member)
    InitiativeFactory(title="Oud Archief", archived_at=timezone.now(), lead=member)
    response = request.getfixturevalue(who).get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Openbaar Buurthuis"]
    body = response.content.decode()
    assert "Geheim Plan" not in body and "Oud Archief" not in body


def test_it_shows_no_personal_data_of_initiators(client, council_client, member, initiative):
    for c in (client, council_client):
        body = main_of(c.get(URL))
        assert member.email not in body
        assert escape(member.name) not in body
        assert member.phone not in body


def test_it_says_how_many_initiatives_match(client):
    InitiativeFactory.create_batch(3)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert "3 initiatives match" in response.content.decode()


def test_it_says_how_many_match_in_dutch(client):
    InitiativeFactory.create_batch(2)
    response = client.get(URL)
    assert "2 initiatieven voldoen" in response.content.decode()


def test_it_filters_by_area_and_neighbourhood(client):
    charlois = Area.objects.get(slug="charlois")
    noord = Area.objects.get(slug="noord")
    first, second = charlois.neighbourhoods.all()[:2]
    InitiativeFactory(title="In Charlois A", area=charlois, neighbourhood=first)
    InitiativeFactory(title="In Charlois B", area=charlois, neighbourhood=second)
    InitiativeFactory(title="In Noord", area=noord, neighbourhood=noord.neighbourhoods.first())
    in_charlois = sorted(titles(client.get(URL, {"area": "charlois"})))
    assert in_charlois == ["In Charlois A", "In Charlois B"]
    assert titles(client.get(URL, {"neighbourhood": first.slug})) == ["In Charlois A"]


def test_it_filters_by_theme_domain_and_status(client):
    green = Theme.objects.get(slug="groen-en-klimaat")
    InitiativeFactory(title="Groen", themes=[green], domain=Domain.PHYSICAL, status=Status.IDEA)
    InitiativeFactory(title="Zorg", domain=Domain.SOCIAL, status=Status.ACTIVE)
    assert titles(client.get(URL, {"theme": "groen-en-klimaat"})) == ["Groen"]
    assert titles(client.get(URL, {"domain": "physical"})) == ["Groen"]
    assert titles(client.get(URL, {"status": "active"})) == ["Zorg"]


def test_it_filters_by_what_the_initiative_asks_of_the_city(client):
    asking = InitiativeFactory(title="Vraagt grond")
    asking.asks.add(CityAsk.objects.get(code="land"))
    InitiativeFactory(title="Vraagt niets")
    assert titles(client.get(URL, {"ask": "land"})) == ["Vraagt grond"]


def test_it_filters_by_partner_organisation_without_duplicates(client):
    corporation = PartnerOrganisationFactory(name="Woonstad Rotterdam")
    partnered = InitiativeFactory(title="Met Woonstad")
    for cooperation in ("funding", "accommodation"):
        InitiativePartner.objects.create(
            initiative=partnered, organisation=corporation, cooperation=cooperation
        )
    InitiativeFactory(title="Zonder partner")
    response = client.get(URL, {"partner": corporation.pk})
    assert titles(response) == ["Met Woonstad"]
    assert response.context["page"].paginator.count == 1


def test_it_searches_title_and_summary(client):
    InitiativeFactory(title="Voedselbank Zuid", summary="Pakketten voor gezinnen.")
    InitiativeFactory(title="Buurtmoestuin", summary="Samen groente kweken in de wijk.")
    InitiativeFactory(title="Schaakclub", summary="Elke dinsdag schaken.")
    assert titles(client.get(URL, {"q": "voedsel"})) == ["Voedselbank Zuid"]
    assert titles(client.get(URL, {"q": "GROENTE"})) == ["Buurtmoestuin"]


def test_it_sorts_newest_first_by_default_and_by_title_or_area(client):
    now = timezone.now()
    InitiativeFactory(
        title="Bravo", area=Area.objects.get(slug="noord"), created_at=now - dt.timedelta(days=2)
    )
    InitiativeFactory(
        title="Alfa", area=Area.objects.get(slug="charlois"), created_at=now - dt.timedelta(days=1)
    )
    InitiativeFactory(title="Charlie", area=Area.objects.get(slug="delfshaven"), created_at=now)
    assert titles(client.get(URL)) == ["Charlie", "Alfa", "Bravo"]
    assert titles(client.get(URL, {"sort": "title"})) == ["Alfa", "Bravo", "Charlie"]
    assert titles(client.get(URL, {"sort": "area"})) == ["Alfa", "Charlie", "Bravo"]


def test_pagination_keeps_the_filters(client):
    InitiativeFactory.create_batch(25, domain=Domain.PHYSICAL)
    InitiativeFactory.create_batch(2, domain=Domain.SOCIAL)
    first = client.get(URL, {"domain": "physical", "sort": "title"})
    assert len(titles(first)) == 20
    body = first.content.decode()
    assert "?domain=physical&amp;sort=title&amp;page=2" in body
    second = client.get(URL, {"domain": "physical", "sort": "title", "page": 2})
    assert len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    assert 'aria-current="page"' in second.content.decode()


def test_the_same_query_string_gives_the_same_page(client):
    InitiativeFactory.create_batch(30)
    params = {"sort": "area", "page": 2}
    assert titles(client.get(URL, params)) == titles(client.get(URL, params))


@pytest.mark.parametrize(
    "params",
    [
        {"area": "atlantis"},
        {"neighbourhood": "<script>"},
        {"theme": "999"},
        {"ask": "'; drop table"},
        {"partner": "abc"},
        {"partner": "99999999999999999999999"},
        {"domain": "space"},
        {"status": "[]"},
        {"sort": "-pk"},
        {"page": "-1"},
        {"page": "x"},
        {"page": "100000"},
        {"q": "x" * 5000},
        {"q": "\x00"},
    ],
)
def test_invalid_filter_values_never_break_the_page(client, initiative, params):
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "<script>" not in main_of(response)


def test_an_unknown_area_is_reported_and_ignored(client, initiative):
    response = client.get(URL, {"area": "atlantis"}, HTTP_ACCEPT_LANGUAGE="en")
    assert titles(response) == ["Moestuin Tarwewijk"]
    assert "Select a valid choice" in response.content.decode()


def _catalogue_queries(client, django_assert_max_num_queries, n: int) -> None:
    green = Theme.objects.get(slug="groen-en-klimaat")
    care = Theme.objects.get(slug="zorg-en-welzijn")
    InitiativeFactory.create_batch(n, themes=[green, care])
    # Form choices: area, neighbourhood, theme, ask, partner (5); count, page, themes (3).
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"domain": "social", "q": "buurt", "sort": "area"})
    assert response.status_code == 200
    assert len(titles(response)) == min(n, 20)


def test_the_query_count_does_not_grow_with_few_initiatives(client, django_assert_max_num_queries):
    _catalogue_queries(client, django_assert_max_num_queries, 3)


def test_the_query_count_does_not_grow_with_many_initiatives(client, django_assert_max_num_queries):
    _catalogue_queries(client, django_assert_max_num_queries, 30)


def test_the_form_shows_the_chosen_filters(client, initiative):
    body = client.get(URL, {"area": "charlois", "sort": "title", "q": "tuin"}).content.decode()
    assert '<option value="charlois" selected>' in body
    assert '<option value="title" selected>' in body
    assert 'value="tuin"' in body


def test_a_filter_error_is_tied_to_its_field(client, initiative):
    body = client.get(URL, {"domain": "space"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="id_domain_error"' in body
    assert 'aria-describedby="id_domain_error"' in body
