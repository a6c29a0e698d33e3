"""Numbers and dates in the Dutch form, through Django's localisation: thousand separators and a
decimal comma for money, one date format ("27 november 2026") on the partner page, the request
pages and the register."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.support import factories as f
from tests.support.factories_requests import decided_request

pytestmark = pytest.mark.django_db

NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


def test_a_contract_amount_on_the_partner_page_has_thousand_separators_and_a_decimal_comma(
    member_client, initiative
):
    f.ContractFactory(initiative=initiative, amount=Decimal("1299500.00"))
    html = member_client.get(initiative.get_absolute_url(), **NL).content.decode()
    assert "1.299.500,00" in html
    assert "1299500" not in html


def test_money_on_a_request_page_is_written_the_dutch_way(member_client, initiative):
    item = f.CityRequestFactory(initiative=initiative, amount_requested=Decimal("307800.5"))
    url = reverse("partnership:request_detail", args=[initiative.slug, item.pk])
    html = member_client.get(url, **NL).content.decode()
    assert "307.800,50" in html
    assert "307800" not in html


def test_the_register_writes_the_decision_date_in_words(client, initiative):
    decided_request(initiative=initiative, decided_on=dt.date(2026, 11, 27))
    html = client.get(reverse("partnership:request_register"), **NL).content.decode()
    assert "27 november 2026" in html
    assert ">2026-11-27<" not in html
