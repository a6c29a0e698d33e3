"""``manage.py bench``: which scales it runs, and that its workers (DEBUG off, as in production)
find the hashed static files their pages name."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from partnership.demo.management.commands import bench


class Stop(Exception):
    pass


@pytest.fixture
def seen(monkeypatch):
    """Stop the bench where it would create databases; record what it was about to run."""
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_probe")
    seen = {}

    def run_scales(self, url, base, scales, output, static_root, options):
        manifest = Path(static_root, "staticfiles.json")
        seen.update(base=base, scales=scales, manifest=json.loads(manifest.read_text()))
        raise Stop

    monkeypatch.setattr(bench.Command, "_run_scales", run_scales)
    return seen


def test_scale_runs_the_national_view_alone_with_collected_static_files(seen, tmp_path):
    with pytest.raises(Stop):
        call_command("bench", scale=100_000, output=str(tmp_path / "bench.json"))
    assert seen["scales"] == [100_000]
    assert seen["base"] == "bench_probe"
    hashed = seen["manifest"]["paths"]["css/app.css"]
    assert hashed.startswith("css/app.") and hashed != "css/app.css"


def test_the_default_run_stays_at_ten_thousand_and_one_thousand(seen, tmp_path):
    with pytest.raises(Stop):
        call_command("bench", output=str(tmp_path / "bench.json"))
    assert seen["scales"] == [10_000, 1_000]


@pytest.mark.django_db
def test_the_dashboards_are_measured_after_each_kind_of_write_too(monkeypatch):
    """The third pass commits a contact before each timed request, then a blockage, then a
    commitment, then a value record; each dashboard's row says what it cost after the write
    that costs it most."""
    from io import StringIO

    from partnership.models import Blockage, Commitment, Contact
    from publicvalue.models import ValueRecord

    call_command("seed_demo", "--initiatives", "30", stdout=StringIO())
    monkeypatch.delenv("DASHBOARD_CACHE_SECONDS", raising=False)
    models = (Contact, Blockage, Commitment, ValueRecord)
    before = [m.objects.count() for m in models]
    command = bench.Command(stdout=StringIO())
    pages = command._measure(runs=3, warmup=1)
    dashboards = [name for name in pages if name.startswith("dashboard")]
    assert len(dashboards) == 18  # six dashboards, three filters each
    for name in dashboards:
        written, served = pages[name]["after_write"]["queries"], pages[name]["queries"]
        if name.startswith("dashboard beweging"):  # reads none of the written tables: warm
            assert written == served, name
        elif name == "dashboard knelpunten":  # reads all three: its figures recomputed
            assert written > served, name
    # 18 pages × 3 runs after each kind of write: 54 of each kind.
    after = [m.objects.count() for m in models]
    assert [a - b for a, b in zip(after, before, strict=True)] == [54, 54, 54, 54]
    # The figure after a write is the kind that changes the page: the blockages' page is
    # recomputed after a blockage, the movement's after none (its figure is any kind's).
    blockages = pages["dashboard knelpunten"]
    assert set(blockages["after_write_by_kind"]) == set(bench.WRITES)
    slowest = max(blockages["after_write_by_kind"].values(), key=lambda r: r["median_ms"])
    assert blockages["after_write"]["median_ms"] == slowest["median_ms"]
    assert blockages["after_write_by_kind"]["blockage"]["queries"] > blockages["queries"]
    value = pages["dashboard publieke-waarde"]
    assert value["after_write_by_kind"]["value record"]["queries"] > value["queries"]
    assert "after_write" not in pages["work list (civil servant)"]
