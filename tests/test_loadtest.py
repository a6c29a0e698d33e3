"""The load test's own parts, without starting a server: it only talks to 127.0.0.1, fills forms
as a user would, and notices a write that was acknowledged but not stored."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from partnership.demo.management.commands import loadtest
from partnership.models import Reply
from tests.support import factories as f

FORM = """
<form class="lang-switch" action="/i18n/setlang/" method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="t0"><button name="language">en</button>
</form>
<form method="post" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="t1">
  <select name="department" required><option value="" selected>---</option>
    <option value="7">Stadsbeheer</option><option value="9">Stadsontwikkeling</option></select>
  <select name="referred_to"><option value="">Not referred</option>
    <option value="3">X</option></select>
  <select name="severity" required><option value="low">low</option>
    <option value="high" selected>high</option></select>
  <input type="radio" name="kind" value="a"><input type="radio" name="kind" value="b" checked>
  <input type="checkbox" name="notify">
  <input type="date" name="due_on" required><input type="date" name="date" value="2026-01-02">
  <input type="date" name="period_start"><input type="date" name="period_end">
  <input type="number" name="deadweight_pct" value="0"><input type="url" name="link">
  <input type="text" name="title" required><input type="text" name="optional_note">
  <textarea name="summary" required>old</textarea>
  <ul class="errorlist" id="id_summary_error"><li>This field is required.</li></ul>
  <button type="submit">Save</button>
</form>
<form action="/accounts/logout/" method="post"><button>Log out</button></form>
"""


def test_it_picks_the_pages_own_form_and_fills_it_like_a_careful_user():
    forms, errors = loadtest.parse_forms(FORM)
    form = loadtest.main_form(forms, "/initiatieven/x/contact/nieuw/")
    today = dt.date(2026, 3, 10)

    data = loadtest.fill(form, marker="LTabc-000001", overrides={"category": "other"}, today=today)

    assert errors == ["summary: This field is required."]
    assert data == {
        "csrfmiddlewaretoken": ["t1"],
        "department": ["7"],
        "referred_to": [""],
        "severity": ["high"],
        "kind": ["b"],
        "due_on": ["2026-03-24"],
        "date": ["2026-01-02"],
        "period_start": ["2026-01-09"],
        "period_end": ["2026-03-09"],
        "deadweight_pct": ["0"],
        "link": [""],
        "title": ["Load test LTabc-000001"],
        "optional_note": [""],
        "summary": ["Load test LTabc-000001"],
        "category": ["other"],
    }


@pytest.mark.parametrize(
    "url", ["http://example.org/", "https://10.0.0.1/x", "//192.168.1.1/", "http://localhost.evil/"]
)
def test_it_never_follows_a_redirect_off_the_loopback_address(url):
    with pytest.raises(loadtest.LoopbackOnly):
        loadtest.Browser.local_path(url)


def test_local_redirects_stay_paths():
    assert loadtest.Browser.local_path("/initiatieven/?page=2") == "/initiatieven/?page=2"
    assert loadtest.Browser.local_path("http://127.0.0.1:8123/a/") == "/a/"


def test_the_95th_percentile_is_a_measured_value():
    values = [i / 100 for i in range(1, 101)]
    assert loadtest._percentile(values, 95) == 0.95
    assert loadtest._percentile([0.2], 95) == 0.2
    assert loadtest._percentile([], 95) == 0.0


@pytest.mark.django_db
def test_the_check_finds_stored_writes_and_so_exposes_lost_ones(initiative, member):
    command = loadtest.Command()
    baseline = command._baseline()
    contact = f.ContactFactory(initiative=initiative)
    Reply.objects.create(
        initiative=initiative, contact=contact, body="Load test LTfeed01-000001", author=member
    )
    f.BlockageFactory(initiative=initiative, description="x LTfeed01-000002 y")
    f.BlockageFactory(initiative=initiative, description="another run LTbeef02-000003")

    found = command._written_markers("feed01", baseline)

    assert found == {"LTfeed01-000001", "LTfeed01-000002"}
    assert {"LTfeed01-000001", "LTfeed01-000009"} - found == {"LTfeed01-000009"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args", [["--users", "0"], ["--users", "1000"], ["--seconds", "0"], ["--seconds", "3600"]]
)
def test_it_is_bounded_in_users_and_time(args):
    with pytest.raises(CommandError):
        call_command("loadtest", *args, "--allow-sqlite")
