"""``python manage.py loadtest``: the app under gunicorn on PostgreSQL, many users at once.

Starts gunicorn on 127.0.0.1 (a free port) against the ``DATABASE_URL`` database and runs the
Locust users of ``partnership.demo.loadtest.locustfile`` in a process of their own: first as
many users on the trivial page (/health/), then the mix for a bounded time (initiators,
civil servants, council members, each logged in through the real login form first). It reports
throughput and p50/p95 latency per kind of request, the errors, the mix's throughput as a share
of the trivial page's, and checks that every write the server acknowledged is in the database.

Before it starts, ``collectstatic`` writes the static files into a temporary directory: the
servers run with DEBUG off and serve them (WhiteNoise), and the users fetch the pages'
stylesheet as part of the mix. The workers share the Redis cache (``--redis-url``, database 15
by default, emptied first), as in production: a figure one worker computed, the others serve, and
sessions are read from it (``--cache local`` gives each worker its own memory cache instead).
``--servers 2`` starts two gunicorn instances on two ports that share the database and that cache;
each user logs in on one and works on the other, so any session not shared shows as errors.

Only 127.0.0.1 is ever contacted; users and time are bounded; gunicorn is stopped by the command.
Write endpoints are found by URL name at run time; those that do not exist are skipped.
"""

import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from partnership.demo.loadtest import writes
from partnership.demo.loadtest.pages import LOOPBACK, check_host

MAX_USERS = 200
MAX_SECONDS = 600
LOGIN_SECONDS = 300  # the users' process gives logging in at most this long
USER_DOMAIN = "loadtest.demo.example.org"  # counted as demo users by seed_demo
MAX_SERVERS = 4
REDIS_URL = "redis://127.0.0.1:6379/15"  # the cache the workers (and servers) share

# (URL name, whether it is about one contact, field values a generic filler cannot guess)
INITIATOR_WRITES = (
    ("partnership:blockage_raise", False, {}),
    ("publicvalue:value_record_create", False, {"indicator": "", "quantity": ""}),
    ("partnership:contact_answer", True, {}),
)
CIVIL_SERVANT_WRITES = (
    ("partnership:contact_new", False, {"referred_to": ""}),
    ("partnership:commitment_new", False, {}),
    ("partnership:blockage_new", False, {"policy_framework": "", "category": "other"}),
)
COUNCIL_READS = (
    "dashboards:dashboard_index",
    "dashboards:dashboard_movement",
    "dashboards:dashboard_blockages",
    "dashboards:dashboard_commitments",
    "dashboards:dashboard_public_value",
    "dashboards:dashboard_collective_goods",
)


def _resolve(name, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def role_counts(users: int) -> dict[str, int]:
    """Four in ten initiators, three civil servants, the rest council members."""
    initiators = max(1, round(users * 0.4)) if users > 2 else 1
    civil = max(1, round(users * 0.3)) if users > 2 else (1 if users > 1 else 0)
    return {
        "initiator": initiators,
        "civil_servant": civil,
        "council_member": users - initiators - civil,
    }


class Command(BaseCommand):
    help = (
        "Load test on this machine (127.0.0.1 only), on Locust: gunicorn on the DATABASE_URL "
        "PostgreSQL database, simulated initiators, civil servants and council members for a "
        "bounded time; reports throughput, p50/p95 latency and errors, compares with the "
        "trivial page, and checks that every acknowledged write is in the database. Creates "
        "its users under @" + USER_DOMAIN + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument(
            "--health-seconds",
            type=float,
            default=15,
            help="first measure /health/ with as many users this long (0: skip)",
        )
        parser.add_argument(
            "--think",
            type=float,
            default=0.0,
            help="mean pause between a user's steps, in seconds (default 0)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="gunicorn's workers (default: one per core and one more with sync workers, "
            "two per core with gthread)",
        )
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--worker-class",
            choices=("sync", "gthread"),
            default="sync",
            help="gunicorn's worker class; sync (the default) handles one request at a time per "
            "worker (--threads is then 1) and closes each connection after it, so every kind of "
            "user waits about as long; gthread keeps a user's connection on one worker and "
            "answers more requests per second, the cheap ones first",
        )
        parser.add_argument(
            "--seed-if-empty",
            type=int,
            metavar="N",
            default=0,
            help="seed N initiatives with seed_demo when there are none",
        )
        parser.add_argument(
            "--allow-sqlite",
            action="store_true",
            help="run against SQLite (a smoke test only: SQLite locks on writes)",
        )
        parser.add_argument(
            "--servers",
            type=int,
            default=1,
            help="app servers (gunicorn instances on as many ports; each with --workers), "
            "sharing the database and the Redis cache at --redis-url; every user "
            "logs in on one server and works on the next, so sessions must be shared",
        )
        parser.add_argument(
            "--cache",
            choices=("redis", "local"),
            default=None,
            help="redis (as in production): every worker and server shares the dashboards' "
            "figures and reads sessions through Redis at --redis-url; local: each worker process "
            "keeps its own memory cache (computes every figure itself) and reads sessions from "
            "PostgreSQL. Default: redis when it answers, else local (one server only)",
        )
        parser.add_argument("--redis-url", default=REDIS_URL)
        parser.add_argument("--json", help="also write the results to this file")

    def handle(self, *args, **o):
        if o["workers"] is None:
            cores = os.cpu_count() or 1
            o["workers"] = cores + 1 if o["worker_class"] == "sync" else max(2, 2 * cores)
        users, seconds, health_seconds = o["users"], o["seconds"], o["health_seconds"]
        if not 1 <= users <= MAX_USERS:
            raise CommandError(f"--users must be between 1 and {MAX_USERS}.")
        if not 0 < seconds <= MAX_SECONDS:
            raise CommandError(f"--seconds must be above 0 and at most {MAX_SECONDS}.")
        if not 0 <= health_seconds <= MAX_SECONDS:
            raise CommandError(f"--health-seconds must be between 0 and {MAX_SECONDS}.")
        if not 1 <= o["servers"] <= MAX_SERVERS:
            raise CommandError(f"--servers must be between 1 and {MAX_SERVERS}.")
        if o["servers"] > 1 and o["cache"] == "local":
            raise CommandError("Several app servers must share a cache: --cache redis.")
        if connection.vendor != "postgresql" and not o["allow_sqlite"]:
            raise CommandError(
                "Set DATABASE_URL to a PostgreSQL database (seeded with "
                "`seed_demo --initiatives 10000`), or pass --allow-sqlite for a smoke test."
            )
        from initiatives.models import Initiative

        if not Initiative.objects.exists():
            if not o["seed_if_empty"]:
                raise CommandError("No initiatives: seed first, or pass --seed-if-empty N.")
            call_command("seed_demo", initiatives=o["seed_if_empty"], stdout=self.stdout)

        ports = [_free_port() for _ in range(o["servers"])]
        while len(set(ports)) < len(ports):
            ports = [_free_port() for _ in range(o["servers"])]
        hosts = [f"http://{LOOPBACK}:{port}" for port in ports]
        plan = self._plan(users, o)
        plan.update(host=hosts[0], hosts=hosts, seconds=seconds, health_seconds=health_seconds)
        static_root = tempfile.TemporaryDirectory(prefix="loadtest-static-")
        self.env = self._server_env(static_root.name)
        if o["cache"] is None and o["servers"] == 1:
            o["cache"] = "redis" if self._redis_answers(o["redis_url"]) else "local"
        if o["cache"] != "local":
            self.env["REDIS_URL"] = self._redis(o["redis_url"])
        plan["paths"]["stylesheet"] = self._collectstatic(static_root.name)
        since = writes.baseline()
        servers = []
        try:
            for port in ports:
                servers.append(self._start_gunicorn(port, o))
            for port, server in zip(ports, servers, strict=True):
                self._wait_until_up(port, server)
            on = ", ".join(f"{host}/" for host in hosts)
            shared = (
                f", sharing the cache {self.env['REDIS_URL']}"
                if "REDIS_URL" in self.env
                else ", a memory cache per worker"
            )
            self.stdout.write(
                f"gunicorn on {on} ({self._workers_text(o)} each"
                f"{shared}); {users} users: /health/ for {health_seconds:g} s, then the mix "
                f"for {seconds:g} s..."
            )
            if o["servers"] > 1:
                self.stdout.write(
                    "Each user logs in on one server and works on the next one: a read that "
                    "finds no session there (a redirect to the login page) counts as an error."
                )
            results = self._run_users(plan, timeout=health_seconds + LOGIN_SECONDS + seconds + 120)
        finally:
            for server in servers:
                self._stop(server)
            static_root.cleanup()
        connection.close()
        missing = writes.lost(results["acknowledged"], plan["run_id"], since)
        self._report(results, missing, users, o)

    # -- set-up

    def _plan(self, users: int, o) -> dict:
        """What the Locust process needs, as paths and values (it knows no Django): accounts
        (reused between runs, each initiator a member of its own initiative) and the pages."""
        from allauth.account.models import EmailAddress
        from django.contrib.auth.models import Group

        from initiatives.accounts.models import Department, User
        from initiatives.models import Initiative, Membership
        from partnership.models import Contact

        counts = role_counts(users)
        initiator_writes = [
            w for w in INITIATOR_WRITES if _resolve(w[0], slug="x", **({"pk": 1} if w[1] else {}))
        ]
        civil_writes = [w for w in CIVIL_SERVANT_WRITES if _resolve(w[0], slug="x")]
        dashboards = [p for p in (_resolve(n) for n in COUNCIL_READS) if p] or ["/"]
        for role, found in (("initiator", initiator_writes), ("civil_servant", civil_writes)):
            names = ", ".join(name for name, _, _ in found) or "none found: reads only"
            self.stdout.write(f"{role} writes: {names}")
        self.stdout.write(f"council member reads: {', '.join(dashboards)}")

        password = secrets.token_urlsafe(16)
        groups = {g.name: g for g in Group.objects.all()}
        departments = list(Department.objects.filter(parent__isnull=False)) or list(
            Department.objects.all()
        )
        initiatives = list(
            Initiative.objects.filter(archived_at__isnull=True)
            .order_by("?")
            .values_list("pk", "slug")[: max(200, counts["initiator"])]
        )
        rng = random.Random(7)
        accounts: dict[str, list[dict]] = {role: [] for role in counts}
        index = 0
        for role, count in counts.items():
            for _ in range(count):
                email = f"loadtest-{role.replace('_', '-')}-{index}@{USER_DOMAIN}"
                user, _ = User.objects.get_or_create(
                    email=email, defaults={"name": f"Load test {index}"}
                )
                user.set_password(password)
                user.is_active = True
                if role == "civil_servant" and departments:
                    user.department = rng.choice(departments)
                user.save()
                user.groups.add(groups[role])
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                account = {"email": email}
                if role == "initiator":
                    pk, slug = initiatives[index % len(initiatives)]
                    Membership.objects.update_or_create(
                        initiative_id=pk,
                        user=user,
                        defaults={"left_at": None},
                        create_defaults={"role": Membership.Role.CO_INITIATOR},
                    )
                    contacts = Contact.objects.filter(
                        initiative_id=pk, archived_at__isnull=True
                    ).values_list("pk", flat=True)[:50]
                    account["page"] = reverse(
                        "partnership:initiative_detail", kwargs={"slug": slug}
                    )
                    account["writes"] = []
                    for name, about_contact, _ in initiator_writes:
                        if about_contact:
                            paths = [
                                reverse(name, kwargs={"slug": slug, "pk": c}) for c in contacts
                            ]
                        else:
                            paths = [reverse(name, kwargs={"slug": slug})]
                        if paths:
                            account["writes"].append([name, paths])
                accounts[role].append(account)
                index += 1
        accounts = {role: found for role, found in accounts.items() if found}
        return {
            "run_id": secrets.token_hex(3),
            "password": password,
            "today": timezone.localdate().isoformat(),
            "think": o["think"],
            "login_concurrency": o["workers"],
            "accounts": accounts,
            "paths": {
                "login": reverse("account_login"),
                "health": reverse("health"),
                "worklist": reverse("partnership:worklist"),
                "dashboards": dashboards,
            },
            "civil_servant_writes": [
                [name, [reverse(name, kwargs={"slug": slug}) for _, slug in initiatives]]
                for name, _, _ in civil_writes
            ],
            "overrides": {
                name: overrides for name, _, overrides in initiator_writes + civil_writes
            },
        }

    def _server_env(self, static_root: str) -> dict[str, str]:
        """The production settings (DEBUG off), static files from ``static_root``."""
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="partnership.demo.loadtest.settings",
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS=LOOPBACK,
            DJANGO_LOG_LEVEL="ERROR",
            # Simulated civil servants log in with a password only (no authenticator app).
            MFA_REQUIRED_FOR_STAFF="false",
            DJANGO_STATIC_ROOT=static_root,
        )
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            env["DATABASE_URL"] = f"sqlite:///{Path(db['NAME']).resolve()}"
        return env

    def _redis_answers(self, url: str) -> bool:
        try:
            self._redis(url)
        except CommandError as error:
            self.stdout.write(f"{error} Each worker keeps its own memory cache (--cache local).")
            return False
        return True

    def _redis(self, url: str) -> str:
        """The Redis the servers share, emptied first (only a database on 127.0.0.1)."""
        parts = urlsplit(url)
        if parts.scheme != "redis" or parts.hostname != LOOPBACK:
            raise CommandError(f"--redis-url must be redis://{LOOPBACK}:<port>/<db>.")
        try:
            import redis

            redis.Redis.from_url(url, socket_timeout=5).flushdb()
        except Exception as error:  # noqa: BLE001 - any failure means: no Redis to share
            raise CommandError(f"Redis at {url} does not answer: {error}") from error
        return url

    def _collectstatic(self, static_root: str) -> str:
        """Run ``collectstatic`` with the production settings into ``static_root`` (WhiteNoise
        serves it from there); return the address of the pages' stylesheet (hashed name)."""
        done = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise CommandError(f"collectstatic failed: {done.stderr[-2000:]}")
        manifest = json.loads(Path(static_root, "staticfiles.json").read_text())
        return "/" + settings.STATIC_URL.strip("/") + "/" + manifest["paths"]["css/app.css"]

    @staticmethod
    def _workers_text(o: dict) -> str:
        if o["worker_class"] == "sync":
            return f"{o['workers']} sync workers"
        return f"{o['workers']} workers × {o['threads']} threads"

    def _start_gunicorn(self, port: int, o: dict):
        env = self.env
        threads = 1 if o["worker_class"] == "sync" else o["threads"]
        command = [
            *(sys.executable, "-m", "gunicorn", "partnership.config.wsgi:application"),
            *("--bind", f"{LOOPBACK}:{port}", "--workers", str(o["workers"])),
            *("--threads", str(threads), "--worker-class", o["worker_class"]),
            *("--timeout", "60", "--graceful-timeout", "10", "--log-level", "warning"),
        ]
        return subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )

    def _wait_until_up(self, port: int, server):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn stopped with exit code {server.returncode}.")
            try:
                with urllib.request.urlopen(f"http://{LOOPBACK}:{port}/health/", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise CommandError("gunicorn did not answer /health/ within 60 seconds.")

    def _stop(self, server):
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)

    def _run_users(self, plan: dict, *, timeout: float) -> dict:
        """The Locust process: it reads the plan and writes its figures to a file."""
        check_host(plan["host"])
        with tempfile.TemporaryDirectory(prefix="loadtest-") as folder:
            plan_path, results_path = Path(folder, "plan.json"), Path(folder, "results.json")
            plan_path.write_text(json.dumps(plan))
            command = [sys.executable, "-m", "partnership.demo.loadtest.locustfile"]
            try:
                done = subprocess.run(
                    [*command, str(plan_path), str(results_path)],
                    cwd=settings.BASE_DIR,
                    timeout=timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired as error:
                raise CommandError(f"the Locust users did not finish in {timeout:g} s") from error
            if done.returncode or not results_path.exists():
                raise CommandError(f"the Locust users stopped with exit code {done.returncode}.")
            return json.loads(results_path.read_text())

    # -- the report

    def _report(self, results: dict, missing: dict[str, str], users: int, o):
        out = self.stdout.write

        def line(kind, row):
            out(
                f"{kind:<28} {row['requests']:>9} {row['per_second']:>8.1f} "
                f"{row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f} {row['max_ms']:>8.0f} "
                f"{row['errors']:>7}"
            )

        out("")
        out(
            f"{'kind':<28} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'max ms':>8} {'errors':>7}"
        )
        line("login (before the run)", results["login"])
        for kind, row in results["kinds"].items():
            line(kind, row)
        line("all (the run)", results["all"])
        health, mix = results.get("health"), results["all"]
        if health:
            line("/health/ (alone, before)", health)
        acknowledged = results["acknowledged"]
        refused = sum(results["refused"].values())
        out("")
        out(
            "Load average (1, 5, 15 min) at the end of the mix: "
            f"{results.get('load_average')}"
            + (f"; of /health/: {health.get('load_average')}" if health else "")
            + f", on {os.cpu_count()} CPUs."
        )
        out(
            f"{users} users, {results['seconds']:.1f} s. Writes acknowledged: {len(acknowledged)}, "
            f"found in the database: {len(acknowledged) - len(missing)}, lost: {len(missing)}; "
            f"refused by validation: {refused}."
        )
        if o.get("servers", 1) > 1:
            out(
                f"{o['servers']} app servers sharing PostgreSQL and Redis: every user logged in "
                "on one and worked on the next"
                + (" with its session intact (no errors)." if not mix["errors"] else ".")
            )
        by_endpoint = Counter(acknowledged.values())
        if by_endpoint:
            out(
                "Acknowledged per endpoint: "
                + ", ".join(f"{name} {count}" for name, count in sorted(by_endpoint.items()))
            )
        if health and health["per_second"]:
            out(
                f"The mix ran at {mix['per_second']:.1f} req/s, "
                f"{mix['per_second'] / health['per_second']:.1%} of the trivial page's "
                f"{health['per_second']:.1f} req/s (/health/, same users, same server)."
            )
        for sample in results["error_samples"]:
            out(f"  error: {sample}")
        for sample in results["refused_samples"][:5]:
            out(f"  refused: {sample}")
        for marker, name in list(missing.items())[:20]:
            out(f"  lost: {marker} ({name})")
        if o.get("json"):
            Path(o["json"]).write_text(
                json.dumps(
                    {
                        **results,
                        "users": users,
                        "workers": o["workers"],
                        "threads": 1 if o["worker_class"] == "sync" else o["threads"],
                        "worker_class": o["worker_class"],
                        "cache": o["cache"],
                        "lost_writes": missing,
                        "found_writes": len(acknowledged) - len(missing),
                    },
                    indent=2,
                )
            )
        errors = mix["errors"] + results["login"]["errors"]
        if errors or missing:
            raise CommandError(f"{errors} errors and {len(missing)} lost writes.")
        self.stdout.write(self.style.SUCCESS("No errors; every acknowledged write is stored."))
