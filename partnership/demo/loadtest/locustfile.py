"""The simulated users of ``python manage.py loadtest``, on Locust.

Initiators read their partner page and write (raise a blockage, record value, answer a contact);
civil servants read their work list and log (contacts, commitments, blockages) for any
initiative; council members read the dashboards. Every user now and then also fetches the
pages' stylesheet (served by WhiteNoise from what ``collectstatic`` wrote). Each logs in through
the real login form. A write the server acknowledges (a redirect after the POST) is remembered
by the unique marker its text carries, so the command can look for it in the database
afterwards.

Locust knows no Django: the command writes a plan (JSON: the address, the accounts, the paths)
and runs ``python -m partnership.demo.loadtest.locustfile PLAN RESULTS``, which measures the
trivial page (/health/) with as many users, then the mix, and writes the figures to RESULTS.
With ``LOADTEST_PLAN=PLAN`` set, ``locust -f`` can run the same users (Initiator CivilServant
CouncilMember) by hand.
"""

import datetime as dt
import itertools
import json
import os
import random
import sys
import time
from collections import Counter
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from gevent.lock import BoundedSemaphore
from locust import FastHttpUser, task
from locust.env import Environment

from partnership.demo.loadtest import pages

LOGIN_SECONDS = 300  # at most, before the measured run starts
PAGE_WEIGHT = 4  # each page task against the stylesheet's 1 (a browser mostly has it cached)


class Run:
    """What the users of this process share: the plan and what they saw."""

    plan: dict = {}  # main() reads it; for ``locust -f`` see the end of this module
    numbers = itertools.count(1)
    user_numbers = itertools.count()  # which server a user logs in on and works on
    accounts: dict = {}
    acknowledged: dict[str, str] = {}  # marker -> URL name of the write
    refused: Counter = Counter()
    refused_samples: list[str] = []
    logins_done = 0
    start = Event()  # set: the users work; main() holds them until all have logged in
    start.set()
    logging_in = BoundedSemaphore(4)

    @classmethod
    def account(cls, role: str) -> dict:
        if role not in cls.accounts:
            cls.accounts[role] = itertools.cycle(cls.plan["accounts"][role])
        return next(cls.accounts[role])


def think(user) -> float:
    mean = Run.plan.get("think", 0)
    return random.uniform(0, 2 * mean) if mean else 0


class Member(FastHttpUser):
    abstract = True
    role = ""
    wait_time = think
    default_headers = {"Accept-Language": "en"}
    network_timeout = connection_timeout = 60.0

    def on_start(self):
        pages.check_host(self.host)
        # With several app servers (``--servers``), a user logs in on one and works on the
        # next: its session must be shared (PostgreSQL + the Redis cache) or every read fails.
        hosts = [pages.check_host(h) for h in Run.plan.get("hosts") or [self.host]]
        number = next(Run.user_numbers)
        self.login_host = hosts[number % len(hosts)]
        self.work_host = hosts[(number + 1) % len(hosts)]
        self.account = Run.account(self.role)
        self.today = dt.date.fromisoformat(Run.plan["today"])
        try:
            with Run.logging_in:  # a few at a time: password hashing is slow on purpose
                logged_in = self.log_in()
        finally:
            Run.logins_done += 1
        Run.start.wait()
        if not logged_in:
            Event().wait()  # idle until the run ends: a user who cannot log in does nothing

    def url(self, path: str, host: str = "") -> str:
        """``path`` on ``host`` (by default the server this user works on)."""
        if path.startswith(("http://", "https://")):
            pages.local_path(path)  # refuses anything but 127.0.0.1
            return path
        return (host or self.work_host) + path

    def get(self, kind: str, path: str, host: str = ""):
        """The page, or None (and a failure in the statistics) when it is not a 200."""
        with self.client.get(
            self.url(path, host), name=kind, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"GET {path}: {r.status_code}")
                return None
            return r.text

    def post(self, path: str, data: dict[str, list[str]], kind: str, host: str = ""):
        """A form sent as a browser sends it (a field may repeat); redirects are not followed."""
        return self.client.post(
            self.url(path, host),
            data=urlencode(data, doseq=True),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            name=kind,
            allow_redirects=False,
            catch_response=True,
        )

    def log_in(self) -> bool:
        path = Run.plan["paths"]["login"]
        with self.client.get(
            self.url(path, self.login_host), name="login", catch_response=True
        ) as r:
            forms, _ = pages.parse(r.text or "")
            form = next((f for f in forms if any(i["name"] == "login" for i in f.fields)), None)
            if r.status_code != 200 or form is None:
                r.failure(f"no login form ({r.status_code})")
                return False
        overrides = {"login": self.account["email"], "password": Run.plan["password"]}
        data = pages.fill(form, marker="", overrides=overrides, today=self.today)
        data.pop("remember", None)
        with self.post(form.action or path, data, "login", host=self.login_host) as r:
            if r.status_code != 302:
                errors = pages.parse(r.text or "")[1][:2]
                r.failure(f"{self.account['email']}: {r.status_code} {errors}")
                return False
        return True

    def write(self, name: str, path: str):
        """Open the form, fill it with a fresh marker, send it; follow the redirect."""
        page = self.get(f"{self.label}: form", path)
        form = pages.main_form(pages.parse(page)[0], path) if page is not None else None
        if form is None:
            return
        marker = pages.marker(Run.plan["run_id"], next(Run.numbers))
        overrides = Run.plan["overrides"].get(name, {})
        data = pages.fill(form, marker=marker, overrides=overrides, today=self.today)
        kind, location = f"{self.label}: write", None
        with self.post(form.action or path, data, kind) as r:
            if r.status_code == 302:
                Run.acknowledged[marker] = name
                try:
                    location = pages.local_path(r.headers.get("Location") or "")
                except pages.LoopbackOnly as error:
                    r.failure(str(error))
            elif r.status_code == 200:  # the form again, with what was wrong: not an error
                Run.refused[name] += 1
                if len(Run.refused_samples) < 20:
                    errors = pages.parse(r.text)[1][:3]
                    Run.refused_samples.append(f"{name}: {'; '.join(errors) or 'no message'}")
            else:
                r.failure(f"POST {path}: {r.status_code}")
        if location:
            self.get(f"{self.label}: read", location)

    @task
    def stylesheet(self):
        """The pages' CSS, as a browser without it in its cache asks for it (compressed)."""
        path = Run.plan["paths"].get("stylesheet")
        if not path:
            return
        with self.client.get(
            self.url(path),
            name="stylesheet (static)",
            headers={"Accept-Encoding": "br, gzip"},
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"GET {path}: {r.status_code}")

    @property
    def label(self) -> str:
        return self.role.replace("_", " ")


class Initiator(Member):
    """Reads the partner page of the initiative it belongs to; writes on it."""

    role = "initiator"

    @task(PAGE_WEIGHT)
    def read(self):
        self.get("initiator: read", self.account["page"])

    @task(PAGE_WEIGHT)
    def write_something(self):
        writes = self.account["writes"]  # [URL name, [paths]]; contacts to answer differ
        if not writes:
            return self.read()
        name, paths = random.choice(writes)
        self.write(name, random.choice(paths))


class CivilServant(Member):
    """Reads the work list; logs a contact, commitment or blockage for any initiative."""

    role = "civil_servant"

    @task(PAGE_WEIGHT)
    def read(self):
        self.get("civil servant: read", Run.plan["paths"]["worklist"])

    @task(PAGE_WEIGHT)
    def write_something(self):
        writes = Run.plan["civil_servant_writes"]
        if not writes:
            return self.read()
        name, paths = random.choice(writes)
        self.write(name, random.choice(paths))


class CouncilMember(Member):
    """Reads the dashboards."""

    role = "council_member"

    @task(PAGE_WEIGHT)
    def read(self):
        self.get("council member: dashboard", random.choice(Run.plan["paths"]["dashboards"]))


class Health(FastHttpUser):
    """The trivial page, as fast as it comes: the ceiling the mix is compared with."""

    wait_time = think

    def on_start(self):
        hosts = [pages.check_host(h) for h in Run.plan.get("hosts") or [self.host]]
        self.server = hosts[next(Run.user_numbers) % len(hosts)]

    @task
    def health(self):
        path = self.server + Run.plan["paths"]["health"]
        self.client.get(path, name="health", allow_redirects=False)


# --- Running it: python -m partnership.demo.loadtest.locustfile PLAN RESULTS -------------------


def row(entry, seconds: float) -> dict:
    return {
        "requests": entry.num_requests,
        "per_second": entry.num_requests / seconds if seconds else 0,
        "p50_ms": entry.get_response_time_percentile(0.5) if entry.num_requests else 0,
        "p95_ms": entry.get_response_time_percentile(0.95) if entry.num_requests else 0,
        "max_ms": entry.max_response_time or 0,
        "errors": entry.num_failures,
    }


def load_average() -> list[float]:
    """The machine's load average (1, 5, 15 min) at the end of a phase: the 1-minute figure is
    how busy the cores were during it, whatever else ran on them."""
    return [round(x, 2) for x in os.getloadavg()]


def samples(stats) -> list[str]:
    errors = sorted(stats.errors.values(), key=lambda e: -e.occurrences)
    return [f"{e.name}: {e.error} (×{e.occurrences})" for e in errors[:10]]


def measure_health(host: str, users: int, seconds: float) -> dict:
    env = Environment(user_classes=[Health], host=host)
    runner = env.create_local_runner()
    runner.start(user_count=users, spawn_rate=users)
    gevent.sleep(min(3.0, seconds / 4))  # warm up
    env.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - started
    result = row(env.stats.total, elapsed)
    result["load_average"] = load_average()
    runner.quit()
    return result


def run_mix(host: str, seconds: float) -> dict:
    counts = {role: len(accounts) for role, accounts in Run.plan["accounts"].items()}
    classes = [Initiator, CivilServant, CouncilMember]
    for cls in classes:
        cls.fixed_count = counts.get(cls.role, 0)
    classes = [cls for cls in classes if cls.fixed_count]
    users = sum(cls.fixed_count for cls in classes)
    Run.logging_in = BoundedSemaphore(max(1, Run.plan.get("login_concurrency", 4)))
    Run.start.clear()
    env = Environment(user_classes=classes, host=host)
    runner = env.create_local_runner()
    logins_started = time.monotonic()
    runner.start(user_count=users, spawn_rate=min(users, 100))
    while Run.logins_done < users and time.monotonic() - logins_started < LOGIN_SECONDS:
        gevent.sleep(0.1)
    login_seconds = time.monotonic() - logins_started
    login = row(env.stats.total, login_seconds)  # the users waited: only logins so far
    login_errors = samples(env.stats)
    env.stats.reset_all()
    started = time.monotonic()
    Run.start.set()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - started
    runner.quit()
    entries = sorted(env.stats.entries.items())
    return {
        "seconds": elapsed,
        "login": login,
        "login_seconds": login_seconds,
        "kinds": {
            name: row(entry, elapsed)
            for (name, _), entry in entries
            if entry.num_requests or entry.num_failures
        },
        "all": row(env.stats.total, elapsed),
        "load_average": load_average(),
        "error_samples": login_errors + samples(env.stats),
        "acknowledged": Run.acknowledged,
        "refused": dict(Run.refused),
        "refused_samples": Run.refused_samples,
    }


def main(plan_path: str, results_path: str) -> None:
    with open(plan_path) as file:
        Run.plan = json.load(file)
    host = pages.check_host(Run.plan["host"])
    users = sum(len(accounts) for accounts in Run.plan["accounts"].values())
    health = None
    if Run.plan.get("health_seconds"):
        health = measure_health(host, users, Run.plan["health_seconds"])
    results = run_mix(host, Run.plan["seconds"])
    results["health"] = health
    with open(results_path, "w") as file:
        json.dump(results, file, indent=2)


if __name__ != "__main__" and os.environ.get("LOADTEST_PLAN"):  # run by ``locust -f``
    with open(os.environ["LOADTEST_PLAN"]) as plan_file:
        Run.plan = json.load(plan_file)
elif __name__ == "__main__":
    try:
        main(*sys.argv[1:3])
    except pages.LoopbackOnly as error:
        sys.exit(str(error))
