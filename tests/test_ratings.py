"""Rating the city: once a blockage or request is settled, each member may say, once, how the
municipality worked with them (1-5 and a comment)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from initiatives.models import Membership
from partnership.models import Rating
from partnership.selectors.timeline import ratings_by_item
from partnership.services.logging import rating_create
from tests.support import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def settled_blockage(initiative, **extra):
    return f.BlockageFactory(
        initiative=initiative, status="resolved", settled_on=TODAY, resolution="Opgelost.", **extra
    )


def decided_request(initiative):
    return f.CityRequestFactory(
        initiative=initiative, status="decided", decision="granted", decided_on=TODAY
    )


def rate_url(item, name="partnership:rate_blockage"):
    return reverse(name, kwargs={"slug": item.initiative.slug, "pk": item.pk})


def test_a_member_rates_a_settled_blockage(member_client, member, initiative):
    blockage = settled_blockage(initiative)
    response = member_client.post(rate_url(blockage), {"score": "4", "comment": "Snel geholpen."})
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    rating = Rating.objects.get()
    assert (rating.user, rating.blockage, rating.initiative) == (member, blockage, initiative)
    assert (rating.score, rating.comment) == (4, "Snel geholpen.")


def test_a_member_rates_a_decided_request(member_client, member, initiative):
    request = decided_request(initiative)
    response = member_client.post(rate_url(request, "partnership:rate_request"), {"score": "2"})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.request, rating.blockage, rating.score) == (request, None, 2)


def test_a_member_rates_only_once(member_client, initiative):
    blockage = settled_blockage(initiative)
    member_client.post(rate_url(blockage), {"score": "4"})
    response = member_client.post(rate_url(blockage), {"score": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["You have already rated this."]
    assert Rating.objects.get().score == 4


def test_each_member_has_their_own_rating(member_client, client_for, initiative):
    co = f.InitiatorFactory()
    Membership.objects.create(initiative=initiative, user=co, role="co")
    blockage = settled_blockage(initiative)
    member_client.post(rate_url(blockage), {"score": "5"})
    client_for(co).post(rate_url(blockage), {"score": "2"})
    assert sorted(Rating.objects.values_list("score", flat=True)) == [2, 5]


def test_the_database_also_refuses_a_second_rating(member, initiative):
    """The service checks first; the unique constraint holds even when two submits race."""
    blockage = settled_blockage(initiative)
    rating_create(item=blockage, user=member, score=3)
    with pytest.raises(ValidationError):
        rating_create(item=blockage, user=member, score=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(initiative=initiative, blockage=blockage, user=member, score=5)


def test_an_open_blockage_or_undecided_request_cannot_be_rated(member_client, initiative):
    blockage = f.BlockageFactory(initiative=initiative)
    request = f.CityRequestFactory(initiative=initiative)
    assert member_client.post(rate_url(blockage), {"score": "3"}).status_code == 404
    assert (
        member_client.post(
            rate_url(request, "partnership:rate_request"), {"score": "3"}
        ).status_code
        == 404
    )
    assert not Rating.objects.exists()


@pytest.mark.parametrize("score", ["0", "6", "", "vijf", "3.5"])
def test_the_score_is_one_to_five(member_client, initiative, score):
    blockage = settled_blockage(initiative)
    response = member_client.post(rate_url(blockage), {"score": score})
    assert response.status_code == 200
    assert "score" in response.context["form"].errors
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    "who, expected",
    [
        ("client", 302),
        ("member_client", 200),
        ("other_initiator_client", 403),
        ("council_client", 403),
        ("civil_servant_client", 403),
        ("coordinator_client", 403),
    ],
)
def test_only_members_rate(request, initiative, who, expected):
    blockage = settled_blockage(initiative)
    assert request.getfixturevalue(who).get(rate_url(blockage)).status_code == expected


def test_outsiders_of_a_private_initiative_get_a_404(other_initiator_client, member):
    private = f.InitiativeFactory(lead=member, is_public=False)
    blockage = settled_blockage(private)
    assert other_initiator_client.get(rate_url(blockage)).status_code == 404


# The partial on the partner page ----------------------------------------------------------


def render_rating(item, user, initiative, can_speak):
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "partnership/item_rating.html" %}')
    ctx = {
        "item": item,
        "initiative": initiative,
        "user": user,
        "request": request,
        "can_speak": can_speak,
        "my_ratings": ratings_by_item(user, initiative),
    }
    with translation.override("en"):
        return template.render(Context(ctx))


def test_the_partial_offers_the_form_once_then_shows_the_score(member, initiative):
    blockage = settled_blockage(initiative)
    html = render_rating(blockage, member, initiative, can_speak=True)
    assert f'action="{rate_url(blockage)}"' in html
    rating_create(item=blockage, user=member, score=4)
    html = render_rating(blockage, member, initiative, can_speak=True)
    assert "<form" not in html
    assert "4 out of 5" in html


def test_the_partial_shows_nothing_to_the_city_or_on_open_items(civil_servant, member, initiative):
    settled = settled_blockage(initiative)
    assert render_rating(settled, civil_servant, initiative, can_speak=False).strip() == ""
    open_one = f.BlockageFactory(initiative=initiative)
    assert render_rating(open_one, member, initiative, can_speak=True).strip() == ""


@pytest.mark.parametrize("items", [2, 10])
def test_the_partial_costs_one_query_per_page(member, initiative, items, django_assert_num_queries):
    blockages = [settled_blockage(initiative) for _ in range(items)]
    requests = [decided_request(initiative) for _ in range(items)]
    request = RequestFactory().get("/")
    request.user = member
    template = Template(
        '{% for item in items %}{% include "partnership/item_rating.html" %}{% endfor %}'
    )
    with django_assert_num_queries(1):  # the page's selector loads the ratings; the partial shows
        ctx = Context(
            {
                "items": blockages + requests,
                "initiative": initiative,
                "user": member,
                "request": request,
                "can_speak": True,
                "my_ratings": ratings_by_item(member, initiative),
            }
        )
        html = template.render(ctx)
    assert html.count("<form") == 2 * items


def test_the_partner_page_asks_the_member_to_rate_a_settled_blockage(member_client, initiative):
    blockage = settled_blockage(initiative)
    html = member_client.get(initiative.get_absolute_url()).content.decode()
    assert f'action="{rate_url(blockage)}"' in html


def test_the_rating_page_shows_what_is_rated(member_client, initiative):
    request = decided_request(initiative)
    response = member_client.get(
        rate_url(request, "partnership:rate_request"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert request.title in html and "granted" in html
