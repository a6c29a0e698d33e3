"""The load test's own parts, without a server: the Locust users fill forms as a careful user
would and never leave 127.0.0.1, the plan gives them accounts that can log in and pages they may
write on, and the database check notices a write that was acknowledged but not stored.

The Locust module itself is only run in a subprocess: importing Locust patches this interpreter
with gevent."""

import datetime as dt
import io
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from partnership.demo.loadtest import pages, writes
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


def test_it_picks_the_pages_own_form_and_fills_it_with_the_writes_marker():
    forms, errors = pages.parse(FORM)
    form = pages.main_form(forms, "/initiatieven/x/contact/nieuw/")
    marker = pages.marker("abc", 1)

    data = pages.fill(
        form, marker=marker, overrides={"category": "other"}, today=dt.date(2026, 3, 10)
    )

    assert marker == "LTabc-000001"
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
    with pytest.raises(pages.LoopbackOnly):
        pages.local_path(url)


def test_local_redirects_stay_paths():
    assert pages.local_path("/initiatieven/?page=2") == "/initiatieven/?page=2"
    assert pages.local_path("http://127.0.0.1:8123/a/") == "/a/"


@pytest.mark.parametrize(
    "host",
    ["http://example.org:8000", "https://127.0.0.1:8000", "http://10.0.0.1:80", "http://localhost"],
)
def test_only_plain_http_on_127_0_0_1_is_a_target(host):
    with pytest.raises(pages.LoopbackOnly):
        pages.check_host(host)
    assert pages.check_host("http://127.0.0.1:8123/") == "http://127.0.0.1:8123"


def test_the_locust_process_refuses_another_host_before_any_request(tmp_path):
    plan = {"host": "http://192.0.2.1:8000", "accounts": {}, "seconds": 1, "health_seconds": 1}
    (tmp_path / "plan.json").write_text(json.dumps(plan))

    done = subprocess.run(
        [sys.executable, "-m", "partnership.demo.loadtest.locustfile", "plan.json", "out.json"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(settings.BASE_DIR), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode != 0
    assert "refusing to load-test 'http://192.0.2.1:8000'" in done.stderr
    assert not (tmp_path / "out.json").exists()


@pytest.mark.django_db
def test_the_check_finds_stored_writes_and_so_exposes_a_lost_one(initiative, member):
    since = writes.baseline()
    contact = f.ContactFactory(initiative=initiative)
    Reply.objects.create(
        initiative=initiative, contact=contact, body="Load test LTfeed01-000001", author=member
    )
    f.BlockageFactory(initiative=initiative, description="x LTfeed01-000002 y")
    f.BlockageFactory(initiative=initiative, description="another run LTbeef02-000003")
    acknowledged = {
        "LTfeed01-000001": "partnership:contact_answer",
        "LTfeed01-000002": "partnership:blockage_raise",
        "LTfeed01-000009": "partnership:commitment_new",
    }

    assert writes.lost(acknowledged, "feed01", since) == {
        "LTfeed01-000009": "partnership:commitment_new"
    }


@pytest.mark.django_db
def test_a_row_from_before_the_run_does_not_count_as_this_runs_write(initiative):
    f.BlockageFactory(initiative=initiative, description="LTfeed01-000001")
    since = writes.baseline()

    assert writes.lost({"LTfeed01-000001": "x"}, "feed01", since) == {"LTfeed01-000001": "x"}


@pytest.mark.django_db
def test_the_plans_accounts_log_in_and_initiators_write_on_their_own_initiative(initiative):
    contact = f.ContactFactory(initiative=initiative)

    plan = loadtest.Command()._plan(5, {"think": 0, "workers": 2})

    assert {role: len(a) for role, a in plan["accounts"].items()} == {
        "initiator": 2,
        "civil_servant": 2,
        "council_member": 1,
    }
    initiator = plan["accounts"]["initiator"][0]
    assert initiator["page"] == "/initiatieven/moestuin-tarwewijk/"
    writes_by_name = dict(initiator["writes"])
    assert writes_by_name["partnership:contact_answer"] == [
        f"/initiatieven/moestuin-tarwewijk/contact/{contact.pk}/reageren/"
    ]
    client = Client()
    assert client.login(email=initiator["email"], password=plan["password"])
    assert client.get(initiator["page"]).status_code == 200
    for paths in writes_by_name.values():
        assert client.get(paths[0]).status_code == 200
    civil = plan["accounts"]["civil_servant"][0]
    assert client.login(email=civil["email"], password=plan["password"])
    for name, paths in plan["civil_servant_writes"]:
        assert client.get(paths[0]).status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ["--users", "0"],
        ["--users", "1000"],
        ["--seconds", "0"],
        ["--seconds", "3600"],
        ["--health-seconds", "3600"],
        ["--servers", "0"],
        ["--servers", "5"],
    ],
)
def test_it_is_bounded_in_users_and_time(args):
    with pytest.raises(CommandError, match="must be"):
        call_command("loadtest", *args, "--allow-sqlite")


def test_several_servers_never_run_on_a_cache_of_their_own():
    with pytest.raises(CommandError, match="must share a cache"):
        call_command("loadtest", "--servers", "2", "--cache", "local", "--allow-sqlite")


def test_without_redis_each_worker_keeps_its_own_cache():
    command = loadtest.Command(stdout=io.StringIO())
    assert not command._redis_answers("redis://127.0.0.1:1/15")  # nothing listens there
    assert "--cache local" in command.stdout.getvalue()
