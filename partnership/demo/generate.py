"""Build a believable Rotterdam: initiatives over three years with everything the city logged.

Everything is drawn from one ``random.Random(seed)`` in a fixed order, so the same seed gives
the same titles, people and counts; dates are offsets from ``today``. Initiatives are planned
first (place, status history, departments, people), then written in chunks of 1,000 with their
records. Rows are built without ``Model.__init__`` and inserted in bulk: ``bulk_create`` in
batches of 2,000 (ids come back from the insert), or on PostgreSQL with COPY, which loads
10,000 initiatives with their half a million records in about a minute. With COPY (as a
superuser) the foreign keys are checked once per key at the end, not once per row at the commit.
"""

import math
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.text import slugify

from initiatives import models as im
from initiatives.accounts import models as am
from initiatives.permissions import CIVIL_SERVANT, COORDINATOR, COUNCIL_MEMBER, INITIATOR
from partnership import clock
from partnership import models as pm
from partnership.demo import community, texts
from partnership.demo.accounts import DEMO_DOMAIN, DEMO_LOGINS, DEMO_PASSWORD, MUNICIPAL_DOMAIN
from partnership.demo.inbox import write as write_inbox
from partnership.demo.proposals import (
    CHANGED_DAYS_AGO,
    CHANGED_FRAMEWORK,
    PREVENTED_SHARE,
    write_peers,
    write_proposals,
)
from publicvalue import models as vm

DEFAULT_INITIATIVES = 300
DEFAULT_SEED = 2026
BATCH_SIZE = 2000
CHUNK = 1000  # initiatives generated and written at a time

# Records per initiative on average (the city at 10,000 initiatives: 150,000 contacts, ...).
PER_INITIATIVE = {
    "contacts": 15.0,
    "blockages": 2.95,  # plus the long-stuck ones planned separately: about 3 in all
    "commitments": 4.0,
    "values": 6.0,
    "requests": 0.5,
    "contracts": 0.2,
    "partners": 0.9,
}

_DEFAULTS: dict = {}  # per model: attribute name -> default value, for ``Seeder.make``

Status = im.Status
# Choices as plain lists, in their declared order (picked hundreds of thousands of times).
LEGAL_FORMS = list(im.LegalForm.values)
COOPERATIONS = list(im.InitiativePartner.Cooperation.values)
CHANNELS = list(pm.Contact.Channel.values)
DECISIONS = list(pm.CityRequest.Decision.values)
EVIDENCE = list(vm.Evidence.values)
BStatus = pm.Blockage.Status
CStatus = pm.Commitment.Status
Decision = pm.CityRequest.Decision


@dataclass
class SeedResult:
    counts: dict[str, int]
    elapsed: float
    insert_seconds: float  # of ``elapsed``, the time spent inserting
    satisfied_share: float


@dataclass
class Plan:
    """What one initiative will be, decided before any row is written."""

    index: int
    concept: texts.Concept
    area: im.Area
    hood: im.Neighbourhood | None
    street: str
    created: date
    path: list[tuple[str, date]]
    end: date
    domain: str
    title: str = ""
    slug: str = ""
    weight: float = 1.0
    stuck: bool = False
    showcase: bool = False
    is_public: bool = True
    depts: list[int] = field(default_factory=list)
    request_kinds: list[str] = field(default_factory=list)
    late_request: int | None = None  # index of a request still undecided past its deadline
    private_demo: bool = False
    stuck_framework: str = ""
    stuck_trail: list[int] = field(default_factory=list)
    point_of_contact: int | None = None
    lead: int = 0
    co: list[int] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    asks: list[int] = field(default_factory=list)
    partner_ids: list[int] = field(default_factory=list)
    volunteers: int = 1
    pk: int | None = None

    @property
    def status(self) -> str:
        return self.path[-1][0]

    @property
    def span(self) -> int:
        return max(0, (self.end - self.created).days)


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class Seeder:
    """One seeding run. ``run()`` writes everything inside one transaction."""

    def __init__(
        self,
        *,
        initiatives: int = DEFAULT_INITIATIVES,
        seed: int = DEFAULT_SEED,
        today: date | None = None,
        log=None,
        use_copy: bool = True,
    ):
        if initiatives < 1:
            raise ValueError("At least one initiative is needed.")
        self.n = initiatives
        self.rng = random.Random(seed)
        # Profiles and commitment owners draw from their own stream, so that adding them did not
        # change the city the main stream makes.
        self.people_rng = random.Random(seed * 7919 + 15)
        # Routing and first answers (issue 15) draw from their own stream, so that adding them
        # left every other figure of the seed as it was.
        self.answers_rng = random.Random(seed + 15)
        # Objections and figures of issue 15 draw from their own stream, so adding them left
        # every other seeded row as it was.
        self.decision_rng = random.Random(f"decisions-{seed}")
        self.objection_outcomes: Counter = Counter()

        # The intake (who was named when) draws from its own stream, so that adding it left
        # every other figure of the demo as it was.
        self.intake_rng = random.Random(f"intake-{seed}")
        self.today = today or timezone.localdate()
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now().astimezone(self.tz)  # same tzinfo as ``at``: cheap to compare
        self.log = log or (lambda message: None)
        self.counts: Counter = Counter()
        self.links: list = []
        self.use_copy = use_copy and connection.vendor == "postgresql"
        self.insert_seconds = 0.0
        self.midnights: dict[date, datetime] = {}
        self.scores: list[int] = []

    # --- helpers -----------------------------------------------------------------------------

    def at(self, day: date, hour: int | None = None) -> datetime:
        """An aware moment during office hours on ``day``, never later than now."""
        midnight = self.midnights.get(day)
        if midnight is None:
            midnight = self.midnights[day] = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        hour = hour if hour is not None else self.between(8, 17)
        moment = midnight + timedelta(hours=hour, minutes=self.between(0, 59))
        return moment if day < self.today else min(moment, self.now)

    def after(self, day: date, previous: datetime | None) -> datetime:
        """A moment on ``day`` later than ``previous``: steps logged on one day keep their order."""
        moment = self.at(day)
        return moment if previous is None else max(moment, previous + timedelta(minutes=1))

    def day_in(self, start: date, end: date) -> date:
        span = (end - start).days
        return start + timedelta(days=self.between(0, span)) if span > 0 else start

    def capped(self, day: date) -> date:
        return min(day, self.today)

    def below(self, n: int) -> int:
        """A whole number from 0 to n - 1 (cheaper than ``randrange``; called a million times)."""
        return int(self.rng.random() * n)

    def between(self, low: int, high: int) -> int:
        """A whole number from low to high inclusive."""
        return low + int(self.rng.random() * (high - low + 1))

    def pick(self, options, weights=None):
        if weights is None:
            return options[int(self.rng.random() * len(options))]
        r = self.rng.random() * sum(weights)
        for option, weight in zip(options, weights, strict=True):
            r -= weight
            if r < 0:
                return option
        return options[-1]

    def make(self, model, _links: dict | None = None, **values):
        """An unsaved row, built without ``Model.__init__`` (far cheaper for half a million rows).

        Values use attribute names (``initiative_id``, not ``initiative``). ``_links`` maps such
        a name to a parent row that is not inserted yet; ``resolve_links`` fills in its id."""
        defaults = _DEFAULTS.get(model)
        if defaults is None:
            defaults = _DEFAULTS[model] = {
                f.attname: f.get_default() for f in model._meta.concrete_fields
            }
        obj = model.__new__(model)
        data = obj.__dict__
        data.update(defaults)
        data.update(values)
        data["_state"] = ModelState()
        if _links:
            for attname, parent in _links.items():
                self.links.append((data, attname, parent))
        return obj

    def resolve_links(self) -> None:
        for data, attname, parent in self.links:
            data[attname] = parent.pk
        self.links = []

    def scale(self, per_300: float, minimum: int) -> int:
        return max(minimum, round(per_300 * self.n / DEFAULT_INITIATIVES))

    def bulk(self, model, objs: list) -> list:
        """Insert ``objs`` and give them their ids."""
        if objs:
            started = time.perf_counter()
            if self.use_copy:
                self.copy(model, objs)
            else:
                model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
            self.insert_seconds += time.perf_counter() - started
            if objs[0].pk is None:
                raise RuntimeError(f"The database did not return ids for {model.__name__}.")
            self.counts[model._meta.label] += len(objs)
        return objs

    def copy(self, model, objs: list) -> None:
        """PostgreSQL's COPY, about five times faster than ``bulk_create``'s INSERTs.

        COPY returns no ids, so they are taken from the table's own sequence first (as an INSERT
        would), which keeps the sequence right for everything inserted later."""
        meta = model._meta
        fields = meta.concrete_fields
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(objs)])
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.__dict__[meta.pk.attname] = pk
            for f in fields:
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    for obj in objs:
                        f.pre_save(obj, add=True)
            attnames = [f.attname for f in fields]
            columns = ", ".join(qn(f.column) for f in fields)
            with cursor.cursor.copy(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN") as out:
                for obj in objs:
                    data = obj.__dict__
                    out.write_row([data[a] for a in attnames])
        alias = connection.alias
        for obj in objs:
            obj._state.adding = False
            obj._state.db = alias

    # --- the run -------------------------------------------------------------------------------

    def run(self) -> SeedResult:
        started = time.perf_counter()
        with transaction.atomic():
            checks_per_row = not (self.use_copy and self.check_keys_at_the_end())
            self.load_reference()
            self.ensure_organisation()
            plans = self.plan_initiatives()
            self.create_users(plans)
            self.assign_area_coordinators()
            for start in range(0, len(plans), CHUNK):
                self.write_chunk(plans[start : start + CHUNK])
                self.log(f"  {min(start + CHUNK, len(plans))} / {len(plans)} initiatives")
            community.write(self)
            write_proposals(self, plans)
            write_peers(self)
            write_inbox(self)
            if not checks_per_row:
                self.check_foreign_keys()
        satisfied = sum(1 for s in self.scores if s >= 4) / len(self.scores) if self.scores else 0.0
        return SeedResult(
            dict(self.counts), time.perf_counter() - started, self.insert_seconds, satisfied
        )

    def check_keys_at_the_end(self) -> bool:
        """On PostgreSQL, the foreign keys of a million rows are checked one row at a time at
        the commit (a fifth of the seed's time): switch those per-row checks off for this
        transaction (``session_replication_role``, allowed to superusers only; otherwise
        nothing changes) and check every foreign key once, set-wise, at the end instead."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            return False
        return True

    def check_foreign_keys(self) -> None:
        """Every foreign key of every table, in one anti-join each; then the per-row checks are
        switched back on for the rest of the transaction."""
        qn = connection.ops.quote_name
        models = [
            m
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy
        ]
        with connection.cursor() as cursor:
            for model in models:
                table = qn(model._meta.db_table)
                for f in model._meta.concrete_fields:
                    if not f.is_relation or not f.db_constraint:
                        continue
                    target = f.target_field
                    parent = qn(target.model._meta.db_table)
                    cursor.execute(
                        f"SELECT c.{qn(f.column)} FROM {table} c WHERE c.{qn(f.column)} IS NOT "
                        f"NULL AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{qn(target.column)}"
                        f" = c.{qn(f.column)}) LIMIT 1"
                    )
                    missing = cursor.fetchone()
                    if missing:
                        raise IntegrityError(
                            f"{model._meta.label}.{f.name} = {missing[0]} points at no row."
                        )
            cursor.execute("SET LOCAL session_replication_role = origin")

    def load_reference(self) -> None:
        self.areas = list(im.Area.objects.prefetch_related("neighbourhoods"))
        if len(self.areas) == 0:
            raise RuntimeError("No areas found: run the migrations first.")
        self.themes = dict(im.Theme.objects.values_list("slug", "pk"))
        self.asks = dict(im.CityAsk.objects.values_list("code", "pk"))
        self.kinds = {k.code: k for k in pm.RequestKind.objects.all()}
        self.grounds = defaultdict(list)
        for kind_code, ground_id in pm.RefusalGround.kinds.through.objects.values_list(
            "requestkind__code", "refusalground_id"
        ).order_by("requestkind__code", "refusalground__code"):
            self.grounds[kind_code].append(ground_id)
        self.ground_objs = {g.pk: g for g in pm.RefusalGround.objects.all()}
        self.dimensions = {d.code: d.pk for d in vm.ValueDimension.objects.filter(retired_at=None)}
        self.indicators = {
            i.code: i
            for i in vm.Indicator.objects.filter(
                retired_at=None, dimension__retired_at=None
            ).select_related("dimension")
        }
        self.groups = {
            g.name: g.pk
            for g in Group.objects.filter(
                name__in=[INITIATOR, CIVIL_SERVANT, COUNCIL_MEMBER, COORDINATOR]
            )
        }

    def ensure_organisation(self) -> None:
        """Departments within the clusters, policy frameworks and partner organisations.

        Created when missing (by name), so a second run adds nothing here."""
        clusters = {d.name: d for d in am.Department.objects.filter(parent=None)}
        for cluster in clusters.values():
            if not cluster.email:
                cluster.email = f"{cluster.slug}@{MUNICIPAL_DOMAIN}"
                cluster.save(update_fields=["email"])
        existing = {d.name: d for d in am.Department.objects.all()}
        new = []
        for name, cluster, _social, _physical, _desc in texts.DEPARTMENTS:
            if name not in existing:
                slug = slugify(name)
                parent = clusters.get(cluster)
                new.append(
                    am.Department(
                        name=name, slug=slug, parent=parent, email=f"{slug}@{MUNICIPAL_DOMAIN}"
                    )
                )
        self.bulk(am.Department, new)
        by_name = {d.name: d for d in am.Department.objects.all()}
        self.dept_ids = {name: by_name[name].pk for name, *_ in texts.DEPARTMENTS}
        self.dept_names = {pk: name for name, pk in self.dept_ids.items()}
        # A new request lands on its deciding department's work list from day one.
        for code, name in REQUEST_DEPARTMENT.items():
            pm.RequestKind.objects.filter(code=code, department__isnull=True).update(
                department_id=self.dept_ids[name]
            )
        self.leaf_ids = [self.dept_ids[name] for name, *_ in texts.DEPARTMENTS]
        self.dept_weights = {
            "social": [s for _n, _c, s, _p, _d in texts.DEPARTMENTS],
            "physical": [p for _n, _c, _s, p, _d in texts.DEPARTMENTS],
        }

        known = set(pm.PolicyFramework.objects.values_list("name", flat=True))
        self.bulk(
            pm.PolicyFramework,
            [
                pm.PolicyFramework(
                    name=name,
                    category=category,
                    department_id=self.dept_ids[dept],
                    description=desc,
                )
                for name, category, dept, desc in texts.FRAMEWORKS
                if name not in known
            ],
        )
        frameworks = {f.name: f for f in pm.PolicyFramework.objects.all()}
        self.frameworks_by_category = defaultdict(list)
        for name, category, _dept, _desc in texts.FRAMEWORKS:
            self.frameworks_by_category[category].append(frameworks[name])
        self.framework_by_name = frameworks
        # Rules on the table: the framework changed last year, and the day it changed.
        self.changed_framework_id = frameworks[CHANGED_FRAMEWORK].pk
        self.changed_on = self.today - timedelta(days=CHANGED_DAYS_AGO)

        known = set(im.PartnerOrganisation.objects.values_list("name", flat=True))
        self.bulk(
            im.PartnerOrganisation,
            [
                im.PartnerOrganisation(
                    name=name, kind=kind, is_anchor_institution=anchor, website=site
                )
                for name, kind, anchor, site in texts.PARTNERS
                if name not in known
            ],
        )
        orgs = {o.name: o.pk for o in im.PartnerOrganisation.objects.all()}
        self.partners_by_kind = defaultdict(list)
        for name, kind, _anchor, _site in texts.PARTNERS:
            self.partners_by_kind[kind].append(orgs[name])
        self.all_partners = [orgs[name] for name, *_ in texts.PARTNERS]

    # --- planning ------------------------------------------------------------------------------

    def plan_initiatives(self) -> list[Plan]:
        rng, today = self.rng, self.today
        area_weights = [texts.AREA_WEIGHTS.get(a.name, 3) for a in self.areas]
        plans = []
        for index in range(self.n):
            concept = self.pick(texts.CONCEPTS)
            area = self.pick(self.areas, area_weights)
            hoods = list(area.neighbourhoods.all())
            hood = self.pick(hoods) if hoods and rng.random() < 0.92 else None
            street = self.pick(texts.STREETS.get(area.name, ["Dorpsstraat"]))
            # Three years, somewhat more in recent years: the movement grows.
            age = self.between(0, 1095) if rng.random() < 0.55 else int(rng.triangular(0, 1095, 0))
            created = today - timedelta(days=age)
            path = self.plan_status(created)
            end = path[-1][1] if path[-1][0] in (Status.STOPPED, Status.COMPLETED) else today
            plans.append(
                Plan(index, concept, area, hood, street, created, path, end, concept.domain)
            )

        self.plan_demo_initiator(plans)
        used = set(im.Initiative.objects.values_list("slug", flat=True))
        titles: set[str] = set()
        for p in sorted(plans, key=lambda p: not p.showcase):  # the showcase keeps its slug
            self.plan_details(p)
            self.plan_title(p, titles, used)
        mean = sum(p.weight for p in plans) / len(plans)
        for p in plans:
            p.weight /= mean
        self.plan_people(plans)
        return plans

    def plan_status(self, created: date) -> list[tuple[str, date]]:
        age = (self.today - created).days
        S = Status
        if age < 45:
            status = self.pick([S.IDEA, S.STARTING, S.ACTIVE], [55, 35, 10])
        elif age < 180:
            status = self.pick(
                [S.IDEA, S.STARTING, S.ACTIVE, S.PAUSED, S.STOPPED], [15, 25, 50, 5, 5]
            )
        else:
            status = self.pick(
                [S.IDEA, S.STARTING, S.ACTIVE, S.PAUSED, S.STOPPED, S.COMPLETED],
                [4, 6, 58, 8, 13, 11],
            )
        paths = {
            S.IDEA: [[S.IDEA]],
            S.STARTING: [[S.IDEA, S.STARTING]],
            S.ACTIVE: [
                [S.IDEA, S.STARTING, S.ACTIVE],
                [S.IDEA, S.ACTIVE],
                [S.IDEA, S.STARTING, S.ACTIVE, S.PAUSED, S.ACTIVE],
            ],
            S.PAUSED: [[S.IDEA, S.STARTING, S.ACTIVE, S.PAUSED], [S.IDEA, S.ACTIVE, S.PAUSED]],
            S.STOPPED: [
                [S.IDEA, S.STOPPED],
                [S.IDEA, S.STARTING, S.STOPPED],
                [S.IDEA, S.STARTING, S.ACTIVE, S.STOPPED],
                [S.IDEA, S.ACTIVE, S.PAUSED, S.STOPPED],
            ],
            S.COMPLETED: [
                [S.IDEA, S.STARTING, S.ACTIVE, S.COMPLETED],
                [S.IDEA, S.ACTIVE, S.COMPLETED],
            ],
        }
        options = paths[status]
        weights = {S.ACTIVE: [60, 30, 10], S.STOPPED: [20, 20, 40, 20]}.get(status)
        steps = self.pick(options, weights)
        offsets = sorted(self.between(1, age) if age > 0 else 0 for _ in steps[1:])
        return [(steps[0], created)] + [
            (s, created + timedelta(days=o)) for s, o in zip(steps[1:], offsets, strict=True)
        ]

    def plan_demo_initiator(self, plans: list[Plan]) -> None:
        """Pick the demo initiator's initiatives: a busy one that is stuck, a private one, more."""
        rng, today = self.rng, self.today
        chosen = rng.sample(range(len(plans)), min(5, len(plans)))
        self.demo_lead = chosen[:3]
        self.demo_co = chosen[3:]
        main = plans[chosen[0]]
        main.concept = texts.CONCEPTS[0]
        main.domain = main.concept.domain
        main.area = next((a for a in self.areas if a.slug == "charlois"), main.area)
        main.hood = next(
            (h for h in main.area.neighbourhoods.all() if h.name == "Tarwewijk"), main.hood
        )
        main.street = "Dorpsweg"
        main.created = today - timedelta(days=420)
        main.path = [
            (Status.IDEA, main.created),
            (Status.STARTING, main.created + timedelta(days=30)),
            (Status.ACTIVE, main.created + timedelta(days=75)),
        ]
        main.end = today
        main.showcase = True
        if len(chosen) > 1:
            plans[chosen[1]].private_demo = True

    def plan_details(self, p: Plan) -> None:
        rng = self.rng
        age = p.span
        size = rng.lognormvariate(0, 0.8)
        p.weight = size * (min(1.0, age / 540) ** 0.6 + 0.05)
        live = p.status in (Status.STARTING, Status.ACTIVE, Status.PAUSED)
        if live and age > 120 and rng.random() < (0.13 if p.domain == "physical" else 0.05):
            p.stuck = True
        if p.showcase:
            p.stuck, p.weight = True, max(p.weight, 1.5)
        if p.stuck:
            p.weight *= 1.6
        p.is_public = not p.private_demo and rng.random() < 0.9

        # The departments the initiative deals with: a first line, perhaps more.
        primary = self.dept_ids[self.pick(texts.FIRST_LINE[p.domain], [5, 3, 2])]
        depts = [primary]
        extra = self.pick([0, 1, 2, 3], [50, 30, 14, 6])
        if size > 1.5:
            extra += 1
        weights = self.dept_weights[p.domain]
        for _ in range(extra):
            depts.append(self.pick(self.leaf_ids, weights))
        if p.stuck:
            framework = self.pick(
                [n for n, _w in texts.STUCK_FRAMEWORKS], [w for _n, w in texts.STUCK_FRAMEWORKS]
            )
            if p.showcase:
                framework = "Grondprijsbeleid"
            category = self.framework_by_name[framework].category
            trail = texts.STUCK_TRAILS[category][: self.between(2, 6)]
            if p.showcase:  # sent around, and now back at Grondzaken (ambtenaar@example.org)
                trail = ["Gebiedsorganisatie", "Grondzaken", "Juridische Zaken", "Grondzaken"]
            p.stuck_framework, p.stuck_trail = framework, [self.dept_ids[n] for n in trail]
            depts.extend(p.stuck_trail)
        kinds = []
        for _ in range(poisson(rng, PER_INITIATIVE["requests"] * p.weight)):
            kinds.append(
                self.pick(p.concept.requests)
                if rng.random() < 0.85
                else self.pick(list(self.kinds))
            )
        if p.showcase:
            kinds.append("grond")
            p.late_request = len(kinds) - 1
        p.request_kinds = kinds
        for kind in kinds:
            depts.append(self.dept_ids[REQUEST_DEPARTMENT[kind]])
        p.depts = list(dict.fromkeys(depts))

    def plan_title(self, p: Plan, titles: set[str], used: set[str]) -> None:
        rng = self.rng
        place = p.hood.name if p.hood else p.area.name
        for attempt in range(12):
            name = self.pick(p.concept.names)
            where = place if rng.random() < 0.7 or attempt > 8 else p.street
            title = f"{name} {where}"
            if attempt > 10:
                title = f"{title} {len(titles) % 97 + 2}"
            if title not in titles:
                break
        if p.showcase:
            title = "Moestuin Tarwewijk"
        titles.add(title)
        base = slugify(title)[:200] or "initiatief"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        p.title, p.slug = title, slug

    def plan_people(self, plans: list[Plan]) -> None:
        """One lead per initiative (some lead two or three), co-initiators for some."""
        rng, n = self.rng, len(plans)
        leads = max(1, round(0.82 * n))
        co_pool = max(1, round(0.4 * n))
        lead_of = list(range(leads)) + [self.below(leads) for _ in range(n - leads)]
        rng.shuffle(lead_of)
        # Initiator ids: 0 is the demo initiator, then lead pool, then co-initiator pool.
        for p, lead in zip(plans, lead_of, strict=True):
            p.lead = 1 + lead
            wanted = self.pick([0, 1, 2, 3], [50, 30, 15, 5])
            for _ in range(wanted):
                if rng.random() < 0.75:
                    who = 1 + leads + self.below(co_pool)
                else:
                    who = 1 + self.below(leads)
                if who != p.lead and who not in p.co:
                    p.co.append(who)
        for i in self.demo_lead:
            plans[i].lead = 0
            plans[i].co = [c for c in plans[i].co if c != 0]
        for i in self.demo_co:
            if 0 not in plans[i].co:
                plans[i].co.append(0)
        self.initiator_count = 1 + leads + co_pool

    # --- users ---------------------------------------------------------------------------------

    def create_users(self, plans: list[Plan]) -> None:
        today = self.today
        password = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo user
        first_seen: dict[int, date] = {}
        for p in plans:
            for who in [p.lead, *p.co]:
                if who not in first_seen or p.created < first_seen[who]:
                    first_seen[who] = p.created
        emails: set[str] = set(DEMO_LOGINS)
        specs = []  # (email, name, phone, department_id, role, joined date)

        def person() -> tuple[str, str]:
            first, last = self.pick(texts.FIRST_NAMES), self.pick(texts.LAST_NAMES)
            return first, last

        def unique(*parts: str, domain: str) -> str:
            local = ".".join(slugify(part).replace("-", "") for part in parts) or "bewoner"
            email, k = f"{local}@{domain}", 2
            while email in emails:
                email, k = f"{local}{k}@{domain}", k + 1
            emails.add(email)
            return email

        people = self.people_rng
        three_years = today - timedelta(days=1095)
        for who in range(self.initiator_count):
            first, last = person()
            joined = first_seen.get(who) or self.day_in(three_years, today)
            if who == 0:
                specs.append(
                    (
                        "initiatiefnemer@example.org",
                        "Fatima el Amrani",
                        "06-12345678",
                        None,
                        INITIATOR,
                        joined,
                    )
                )
                continue
            email = unique(first, last, domain=DEMO_DOMAIN)
            phone = f"06-{self.between(10000000, 99999999)}"
            specs.append(
                (
                    email,
                    f"{first} {last}",
                    phone if people.random() < 0.75 else "",
                    None,
                    INITIATOR,
                    joined,
                )
            )
        self.initiator_specs = len(specs)

        servants = self.scale(40, len(self.leaf_ids))
        weights = [s + ph for _n, _c, s, ph, _d in texts.DEPARTMENTS]
        servant_depts = list(self.leaf_ids) + [
            self.pick(self.leaf_ids, weights) for _ in range(servants - len(self.leaf_ids))
        ]
        specs.append(
            (
                "ambtenaar@example.org",
                "Jeroen Bakker",
                "010-4891234",
                self.dept_ids["Grondzaken"],
                CIVIL_SERVANT,
                three_years,
            )
        )
        for dept in servant_depts:
            first, last = person()
            email = unique(first[0], last, domain=MUNICIPAL_DOMAIN)
            specs.append(
                (
                    email,
                    f"{first} {last}",
                    f"010-{self.between(4000000, 4999999)}",
                    dept,
                    CIVIL_SERVANT,
                    self.day_in(three_years, today),
                )
            )
        self.servant_slice = (self.initiator_specs, len(specs))

        coordinators = self.scale(4, 2)
        specs.append(
            (
                "coordinator@example.org",
                "Marieke Visser",
                "010-4895678",
                self.dept_ids["Gebiedsorganisatie"],
                COORDINATOR,
                three_years,
            )
        )
        for _ in range(coordinators):
            first, last = person()
            email = unique(first[0], last, domain=MUNICIPAL_DOMAIN)
            dept = self.dept_ids[self.pick(["Gebiedsorganisatie", "Zorg en Welzijn", "Subsidies"])]
            specs.append(
                (
                    email,
                    f"{first} {last}",
                    f"010-{self.between(4000000, 4999999)}",
                    dept,
                    COORDINATOR,
                    self.day_in(three_years, today),
                )
            )
        self.coordinator_slice = (self.servant_slice[1], len(specs))

        council = min(45, self.scale(12, 3))
        specs.append(
            ("raadslid@example.org", "Ahmed Yılmaz", "", None, COUNCIL_MEMBER, three_years)
        )
        for _ in range(council):
            first, last = person()
            email = unique(first, last, "raad", domain=DEMO_DOMAIN)
            specs.append(
                (
                    email,
                    f"{first} {last}",
                    "",
                    None,
                    COUNCIL_MEMBER,
                    self.day_in(three_years, today),
                )
            )

        existing = {}
        all_emails = [s[0] for s in specs]
        for start in range(0, len(all_emails), 900):
            existing.update(
                am.User.objects.filter(email__in=all_emails[start : start + 900]).values_list(
                    "email", "pk"
                )
            )
        new_users = [
            self.make(
                am.User,
                email=email,
                name=name,
                phone=phone,
                **self.contact_choice(email, phone, role),
                department_id=dept,
                password=password,
                date_joined=self.at(joined - timedelta(days=self.between(0, 20))),
                is_staff=email == "coordinator@example.org",
            )
            for email, name, phone, dept, role, joined in specs
            if email not in existing
        ]
        self.bulk(am.User, new_users)
        ids = dict(existing)
        ids.update({u.email: u.pk for u in new_users})
        self.user_ids = [ids[s[0]] for s in specs]
        created = {u.pk for u in new_users}
        self.bulk(
            EmailAddress,
            [
                self.make(
                    EmailAddress, user_id=ids[email], email=email, verified=True, primary=True
                )
                for email, *_ in specs
                if ids[email] in created
            ],
        )
        self.bulk(
            am.User.groups.through,
            [
                self.make(am.User.groups.through, user_id=ids[email], group_id=self.groups[role])
                for email, _n, _p, _d, role, _j in specs
                if ids[email] in created
            ],
        )
        coordinator = ids["coordinator@example.org"]
        if coordinator in created:
            # The demo coordinator may use the admin back office for the apps' own models.
            perms = Permission.objects.filter(
                content_type__app_label__in=[
                    "accounts",
                    "initiatives",
                    "partnership",
                    "publicvalue",
                ]
            ).values_list("pk", flat=True)
            self.bulk(
                am.User.user_permissions.through,
                [
                    self.make(
                        am.User.user_permissions.through, user_id=coordinator, permission_id=perm
                    )
                    for perm in perms
                ],
            )

        self.initiator_ids = self.user_ids[: self.initiator_specs]
        self.servants_by_dept = defaultdict(list)
        for spec, uid in zip(
            specs[slice(*self.servant_slice)],
            self.user_ids[slice(*self.servant_slice)],
            strict=True,
        ):
            self.servants_by_dept[spec[3]].append(uid)
        self.all_servants = self.user_ids[slice(*self.servant_slice)]
        self.coordinator_ids = self.user_ids[slice(*self.coordinator_slice)]

    def contact_choice(self, email: str, phone: str, role: str) -> dict:
        """How a demo person likes to be reached, and whether an initiator lets the city see
        their phone: about half of those with a phone do; the demo initiator does."""
        people = self.people_rng
        if email == "initiatiefnemer@example.org":
            return {"preferred_contact": "either", "phone_visible_to_city": True}
        if not phone:
            return {"preferred_contact": "email", "phone_visible_to_city": False}
        if role != INITIATOR:
            return {"preferred_contact": people.choice(["email", "email", "either", "phone"])}
        visible = people.random() < 0.45
        preferred = people.choice(["email", "either", "phone"]) if visible else "email"
        return {"preferred_contact": preferred, "phone_visible_to_city": visible}

    def owner(self, dept: int, servant: int) -> int | None:
        """The commitment's owner: mostly whoever logged it, sometimes a colleague of the same
        department; the demo civil servant owns many of Grondzaken's."""
        pool = self.servants_by_dept.get(dept)
        if not pool:
            return None
        people = self.people_rng
        if dept == self.dept_ids.get("Grondzaken") and people.random() < 0.5:
            return self.user_ids[self.servant_slice[0]]  # ambtenaar@example.org
        if servant in pool and people.random() < 0.85:
            return servant
        return people.choice(pool)

    def servant(self, dept: int) -> int:
        pool = self.servants_by_dept.get(dept) or self.all_servants
        return self.pick(pool)

    # --- first answers (their own random stream, see ``answers_rng``) --------------------------

    def answer_moment(self, day: date, *, low: int = 0, high: int = 10) -> datetime | None:
        """When the city first answered what a partner sent on ``day``: ``low`` to ``high``
        calendar days later (the term is 5 working days, so some on time, some late), or None
        when that lies ahead: still waiting."""
        r = self.answers_rng
        answered = day + timedelta(days=r.randint(low, high))
        if answered > self.today:
            return None
        moment = datetime(answered.year, answered.month, answered.day, tzinfo=self.tz)
        moment += timedelta(hours=r.randint(8, 17), minutes=r.randint(0, 59))
        return min(moment, self.now)

    def assign_area_coordinators(self) -> None:
        """Each area's intake is looked after by one coordinator, dealt out busiest area first
        (so coordinator@example.org looks after Delfshaven); areas that already have one keep
        theirs."""
        through = im.Area.coordinators.through
        covered = set(through.objects.values_list("area_id", flat=True))
        if not self.coordinator_ids:
            return
        busiest = sorted(self.areas, key=lambda a: (-texts.AREA_WEIGHTS.get(a.name, 3), a.name))
        self.bulk(
            through,
            [
                self.make(
                    through,
                    area_id=area.pk,
                    user_id=self.coordinator_ids[i % len(self.coordinator_ids)],
                )
                for i, area in enumerate(busiest)
                if area.pk not in covered
            ],
        )

    def plan_intake(self, p: Plan, poc: int | None) -> tuple[int | None, datetime | None]:
        """Who was named point of contact, and when: most within the ten working days' term,
        some late, a few never; recent registrations still wait in the intake queue."""
        rng = self.intake_rng
        draw = rng.random()
        if p.showcase:
            days = 3
        elif draw < 0.74:
            days = rng.randint(1, 10)  # within the term
        elif draw < 0.94:
            days = rng.randint(11, 40)  # late
        else:
            days = None  # never named
        waited = clock.working_days_between(p.created, self.today)
        if days is None or days > waited:
            return (poc, None) if p.showcase else (None, None)
        if poc is None:
            pool = (self.servants_by_dept.get(p.depts[0]) if p.depts else None) or self.all_servants
            poc = pool[int(rng.random() * len(pool))]
        day = clock.add_working_days(p.created, days)
        moment = datetime(day.year, day.month, day.day, tzinfo=self.tz) + timedelta(
            hours=rng.randint(8, 17), minutes=rng.randint(0, 59)
        )
        return poc, min(moment, self.now)

    # --- writing -------------------------------------------------------------------------------

    def write_chunk(self, plans: list[Plan]) -> None:
        rng = self.rng
        inits = []
        for p in plans:
            lead = self.initiator_ids[p.lead]
            concept = p.concept
            volunteers = max(1, int(rng.lognormvariate(1.6, 0.8)))
            if p.status == Status.IDEA:
                volunteers = min(volunteers, self.between(1, 4))
            reached = int(volunteers * rng.lognormvariate(2.6, 1.0))
            legal = self.pick(LEGAL_FORMS, [45, 15, 30, 4, 6])
            title = p.title
            themes = list(
                dict.fromkeys(
                    list(concept.themes[: self.between(1, len(concept.themes))])
                    + ([self.pick(list(self.themes))] if rng.random() < 0.25 else [])
                )
            )
            asks = set(concept.asks[: self.between(1, len(concept.asks))])
            asks.update(ASK_FOR_KIND[k] for k in p.request_kinds)
            p.themes = [self.themes[t] for t in themes if t in self.themes]
            p.asks = [self.asks[a] for a in sorted(asks) if a in self.asks]
            p.volunteers = volunteers
            started = next((d for s, d in p.path if s in (Status.STARTING, Status.ACTIVE)), None)
            coordinator = None
            if p.showcase:
                coordinator = self.coordinator_ids[0]  # coordinator@example.org
            elif len(p.depts) >= 2 and rng.random() < 0.6:
                coordinator = self.pick(self.coordinator_ids)
            poc = None
            if p.showcase:
                poc = self.user_ids[self.servant_slice[0]]  # ambtenaar@example.org
            elif rng.random() < (0.9 if p.status != Status.IDEA else 0.4):
                poc = self.servant(p.depts[0])
            poc, poc_assigned_at = self.plan_intake(p, poc)
            summary = self.pick(concept.summaries).format(
                wijk=p.hood.name if p.hood else p.area.name, straat=p.street
            )
            description = " ".join(
                [summary]
                + [s.format(v=volunteers) for s in rng.sample(texts.DESCRIPTION_SENTENCES, 3)]
            )
            website = (
                f"https://www.{p.slug}.example.org"
                if legal != "informal" and rng.random() < 0.5
                else ""
            )
            created_at = self.at(p.created)
            inits.append(
                self.make(
                    im.Initiative,
                    title=title,
                    slug=p.slug,
                    summary=summary[:300],
                    description=description,
                    area_id=p.area.pk,
                    neighbourhood_id=p.hood.pk if p.hood else None,
                    domain=p.domain,
                    status=p.status,
                    started_on=started,
                    legal_form=legal,
                    website=website,
                    volunteers=volunteers,
                    people_reached=reached,
                    uses_municipal_land="land" in concept.uses or "grond" in p.request_kinds,
                    uses_municipal_building="building" in concept.uses
                    or "gebouw" in p.request_kinds,
                    uses_public_space="public_space" in concept.uses
                    or "zelfbeheer" in p.request_kinds,
                    point_of_contact_id=poc,
                    point_of_contact_assigned_at=poc_assigned_at,
                    coordinator_id=coordinator,
                    is_public=p.is_public,
                    created_at=created_at,
                    created_by_id=lead,
                    updated_by_id=lead,
                )
            )
        self.bulk(im.Initiative, inits)
        for p, obj in zip(plans, inits, strict=True):
            p.pk = obj.pk
            p.point_of_contact = obj.point_of_contact_id

        rows: dict = defaultdict(list)
        for p in plans:
            self.write_initiative(p, rows)

        parents = [
            im.Initiative.themes.through,
            im.Initiative.asks.through,
            im.StatusChange,
            im.Membership,
            im.InitiativePartner,
            pm.Contact,
            pm.Commitment,
            pm.Blockage,
            pm.CityRequest,
            pm.Contract,
            vm.ValueRecord,
        ]
        children = [
            pm.BlockageHandoff,
            pm.RequestStep,
            pm.ClockAdjustment,
            pm.CityRequest.grounds.through,
            pm.Objection,
            pm.Reply,
            pm.Rating,
        ]
        for model in parents:
            self.bulk(model, rows.pop(model, []))
        self.resolve_links()
        for model in children:
            self.bulk(model, rows.pop(model, []))

    def write_initiative(self, p: Plan, rows) -> None:
        rng = self.rng
        members = [self.initiator_ids[p.lead]] + [self.initiator_ids[c] for c in p.co]
        place = p.hood.name if p.hood else p.area.name
        words = {"noun": p.concept.noun, "wijk": place, "straat": p.street}

        rows[im.Initiative.themes.through].extend(
            self.make(im.Initiative.themes.through, initiative_id=p.pk, theme_id=t)
            for t in p.themes
        )
        rows[im.Initiative.asks.through].extend(
            self.make(im.Initiative.asks.through, initiative_id=p.pk, cityask_id=a) for a in p.asks
        )
        previous, moment = "", None
        for status, day in p.path:
            moment = self.after(day, moment)
            rows[im.StatusChange].append(
                self.make(
                    im.StatusChange,
                    initiative_id=p.pk,
                    from_status=previous,
                    to_status=status,
                    changed_on=day,
                    reason=STATUS_REASONS.get(status, ""),
                    changed_by_id=members[0],
                    created_at=moment,
                )
            )
            previous = status
        rows[im.Membership].append(
            self.make(
                im.Membership,
                initiative_id=p.pk,
                user_id=members[0],
                role=im.Membership.Role.LEAD,
                joined_at=self.at(p.created),
            )
        )
        for uid in members[1:]:
            joined = self.day_in(p.created, p.end)
            left = None
            if rng.random() < 0.05 and uid != self.initiator_ids[0] and joined < self.today:
                left = self.at(self.day_in(joined + timedelta(days=1), self.today))
            rows[im.Membership].append(
                self.make(
                    im.Membership,
                    initiative_id=p.pk,
                    user_id=uid,
                    role=im.Membership.Role.CO_INITIATOR,
                    joined_at=self.at(joined),
                    left_at=left,
                )
            )

        self.write_partners(p, rows)
        self.write_contacts(p, rows, members, words)
        self.write_commitments(p, rows, members, words)
        self.write_blockages(p, rows, members, words)
        self.write_requests(p, rows, members, words)
        self.write_contracts(p, rows)
        self.write_values(p, rows, members)

    def write_partners(self, p: Plan, rows) -> None:
        rng = self.rng
        seen = set()
        p.partner_ids = []
        for _ in range(min(5, poisson(rng, PER_INITIATIVE["partners"] * p.weight))):
            kind = self.pick(p.concept.partner_kinds)
            org = self.pick(self.partners_by_kind.get(kind) or self.all_partners)
            cooperation = self.pick(COOPERATIONS, [20, 20, 12, 18, 8, 15, 7])
            if (org, cooperation) in seen:
                continue
            seen.add((org, cooperation))
            p.partner_ids.append(org)
            rows[im.InitiativePartner].append(
                self.make(
                    im.InitiativePartner,
                    initiative_id=p.pk,
                    organisation_id=org,
                    cooperation=cooperation,
                    since=self.day_in(p.created, p.end),
                    note="" if rng.random() < 0.7 else "Vaste partner sinds de start.",
                )
            )

    def write_contacts(self, p: Plan, rows, members, words) -> None:
        rng = self.rng
        count = poisson(rng, PER_INITIATIVE["contacts"] * p.weight)
        if len(p.depts) >= 2:
            count = max(count, len(p.depts))
        days = sorted(self.day_in(p.created, p.end) for _ in range(count))
        referral_chance = 0.3 if p.stuck else 0.08
        next_dept = None
        for j, day in enumerate(days):
            if j < len(p.depts):
                dept = p.depts[j]
            elif next_dept is not None and rng.random() < 0.7:
                dept = next_dept
            else:
                dept = self.pick(p.depts)
            next_dept = None
            referred = None
            if len(p.depts) >= 2 and rng.random() < referral_chance:
                referred = self.pick([d for d in p.depts if d != dept])
                next_dept = referred
                outcome = self.pick(texts.REFERRAL_OUTCOMES).format(to=self.dept_names[referred])
            else:
                outcome = self.pick(texts.CONTACT_OUTCOMES)
            by_initiative = rng.random() < 0.55
            contact = self.make(
                pm.Contact,
                initiative_id=p.pk,
                date=day,
                channel=self.pick(CHANNELS, [35, 22, 25, 10, 4, 2, 2]),
                department_id=dept,
                initiated_by="initiative" if by_initiative else "municipality",
                summary=self.pick(texts.CONTACT_SUMMARIES).format(**words),
                outcome=outcome,
                referred_to_id=referred,
                logged_by_id=self.servant(dept),
                created_at=self.at(day),
            )
            rows[pm.Contact].append(contact)
            if rng.random() < (0.25 if p.stuck else 0.08):
                reply = self.make(
                    pm.Reply,
                    initiative_id=p.pk,
                    _links={"contact_id": contact},
                    kind=pm.Reply.Kind.ANSWER,
                    body=self.pick(texts.CONTACT_ANSWERS),
                    author_id=self.pick(members),
                    created_at=self.at(self.capped(day + timedelta(days=self.between(0, 6)))),
                )
                if self.answers_rng.random() < 0.4:  # a question the department owes an answer
                    reply.kind = pm.Reply.Kind.QUESTION
                    reply.body = self.answers_rng.choice(texts.CONTACT_QUESTIONS)
                    reply.first_answered_at = self.answer_moment(
                        timezone.localdate(reply.created_at), high=12
                    )
                rows[pm.Reply].append(reply)

    def write_commitments(self, p: Plan, rows, members, words) -> None:
        rng, today = self.rng, self.today
        count = poisson(rng, PER_INITIATIVE["commitments"] * p.weight)
        weights = [30, 25, 5, 10, 30] if p.stuck else [58, 10, 5, 5, 22]
        statuses = [CStatus.KEPT, CStatus.BROKEN, CStatus.WITHDRAWN, CStatus.DISPUTED, CStatus.OPEN]
        specs = []
        for _ in range(count):
            promised = self.day_in(p.created, p.end)
            term = self.pick([7, 14, 14, 21, 30, 30, 42, 60, 90])
            specs.append((promised, promised + timedelta(days=term), self.pick(statuses, weights)))
        if p.showcase:
            specs.append((today - timedelta(days=62), today - timedelta(days=20), CStatus.OPEN))
            specs.append((today - timedelta(days=10), today + timedelta(days=5), CStatus.OPEN))
        for promised, due, status in specs:
            dept = self.pick(p.depts)
            settled = None
            term = (due - promised).days
            if status == CStatus.KEPT:
                settled = promised + timedelta(days=self.between(term // 3, term + term // 2))
            elif status == CStatus.BROKEN:
                settled = due + timedelta(days=self.between(0, 60))
            elif status == CStatus.WITHDRAWN:
                settled = promised + timedelta(days=self.between(0, term))
            if settled and settled > today:
                status, settled = CStatus.OPEN, None
            forgotten = 0.5 if p.stuck else 0.1  # promises left open long after their date
            long_due = due < today - timedelta(days=30) and rng.random() >= forgotten
            if status == CStatus.OPEN and not p.showcase and (p.end < today or long_due):
                # Settled by now after all (or with the initiative that ended): kept or broken.
                status = CStatus.KEPT if rng.random() < 0.65 else CStatus.BROKEN
                settled = max(promised, min(today, due + timedelta(days=self.between(0, 30))))
            servant = self.servant(dept)
            commitment = self.make(
                pm.Commitment,
                initiative_id=p.pk,
                department_id=dept,
                promised_on=promised,
                due_on=due,
                description=self.pick(texts.COMMITMENTS).format(
                    dept=self.dept_names[dept], **words
                ),
                status=status,
                settled_on=settled,
                settlement_note=self.pick(texts.SETTLEMENT_NOTES[status]) if settled else "",
                settled_by_id=servant if settled else None,
                logged_by_id=servant,
                owner_id=self.owner(dept, servant),
                created_at=self.at(promised),
            )
            rows[pm.Commitment].append(commitment)
            if status == CStatus.DISPUTED:
                disputed_at = self.at(self.capped(max(promised, due - timedelta(days=3))))
                rows[pm.Reply].append(
                    self.make(
                        pm.Reply,
                        initiative_id=p.pk,
                        _links={"commitment_id": commitment},
                        kind=pm.Reply.Kind.DISPUTE,
                        body=self.pick(texts.COMMITMENT_DISPUTES),
                        author_id=self.pick(members),
                        created_at=disputed_at,
                        first_answered_at=self.answer_moment(
                            timezone.localdate(disputed_at), low=1, high=14
                        ),
                    )
                )
            elif settled and rng.random() < (0.35 if status == CStatus.BROKEN else 0.05):
                rows[pm.Reply].append(
                    self.make(
                        pm.Reply,
                        initiative_id=p.pk,
                        _links={"commitment_id": commitment},
                        kind=pm.Reply.Kind.ANSWER,
                        body=self.pick(texts.COMMITMENT_ANSWERS),
                        author_id=self.pick(members),
                        created_at=self.at(
                            self.capped(settled + timedelta(days=self.between(0, 5)))
                        ),
                    )
                )

    def write_blockages(self, p: Plan, rows, members, words) -> None:
        rng, today = self.rng, self.today
        specs = [None] * poisson(rng, PER_INITIATIVE["blockages"] * p.weight)
        if p.stuck:
            specs.insert(0, "stuck")
            if rng.random() < 0.3 and not p.showcase:
                specs.insert(0, "stuck")
        category_weights = CATEGORY_WEIGHTS[p.domain]
        categories = list(category_weights)
        for kind in specs:
            if kind == "stuck":
                framework = self.framework_by_name[p.stuck_framework]
                category = framework.category
                trail = list(p.stuck_trail)
                earliest = max(p.created, today - timedelta(days=540))
                latest = today - timedelta(days=90)
                raised = self.day_in(earliest, latest) if earliest <= latest else earliest
                if p.showcase:
                    raised = today - timedelta(days=240)
                if framework.pk == self.changed_framework_id and raised >= self.changed_on:
                    # Stuck under the rule changed last year: stuck since before the change.
                    earlier = self.changed_on - timedelta(days=1 + (raised - self.changed_on).days)
                    raised = earlier if earlier >= p.created else raised
                severity = self.pick(["high", "medium"])
                # Most stuck blockages are still open; some were settled after many months.
                if rng.random() < 0.75 or p.showcase:
                    status = BStatus.ESCALATED if rng.random() < 0.4 else BStatus.OPEN
                    settled = None
                else:
                    status = self.pick(
                        [BStatus.RESOLVED, BStatus.WORKED_AROUND, BStatus.UNRESOLVED], [35, 35, 30]
                    )
                    settled = self.capped(raised + timedelta(days=self.between(120, 420)))
                if p.showcase:
                    status = BStatus.OPEN
            else:
                category = self.pick(categories, list(category_weights.values()))
                options = self.frameworks_by_category.get(category, [])
                framework = self.pick(options) if options and rng.random() < 0.9 else None
                raised = self.day_in(p.created, p.end)
                if (
                    framework is not None
                    and framework.pk == self.changed_framework_id
                    and raised >= self.changed_on
                    and rng.random() < PREVENTED_SHARE
                ):
                    framework = None  # since the change, this rule no longer blocks as often
                severity = self.pick(["low", "medium", "high"], [55, 35, 10])
                # Rules cast in concrete (land, real estate, procurement) take longest.
                slow = SLOWNESS.get(category, 1.0)
                duration = 3 + int(rng.expovariate(1 / (25 * slow)))
                hops = self.pick([0, 1, 2], [72, 22, 6] if slow == 1 else [50, 35, 15])
                if len(p.depts) < 2:
                    hops = 0
                trail = [self.pick(p.depts)]
                for _ in range(hops):
                    trail.append(self.pick([d for d in p.depts if d != trail[-1]]))
                settle_day = raised + timedelta(days=duration + 15 * hops)
                if settle_day <= today and (settle_day <= p.end or rng.random() < 0.8):
                    status = self.pick(
                        [BStatus.RESOLVED, BStatus.WORKED_AROUND, BStatus.UNRESOLVED], [62, 20, 18]
                    )
                    settled = settle_day
                else:
                    status = BStatus.ESCALATED if rng.random() < 0.15 else BStatus.OPEN
                    settled = None
                    if p.end < today:  # the initiative stopped: the blockage was closed with it
                        status, settled = BStatus.UNRESOLVED, max(raised, p.end)
            by_initiator = rng.random() < 0.35
            holder = trail[-1]
            servant = self.servant(holder)
            stop = settled or today
            confirmed_by = confirmed_at = None
            if by_initiator and rng.random() < 0.85:
                confirmed_by = self.servant(trail[0])
                confirmed_at = self.at(min(stop, raised + timedelta(days=self.between(1, 14))))
            escalated = None
            if status == BStatus.ESCALATED or (settled and kind == "stuck" and rng.random() < 0.5):
                escalated = min(stop, raised + timedelta(days=self.between(30, 200)))
            routing = None  # (day, by) when the initiator did not know the department
            first_answered = None
            if by_initiator:
                r = self.answers_rng
                is_open = status in (BStatus.OPEN, BStatus.ESCALATED)
                if not p.showcase and r.random() < UNKNOWN_DEPARTMENT_SHARE:
                    # "I don't know": the point of contact (or a coordinator) routes it.
                    if is_open and (today - raised).days <= 12 and r.random() < 0.6:
                        holder, trail, confirmed_by, confirmed_at = None, [], None, None
                    else:
                        routed_on = min(stop, raised + timedelta(days=r.randint(0, 8)))
                        by = p.point_of_contact or r.choice(self.coordinator_ids)
                        routing = (routed_on, by)
                        if confirmed_at is not None:
                            confirmed_at = max(
                                confirmed_at, self.answer_moment(routed_on, high=0) or self.now
                            )
                # The first answer: the confirmation, else the settlement.
                if confirmed_at is not None:
                    first_answered = confirmed_at
                elif settled:
                    first_answered = self.answer_moment(settled, high=0)
            blockage = self.make(
                pm.Blockage,
                initiative_id=p.pk,
                first_answered_at=first_answered,
                department_id=holder,
                policy_framework_id=framework.pk if framework else None,
                category=category,
                description=self.pick(texts.BLOCKAGES[category]).format(**words),
                severity=severity,
                status=status,
                raised_by_role="initiator" if by_initiator else "civil_servant",
                raised_on=raised,
                confirmed_by_id=confirmed_by,
                confirmed_at=confirmed_at,
                escalated_on=escalated,
                settled_on=settled,
                resolution=self.pick(texts.RESOLUTIONS[status]) if settled else "",
                settled_by_id=servant if settled else None,
                logged_by_id=self.pick(members) if by_initiator else self.servant(trail[0]),
                created_at=self.at(raised),
            )
            rows[pm.Blockage].append(blockage)
            moment = None
            if routing is not None:
                routed_on, by = routing
                moment = self.answer_moment(routed_on, high=0) or self.now
                rows[pm.BlockageHandoff].append(
                    self.make(
                        pm.BlockageHandoff,
                        _links={"blockage_id": blockage},
                        from_department_id=None,
                        to_department_id=trail[0],
                        handed_on=routed_on,
                        reason=self.answers_rng.choice(texts.ROUTING_REASONS).format(
                            to=self.dept_names[trail[0]]
                        ),
                        handed_by_id=by,
                        created_at=moment,
                    )
                )
            if len(trail) > 1:
                gap = max(1, (stop - raised).days)
                days = sorted(raised + timedelta(days=self.between(1, gap)) for _ in trail[1:])
                if routing is not None:
                    days = [max(day, routing[0]) for day in days]
                for frm, to, day in zip(trail, trail[1:], days, strict=False):
                    day = min(day, stop)
                    moment = self.after(day, moment)
                    rows[pm.BlockageHandoff].append(
                        self.make(
                            pm.BlockageHandoff,
                            _links={"blockage_id": blockage},
                            from_department_id=frm,
                            to_department_id=to,
                            handed_on=day,
                            reason=self.pick(texts.HANDOFF_REASONS).format(to=self.dept_names[to]),
                            handed_by_id=self.servant(frm),
                            created_at=moment,
                        )
                    )
            if confirmed_by and rng.random() < 0.7:
                rows[pm.Reply].append(
                    self.make(
                        pm.Reply,
                        initiative_id=p.pk,
                        _links={"blockage_id": blockage},
                        kind=pm.Reply.Kind.CONFIRMATION,
                        body=self.pick(texts.BLOCKAGE_CONFIRMATIONS),
                        author_id=confirmed_by,
                        created_at=confirmed_at,
                    )
                )
            if rng.random() < (0.5 if kind == "stuck" else 0.1):
                rows[pm.Reply].append(
                    self.make(
                        pm.Reply,
                        initiative_id=p.pk,
                        _links={"blockage_id": blockage},
                        kind=pm.Reply.Kind.ANSWER,
                        body=self.pick(texts.BLOCKAGE_ANSWERS),
                        author_id=self.pick(members),
                        created_at=self.at(self.day_in(raised, stop)),
                    )
                )
            if settled and rng.random() < 0.55:
                self.rate(
                    p, rows, members, SATISFACTION[status], settled, {"blockage_id": blockage}
                )

    def rate(self, p: Plan, rows, members, satisfied: float, settled: date, subject) -> None:
        rng = self.rng
        if rng.random() < satisfied:
            score = self.pick([4, 5], [60, 40])
            tone = "high"
        else:
            score = self.pick([1, 2, 3], [25, 35, 40])
            tone = "mid" if score == 3 else "low"
        self.scores.append(score)
        rows[pm.Rating].append(
            self.make(
                pm.Rating,
                initiative_id=p.pk,
                user_id=members[0],
                score=score,
                comment=self.pick(texts.RATING_COMMENTS[tone]),
                created_at=self.at(self.capped(settled + timedelta(days=self.between(0, 10)))),
                _links=subject,
            )
        )

    def write_requests(self, p: Plan, rows, members, words) -> None:
        rng, today = self.rng, self.today
        for number, code in enumerate(p.request_kinds):
            kind = self.kinds[code]
            late = number == p.late_request
            if late:
                submitted = today - timedelta(days=kind.decision_term_days + 30)
            else:
                submitted = self.day_in(p.created, p.end)
            adjustments = []
            if rng.random() < 0.15 and not late:
                adj = self.pick(["suspension", "extension"])
                adjustments.append((adj, self.between(14, 42)))
            term = kind.decision_term_days + sum(d for _k, d in adjustments)
            deadline = submitted + timedelta(days=term)
            if rng.random() < 0.7:
                took = self.between(max(1, term // 3), term)
            else:
                took = term + self.between(1, 120)
            decided = submitted + timedelta(days=took)
            if late:
                decided = today + timedelta(days=1)  # still waiting, past its deadline
            weights = [25, 25, 40, 10] if kind.is_right_to_challenge else [45, 20, 25, 10]
            if decided <= today:
                decision = self.pick(DECISIONS, weights)
                status = pm.CityRequest.Status.DECIDED
            else:
                decision, decided = "", None
                status = (
                    pm.CityRequest.Status.UNDER_CONSIDERATION
                    if (today - submitted).days > 10
                    else pm.CityRequest.Status.SUBMITTED
                )
            dept = self.dept_ids[REQUEST_DEPARTMENT[code]]
            servant = self.servant(dept)
            request = self.make(
                pm.CityRequest,
                initiative_id=p.pk,
                kind_id=kind.pk,
                department_id=dept,
                title=self.pick(texts.REQUEST_TITLES[code]).format(**words)[:200],
                description=self.pick(texts.REQUEST_DESCRIPTIONS).format(**words),
                location=f"{p.street}, {words['wijk']}"
                if code in ("gebouw", "grond", "zelfbeheer")
                else "",
                submitted_on=submitted,
                deadline=deadline,
                status=status,
                decision=decision,
                decided_on=decided,
                reasons=self.pick(texts.DECISION_REASONS[decision]) if decision else "",
                logged_by_id=members[0],
                created_at=self.at(submitted),
            )
            if code == "subsidie":
                request.amount_requested = Decimal(50 * int(rng.lognormvariate(4.3, 1.0) + 5))
            if kind.is_right_to_challenge:
                budget = 1000 * int(rng.lognormvariate(3.6, 0.7) + 10)
                request.task_taken_over = self.pick(texts.RTC_TASKS)
                request.proposed_budget = Decimal(budget)
                request.current_city_cost = Decimal(int(budget * rng.uniform(1.0, 1.4)))
                request.neighbourhood_support = self.pick(texts.RTC_SUPPORT)
                request.capacity = self.pick(texts.RTC_CAPACITY)
                request.added_value = self.pick(texts.RTC_VALUE)
            rows[pm.CityRequest].append(request)
            steps = [("submitted", "", submitted, members[0])]
            considering = submitted + timedelta(days=self.between(2, 14))
            if status != pm.CityRequest.Status.SUBMITTED and considering <= (decided or today):
                steps.append(("considering", "", considering, servant))
            if decided:
                steps.append(("decided", decision, decided, servant))
            moment = None
            for step_status, step_decision, day, by in steps:
                moment = self.after(day, moment)
                if step_status != "submitted" and request.first_answered_at is None:
                    request.first_answered_at = moment  # the city's first step answers it
                note = (
                    self.pick(texts.STEP_NOTES[step_status])
                    if step_status in texts.STEP_NOTES
                    else request.reasons
                )
                rows[pm.RequestStep].append(
                    self.make(
                        pm.RequestStep,
                        _links={"request_id": request},
                        status=step_status,
                        decision=step_decision,
                        on=day,
                        by_id=by,
                        note=note,
                        created_at=moment,
                    )
                )
            for adj, days in adjustments:
                rows[pm.ClockAdjustment].append(
                    self.make(
                        pm.ClockAdjustment,
                        _links={"request_id": request},
                        kind=adj,
                        days=days,
                        reason=self.pick(texts.CLOCK_REASONS[adj]),
                        by_id=servant,
                        created_at=self.at(self.capped(considering)),
                    )
                )
            self.request_figures(request, code)
            chosen = []
            if decision == Decision.REFUSED and self.grounds[code]:
                chosen = rng.sample(
                    self.grounds[code], min(len(self.grounds[code]), self.pick([1, 1, 2]))
                )
                for ground in chosen:
                    rows[pm.CityRequest.grounds.through].append(
                        self.make(
                            pm.CityRequest.grounds.through,
                            _links={"cityrequest_id": request},
                            refusalground_id=ground,
                        )
                    )
                self.explain_contradictions(request, chosen)
            if decided:
                self.write_objection(rows, request, decision, decided, members, dept)
            if decided and rng.random() < 0.5:
                self.rate(
                    p, rows, members, SATISFACTION[decision], decided, {"request_id": request}
                )

    # --- issue 15: figures, contradicted grounds, objections ------------------------------------

    def request_figures(self, request, code: str) -> None:
        """Support and capacity in figures, for the kinds whose grounds rest on them."""
        if code not in ("zelfbeheer", "right-to-challenge"):
            return
        rng = self.decision_rng
        if rng.random() < 0.8:
            request.supporters = int(rng.lognormvariate(4.0, 0.8))
            request.opponents = int(request.supporters * rng.uniform(0.02, 1.3))
        if rng.random() < 0.8:
            request.volunteers_needed = rng.randint(4, 20)
            request.volunteers_available = max(1, request.volunteers_needed + rng.randint(-6, 8))

    def explain_contradictions(self, request, ground_ids) -> None:
        """A refusal on a ground the request's own figures contradict carries an explanation,
        as the decision form demands."""
        for ground_id in ground_ids:
            ground = self.ground_objs[ground_id]
            if ground.contradiction(request):
                request.contradiction_explanation = self.decision_rng.choice(
                    texts.CONTRADICTION_EXPLANATIONS[ground.rests_on]
                )
                return

    def write_objection(self, rows, request, decision, decided, members, dept) -> None:
        """Some decisions are objected to: refusals more often than grants. Those older than
        the city's term mostly have their outcome; a few were lodged late, with a reason."""
        rng, today = self.decision_rng, self.today
        if decision == Decision.WITHDRAWN:
            return
        if rng.random() >= (0.4 if decision == Decision.REFUSED else 0.08):
            return
        late = rng.random() < 0.1
        lodged = decided + timedelta(days=rng.randint(44, 70) if late else rng.randint(2, 42))
        if lodged > today:
            return
        due = lodged + timedelta(weeks=settings.OBJECTION_DECISION_WEEKS)
        outcome, answered, answer = "", None, ""
        status = pm.Objection.Status.LODGED
        answer_by = lodged + timedelta(days=rng.randint(10, 110))
        if answer_by <= today and rng.random() < 0.9:
            outcomes = list(texts.OBJECTION_ANSWERS)
            missing = [o for o in outcomes if not self.objection_outcomes[o]]
            # Every outcome at least once, so the demo shows each; then as a city would see.
            outcome = missing[0] if missing else rng.choices(outcomes, [15, 20, 55, 10])[0]
            self.objection_outcomes[outcome] += 1
            status, answered = pm.Objection.Status.DECIDED, answer_by
            answer = rng.choice(texts.OBJECTION_ANSWERS[outcome])
        elif rng.random() < 0.5:
            status = pm.Objection.Status.IN_PROGRESS
        owner = (
            rng.choice(self.servants_by_dept.get(dept) or self.all_servants)
            if status != pm.Objection.Status.LODGED
            else None
        )
        if outcome and outcome != "withdrawn":
            owner = owner or rng.choice(self.servants_by_dept.get(dept) or self.all_servants)
        rows[pm.Objection].append(
            self.make(
                pm.Objection,
                _links={"request_id": request},
                grounds=rng.choice(texts.OBJECTION_GROUNDS),
                late_reason=rng.choice(texts.OBJECTION_LATE_REASONS) if late else "",
                lodged_on=lodged,
                lodged_by_id=members[0],
                due_on=due,
                department_id=dept,
                owner_id=owner,
                status=status,
                outcome=outcome,
                answer=answer,
                answered_on=answered,
                answered_by_id=(members[0] if outcome == "withdrawn" else owner)
                if outcome
                else None,
                created_at=min(
                    self.now,
                    datetime(
                        *lodged.timetuple()[:3],
                        rng.randint(8, 17),
                        rng.randint(0, 59),
                        tzinfo=self.tz,
                    ),
                ),
            )
        )

    def write_contracts(self, p: Plan, rows) -> None:
        rng = self.rng
        for _ in range(poisson(rng, PER_INITIATIVE["contracts"] * p.weight)):
            start = self.day_in(p.created, p.end)
            by_org = rng.random() < 0.3
            org = self.pick(p.partner_ids or self.all_partners) if by_org else None
            end = start + timedelta(days=self.between(180, 730)) if rng.random() < 0.7 else None
            contract = self.make(
                pm.Contract,
                initiative_id=p.pk,
                awarded_by_department_id=None if by_org else self.pick(p.depts),
                awarded_by_organisation_id=org,
                description=self.pick(texts.CONTRACTS),
                amount=Decimal(100 * int(rng.lognormvariate(4.4, 0.9) + 10)),
                start_on=start,
                end_on=end,
                created_at=self.at(start),
            )
            r = self.answers_rng
            if not by_org and start <= self.today and r.random() < 0.04:
                # The initiative disputes what the department recorded; it owes a first answer.
                disputed_on = min(self.today, start + timedelta(days=r.randint(1, 60)))
                contract.disputed_at = self.answer_moment(disputed_on, high=0) or self.now
                contract.dispute = r.choice(texts.CONTRACT_DISPUTES)
                contract.dispute_answered_at = self.answer_moment(disputed_on, low=1, high=14)
                if contract.dispute_answered_at is not None:
                    contract.dispute_answer = r.choice(texts.CONTRACT_DISPUTE_ANSWERS)
            rows[pm.Contract].append(contract)

    def write_values(self, p: Plan, rows, members) -> None:
        rng, today = self.rng, self.today
        now = self.at(today, 7)
        own = [self.indicators[c] for c in p.concept.indicators if c in self.indicators]
        every = list(self.indicators.values())
        dimensions = list(self.dimensions)
        for _ in range(poisson(rng, PER_INITIATIVE["values"] * p.weight)):
            length = self.pick([91, 182, 365], [40, 30, 30])
            if p.span <= length:
                start, end = p.created, p.end
            else:
                end = self.day_in(p.created + timedelta(days=length), p.end)
                start = end - timedelta(days=length)
            story = rng.random() < 0.2 or not every
            indicator = quantity = None
            if story:
                dimension = (
                    self.pick(own).dimension.code
                    if own and rng.random() < 0.6
                    else self.pick(dimensions)
                )
                evidence = vm.Evidence.STORY
                narrative = texts.VALUE_STORIES.get(dimension, "Een verhaal uit de buurt.")
                dimension_id = self.dimensions.get(dimension)
                if dimension_id is None:
                    continue
            else:
                indicator = self.pick(own) if own and rng.random() < 0.75 else self.pick(every)
                dimension_id = indicator.dimension_id
                quantity = self.quantity(indicator, p, (end - start).days + 1)
                evidence = self.pick(EVIDENCE, [10, 55, 25, 10])
                narrative = texts.VALUE_NARRATIVES.get(indicator.code, "").format(v=p.volunteers)
            recorded = self.capped(end + timedelta(days=self.between(1, 30)))
            by_member = rng.random() < 0.8
            record = self.make(
                vm.ValueRecord,
                initiative_id=p.pk,
                dimension_id=dimension_id,
                indicator_id=indicator.pk if indicator else None,
                quantity=quantity,
                period_start=start,
                period_end=end,
                evidence=evidence,
                narrative=narrative,
                recorded_by_id=self.pick(members)
                if by_member
                else self.servant(self.pick(p.depts)),
                created_at=self.at(recorded),
            )
            if evidence == vm.Evidence.VERIFIED:
                record.verified_by_id = self.servant(self.pick(p.depts))
                record.verified_at = min(
                    now, self.at(recorded + timedelta(days=self.between(3, 60)))
                )
            if quantity is not None and rng.random() < 0.3:
                record.deadweight_pct = Decimal(5 * self.between(1, 8))
                record.deadweight_reason = self.pick(texts.DEADWEIGHT_REASONS)
            if quantity is not None and rng.random() < 0.25:
                record.attribution_pct = Decimal(10 * self.between(1, 5))
                record.attribution_reason = self.pick(texts.ATTRIBUTION_REASONS)
            if evidence == vm.Evidence.COUNTED and rng.random() < 0.04:
                record.clarification_request = self.pick(texts.CLARIFICATION_REQUESTS)
                record.clarification_requested_by_id = self.servant(self.pick(p.depts))
                record.clarification_requested_at = min(now, record.created_at + timedelta(days=3))
            rows[vm.ValueRecord].append(record)

    def quantity(self, indicator, p: Plan, days: int) -> Decimal:
        """A plausible amount for the period, in the indicator's unit."""
        rng = self.rng
        years = days / 365
        unit = indicator.unit
        base = {
            "hours": p.volunteers * 2.5 * 46,
            "people": 120,
            "m2": 400,
            "kg": 350,
            "euro": 6000,
            "events": 30,
            "meals": 1500,
            "households": 60,
            "items": 200,
        }.get(unit, 50)
        amount = base * years * rng.lognormvariate(0, 0.6)
        if unit in ("m2",):
            amount = base * rng.lognormvariate(0, 0.8)  # an area does not grow with time
        if unit in vm.Indicator.WHOLE_UNITS or unit in ("hours", "kg", "euro", "m2"):
            return Decimal(max(1, round(amount)))
        return Decimal(round(amount, 2))


# Share of the blockages initiators raise without knowing the department ("I don't know").
UNKNOWN_DEPARTMENT_SHARE = 0.45

# Which department decides which kind of request, and what it asks of the city.
REQUEST_DEPARTMENT = {
    "gebouw": "Vastgoed",
    "grond": "Grondzaken",
    "zelfbeheer": "Openbare ruimte",
    "subsidie": "Subsidies",
    "right-to-challenge": "Gebiedsorganisatie",
}
ASK_FOR_KIND = {
    "gebouw": "space",
    "grond": "land",
    "zelfbeheer": "space",
    "subsidie": "money",
    "right-to-challenge": "right-to-challenge",
}

# Where initiatives get stuck, by domain (weights per policy-framework category).
CATEGORY_WEIGHTS = {
    "physical": {
        "land": 12,
        "real_estate": 8,
        "procurement": 5,
        "public_space": 20,
        "area_development": 6,
        "subsidy": 10,
        "permit": 18,
        "liability": 6,
        "privacy": 2,
        "other": 6,
    },
    "social": {
        "land": 2,
        "real_estate": 18,
        "procurement": 5,
        "public_space": 4,
        "area_development": 1,
        "subsidy": 20,
        "permit": 10,
        "liability": 8,
        "privacy": 8,
        "other": 12,
    },
}

# How much longer than usual a blockage takes to settle, by category.
SLOWNESS = {"land": 2.5, "real_estate": 2.5, "procurement": 2.5, "area_development": 1.8}

# Chance that the initiator rates the city 4 or 5, by how the item ended. Overall about 40%,
# as the audit office found.
SATISFACTION = {
    BStatus.RESOLVED: 0.55,
    BStatus.WORKED_AROUND: 0.3,
    BStatus.UNRESOLVED: 0.08,
    Decision.GRANTED: 0.6,
    Decision.GRANTED_WITH_CONDITIONS: 0.35,
    Decision.REFUSED: 0.07,
    Decision.WITHDRAWN: 0.2,
}

STATUS_REASONS = {
    Status.IDEA: "Aangemeld door de initiatiefnemer.",
    Status.STARTING: "De eerste activiteiten worden voorbereid.",
    Status.ACTIVE: "Het initiatief draait.",
    Status.PAUSED: "Even stil: te weinig vrijwilligers of geen ruimte.",
    Status.STOPPED: "Gestopt.",
    Status.COMPLETED: "Het doel is bereikt.",
}


def seed(
    *,
    initiatives: int = DEFAULT_INITIATIVES,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    log=None,
    use_copy: bool = True,
) -> SeedResult:
    """Fill the database with demo data; see the ``seed_demo`` command for the safety checks.

    On PostgreSQL rows go in with COPY unless ``use_copy`` is false; elsewhere with
    ``bulk_create`` in batches of 2,000."""
    return Seeder(initiatives=initiatives, seed=seed, today=today, log=log, use_copy=use_copy).run()
