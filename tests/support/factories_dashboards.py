"""A small hand-made city for the dashboard tests, counted by hand in the tests.

Two worlds that differ in every filter at once, so that each filter on its own drops world B:
- world A: area Charlois, physical domain, theme "groen-en-klimaat", everything dated in 2024;
- world B: area Delfshaven, social domain, theme "zorg-en-welzijn", everything dated in 2022.
Filtering on ``?since=2024-01-01&until=2024-12-31``, ``?area=charlois``, ``?domain=physical`` or
``?theme=groen-en-klimaat`` therefore keeps world A and drops world B in every figure.

Plus rows that must never count: an archived initiative with records, an archived blockage and
an archived value record. The people involved have distinctive names, e-mail addresses and phone
numbers that must never appear on a dashboard or in an export.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

from django.db import transaction
from django.http import QueryDict
from django.test import override_settings
from django.utils import timezone

from initiatives import models as im
from initiatives.accounts import models as am
from partnership import models as pm
from partnership.dashboards.filters import DashboardFilter
from partnership.dashboards.registry import BY_SLUG
from publicvalue import models as vm
from tests.support import factories as f

D = dt.date
SECRET_PEOPLE = [
    # name, e-mail, phone: none of these may ever reach a dashboard or an export.
    ("Zebedeus Quistorp", "zebedeus.quistorp@geheim.example", "06-91827364"),
    ("Ximena Vlaardingerbroek", "ximena.vlaardingerbroek@geheim.example", "06-19283746"),
    ("Yfke Oosterdijkhuizen", "yfke.oosterdijkhuizen@geheim.example", "010-5556677"),
]
PERIOD_2024 = "since=2024-01-01&until=2024-12-31"
FILTERS = {
    "period": PERIOD_2024,
    "area": "area=charlois",
    "domain": "domain=physical",
    "theme": "theme=groen-en-klimaat",
}


def dept(name: str) -> am.Department:
    return am.Department.objects.get(name=name)


def theme(slug: str) -> im.Theme:
    return im.Theme.objects.get(slug=slug)


def aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


@dataclass
class City:
    a1: im.Initiative
    a2: im.Initiative
    a3: im.Initiative
    b1: im.Initiative
    b2: im.Initiative
    archived: im.Initiative
    people: list = field(default_factory=list)


@contextmanager
def city_in_transaction(django_db_blocker) -> Iterator[City]:
    """The city for a whole test module, built once inside a transaction that is rolled back when
    the module is done. Every test runs in its own savepoint inside it (pytest-django's ``db``),
    so what a test writes is undone before the next. For modules whose tests only read the city
    (and keep no changed model instance): in use as a module-scoped ``city`` fixture."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                built = build_city()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def build_city() -> City:
    today = timezone.localdate()
    mo, so = dept("Maatschappelijke Ontwikkeling"), dept("Stadsontwikkeling")
    sb, wi = dept("Stadsbeheer"), dept("Werk en Inkomen")
    (z_name, z_mail, z_phone), (x_name, x_mail, x_phone), (y_name, y_mail, y_phone) = SECRET_PEOPLE
    zebedeus = f.InitiatorFactory(name=z_name, email=z_mail, phone=z_phone)
    ximena = f.CivilServantFactory(name=x_name, email=x_mail, phone=x_phone)
    yfke = f.CoordinatorFactory(name=y_name, email=y_mail, phone=y_phone)
    charlois = im.Area.objects.get(slug="charlois")
    delfshaven = im.Area.objects.get(slug="delfshaven")
    green, care = theme("groen-en-klimaat"), theme("zorg-en-welzijn")

    def initiative(title, area, domain, status, started, volunteers, reached, **kw):
        themes = [green] if domain == im.Domain.PHYSICAL else [care]
        return f.InitiativeFactory(
            title=title,
            slug=title.lower().replace(" ", "-").replace("é", "e"),
            area=area,
            neighbourhood=area.neighbourhoods.first(),
            domain=domain,
            status=status,
            started_on=started,
            volunteers=volunteers,
            people_reached=reached,
            themes=themes,
            **kw,
        )

    phys, soc = im.Domain.PHYSICAL, im.Domain.SOCIAL
    a1 = initiative(
        "Groene Daken Charlois",
        charlois,
        phys,
        im.Status.ACTIVE,
        D(2024, 2, 10),
        10,
        100,
        point_of_contact=ximena,
        uses_public_space=True,
        uses_municipal_land=True,
        lead=zebedeus,
        created_at=aware(D(2024, 2, 1)),
        point_of_contact_assigned_at=aware(D(2024, 2, 8)),
    )
    a2 = initiative(
        "Moestuin Zuid",
        charlois,
        phys,
        im.Status.STARTING,
        D(2024, 5, 5),
        4,
        50,
        coordinator=yfke,
        uses_municipal_building=True,
        created_at=aware(D(2024, 5, 1)),
    )
    a3 = initiative(
        "Stille Tuin",
        charlois,
        phys,
        im.Status.IDEA,
        D(2024, 5, 20),
        6,
        30,
        point_of_contact=ximena,
        is_public=False,
        created_at=aware(D(2024, 5, 10)),
        point_of_contact_assigned_at=aware(D(2024, 6, 7)),
    )
    b1 = initiative(
        "Zorgcafé West",
        delfshaven,
        soc,
        im.Status.ACTIVE,
        D(2022, 3, 1),
        7,
        70,
        uses_municipal_building=True,
        uses_public_space=True,
        created_at=aware(D(2022, 2, 15)),
    )
    b2 = initiative(
        "Buurtkamer",
        delfshaven,
        soc,
        im.Status.PAUSED,
        D(2022, 9, 1),
        3,
        20,
        point_of_contact=ximena,
        created_at=aware(D(2022, 8, 15)),
        point_of_contact_assigned_at=aware(D(2022, 8, 17)),
    )
    archived = initiative(
        "Opgeheven Tuin",
        charlois,
        phys,
        im.Status.STOPPED,
        D(2024, 3, 3),
        99,
        999,
        archived_at=aware(D(2024, 9, 1)),
    )

    # Policy frameworks.
    land = f.PolicyFrameworkFactory(name="Grondprijsbeleid", category="land", department=so)
    space = f.PolicyFrameworkFactory(
        name="Beheerverordening", category="public_space", department=sb
    )
    subsidy = f.PolicyFrameworkFactory(
        name="Subsidieregeling bewonersinitiatieven", category="subsidy", department=mo
    )

    # Contacts (departments involved; a referral is a second department).
    f.ContactFactory(
        initiative=a1, date=D(2024, 2, 15), department=so, referred_to=sb, logged_by=ximena
    )
    f.ContactFactory(initiative=a2, date=D(2024, 3, 1), department=mo, logged_by=ximena)
    f.ContactFactory(initiative=b1, date=D(2022, 3, 15), department=mo, referred_to=wi)

    # Commitments.
    def commitment(ini, department, promised, due, status, settled=None):
        return f.CommitmentFactory(
            initiative=ini,
            department=department,
            promised_on=promised,
            due_on=due,
            status=status,
            settled_on=settled,
            logged_by=ximena,
        )

    cs = pm.Commitment.Status
    commitment(a1, so, D(2024, 1, 5), D(2024, 2, 1), cs.KEPT, D(2024, 1, 25))
    commitment(a1, so, D(2024, 2, 1), D(2024, 3, 1), cs.BROKEN, D(2024, 3, 5))
    commitment(a2, sb, D(2024, 3, 1), D(2024, 4, 1), cs.OPEN)
    commitment(a2, mo, D(2024, 4, 1), D(2024, 6, 30), cs.DISPUTED)
    commitment(a3, mo, D(2024, 5, 1), D(2024, 7, 1), cs.WITHDRAWN, D(2024, 6, 1))
    commitment(a1, so, D(2024, 6, 1), today + dt.timedelta(days=30), cs.OPEN)
    commitment(b1, mo, D(2022, 1, 10), D(2022, 2, 10), cs.KEPT, D(2022, 2, 1))
    commitment(b1, mo, D(2022, 3, 1), D(2022, 6, 1), cs.OPEN)
    commitment(b2, wi, D(2022, 9, 10), D(2022, 10, 10), cs.BROKEN, D(2022, 10, 20))

    # Blockages with their hand-offs.
    bs = pm.Blockage.Status

    def blockage(ini, department, framework, status, raised, settled=None, category=None, **kw):
        return f.BlockageFactory(
            initiative=ini,
            department=department,
            policy_framework=framework,
            category=category or framework.category,
            status=status,
            raised_on=raised,
            settled_on=settled,
            logged_by=ximena,
            **kw,
        )

    def handoffs(b, *steps):
        for start, end, day in steps:
            f.BlockageHandoffFactory(
                blockage=b,
                from_department=start,
                to_department=end,
                handed_on=day,
                handed_by=ximena,
            )

    ba1 = blockage(a1, so, land, bs.OPEN, D(2024, 3, 1))
    handoffs(ba1, (so, sb, D(2024, 3, 10)), (sb, so, D(2024, 3, 20)))
    ba2 = blockage(a1, sb, space, bs.ESCALATED, D(2024, 4, 1))
    handoffs(ba2, (so, sb, D(2024, 4, 5)))
    ba3 = blockage(a2, so, land, bs.RESOLVED, D(2024, 1, 10), D(2024, 1, 20))
    ba4 = blockage(a2, so, land, bs.RESOLVED, D(2024, 2, 1), D(2024, 3, 2))
    ba5 = blockage(a3, mo, subsidy, bs.WORKED_AROUND, D(2024, 5, 1), D(2024, 6, 20))
    handoffs(
        ba5,
        (mo, so, D(2024, 5, 2)),
        (so, sb, D(2024, 5, 3)),
        (sb, so, D(2024, 5, 4)),
        (so, wi, D(2024, 5, 5)),
        (wi, mo, D(2024, 5, 6)),
    )
    bb1 = blockage(b1, mo, subsidy, bs.OPEN, D(2022, 4, 1))
    handoffs(bb1, (so, mo, D(2022, 4, 5)))
    bb2 = f.BlockageFactory(
        initiative=b1,
        department=mo,
        policy_framework=None,
        category="other",
        status=bs.RESOLVED,
        raised_on=D(2022, 5, 1),
        settled_on=D(2022, 5, 21),
    )
    # Never counted: a blockage of an archived initiative, and an archived blockage.
    blockage(archived, so, land, bs.OPEN, D(2024, 3, 3))
    blockage(a2, wi, land, bs.OPEN, D(2024, 3, 3), archived_at=aware(D(2024, 3, 4)))

    # Initiators rate the city.
    def rating(ini, b, score, day, user):
        pm.Rating.objects.create(
            initiative=ini, blockage=b, score=score, created_at=aware(day), user=user
        )

    rating(a2, ba3, 5, D(2024, 1, 25), zebedeus)
    rating(a2, ba4, 2, D(2024, 3, 10), zebedeus)
    rating(a3, ba5, 4, D(2024, 6, 25), zebedeus)
    rating(b1, bb2, 1, D(2022, 5, 25), zebedeus)

    # Requests for collective goods.
    def request(ini, code, submitted, decision=None, decided=None, grounds=(), **kw):
        kind = pm.RequestKind.objects.get(code=code)
        r = f.CityRequestFactory(
            initiative=ini,
            kind=kind,
            submitted_on=submitted,
            deadline=submitted + dt.timedelta(days=kind.decision_term_days),
            status=pm.CityRequest.Status.DECIDED if decision else pm.CityRequest.Status.SUBMITTED,
            decision=decision or "",
            decided_on=decided,
            logged_by=ximena,
            **kw,
        )
        r.grounds.add(*pm.RefusalGround.objects.filter(code__in=grounds))
        return r

    dec = pm.CityRequest.Decision
    request(a2, "gebouw", D(2024, 1, 15), dec.GRANTED, D(2024, 3, 1))
    request(
        a1,
        "zelfbeheer",
        D(2024, 2, 1),
        dec.REFUSED,
        D(2024, 4, 15),
        ["bestemmingsplan", "veiligheid"],
    )
    request(
        a1,
        "right-to-challenge",
        D(2024, 3, 1),
        dec.GRANTED_WITH_CONDITIONS,
        D(2024, 5, 1),
        ["capaciteit"],
        proposed_budget=Decimal("50000"),
        current_city_cost=Decimal("65000"),
    )
    request(a3, "grond", D(2024, 6, 1))
    request(b1, "subsidie", D(2022, 2, 1), dec.REFUSED, D(2022, 3, 20), ["budget"])
    request(
        b1,
        "right-to-challenge",
        D(2022, 6, 1),
        dec.WITHDRAWN,
        D(2022, 7, 1),
        proposed_budget=Decimal("10000"),
        current_city_cost=Decimal("12000"),
    )
    request(b2, "grond", today - dt.timedelta(days=10))

    # Public value.
    def value(ini, code, quantity, start, end, evidence, dimension=None, **kw):
        indicator = vm.Indicator.objects.get(code=code) if code else None
        return f.ValueRecordFactory(
            initiative=ini,
            indicator=indicator,
            dimension=dimension or indicator.dimension,
            quantity=None if quantity is None else Decimal(quantity),
            period_start=start,
            period_end=end,
            evidence=evidence,
            recorded_by=zebedeus,
            **kw,
        )

    ev = vm.Evidence
    y24, y22 = (D(2024, 1, 1), D(2024, 12, 31)), (D(2022, 1, 1), D(2022, 12, 31))
    value(a1, "groen-beheerd", "200", D(2024, 1, 1), D(2024, 6, 30), ev.COUNTED)
    value(a1, "vrijwilligersuren", "100", *y24, ev.VERIFIED, verified_by=ximena)
    value(a1, None, None, *y24, ev.STORY, dimension=vm.ValueDimension.objects.get(code="binding"))
    value(a2, "vrijwilligersuren", "50", *y24, ev.COUNTED)
    value(a3, "maaltijden", "300", *y24, ev.MEASURED)
    value(b1, "maaltijden", "120", *y22, ev.COUNTED)
    value(b1, "bereikte-bewoners", "80", *y22, ev.STORY)
    # Never counted: an archived record, and a record of an archived initiative.
    value(a2, "maaltijden", "999", *y24, ev.COUNTED, archived_at=aware(D(2024, 10, 1)))
    value(archived, "maaltijden", "999", *y24, ev.COUNTED)

    # Anchor institutions and contracts.
    housing = f.PartnerOrganisationFactory(name="Woonstad Rotterdam", kind="housing")
    school = f.PartnerOrganisationFactory(name="Albeda", kind="school")
    fund = f.PartnerOrganisationFactory(name="Fonds Zuid", kind="fund", is_anchor_institution=False)
    link = im.InitiativePartner.objects.create
    link(initiative=a1, organisation=housing, cooperation="accommodation", since=D(2024, 2, 1))
    link(initiative=a2, organisation=housing, cooperation="funding", since=D(2024, 3, 1))
    link(initiative=a2, organisation=school, cooperation="knowledge", since=D(2024, 4, 1))
    link(initiative=a1, organisation=fund, cooperation="funding", since=D(2024, 1, 1))
    link(initiative=b1, organisation=school, cooperation="staff", since=D(2022, 1, 1))
    link(initiative=archived, organisation=school, cooperation="staff", since=D(2024, 1, 1))

    def contract(ini, amount, start, department=None, organisation=None):
        f.ContractFactory(
            initiative=ini,
            amount=Decimal(amount),
            start_on=start,
            awarded_by_department=department,
            awarded_by_organisation=organisation,
            logged_by=ximena,
        )

    contract(a1, "12000.00", D(2024, 3, 1), department=sb)
    contract(a2, "5000.50", D(2024, 5, 1), organisation=housing)
    contract(a1, "3000.00", D(2024, 7, 1), department=sb)
    contract(b1, "8000.00", D(2022, 5, 1), department=mo)
    contract(archived, "77777.00", D(2024, 5, 1), department=mo)

    return City(
        a1=a1, a2=a2, a3=a3, b1=b1, b2=b2, archived=archived, people=[zebedeus, ximena, yfke]
    )


def grow(count: int, *, start: int = 0) -> None:
    """``count`` more initiatives, each with one of every record: the query-count tests load a
    dashboard before and after, and the number of queries must not change."""
    if not count:
        return
    so, sb = dept("Stadsontwikkeling"), dept("Stadsbeheer")
    framework = f.PolicyFrameworkFactory(name=f"Kader groei {start}")
    organisation = f.PartnerOrganisationFactory(name=f"Corporatie groei {start}")
    people = f.InitiatorFactory()
    green = theme("groen-en-klimaat")
    for i in range(start, start + count):
        ini = f.InitiativeFactory(
            slug=f"groei-{i}",
            title=f"Groei {i}",
            domain=im.Domain.PHYSICAL,
            started_on=D(2024, 1 + i % 12, 1),
            themes=[green],
            point_of_contact=people,
        )
        day = D(2024, 1 + i % 12, 10)
        f.ContactFactory(initiative=ini, date=day, department=so, referred_to=sb)
        f.CommitmentFactory(initiative=ini, promised_on=day, due_on=day + dt.timedelta(days=20 + i))
        b = f.BlockageFactory(initiative=ini, policy_framework=framework, raised_on=day)
        f.BlockageHandoffFactory(blockage=b, handed_on=day)
        settled = f.BlockageFactory(
            initiative=ini,
            policy_framework=framework,
            raised_on=day,
            status=pm.Blockage.Status.RESOLVED,
            settled_on=day + dt.timedelta(days=i % 9),
        )
        pm.Rating.objects.create(initiative=ini, blockage=settled, score=1 + i % 5, user=people)
        f.CityRequestFactory(initiative=ini, submitted_on=day)
        f.ValueRecordFactory(initiative=ini)
        im.InitiativePartner.objects.create(
            initiative=ini, organisation=organisation, cooperation="funding", since=day
        )
        f.ContractFactory(initiative=ini, start_on=day)


# --- reading dashboards back in tests -----------------------------------------------------------

BOARDS = ("beweging", "knelpunten", "toezeggingen", "publieke-waarde", "collectieve-goederen")


def get(client, slug: str, query: str = "", **extra):
    """A dashboard page (or export) in English, so tests read the English labels."""
    return client.get(
        f"/dashboard/{slug}/" + (f"?{query}" if query else ""), HTTP_ACCEPT_LANGUAGE="en", **extra
    )


class _Tables(HTMLParser):
    """Collects every figure table (``id="table-<key>"``: header, body and total rows as text)
    and every summary list (``id="summary-<key>"``) of a dashboard page."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.summaries: dict[str, list[list[str]]] = {}
        self._table = self._summary = None
        self._row = None
        self._cell = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id", "").startswith("table-"):
            self._table = self.tables.setdefault(attrs["id"][6:], [])
        elif tag == "dl" and attrs.get("id", "").startswith("summary-"):
            self._summary = self.summaries.setdefault(attrs["id"][8:], [])
        elif tag == "tr" and self._table is not None:
            self._row = None if attrs.get("class") == "empty" else []
        elif tag in ("td", "th") and self._row is not None:
            self._row.append("")
            self._cell = True
        elif tag == "dt" and self._summary is not None:
            self._summary.append([""])
            self._cell = True
        elif tag == "dd" and self._summary is not None:
            self._summary[-1].append("")
            self._cell = True

    def handle_endtag(self, tag):
        if tag in ("td", "th", "dt", "dd"):
            self._cell = False
        elif tag == "tr" and self._row is not None:
            self._table.append([c.strip() for c in self._row])
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "dl":
            self._summary = None

    def handle_data(self, data):
        if not self._cell:
            return
        if self._row is not None:
            self._row[-1] += data
        elif self._summary is not None:
            self._summary[-1][-1] += data.strip()


def parse(response) -> _Tables:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser


def tables(response) -> dict[str, list[list[str]]]:
    return parse(response).tables


def by_label(table: list[list[str]]) -> dict[str, list[str]]:
    """Body and total rows by their first cell (the header row is left out)."""
    return {row[0]: row for row in table[1:]}


def volumes(slug: str, query: str) -> dict[str, object]:
    """How much each figure of a dashboard counts under a query string, through the same
    FilterSet the page binds to ``request.GET``."""
    flt = DashboardFilter(QueryDict(query))
    return {figure.key: figure.selector(flt).volume() for figure in BY_SLUG[slug].figures}


def not_narrowed(slug: str, query: str) -> dict[str, tuple]:
    """Figures that the filter does not narrow (it must keep some data and drop some)."""
    full, narrowed = volumes(slug, ""), volumes(slug, query)
    return {key: (narrowed[key], full[key]) for key in full if not 0 < narrowed[key] < full[key]}
