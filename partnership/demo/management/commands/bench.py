"""``python manage.py bench`` (``make bench``): the pages at city scale, measured.

For each scale (10,000 initiatives, the city, and a tenth of it; ``--scale 100000`` runs the
national view alone, ``--scales 100000,10000,1000`` all three side by side) the command
(re)creates a PostgreSQL database next to the one ``DATABASE_URL`` names, migrates it, seeds it with
``seed_demo``, analyses it, and then requests each council dashboard (without a filter, with a
period and with every filter at once), the catalogue, the partner page of the initiative with the
most records and the work list, each a number of times after a warm-up, with Django's test client
logged in as the demo users. Per page and scale it reports the median and 95th-percentile server
time, the number of queries, the time spent in SQL (through ``connection.execute_wrapper``) and
the ratio of total to SQL time; it prints a table and writes the same numbers to
``bench-output/bench.json``.

Each scale runs in its own process (``--worker``) so that settings, the database connection and
caches start clean; that process runs with ``DEBUG`` off. Every page is measured twice in the same
run: "today" with the dashboards' cache off (every figure computed from the database, as every
page after a write did before the figures were cached per table) and "now" as served (the cache
on: Redis when ``REDIS_URL`` is set, else the process's memory; warm after the warm-up, since
nothing is written meanwhile). Dashboards are then measured "after a write", once per kind of
write: before each timed request a contact (then a blockage, then a commitment) is logged and
committed, so the page recomputes the figures that read what it changed and serves the rest from
the cache. A dashboard's figure after a write is that of the kind that costs it most (the write
that changes its figures), so a page that only some writes touch is not averaged with cached
loads; the JSON keeps every kind.
A page that does not exist yet (404) or fails is reported as such and the bench goes on.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from partnership.stats import percentile

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/partner_bench"
SCALES = (10_000, 1_000)
DASHBOARD_TARGET_MS = 300
DASHBOARD_SERVED_TARGET_MS = 50  # at city scale, as served (issue 20)
RATIO_TARGET = 1.5
# Each dashboard is measured right after each kind of write; the slowest kind is its figure.
WRITES = ("contact", "blockage", "commitment", "value record")


class SqlTimer:
    """Counts queries and the seconds spent executing them (an ``execute_wrapper``)."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


class Command(BaseCommand):
    help = (
        "Benchmark the dashboards, catalogue, partner page and work list at city scale "
        "(10,000 initiatives) and at a tenth of it, on PostgreSQL (DATABASE_URL). "
        "Recreates the databases <name>_10000 and <name>_1000 and seeds them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scales",
            default=",".join(map(str, SCALES)),
            help="Comma-separated numbers of initiatives (default 10000,1000).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            metavar="N",
            help="Run this one scale instead, e.g. --scale 100000 (the national view; seeding "
            "it takes minutes). `make bench SCALE=100000` passes it on.",
        )
        parser.add_argument("--runs", type=int, default=20, help="Timed requests per page.")
        parser.add_argument("--warmup", type=int, default=2, help="Untimed requests first.")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Reuse a benchmark database that is already seeded at its scale.",
        )
        parser.add_argument("--output", default="bench-output/bench.json")
        # Internal: one scale in a fresh process.
        parser.add_argument("--worker", action="store_true", help="(internal)")
        parser.add_argument("--worker-scale", type=int, help="(internal)")
        parser.add_argument("--result", help="(internal)")

    # --- the parent: databases, processes, the table ------------------------------------------

    def handle(self, *args, **options):
        if options["worker"]:
            return self._worker(options)
        url = os.environ.get("DATABASE_URL", "").strip()
        if not url:
            url = DEFAULT_URL
            self.stdout.write(f"DATABASE_URL is not set; using {DEFAULT_URL}.")
        if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
            raise CommandError("The bench needs PostgreSQL: set DATABASE_URL=postgres://...")
        base = urlsplit(url).path.lstrip("/") or "partner_bench"
        scales = [int(s) for s in options["scales"].split(",") if s.strip()]
        if options["scale"]:
            scales = [options["scale"]]
        if not scales or min(scales) < 1:
            raise CommandError("Scales are numbers of initiatives, at least 1.")
        output = Path(options["output"])
        if not output.is_absolute():
            output = Path(settings.BASE_DIR) / output
        output.parent.mkdir(parents=True, exist_ok=True)

        static_root = tempfile.TemporaryDirectory(prefix="bench-static-")
        try:
            self._collectstatic(static_root.name)
            results = self._run_scales(url, base, scales, output, static_root.name, options)
        finally:
            static_root.cleanup()
        report = self._report(results, options)
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        self._print(report)
        self.stdout.write(f"\nWritten to {output}")

    @staticmethod
    def _production_env(**extra) -> dict:
        return dict(
            os.environ,
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50),
            DJANGO_SECURE_SSL_REDIRECT="0",
            **extra,
        )

    def _collectstatic(self, static_root: str) -> None:
        """The workers run with DEBUG off, as production does: their pages name the hashed
        static files, so ``collectstatic`` writes the manifest first (into a temporary dir)."""
        done = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "collectstatic"]
            + ["--noinput", "--verbosity", "0"],
            env=self._production_env(DJANGO_STATIC_ROOT=static_root),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise CommandError(f"collectstatic failed: {done.stderr[-2000:]}")

    def _run_scales(self, url, base, scales, output, static_root, options) -> dict:
        results = {}
        for scale in scales:
            name = f"{base}_{scale}"
            created = self._prepare_database(url, name, keep=options["keep"])
            self.stdout.write(
                f"\n== {scale:,} initiatives in database {name}"
                f" ({'recreated' if created else 'kept'}) =="
            )
            result_file = output.parent / f".bench-{scale}.json"
            env = self._production_env(
                DATABASE_URL=_with_db(url, name),
                # The measured civil servants are logged in without a second factor.
                MFA_REQUIRED_FOR_STAFF="false",
                DJANGO_STATIC_ROOT=static_root,
            )
            command = [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "bench",
                "--worker",
                f"--worker-scale={scale}",
                f"--runs={options['runs']}",
                f"--warmup={options['warmup']}",
                f"--result={result_file}",
            ]
            if options["keep"] and not created:
                command.append("--keep")
            completed = subprocess.run(command, env=env, check=False)
            if completed.returncode != 0 or not result_file.exists():
                raise CommandError(f"The bench at {scale:,} initiatives failed.")
            results[str(scale)] = json.loads(result_file.read_text())
            result_file.unlink()
        return results

    def _prepare_database(self, url: str, name: str, *, keep: bool) -> bool:
        """Drop and create ``name`` (or keep it when asked and it exists); True if created."""
        import psycopg
        from psycopg import sql

        parts = urlsplit(url)
        admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
        with psycopg.connect(admin, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and keep:
                return False
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True

    def _report(self, results: dict, options) -> dict:
        """The numbers, and the targets of the issue checked on the dashboards."""
        scales = sorted(results, key=int)
        city = scales[-1] if scales else None
        pages: dict[str, dict[str, dict]] = {}
        for scale in scales:
            for page, row in results[scale]["pages"].items():
                pages.setdefault(page, {})[scale] = row
        dashboards = {p: rows for p, rows in pages.items() if p.startswith("dashboard")}
        measured = [
            rows[city] for rows in dashboards.values() if rows.get(city, {}).get("status") == 200
        ]
        slowest = max((row["median_ms"] for row in measured), default=None)
        slowest_today = max(
            (row["today"]["median_ms"] for row in measured if "median_ms" in row.get("today", {})),
            default=None,
        )
        worst_ratio = max((row["ratio"] for row in measured if row.get("ratio")), default=None)
        slowest_after_write = max(
            (row["after_write"]["median_ms"] for row in measured if row.get("after_write")),
            default=None,
        )

        def same_queries(rows: dict) -> bool:
            counts = {row.get("queries") for row in rows.values() if row.get("status") == 200}
            return len(counts) == 1 and not any(r.get("queries_varied") for r in rows.values())

        return {
            "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "machine": {
                "cpus": os.cpu_count(),
                "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            "runs": options["runs"],
            "warmup": options["warmup"],
            "dashboard_cache": "today: off (every figure from the database); now: on, as served "
            f"({'Redis' if os.environ.get('REDIS_URL') else 'per-process memory'})",
            "scales": results,
            "queries_same_at_every_scale": {p: same_queries(rows) for p, rows in pages.items()},
            "targets": {
                "slowest_dashboard_median_ms_at_city_scale": slowest,
                "slowest_dashboard_median_ms_at_city_scale_cache_off": slowest_today,
                "slowest_dashboard_median_ms_at_city_scale_after_a_write": slowest_after_write,
                "dashboard_median_under_50_ms_as_served": slowest is not None
                and slowest <= DASHBOARD_SERVED_TARGET_MS,
                "dashboard_median_under_300_ms": slowest is not None
                and slowest < DASHBOARD_TARGET_MS,
                "dashboard_queries_same_at_every_scale": all(
                    same_queries(rows) for rows in dashboards.values()
                ),
                "worst_dashboard_total_to_sql_ratio_at_city_scale": worst_ratio,
                "dashboard_total_at_most_1_5_times_sql": worst_ratio is not None
                and worst_ratio <= RATIO_TARGET,
            },
        }

    def _print(self, report: dict) -> None:
        scales = sorted(report["scales"], key=int)
        head = (
            f"{'':<44} {'':>11} {'':>6} {'today (cache off)':^34} | {'now (as served)':^43} "
            f"| {'after the write that changes it':^38}\n"
            f"{'page':<44} {'initiatives':>11} {'status':>6} {'median ms':>10} {'SQL ms':>8} "
            f"{'CPU ms':>6} {'queries':>7} | {'median ms':>10} {'p95 ms':>8} {'SQL ms':>8} "
            f"{'CPU ms':>6} {'queries':>7} | {'median ms':>10} {'p95 ms':>8} {'queries':>7} "
            f"{'write':>10}"
        )
        self.stdout.write("\n" + head)
        self.stdout.write("-" * len(head))
        pages: list[str] = []
        for scale in scales:
            for page in report["scales"][scale]["pages"]:
                if page not in pages:
                    pages.append(page)
        for page in pages:
            for scale in scales:
                row = report["scales"][scale]["pages"].get(page)
                if row is None:
                    continue
                if row["status"] != 200 or "median_ms" not in row:
                    self.stdout.write(
                        f"{page:<44} {int(scale):>11,} {row['status']:>6}   {row.get('note', '')}"
                    )
                    continue
                cold = row.get("today") or {}
                today = (
                    f"{cold['median_ms']:>10.1f} {cold['sql_ms']:>8.1f} {cold['cpu_ms']:>6.1f} "
                    f"{cold['queries']:>7}"
                    if "median_ms" in cold
                    else f"{'-':>34}"
                )
                written = row.get("after_write") or {}
                after = (
                    f" | {written['median_ms']:>10.1f} {written['p95_ms']:>8.1f} "
                    f"{written['queries']:>7} {written.get('write', ''):>10}"
                    if "median_ms" in written
                    else ""
                )
                self.stdout.write(
                    f"{page:<44} {int(scale):>11,} {row['status']:>6} {today} | "
                    f"{row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} {row['sql_ms']:>8.1f} "
                    f"{row['cpu_ms']:>6.1f} {row['queries']:>7}{after}"
                )
        targets = report["targets"]
        differing = [p for p, same in report["queries_same_at_every_scale"].items() if not same]
        self.stdout.write("")
        for scale in scales:
            result = report["scales"][scale]
            self.stdout.write(
                f"Load average (1, 5, 15 min) at {int(scale):,} initiatives: "
                f"{result.get('load_average_before')} before, {result.get('load_average_after')} "
                f"after, on {report['machine']['cpus']} CPUs."
            )

        def verdict(met: bool) -> str:
            return "met" if met else "NOT met"

        self.stdout.write(
            "Slowest dashboard median at city scale: "
            f"{targets['slowest_dashboard_median_ms_at_city_scale']} ms (target < "
            f"{DASHBOARD_TARGET_MS}): {verdict(targets['dashboard_median_under_300_ms'])}"
        )
        self.stdout.write(
            "Slowest dashboard median at city scale as served: "
            f"{targets['slowest_dashboard_median_ms_at_city_scale']} ms (target <= "
            f"{DASHBOARD_SERVED_TARGET_MS}): "
            f"{verdict(targets['dashboard_median_under_50_ms_as_served'])}; right after the "
            f"write that changes it (the slowest of a {', '.join(WRITES[:-1])} or "
            f"{WRITES[-1]}): "
            f"{targets['slowest_dashboard_median_ms_at_city_scale_after_a_write']} ms; with the "
            f"cache off: {targets['slowest_dashboard_median_ms_at_city_scale_cache_off']} ms"
        )
        self.stdout.write(
            "Dashboards: same number of queries at every scale: "
            f"{'yes' if targets['dashboard_queries_same_at_every_scale'] else 'NO'}"
            + (f" (pages that differ: {', '.join(differing)})" if differing else "")
        )
        self.stdout.write(
            "Worst dashboard total/SQL ratio at city scale: "
            f"{targets['worst_dashboard_total_to_sql_ratio_at_city_scale']} (target <= "
            f"{RATIO_TARGET}): {verdict(targets['dashboard_total_at_most_1_5_times_sql'])}"
        )

    # --- the worker: one scale, one process -----------------------------------------------

    def _worker(self, options) -> None:
        from django.db import connection

        from initiatives.models import Initiative

        scale = options["worker_scale"]
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        have = Initiative.objects.count()
        if options["keep"] and have >= scale:
            self.stdout.write(f"Keeping the {have:,} initiatives already seeded.")
            seed_seconds = None
        else:
            try:
                call_command("seed_demo", initiatives=scale, force=True)
            except Exception as exc:  # noqa: BLE001 - report and stop this scale cleanly
                raise CommandError(f"seed_demo failed: {exc}") from exc
            seed_seconds = round(time.perf_counter() - started, 1)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        counts = self._counts()
        self.stdout.write("Data: " + ", ".join(f"{n:,} {label}" for label, n in counts.items()))
        load_before = [round(x, 2) for x in os.getloadavg()]
        pages = self._measure(options["runs"], options["warmup"])
        Path(options["result"]).write_text(
            json.dumps(
                {
                    "seed_seconds": seed_seconds,
                    "counts": counts,
                    "load_average_before": load_before,
                    "load_average_after": [round(x, 2) for x in os.getloadavg()],
                    "pages": pages,
                }
            )
        )

    @staticmethod
    def _counts() -> dict:
        from initiatives.models import Initiative
        from partnership.models import Blockage, CityRequest, Commitment, Contact
        from publicvalue.models import ValueRecord

        return {
            "initiatives": Initiative.objects.count(),
            "contacts": Contact.objects.count(),
            "commitments": Commitment.objects.count(),
            "blockages": Blockage.objects.count(),
            "requests": CityRequest.objects.count(),
            "value records": ValueRecord.objects.count(),
        }

    def _plan(self) -> list[tuple[str, str, object]]:
        """(name, path, user) for every page to measure; users are the demo logins."""
        import datetime as dt

        from django.db.models import Count
        from django.utils import timezone

        from initiatives.accounts.models import User
        from initiatives.models import Area, Initiative, Theme
        from initiatives.permissions import CIVIL_SERVANT, COUNCIL_MEMBER
        from partnership.dashboards.registry import DASHBOARDS

        def demo(email: str, role: str):
            user = User.objects.filter(email=email).first()
            return user or User.objects.filter(groups__name=role).order_by("pk").first()

        council = demo("raadslid@example.org", COUNCIL_MEMBER)
        civil = demo("ambtenaar@example.org", CIVIL_SERVANT)
        area = Area.objects.annotate(n=Count("initiatives")).order_by("-n").first()
        theme = Theme.objects.annotate(n=Count("initiatives")).order_by("-n").first()
        year_ago = (timezone.localdate() - dt.timedelta(days=365)).isoformat()
        period = f"since={year_ago}"
        every = f"{period}&area={area.slug}&domain=physical&theme={theme.slug}"
        plan = []
        for board in DASHBOARDS:
            path = f"/dashboard/{board.slug}/"
            plan.append((f"dashboard {board.slug}", path, council))
            plan.append((f"dashboard {board.slug} ?period", f"{path}?{period}", council))
            plan.append((f"dashboard {board.slug} ?all filters", f"{path}?{every}", council))
        plan.append(("catalogue (visitor)", "/initiatieven/", None))
        busiest = (
            Initiative.objects.annotate(n=Count("contacts"))
            .order_by("-n")
            .values_list("slug", flat=True)
            .first()
        )
        if busiest:
            plan.append(("partner page (civil servant)", f"/initiatieven/{busiest}/", civil))
        plan.append(("work list (civil servant)", "/werkvoorraad/", civil))
        # Rules on the table (issue 16): the movement's page, the most supported proposal, the feed.
        from partnership.models import RuleProposal

        plan.append(("rules on the table (visitor)", "/regels/", None))
        supported = (
            RuleProposal.objects.public()
            .annotate(n=Count("supports"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if supported:
            plan.append(("rule proposal (visitor)", f"/regels/{supported}/", None))
        plan.append(("rules feed (visitor)", "/regels/feed/", None))
        return plan

    def _measure(self, runs: int, warmup: int) -> dict:
        """Every page with the dashboards' cache off ("today") and then as served ("now")."""
        previous = os.environ.get("DASHBOARD_CACHE_SECONDS")
        os.environ["DASHBOARD_CACHE_SECONDS"] = "0"
        try:
            today = self._measure_pages(runs, warmup, "today")
        finally:
            if previous is None:
                os.environ.pop("DASHBOARD_CACHE_SECONDS")
            else:
                os.environ["DASHBOARD_CACHE_SECONDS"] = previous
        now = self._measure_pages(runs, warmup, "now")
        written = {
            kind: self._measure_pages(
                runs, warmup, f"after a {kind}", only="dashboard", before_each=self._writer(kind)
            )
            for kind in WRITES
        }
        keys = ("median_ms", "p95_ms", "queries", "sql_ms", "cpu_ms")
        for name, row in now.items():
            other = today.get(name, {})
            if "median_ms" in other:
                row["today"] = {k: other[k] for k in keys if k in other}
            after = {
                kind: {k: rows[name][k] for k in keys if k in rows[name]}
                for kind, rows in written.items()
                if "median_ms" in rows.get(name, {})
            }
            if after:
                # The write that changes the page's figures is the one that costs it most.
                slowest = max(after, key=lambda kind: after[kind]["median_ms"])
                row["after_write"] = {**after[slowest], "write": slowest}
                row["after_write_by_kind"] = after
        return now

    @staticmethod
    def _writer(kind: str):
        """A write as people make them all day, committed before each timed request: a contact,
        a blockage, a commitment or a value record (``kind``), each for another initiative and
        with the department it last had contact with (as most records are: at city scale
        150,000 contacts are 23,000 initiative-department pairs). The page then recomputes the
        figures that read the written table, or a fact it changed, and serves the others
        cached."""
        import datetime as dt
        import itertools

        from django.db.models import OuterRef, Subquery
        from django.utils import timezone

        from initiatives.accounts.models import Department, User
        from initiatives.models import Initiative
        from initiatives.permissions import CIVIL_SERVANT
        from partnership.models import Contact
        from partnership.services.logging import blockage_log, commitment_log, contact_log
        from publicvalue.models import Evidence, ValueDimension
        from publicvalue.services import value_record_create

        servant = User.objects.filter(groups__name=CIVIL_SERVANT).order_by("pk").first()
        last_department = Subquery(
            Contact.objects.filter(initiative=OuterRef("pk"), archived_at__isnull=True)
            .order_by("-date", "-pk")
            .values("department_id")[:1]
        )
        picked = list(
            Initiative.objects.filter(archived_at__isnull=True)
            .annotate(department_id=last_department)
            .filter(department_id__isnull=False)
            .order_by("?")[:50]
        )
        departments = Department.objects.in_bulk({i.department_id for i in picked})
        initiatives = itertools.cycle(picked)
        today = timezone.localdate()

        def common(initiative) -> dict:
            return {
                "initiative": initiative,
                "logged_by": servant,
                "department": departments[initiative.department_id],
            }

        writes = {
            "contact": lambda i: contact_log(
                date=today,
                channel="phone",
                initiated_by="municipality",
                summary="Bench: gebeld.",
                **common(i),
            ),
            "blockage": lambda i: blockage_log(
                description="Bench: loopt vast.",
                severity="low",
                category="other",
                **common(i),
            ),
            "commitment": lambda i: commitment_log(
                description="Bench: beloofd.",
                due_on=today + dt.timedelta(days=30),
                **common(i),
            ),
        }
        dimension = ValueDimension.objects.order_by("pk").first()
        writes["value record"] = lambda i: value_record_create(
            initiative=i,
            recorded_by=servant,
            data={
                "dimension": dimension,
                "period_start": today - dt.timedelta(days=30),
                "period_end": today,
                "evidence": Evidence.STORY,
                "narrative": "Bench: verteld.",
            },
        )
        write = writes[kind]
        return lambda: write(next(initiatives))

    def _measure_pages(
        self, runs: int, warmup: int, label: str, *, only: str = "", before_each=None
    ) -> dict:
        """Each page of the plan (whose name starts with ``only``); ``before_each()`` runs
        before every timed request, outside the timing."""
        from django.db import connection
        from django.test import Client

        results = {}
        for name, path, user in self._plan():
            if not name.startswith(only):
                continue
            client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="nl")
            if user is not None:
                client.force_login(user)
            first = client.get(path)
            row = {
                "path": path,
                "user": getattr(user, "email", "visitor"),
                "status": first.status_code,
            }
            if first.status_code != 200:
                row["note"] = {404: "not found (page not built yet)"}.get(
                    first.status_code, "not measured"
                )
                results[name] = row
                self.stdout.write(f"  {name}: {first.status_code}")
                continue
            for _ in range(max(0, warmup - 1)):
                client.get(path)
            totals, sqls, cpus, queries = [], [], [], set()
            for _ in range(runs):
                if before_each is not None:
                    before_each()
                timer = SqlTimer()
                with connection.execute_wrapper(timer):
                    start, cpu = time.perf_counter(), time.process_time()
                    response = client.get(path)
                    elapsed = time.perf_counter() - start
                    cpu = time.process_time() - cpu
                if response.status_code != 200:
                    row["status"] = response.status_code
                    break
                totals.append(elapsed * 1000)
                sqls.append(timer.seconds * 1000)
                cpus.append(cpu * 1000)
                queries.add(timer.queries)
            if not totals:
                results[name] = row
                continue
            median, sql = statistics.median(totals), statistics.median(sqls)
            row.update(
                median_ms=round(median, 1),
                p95_ms=round(percentile(totals, 0.95, nearest_rank=True), 1),
                queries=max(queries),
                queries_varied=len(queries) > 1,
                sql_ms=round(sql, 1),
                # This process's CPU time: what the page costs the app server, whatever else
                # the machine's cores are busy with (the database's work is not in it).
                cpu_ms=round(statistics.median(cpus), 1),
                ratio=round(median / sql, 2) if sql else None,
            )
            results[name] = row
            self.stdout.write(
                f"  {label}: {name}: median {row['median_ms']} ms, p95 {row['p95_ms']} ms, "
                f"{row['queries']} queries, SQL {row['sql_ms']} ms, CPU {row['cpu_ms']} ms"
            )
        return results
