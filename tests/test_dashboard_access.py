"""Who may read the dashboards, how a coordinator opens one to visitors, what the pages never
show (personal data, private initiatives), and that bad filters or a cache never mislead."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import resolve

from partnership.dashboards import cache
from partnership.dashboards.models import DashboardSetting
from partnership.dashboards.registry import BY_SLUG
from tests.support import factories as f
from tests.support.factories_dashboards import (
    BOARDS,
    SECRET_PEOPLE,
    build_city,
    by_label,
    get,
    tables,
)

pytestmark = pytest.mark.django_db

PAGES = ["/dashboard/", *(f"/dashboard/{slug}/" for slug in BOARDS)]
EXPORT = "/dashboard/beweging/?figure=by_area&format=csv"


@pytest.fixture
def city(db):
    return build_city()


@pytest.mark.parametrize("path", [*PAGES, EXPORT, "/dashboard/instellingen/"])
def test_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", [*PAGES, EXPORT, "/dashboard/instellingen/"])
def test_initiators_may_not_read_the_dashboards(member_client, path):
    assert member_client.get(path).status_code == 403


@pytest.mark.parametrize("reader", ["council_client", "civil_servant_client", "coordinator_client"])
@pytest.mark.parametrize("path", [*PAGES, EXPORT])
def test_council_members_civil_servants_and_coordinators_read_them(request, reader, path):
    assert request.getfixturevalue(reader).get(path).status_code == 200


@pytest.mark.parametrize("reader", ["council_client", "civil_servant_client"])
def test_only_coordinators_choose_public_dashboards(request, reader):
    client = request.getfixturevalue(reader)
    assert client.get("/dashboard/instellingen/").status_code == 403
    assert client.post("/dashboard/instellingen/", {"public": ["beweging"]}).status_code == 403
    assert not DashboardSetting.objects.filter(is_public=True).exists()


def test_a_coordinator_opens_a_dashboard_to_visitors_and_closes_it_again(
    coordinator_client, coordinator, client, member_client
):
    response = coordinator_client.post("/dashboard/instellingen/", {"public": ["beweging"]})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/instellingen/"
    assert [str(m) for m in get_messages(response.wsgi_request)]
    setting = DashboardSetting.objects.get(slug="beweging")
    assert setting.is_public and setting.changed_by == coordinator

    assert client.get("/dashboard/beweging/").status_code == 200
    assert client.get(EXPORT).status_code == 200
    assert member_client.get("/dashboard/beweging/").status_code == 200
    assert client.get("/dashboard/knelpunten/").status_code == 302
    assert member_client.get("/dashboard/knelpunten/").status_code == 403
    index = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/dashboard/beweging/"' in index
    assert 'href="/dashboard/knelpunten/"' not in index
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Public dashboards" in home and 'href="/dashboard/beweging/"' in home
    assert 'href="/dashboard/knelpunten/"' not in home

    coordinator_client.post("/dashboard/instellingen/", {})
    assert 'href="/dashboard/beweging/"' not in client.get("/").content.decode()
    assert not DashboardSetting.objects.get(slug="beweging").is_public
    assert client.get("/dashboard/beweging/").status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_the_index_and_settings_pages_need_few_queries(
    coordinator_client, city, django_assert_max_num_queries
):
    # session, user, roles and the public dashboards, whatever the data.
    with django_assert_max_num_queries(5):
        assert coordinator_client.get("/dashboard/").status_code == 200
    with django_assert_max_num_queries(5):
        assert coordinator_client.get("/dashboard/instellingen/").status_code == 200


def test_the_settings_page_shows_what_is_public(coordinator_client):
    DashboardSetting.objects.create(slug="toezeggingen", is_public=True)
    html = coordinator_client.get(
        "/dashboard/instellingen/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert re.search(r'value="toezeggingen"[^>]*checked', html)
    assert not re.search(r'value="beweging"[^>]*checked', html)
    assert "novalidate" in html


def test_an_unknown_dashboard_cannot_be_made_public(coordinator_client):
    response = coordinator_client.post("/dashboard/instellingen/", {"public": ["geheim"]})
    assert response.status_code == 200
    assert response.context["form"].errors["public"]
    assert not DashboardSetting.objects.exists()


@pytest.mark.parametrize("slug", BOARDS)
def test_council_members_never_see_personal_data(council_client, city, slug):
    html = get(council_client, slug).content.decode()
    for name, email, phone in SECRET_PEOPLE:
        assert name not in html and email not in html and phone not in html
    assert "Stille Tuin" not in html  # a private initiative is counted, never named


def test_drill_down_links_lead_to_public_initiative_pages_only(council_client, city):
    main = get(council_client, "knelpunten").content.decode().split("<main", 1)[1]
    links = set(re.findall(r'href="(/initiatieven/[^"]+)"', main))
    assert links == {"/initiatieven/groene-daken-charlois/", "/initiatieven/zorgcafe-west/"}


@pytest.mark.parametrize("slug", BOARDS)
def test_every_figure_has_an_accessible_chart_a_table_an_explanation_and_downloads(
    council_client, city, slug
):
    html = get(council_client, slug).content.decode()
    for figure in BY_SLUG[slug].figures:
        section = html.split(f'id="figure-{figure.key}"', 1)[1].split("</section>", 1)[0]
        assert re.search(r'<svg class="chart"[^>]*role="img"[^>]*aria-labelledby=', section), (
            figure.key
        )
        assert "<title id=" in section and "<desc id=" in section
        assert f'<table class="data" id="table-{figure.key}">' in section
        assert "<caption>" in section and 'scope="col"' in section and 'scope="row"' in section
        assert '<p class="how">' in section
        assert f"figure={figure.key}&amp;format=csv" in section
        assert f"figure={figure.key}&amp;format=xlsx" in section
    assert "css/dashboards.css" in html
    assert 'style="' not in html and "<script" not in html  # the CSP forbids both


def test_the_dashboard_stylesheet_prints(client):
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/dashboards.css"), encoding="utf-8").read()
    assert "@media print" in css
    assert ".downloads" in css.split("@media print", 1)[1]


# Issue 18: filters leaving fewer than 5 initiatives hide the figures from council members;
# coordinators see them exactly.
def test_download_links_keep_the_filters(coordinator_client, city):
    html = get(coordinator_client, "beweging", "area=charlois").content.decode()
    assert "?area=charlois&amp;figure=by_area&amp;format=csv" in html


def test_bad_filters_show_errors_and_are_left_out(council_client, city):
    response = get(
        council_client, "beweging", "since=gisteren&area=atlantis&domain=space&theme=none"
    )
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert set(errors) == {"since", "area", "domain", "theme"}
    assert by_label(tables(response)["by_area"])["Total"] == ["Total", "5"]
    assert "no filters: all initiatives" in response.content.decode()


# Issue 18: filters leaving fewer than 5 initiatives hide the figures from council members;
# coordinators see them exactly.
def test_a_period_that_ends_before_it_starts_is_refused(coordinator_client, city):
    response = get(
        coordinator_client, "beweging", "since=2024-12-31&until=2024-01-01&area=charlois"
    )
    assert response.status_code == 200
    assert "until" in response.context["filter"].form.errors
    assert by_label(tables(response)["by_area"])["Total"] == ["Total", "3"]  # area still applies


def test_the_filters_are_described_for_the_printed_page(council_client, city):
    html = get(
        council_client, "beweging", "since=2024-01-01&area=charlois&domain=physical"
    ).content.decode()
    assert "period 1 January 2024 – …, area Charlois, domain physical" in html


def test_pages_answer_in_dutch_by_default(council_client, city):
    html = council_client.get("/dashboard/beweging/").content.decode()
    assert '<html lang="nl">' in html


class TestWithTheCacheOn:
    """Caching is optional; when on, a write still shows on the next page load."""

    @pytest.fixture(autouse=True)
    def _cache_on(self, monkeypatch):
        from django.core.cache import cache as django_cache

        django_cache.clear()
        monkeypatch.setenv("DASHBOARD_CACHE_SECONDS", "300")
        yield
        django_cache.clear()

    def test_a_second_load_is_served_from_the_cache(
        self, council_client, city, django_assert_max_num_queries
    ):
        get(council_client, "beweging")
        # session, user, roles, the two form options, on PostgreSQL the snapshot; no figure.
        with django_assert_max_num_queries(6):
            assert get(council_client, "beweging").status_code == 200

    def test_a_write_shows_on_the_next_page_load(self, council_client, city):
        assert by_label(tables(get(council_client, "beweging"))["by_area"])["Total"] == [
            "Total",
            "5",
        ]
        f.InitiativeFactory(slug="nieuw-initiatief")
        assert by_label(tables(get(council_client, "beweging"))["by_area"])["Total"] == [
            "Total",
            "6",
        ]

    def test_a_changed_theme_shows_on_the_next_page_load(self, coordinator_client, city):
        get(coordinator_client, "beweging")
        city.b1.themes.clear()
        rows = by_label(tables(get(coordinator_client, "beweging"))["by_theme"])
        assert rows["Care and wellbeing"] == ["Care and wellbeing", "1"]

    def test_a_deletion_shows_on_the_next_page_load(self, coordinator_client, city):
        get(coordinator_client, "beweging")
        city.b2.delete()
        assert by_label(tables(get(coordinator_client, "beweging"))["by_area"])["Total"] == [
            "Total",
            "4",
        ]

    def test_the_generation_rises_with_every_write(self, city):
        resolve("/dashboard/")  # the receivers are connected when the dashboard URLs load
        before = cache.generation()
        f.InitiativeFactory(slug="nog-een")
        assert cache.generation() > before
