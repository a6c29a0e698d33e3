"""The public register of decided requests: what it shows, hides, filters and exports."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Area
from partnership.models import CityRequest, RefusalGround, RequestKind
from partnership.views.register import csv_safe
from tests.support import factories as f
from tests.support.factories_requests import EN, decided_request, ground

pytestmark = pytest.mark.django_db

URL = reverse("partnership:request_register")
Decision = CityRequest.Decision


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_anyone_may_read_the_register(client, council_client, member_client):
    decided_request()
    for reader in (client, council_client, member_client):
        assert reader.get(URL).status_code == 200


def test_it_lists_decided_requests_of_public_initiatives_only(client, member):
    public = f.InitiativeFactory(title="Openbare moestuin")
    private = f.InitiativeFactory(title="Besloten moestuin", is_public=False)
    archived = f.InitiativeFactory(title="Gearchiveerde tuin", archived_at=timezone.now())
    decided_request(initiative=public)
    decided_request(initiative=private)
    decided_request(initiative=archived)
    f.CityRequestFactory(initiative=public, title="Nog in behandeling")
    html = client.get(URL, **EN).content.decode()
    assert "Openbare moestuin" in html
    assert "Besloten moestuin" not in html
    assert "Gearchiveerde tuin" not in html
    assert "1 decided request" in html


def test_it_shows_no_personal_data(client, member, civil_servant):
    initiative = f.InitiativeFactory(lead=member)
    decided_request(initiative=initiative, reasons="Besproken met mevrouw Jansen, 06-12345678.")
    html = client.get(URL, **EN).content.decode()
    for personal in (member.email, member.name, civil_servant.email, civil_servant.name):
        assert personal not in html
    assert "mevrouw Jansen" not in html
    csv_text = "\n".join(",".join(r) for r in rows_of(client.get(URL, {"format": "csv"})))
    assert member.email not in csv_text and "mevrouw Jansen" not in csv_text


def test_it_shows_the_grounds_and_how_late_a_decision_came(client):
    decided_request(
        decision=Decision.REFUSED,
        grounds=[ground("niet-beschikbaar"), ground("bestemmingsplan")],
        days_late=12,
    )
    decided_request(decision=Decision.GRANTED)
    html = client.get(URL, **EN).content.decode()
    assert "The building or land is not available" in html
    assert "Conflicts with the zoning plan" in html
    assert "12 days late" in html
    assert "on time" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"decision": "refused"}, {"refused-late", "subsidy-late"}),
        ({"decision": "granted"}, {"granted-noord"}),
        ({"timeliness": "late"}, {"refused-late", "subsidy-late"}),
        ({"timeliness": "on_time"}, {"granted-noord"}),
        ({"kind": "subsidie"}, {"subsidy-late"}),
        ({"ground": "budget"}, {"subsidy-late"}),
        ({"area": "noord"}, {"granted-noord"}),
        ({"year": "2023"}, {"subsidy-late"}),
    ],
)
def test_it_filters(client, params, expected):
    noord = Area.objects.get(slug="noord")
    decided_request(
        initiative=f.InitiativeFactory(title="refused-late"),
        decision=Decision.REFUSED,
        grounds=[ground("niet-beschikbaar")],
        days_late=3,
    )
    decided_request(
        initiative=f.InitiativeFactory(title="granted-noord", area=noord, neighbourhood=None),
    )
    decided_request(
        initiative=f.InitiativeFactory(title="subsidy-late"),
        kind_code="subsidie",
        decision=Decision.REFUSED,
        grounds=[ground("budget")],
        submitted_on=dt.date(2023, 1, 2),
        days_late=1,
    )
    lookups = {
        "kind": lambda v: RequestKind.objects.get(code=v).pk,
        "ground": lambda v: RefusalGround.objects.get(code=v).pk,
        "area": lambda v: Area.objects.get(slug=v).pk,
    }
    query = {k: lookups.get(k, lambda v: v)(v) for k, v in params.items()}
    response = client.get(URL, query)
    titles = {r.initiative.title for r in response.context["page"]}
    assert titles == expected


@pytest.mark.parametrize(
    "query",
    [
        {"year": "99999999999"},
        {"year": "abc"},
        {"kind": "xyz"},
        {"area": "-1"},
        {"ground": "1e9"},
        {"decision": "maybe"},
        {"timeliness": "<script>"},
        {"page": "9999"},
        {"page": "abc"},
    ],
)
def test_nonsense_in_the_query_string_never_breaks_the_page(client, query):
    decided_request()
    response = client.get(URL, query)
    assert response.status_code == 200
    assert len(response.context["page"]) == 1
    assert client.get(URL, {**query, "format": "csv"}).status_code == 200


def test_the_csv_holds_the_filtered_list_with_a_header(client):
    decided_request(decision=Decision.REFUSED, grounds=[ground("niet-beschikbaar")], days_late=4)
    decided_request(decision=Decision.GRANTED)
    response = client.get(URL, {"format": "csv", "decision": "refused"}, **EN)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header[0] == "decided on"
    assert len(rows) == 1
    assert rows[0][4] == "refused"
    assert rows[0][5] == "The building or land is not available"
    assert rows[0][7:9] == ["late", "4"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31 10 1234", "'+31 10 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("'quoted", "''quoted"),
        ("Moestuin = fijn", "Moestuin = fijn"),
        ("2025-01-31", "2025-01-31"),
        (12, "12"),
        (None, ""),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert csv_safe(value) == expected


def test_a_formula_in_an_initiative_title_is_neutralised_in_the_download(client):
    decided_request(initiative=f.InitiativeFactory(title="=cmd|' /C calc'!A0"))
    _, row = rows_of(client.get(URL, {"format": "csv"}))
    assert row[3] == "'=cmd|' /C calc'!A0"


def test_the_register_is_paginated(client):
    initiative = f.InitiativeFactory()
    for _ in range(55):
        decided_request(initiative=initiative)
    first = client.get(URL)
    assert len(first.context["page"]) == 50
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"]) == 5
    assert len(rows_of(client.get(URL, {"format": "csv"}))) == 56


def _fill(n):
    areas = list(Area.objects.all()[:3])
    for i in range(n):
        decided_request(
            initiative=f.InitiativeFactory(area=areas[i % 3], neighbourhood=None),
            decision=Decision.REFUSED,
            grounds=[ground("niet-beschikbaar"), ground("bestemmingsplan")],
            days_late=i % 4,
        )


def test_the_register_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    # count, page of rows (kind, initiative, area joined), grounds and objections of the page,
    # and the filter form's choices: kinds, areas, grounds.
    _fill(3)
    with django_assert_max_num_queries(7):
        assert client.get(URL, {"decision": "refused"}).status_code == 200
    _fill(15)
    with django_assert_max_num_queries(7):
        response = client.get(URL, {"decision": "refused"})
    assert len(response.context["page"]) == 18


def test_filtering_on_everything_still_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    # The seven above, plus one to check each chosen kind, area and ground.
    _fill(3)
    query = {
        "kind": RequestKind.objects.get(code="grond").pk,
        "area": Area.objects.order_by("name").first().pk,
        "ground": ground("bestemmingsplan").pk,
        "decision": "refused",
        "timeliness": "late",
        "year": str(CityRequest.objects.latest("decided_on").decided_on.year),
    }
    with django_assert_max_num_queries(10):
        client.get(URL, query)
    _fill(15)
    with django_assert_max_num_queries(10):
        response = client.get(URL, query)
    assert response.context["page"].paginator.count > 0


def test_the_download_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    _fill(3)
    with django_assert_max_num_queries(3):  # rows, their grounds, their objections
        assert len(rows_of(client.get(URL, {"format": "csv"}))) == 4
    _fill(15)
    with django_assert_max_num_queries(3):
        assert len(rows_of(client.get(URL, {"format": "csv"}))) == 19
