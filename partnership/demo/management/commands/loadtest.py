"""``python manage.py loadtest``: the app under gunicorn on PostgreSQL, many users at once.

Starts gunicorn on 127.0.0.1 (a free port) against the ``DATABASE_URL`` database, logs in
simulated users through the real login form, and for a bounded time lets them work:
initiators read their partner page and write (raise a blockage, record value, answer a
contact), civil servants read their work list and log (contacts, commitments, blockages),
council members read dashboards. Then it reports throughput and p50/p95 latency per kind of
request and the errors, and checks that every write the server acknowledged (a redirect after
the POST) is in the database, by the unique marker each write carried in its text.

Only 127.0.0.1 is ever contacted. Requests and time are bounded (--seconds, --max-requests),
and the command stops gunicorn by itself. Write endpoints are found by URL name at run time;
those that do not exist are skipped.
"""

import datetime as dt
import http.client
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

HOST = "127.0.0.1"  # the only address this command ever sends a request to
MAX_USERS = 200
MAX_SECONDS = 600
LOGIN_PHASE_SECONDS = 300  # at most, before the measured run starts
USER_DOMAIN = "loadtest.demo.example.org"  # counted as demo users by seed_demo

# (URL name, what it needs besides the slug, field values that a generic filler cannot guess)
INITIATOR_WRITES = (
    ("partnership:blockage_raise", None, {}),
    ("publicvalue:value_record_create", None, {"indicator": "", "quantity": ""}),
    ("partnership:contact_answer", "contact", {}),
)
CIVIL_SERVANT_WRITES = (
    ("partnership:contact_new", None, {"referred_to": ""}),
    ("partnership:commitment_new", None, {}),
    ("partnership:blockage_new", None, {"policy_framework": "", "category": "other"}),
)
COUNCIL_READS = (
    "dashboards:dashboard_index",
    "dashboards:dashboard_movement",
    "dashboards:dashboard_blockages",
    "dashboards:dashboard_commitments",
    "dashboards:dashboard_public_value",
    "dashboards:dashboard_collective_goods",
)


# --- HTML forms -------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    inputs: list = field(default_factory=list)  # dicts: tag, type, name, value, required, ...


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.errors: list[str] = []
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None
        self._in_error = 0
        self._error_field = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        elif tag == "ul" and "errorlist" in a.get("class", ""):
            self._in_error += 1
            self._error_field = a.get("id", "").removeprefix("id_").removesuffix("_error")
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            self._form.inputs.append(
                {
                    "tag": "input",
                    "type": a.get("type", "text").lower(),
                    "name": a["name"],
                    "value": a.get("value", ""),
                    "required": "required" in a,
                    "checked": "checked" in a,
                }
            )
        elif tag == "textarea" and a.get("name"):
            self._textarea = {
                "tag": "textarea",
                "type": "textarea",
                "name": a["name"],
                "value": "",
                "required": "required" in a,
            }
            self._form.inputs.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {
                "tag": "select",
                "type": "select",
                "name": a["name"],
                "required": "required" in a,
                "multiple": "multiple" in a,
                "options": [],
            }
            self._form.inputs.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
            self._select["options"].append(self._option)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "ul" and self._in_error:
            self._in_error -= 1

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data
        if self._option is not None:
            self._option[2] += data
        if self._in_error and data.strip():
            prefix = f"{self._error_field}: " if self._error_field else ""
            self.errors.append(prefix + data.strip())


def parse_forms(html: str) -> tuple[list[Form], list[str]]:
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        for item in form.inputs:
            if item["tag"] == "select":
                item["options"] = [
                    (text.strip() if value is None else value, selected)
                    for value, selected, text in item["options"]
                ]
    return parser.forms, parser.errors


def main_form(forms: list[Form], path: str) -> Form | None:
    """The page's own POST form: not the language switch or the log-out button."""
    candidates = [
        f
        for f in forms
        if f.method == "post" and "/i18n/" not in f.action and "logout" not in f.action
    ]
    for form in candidates:
        if form.action in ("", path):
            return form
    return candidates[0] if candidates else None


def fill(form: Form, *, marker: str, overrides: dict, today: dt.date) -> dict:
    """Values a careful user would enter: every text area and required text field carries the
    marker; selects keep their selection or take the first real option; dates are plausible."""
    data: dict[str, list[str]] = defaultdict(list)
    for item in form.inputs:
        name, kind = item["name"], item["type"]
        if name in overrides:
            continue
        if kind in ("submit", "button", "image", "file", "reset"):
            continue
        if kind == "hidden":
            data[name].append(item["value"])
        elif kind == "checkbox":
            if item["checked"]:
                data[name].append(item["value"] or "on")
        elif kind == "radio":
            group = [i for i in form.inputs if i["type"] == "radio" and i["name"] == name]
            chosen = next((i for i in group if i["checked"]), group[0])
            data[name] = [chosen["value"]]
        elif kind == "select":
            chosen = [value for value, selected in item["options"] if selected and value]
            if not chosen and item["required"]:
                real = [value for value, _ in item["options"] if value]
                chosen = real[:1]
            data[name].extend(chosen or ([""] if not item["multiple"] else []))
        elif kind == "date":
            data[name].append(item["value"] or _date_for(name, today).isoformat())
        elif kind == "number":
            data[name].append(item["value"] or ("1" if item["required"] else ""))
        elif kind in ("email", "url", "password", "tel"):
            data[name].append(item["value"])
        elif kind == "textarea" or item["required"]:
            data[name].append(f"Load test {marker}")
        else:
            data[name].append(item["value"])
    for name, value in overrides.items():
        data[name] = [value]
    return dict(data)


def _date_for(name: str, today: dt.date) -> dt.date:
    if "due" in name or "deadline" in name:
        return today + dt.timedelta(days=14)
    if "start" in name or name.endswith("_from"):
        return today - dt.timedelta(days=60)
    if "end" in name or name.endswith("_until"):
        return today - dt.timedelta(days=1)
    return today


# --- HTTP -------------------------------------------------------------------------------------


class LoopbackOnly(Exception):
    pass


@dataclass
class Response:
    status: int
    location: str
    body: str
    seconds: float


class Browser:
    """One simulated user: its own connection and cookie jar, to 127.0.0.1 only."""

    def __init__(self, port: int, timeout: float = 60.0):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        return self.conn

    @staticmethod
    def local_path(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            if parts.hostname != HOST:
                raise LoopbackOnly(f"refusing to follow {url!r}: only {HOST} is tested")
        path = parts.path or "/"
        return path + (f"?{parts.query}" if parts.query else "")

    def request(self, method: str, url: str, data: dict | None = None) -> Response:
        path = self.local_path(url)
        # A fresh connection per request: a kept-alive one that the server closed while idle
        # would fail a request that was never sent, and a POST cannot be safely retried.
        headers = {"Host": f"{HOST}:{self.port}", "Accept-Language": "en", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        started = time.perf_counter()
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            content = raw.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        elapsed = time.perf_counter() - started
        for header in raw.msg.get_all("Set-Cookie") or []:
            self._store_cookie(header)
        self.close()
        return Response(
            raw.status, raw.getheader("Location", ""), content.decode("utf-8", "replace"), elapsed
        )

    def _store_cookie(self, header: str):
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        expired = any(
            a.strip().lower() in ("max-age=0",) or a.strip().lower().startswith("max-age=-")
            for a in attributes
        ) or value in ('""', "")
        if expired:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# --- The simulation -------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    needs: str | None
    overrides: dict


@dataclass
class SimUser:
    role: str
    email: str
    slug: str | None = None  # the initiative an initiator is a member of
    contact_ids: list = field(default_factory=list)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_samples: list[str] = []
        self.rejected: dict[str, int] = defaultdict(int)
        self.rejected_samples: list[str] = []
        self.acknowledged: dict[str, str] = {}  # marker -> endpoint
        self.requests = 0

    def record(self, kind: str, seconds: float):
        with self.lock:
            self.latencies[kind].append(seconds)
            self.requests += 1

    def error(self, kind: str, what: str):
        with self.lock:
            self.errors[kind] += 1
            self.requests += 1
            if len(self.error_samples) < 20:
                self.error_samples.append(f"{kind}: {what}")

    def reject(self, name: str, what: str):
        with self.lock:
            self.rejected[name] += 1
            if len(self.rejected_samples) < 20:
                self.rejected_samples.append(f"{name}: {what}")

    def acknowledge(self, marker: str, name: str):
        with self.lock:
            self.acknowledged[marker] = name


class Simulation:
    def __init__(
        self,
        *,
        port,
        workers,
        users,
        password,
        endpoints,
        council_paths,
        slugs,
        deadline,
        max_requests,
        think,
        run_id,
        stats,
    ):
        self.port = port
        self.users = users
        self.password = password
        self.endpoints = endpoints
        self.council_paths = council_paths
        self.slugs = slugs
        self.deadline = deadline
        self.max_requests = max_requests
        self.think = think
        self.run_id = run_id
        self.stats = stats
        self.counter = 0
        self.counter_lock = threading.Lock()
        self.ready = threading.Semaphore(0)
        self.start = threading.Event()
        # People do not all log in in the same second; a few at a time, as many as can be
        # served at once, keeps the (deliberately slow) password hashing from timing out.
        self.logging_in = threading.BoundedSemaphore(max(1, workers))
        self.today = timezone.localdate()

    def _marker(self) -> str:
        with self.counter_lock:
            self.counter += 1
            return f"LT{self.run_id}-{self.counter:06d}"

    def _go_on(self) -> bool:
        return time.monotonic() < self.deadline and self.stats.requests < self.max_requests

    def _get(self, browser, kind, path, expect=(200,)):
        try:
            response = browser.request("GET", path)
        except (OSError, http.client.HTTPException) as error:
            self.stats.error(kind, f"GET {path}: {error!r}")
            return None
        if response.status not in expect:
            self.stats.error(kind, f"GET {path}: {response.status}")
            return None
        self.stats.record(kind, response.seconds)
        return response

    def login(self, browser, user) -> bool:
        page = self._get(browser, "login", "/accounts/login/")
        if page is None:
            return False
        forms, _ = parse_forms(page.body)
        form = next((f for f in forms if any(i["name"] == "login" for i in f.inputs)), None)
        if form is None:
            self.stats.error("login", "no login form")
            return False
        data = fill(
            form,
            marker="",
            overrides={"login": user.email, "password": self.password},
            today=self.today,
        )
        data.pop("remember", None)
        try:
            response = browser.request("POST", form.action or "/accounts/login/", data)
        except (OSError, http.client.HTTPException) as error:
            self.stats.error("login", repr(error))
            return False
        if response.status != 302:
            _, errors = parse_forms(response.body)
            self.stats.error("login", f"{user.email}: {response.status} {errors[:2]}")
            return False
        self.stats.record("login", response.seconds)
        return True

    def write(self, browser, role, endpoint: Endpoint, slug, user):
        kwargs = {"slug": slug}
        if endpoint.needs == "contact":
            if not user.contact_ids:
                return
            kwargs["pk"] = random.choice(user.contact_ids)
        path = reverse(endpoint.name, kwargs=kwargs)
        page = self._get(browser, f"{role}: form", path)
        if page is None:
            return
        forms, _ = parse_forms(page.body)
        form = main_form(forms, path)
        if form is None:
            self.stats.error(f"{role}: form", f"no form on {path}")
            return
        marker = self._marker()
        data = fill(form, marker=marker, overrides=endpoint.overrides, today=self.today)
        try:
            response = browser.request("POST", form.action or path, data)
        except (OSError, http.client.HTTPException) as error:
            self.stats.error(f"{role}: write", f"POST {path}: {error!r}")
            return
        if response.status == 302:
            self.stats.record(f"{role}: write", response.seconds)
            self.stats.acknowledge(marker, endpoint.name)
            self._get(browser, f"{role}: read", response.location)
        elif response.status == 200:
            self.stats.record(f"{role}: write", response.seconds)
            _, errors = parse_forms(response.body)
            self.stats.reject(endpoint.name, "; ".join(errors[:3]) or "no message")
        else:
            self.stats.error(f"{role}: write", f"POST {path}: {response.status}")

    def run_user(self, user: SimUser):
        """Log in, wait until everybody has, then work until the deadline."""
        browser = Browser(self.port)
        try:
            try:
                with self.logging_in:
                    logged_in = self.login(browser, user)
            finally:
                self.ready.release()
            if not logged_in or not self.start.wait(timeout=LOGIN_PHASE_SECONDS + 30):
                return
            writes = self.endpoints.get(user.role, [])
            while self._go_on():
                if user.role == "initiator":
                    self._get(browser, "initiator: read", f"/initiatieven/{user.slug}/")
                    if writes and self._go_on():
                        self.write(browser, "initiator", random.choice(writes), user.slug, user)
                elif user.role == "civil_servant":
                    self._get(browser, "civil servant: read", reverse("partnership:worklist"))
                    if writes and self._go_on():
                        slug = random.choice(self.slugs)
                        self.write(browser, "civil servant", random.choice(writes), slug, user)
                else:
                    self._get(
                        browser, "council member: dashboard", random.choice(self.council_paths)
                    )
                if self.think:
                    time.sleep(random.uniform(0, 2 * self.think))
        except LoopbackOnly as error:
            self.stats.error("refused", str(error))
        finally:
            browser.close()


# --- The command ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)  # nearest rank: the smallest value with p% at or below it
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[min(len(ordered), max(1, rank)) - 1]


def _resolve(name, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


class Command(BaseCommand):
    help = (
        "Load test on this machine (127.0.0.1 only): gunicorn on the DATABASE_URL PostgreSQL "
        "database, simulated initiators, civil servants and council members for a bounded "
        "time; reports throughput, p50/p95 latency and errors, and checks that every "
        "acknowledged write is in the database. Creates its users under @" + USER_DOMAIN + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--max-requests", type=int, default=200_000)
        parser.add_argument(
            "--think",
            type=float,
            default=0.0,
            help="mean pause between a user's steps, in seconds (default 0)",
        )
        parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) * 2))
        parser.add_argument("--threads", type=int, default=4)
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
        parser.add_argument("--json", help="also write the results to this file")

    def handle(self, *args, **o):
        users, seconds = o["users"], o["seconds"]
        if not 1 <= users <= MAX_USERS:
            raise CommandError(f"--users must be between 1 and {MAX_USERS}.")
        if not 0 < seconds <= MAX_SECONDS:
            raise CommandError(f"--seconds must be above 0 and at most {MAX_SECONDS}.")
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

        endpoints = self._endpoints()
        council_paths = [p for p in (_resolve(n) for n in COUNCIL_READS) if p] or ["/"]
        for role, found in endpoints.items():
            names = ", ".join(e.name for e in found) or "none found: reads only"
            self.stdout.write(f"{role} writes: {names}")
        self.stdout.write(f"council member reads: {', '.join(council_paths)}")

        run_id = secrets.token_hex(3)
        password = secrets.token_urlsafe(16)
        sim_users, slugs = self._prepare_users(users, password)
        baseline = self._baseline()
        stats = Stats()
        port = _free_port()
        server = self._start_gunicorn(port, o["workers"], o["threads"])
        try:
            self._wait_until_up(port, server)
            self.stdout.write(
                f"gunicorn on http://{HOST}:{port}/ ({o['workers']} workers × {o['threads']} "
                f"threads); {users} users for {seconds:g} s..."
            )
            simulation = Simulation(
                port=port,
                workers=o["workers"],
                users=sim_users,
                password=password,
                endpoints=endpoints,
                council_paths=council_paths,
                slugs=slugs,
                deadline=float("inf"),
                max_requests=o["max_requests"],
                think=o["think"],
                run_id=run_id,
                stats=stats,
            )
            threads = [
                threading.Thread(target=simulation.run_user, args=(u,), daemon=True)
                for u in sim_users
            ]
            logins_started = time.monotonic()
            for thread in threads:
                thread.start()
            for _ in threads:
                left = logins_started + LOGIN_PHASE_SECONDS - time.monotonic()
                if not simulation.ready.acquire(timeout=max(0.1, left)):
                    break
            started = time.monotonic()
            login_seconds = started - logins_started
            simulation.deadline = started + seconds
            simulation.start.set()
            for thread in threads:
                thread.join(timeout=max(1.0, started + seconds + 60 - time.monotonic()))
            elapsed = time.monotonic() - started
        finally:
            self._stop(server)
        connection.close()
        found = self._written_markers(run_id, baseline)
        self._report(stats, elapsed, login_seconds, found, o.get("json"), users, o)

    # -- set-up

    def _endpoints(self) -> dict[str, list[Endpoint]]:
        result = {}
        for role, table in (
            ("initiator", INITIATOR_WRITES),
            ("civil_servant", CIVIL_SERVANT_WRITES),
        ):
            found = []
            for name, needs, overrides in table:
                kwargs = {"slug": "x"} if needs is None else {"slug": "x", "pk": 1}
                if _resolve(name, **kwargs):
                    found.append(Endpoint(name, needs, overrides))
            result[role] = found
        return result

    def _prepare_users(self, count: int, password: str):
        """Load-test accounts (reused between runs), each initiator a member of its own
        initiative; returns them and the initiatives civil servants log for."""
        from allauth.account.models import EmailAddress
        from django.contrib.auth.models import Group

        from initiatives.accounts.models import Department, User
        from initiatives.models import Initiative, Membership
        from partnership.models import Contact

        initiators = max(1, round(count * 0.4)) if count > 2 else 1
        civil = max(1, round(count * 0.3)) if count > 2 else (1 if count > 1 else 0)
        council = count - initiators - civil
        roles = (
            ["initiator"] * initiators + ["civil_servant"] * civil + ["council_member"] * council
        )
        groups = {g.name: g for g in Group.objects.all()}
        departments = list(Department.objects.filter(parent__isnull=False)) or list(
            Department.objects.all()
        )
        initiatives = list(
            Initiative.objects.filter(archived_at__isnull=True)
            .order_by("?")
            .values_list("pk", "slug")[: max(200, initiators)]
        )
        rng = random.Random(7)
        sim_users = []
        for index, role in enumerate(roles):
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
            sim = SimUser(role=role, email=email)
            if role == "initiator":
                pk, slug = initiatives[index % len(initiatives)]
                Membership.objects.get_or_create(
                    initiative_id=pk,
                    user=user,
                    defaults={"role": Membership.Role.CO_INITIATOR},
                )
                Membership.objects.filter(initiative_id=pk, user=user).update(left_at=None)
                sim.slug = slug
                sim.contact_ids = list(
                    Contact.objects.filter(initiative_id=pk, archived_at__isnull=True).values_list(
                        "pk", flat=True
                    )[:50]
                )
            sim_users.append(sim)
        return sim_users, [slug for _, slug in initiatives]

    def _start_gunicorn(self, port: int, workers: int, threads: int):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="partnership.demo.loadtest_settings",
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS=HOST,
            DJANGO_LOG_LEVEL="ERROR",
            # Simulated civil servants log in with a password only (no authenticator app).
            MFA_REQUIRED_FOR_STAFF="false",
        )
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            env["DATABASE_URL"] = f"sqlite:///{Path(db['NAME']).resolve()}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "partnership.config.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "--log-level",
            "warning",
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
                if Browser(port, timeout=5).request("GET", "/health/").status == 200:
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

    # -- checking the writes

    def _written_models(self):
        from initiatives.models import StatusChange
        from partnership.models import Blockage, CityRequest, Commitment, Contact, Contract, Reply
        from publicvalue.models import ValueRecord

        return (
            Reply,
            Blockage,
            ValueRecord,
            Contact,
            Commitment,
            CityRequest,
            Contract,
            StatusChange,
        )

    def _baseline(self) -> dict:
        return {
            model: model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
            for model in self._written_models()
        }

    def _written_markers(self, run_id: str, baseline: dict) -> set[str]:
        prefix = f"LT{run_id}-"
        pattern = re.compile(re.escape(prefix) + r"\d{6}")
        found: set[str] = set()
        for model in self._written_models():
            text_fields = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, (models.CharField, models.TextField))
            ]
            condition = models.Q()
            for name in text_fields:
                condition |= models.Q(**{f"{name}__contains": prefix})
            rows = model._base_manager.filter(pk__gt=baseline[model]).filter(condition)
            for values in rows.values_list(*text_fields):
                for value in values:
                    found.update(pattern.findall(value or ""))
        return found

    # -- the report

    def _report(self, stats, elapsed, login_seconds, found: set[str], json_path, users, o):
        out = self.stdout.write
        errors = sum(stats.errors.values())

        def row_for(values, seconds, error_count):
            return {
                "requests": len(values),
                "per_second": len(values) / seconds if seconds else 0,
                "p50_ms": statistics.median(values) * 1000 if values else 0,
                "p95_ms": _percentile(values, 95) * 1000,
                "max_ms": max(values) * 1000 if values else 0,
                "errors": error_count,
            }

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
        rows = {}
        login = row_for(stats.latencies.get("login", []), login_seconds, stats.errors["login"])
        rows["login (before the run)"] = login
        line("login (before the run)", login)
        kinds = sorted((set(stats.latencies) | set(stats.errors)) - {"login"})
        for kind in kinds:
            rows[kind] = row_for(stats.latencies.get(kind, []), elapsed, stats.errors.get(kind, 0))
            line(kind, rows[kind])
        every = [v for kind in kinds for v in stats.latencies.get(kind, [])]
        rows["all (the run)"] = row_for(
            every, elapsed, sum(stats.errors.get(kind, 0) for kind in kinds)
        )
        line("all (the run)", rows["all (the run)"])
        total = len(every)
        acknowledged = set(stats.acknowledged)
        lost = sorted(acknowledged - found)
        rejected = sum(stats.rejected.values())
        out("")
        out(
            f"{users} users, {elapsed:.1f} s. Writes acknowledged: {len(acknowledged)}, found in "
            f"the database: {len(acknowledged & found)}, lost: {len(lost)}; "
            f"refused by validation: {rejected}."
        )
        by_endpoint = defaultdict(int)
        for name in stats.acknowledged.values():
            by_endpoint[name] += 1
        if by_endpoint:
            out(
                "Acknowledged per endpoint: "
                + ", ".join(f"{name} {count}" for name, count in sorted(by_endpoint.items()))
            )
        for sample in stats.error_samples:
            out(f"  error: {sample}")
        for sample in stats.rejected_samples[:5]:
            out(f"  refused: {sample}")
        for marker in lost[:20]:
            out(f"  lost: {marker} ({stats.acknowledged[marker]})")
        if json_path:
            Path(json_path).write_text(
                json.dumps(
                    {
                        "users": users,
                        "seconds": elapsed,
                        "workers": o["workers"],
                        "threads": o["threads"],
                        "kinds": rows,
                        "requests": total,
                        "errors": errors,
                        "acknowledged_writes": len(acknowledged),
                        "found_writes": len(acknowledged & found),
                        "lost_writes": lost,
                        "refused_by_validation": dict(stats.rejected),
                    },
                    indent=2,
                )
            )
        if errors or lost:
            raise CommandError(f"{errors} errors and {len(lost)} lost writes.")
        self.stdout.write(self.style.SUCCESS("No errors; every acknowledged write is stored."))
