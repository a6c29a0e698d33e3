"""The hostile-input crawler and what it sends, shared by tests/test_hostile_input*.py: one world
per test module kept in a transaction (``world``, ``crawled``), ``crawl()`` over every page as
every role, the forms read from the HTML, hypothesis strategies per field (valid and hostile
values), and the checks every answer must pass (no raw markup, errors tied to their field)."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from initiatives.models import Area, InitiativePartner, Invitation, Theme
from initiatives.views.registration import DRAFT_KEY
from partnership.models import CityRequest, RequestKind
from partnership.services import peers as peer_services
from publicvalue.models import Indicator, ValueDimension
from tests.support import factories as f
from tests.support import factories_proposals as proposals
from tests.support.factories_requests import decided_request, objection

ROOT = Path(__file__).resolve().parents[2]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
# Third-party pages: Django's admin and allauth's account pages are not ours to fuzz.
SKIPPED_PREFIXES = ("admin/", "accounts/", "static/", "media/")
# The order in which roles are tried: the first role that sees a form posts it.
ROLES = ("member", "civil_servant", "coordinator", "outsider", "council", "visitor")


# --- the world -----------------------------------------------------------------------------------


@dataclass
class World:
    """One initiative with an item in every state that shows a form, and a user per role."""

    users: dict
    initiative: object
    contact: object
    commitment: object
    blockage: object
    settled_blockage: object
    submitted_request: object
    considered_request: object
    decided_request: object
    recent_decision: object
    objection: object
    record: object
    dimension: object
    indicator: object
    kind: object
    contract: object
    disputed_contract: object
    question: object
    inventory_item: object
    proposal: object
    draft_proposal: object
    peer_listing: object
    invitation: object
    draft: dict

    def client(self, role: str) -> Client:
        """A fresh client per example: a post may log its user out (deleting the account). An
        initiator's session holds a registration draft that reached the last step, so that
        every step of the registration shows its form."""
        client = Client()
        if role != "visitor":
            client.force_login(self.users[role])
        if role == "member":
            session = client.session
            session[DRAFT_KEY] = copy.deepcopy(self.draft)
            session.save()
        return client


def registration_draft() -> dict:
    """What a volunteer filled in on each of the four steps, before registering."""
    area = Area.objects.get(slug="charlois")
    return {
        "current": 0,
        "reached": 3,
        "data": {
            "what": {
                "title": ["Buurtmoestuin"],
                "summary": ["Samen tuinieren."],
                "domain": ["physical"],
                "themes": [str(Theme.objects.first().pk)],
                "status": ["idea"],
            },
            "where": {"area": [str(area.pk)], "neighbourhood": [""]},
            "who": {"legal_form": ["informal"], "volunteers": ["3"], "people_reached": ["10"]},
            "need": {},
        },
    }


def build_world() -> World:
    today = timezone.localdate()
    member = f.InitiatorFactory(email="lid@example.org", name="Lid Hostiel")
    co_member = f.InitiatorFactory(email="mede@example.org", name="Mede Initiatiefnemer")
    users = {
        "member": member,
        "outsider": f.InitiatorFactory(email="buiten@example.org"),
        "civil_servant": f.CivilServantFactory(email="ambtenaar@example.org"),
        "coordinator": f.CoordinatorFactory(email="coordinator@example.org"),
        "council": f.CouncilMemberFactory(email="raadslid@example.org"),
    }
    initiative = f.InitiativeFactory(
        lead=member, title="Moestuin Tarwewijk", slug="moestuin-tarwewijk"
    )
    f.MembershipFactory(initiative=initiative, user=co_member)
    # An anchor institution works with it: the consent page has a form to fuzz.
    InitiativePartner.objects.create(
        initiative=initiative,
        organisation=f.PartnerOrganisationFactory(name="Woonstad Hostiel"),
        cooperation="accommodation",
    )
    started = today - dt.timedelta(days=100)
    common = {"initiative": initiative}
    dimension = ValueDimension.objects.create(
        name="Testdimensie", code="testdimensie", group=ValueDimension.Group.SOCIAL, order=99
    )
    blockage = f.BlockageFactory(**common, raised_on=started)
    # Another initiative that the blockage's rule blocks, visible to the member's.
    fellow = f.InitiativeFactory(title="Speeltuin Lotgenoot", slug="speeltuin-lotgenoot")
    f.BlockageFactory(initiative=fellow, policy_framework=blockage.policy_framework)
    peer_listing = peer_services.peer_listing_set(
        initiative=fellow, framework=blockage.policy_framework, by=None, visible=True
    )
    contact = f.ContactFactory(**common)
    return World(
        users=users,
        initiative=initiative,
        contact=contact,
        commitment=f.CommitmentFactory(**common, promised_on=started),
        blockage=blockage,
        peer_listing=peer_listing,
        settled_blockage=f.BlockageFactory(
            **common, raised_on=started, status="resolved", settled_on=today
        ),
        submitted_request=f.CityRequestFactory(**common, title="Ingediend verzoek"),
        considered_request=f.CityRequestFactory(
            **common, title="Verzoek in behandeling", status=CityRequest.Status.UNDER_CONSIDERATION
        ),
        decided_request=decided_request(initiative=initiative),
        recent_decision=decided_request(
            initiative=initiative,
            submitted_on=today - dt.timedelta(days=30),
            decided_on=today - dt.timedelta(days=5),
        ),
        objection=objection(initiative=initiative),
        record=f.ValueRecordFactory(**common, recorded_by=member),
        dimension=dimension,
        indicator=Indicator.objects.create(
            dimension=dimension, name="Testindicator", code="testindicator", unit="people"
        ),
        kind=RequestKind.objects.get(code="grond"),
        contract=f.ContractFactory(**common),
        disputed_contract=f.ContractFactory(
            **common, disputed_at=timezone.now(), dispute="Dit bedrag klopt niet."
        ),
        question=f.ReplyFactory(contact=contact, author=member),
        inventory_item=f.InventoryItemFactory(),
        # Rules on the table: a submitted proposal (support, evidence, an answer, a version)
        # and the member's draft (edit, submit).
        proposal=proposals.submitted(author=co_member, title="Ingediend regelvoorstel"),
        draft_proposal=proposals.draft(author=member, title="Concept regelvoorstel"),
        draft=registration_draft(),
        invitation=Invitation.objects.create(
            initiative=initiative,
            email="buiten@example.org",
            token="uitnodiging-hostiel",
            invited_by=member,
        ),
    )


# Every URL parameter, per URL name where it differs: a new page with a parameter that is not
# here fails test_every_page_of_the_app_is_crawled, so nobody forgets to fuzz it.
def _pk_for(world: World) -> dict[str, int]:
    request_pages = {
        "partnership:request_detail",
        "partnership:request_consider",
        "partnership:request_withdraw",
        "partnership:request_clock",
    }
    pks = {
        "partnership:contact_answer": world.contact.pk,
        "partnership:commitment_settle": world.commitment.pk,
        "partnership:commitment_dispute": world.commitment.pk,
        "partnership:commitment_reassign": world.commitment.pk,
        "partnership:rate_blockage": world.settled_blockage.pk,
        "partnership:rate_request": world.decided_request.pk,
        "partnership:request_decide": world.considered_request.pk,
        "partnership:user_roles": world.users["outsider"].pk,
        "partnership:request_kind_edit": world.kind.pk,
        "initiatives:invitation_revoke": world.invitation.pk,
        "accounts:department_edit": world.users["civil_servant"].department_id,
        "partnership:policy_framework_edit": world.blockage.policy_framework_id,
        "partnership:hard_delete": world.contact.pk,
        "partnership:archive_item": world.contact.pk,
        "partnership:restore_item": world.contact.pk,
        "partnership:inventory_detail": world.inventory_item.pk,
        "partnership:inventory_edit": world.inventory_item.pk,
        "partnership:inventory_apply": world.inventory_item.pk,
        "partnership:contract_dispute": world.contract.pk,
        "partnership:contract_dispute_answer": world.disputed_contract.pk,
        "partnership:reply_answer": world.question.pk,
        "partnership:objection_create": world.recent_decision.pk,
    }
    for name in ("detail", "answer", "assign", "withdraw"):
        pks[f"partnership:objection_{name}"] = world.objection.pk
    for name in ("detail", "support", "evidence", "answer", "withdraw"):
        pks[f"partnership:proposal_{name}"] = world.proposal.pk
    for name in ("edit", "submit"):
        pks[f"partnership:proposal_{name}"] = world.draft_proposal.pk
    pks["partnership:framework_version_create"] = world.proposal.policy_framework_id
    pks["partnership:peer_list"] = world.blockage.policy_framework_id
    pks["partnership:peer_listing"] = world.blockage.policy_framework_id
    pks["partnership:peer_conversation"] = world.peer_listing.pk
    for name in ("respond", "handoff", "escalate", "settle"):
        pks[f"partnership:blockage_{name}"] = world.blockage.pk
    for name in request_pages:
        pks[name] = world.submitted_request.pk
    for name in ("edit", "verify", "clarify", "attachment"):
        pks[f"publicvalue:value_record_{name}"] = world.record.pk
    for name in ("edit", "retire", "delete"):
        pks[f"publicvalue:value_dimension_{name}"] = world.dimension.pk
        pks[f"publicvalue:value_indicator_{name}"] = world.indicator.pk
    return pks


def url_kwargs(world: World, name: str, params: set[str]) -> dict | None:
    """The arguments of one page in the world, or None when the crawler does not know them."""
    kwargs = {}
    for param in params:
        if param == "slug":
            kwargs["slug"] = world.initiative.slug
        elif param == "token":
            kwargs["token"] = world.invitation.token
        elif param == "model":
            kwargs["model"] = "contact"
        elif param == "pk" and name in _pk_for(world):
            kwargs["pk"] = _pk_for(world)[name]
        else:
            return None
    return kwargs


@dataclass(frozen=True)
class Route:
    name: str
    route: str  # the pattern, for messages
    params: frozenset[str]


def routes(patterns=None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every named page of the URL configuration (by its namespaced name), includes followed,
    third-party ones skipped."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += routes(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            params = frozenset(entry.pattern.converters)
            name = f"{namespace}{entry.name}" if entry.name else route
            found.append(Route(name, route, params))
    return found


def page_urls(world: World) -> tuple[dict[str, str], list[Route]]:
    """{url name: path} for every page the world can fill in, and the routes it cannot."""
    from django.urls import reverse

    urls, unknown = {}, []
    for route in routes():
        kwargs = url_kwargs(world, route.name, set(route.params))
        if kwargs is None:
            unknown.append(route)
            continue
        urls[route.name] = reverse(route.name, kwargs=kwargs or None)
    return urls, unknown


# --- reading forms from HTML ---------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, number, date, email, url, file, ...
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    value: str = ""  # what the page filled in (the value, the selected option, the text)
    maxlength: int | None = None
    low: int | None = None  # min and max of a number input
    high: int | None = None


@dataclass
class Form:
    page: str  # the path of the page that shows the form
    role: str
    method: str
    action: str  # the path the form is sent to
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def url_name(self) -> str:
        return resolve(self.action).view_name


class _FormParser(HTMLParser):
    def __init__(self, page: str, role: str):
        super().__init__(convert_charrefs=True)
        self.page, self.role = page, role
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def _add(self, fld: Field) -> None:
        known = self._form.fields.get(fld.name)
        if known is None:
            self._form.fields[fld.name] = fld
            return
        # Radios and checkboxes come one input per option.
        known.options += [o for o in fld.options if o not in known.options]
        if fld.kind == "checkbox":
            known.multiple = True
        if fld.value and not known.value:
            known.value = fld.value

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page
            self._form = Form(
                page=self.page,
                role=self.role,
                method=(a.get("method") or "get").lower(),
                action=urlsplit(action).path or self.page,
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.value = value
            return
        name = a.get("name")
        if not name:
            return
        maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            if kind in ("radio", "checkbox"):
                checked = "checked" in a
                self._add(
                    Field(
                        name,
                        kind,
                        options=[a.get("value", "on")],
                        value=a.get("value", "on") if checked else "",
                    )
                )
            else:
                low, high = (
                    int(a[k]) if re.fullmatch(r"-?\d+", a.get(k, "")) else None
                    for k in ("min", "max")
                )
                self._add(
                    Field(
                        name,
                        kind,
                        value=a.get("value", ""),
                        maxlength=maxlength,
                        low=low,
                        high=high,
                    )
                )
        elif tag == "select":
            self._select = Field(name, "select", multiple="multiple" in a)
            self._add(self._select)
        elif tag == "textarea":
            self._textarea = Field(name, "textarea", maxlength=maxlength)
            self._add(self._textarea)
        elif tag == "button" and a.get("value"):
            self._add(Field(name, "button", options=[a["value"]], value=a["value"]))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            # A browser drops the newline that Django writes after <textarea>.
            if not self._textarea.value and data.startswith("\n"):
                data = data[1:]
            self._textarea.value += data


def forms_on(html: str, page: str, role: str) -> list[Form]:
    parser = _FormParser(page, role)
    parser.feed(html)
    return parser.forms


# --- the crawl -----------------------------------------------------------------------------------


@dataclass
class Crawl:
    urls: dict[str, str]  # url name -> path
    unknown: list[Route]
    opened: dict[str, list[str]]  # path -> roles that got a 200
    failures: list[str]  # pages that answered 500
    # (method, url name of the action) -> the forms found, one per set of field names: the same
    # action can take more fields from some roles (a civil servant gives the date received).
    forms: dict[tuple[str, str], list[Form]]


def crawl(world: World, on_page=None, headers=EN) -> Crawl:
    """GET every page as every role; keep the first form found per action and set of fields.
    ``on_page(path, role, response)`` sees every page that answered 200. The pages are asked for
    in English unless ``headers`` asks for another language."""
    urls, unknown = page_urls(world)
    opened, failures, found = {}, [], {}
    clients = {role: world.client(role) for role in ROLES}
    for path in sorted(set(urls.values())):
        for role in ROLES:
            client = clients[role]
            client.raise_request_exception = False
            response = client.get(path, **headers)
            if response.status_code >= 500:
                failures.append(f"GET {path} as {role}: {response.status_code}")
                continue
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            opened.setdefault(path, []).append(role)
            if on_page:
                on_page(path, role, response)
            html = response.content.decode()
            for query in _same_page_links(html):
                # The page in another state (a step of the registration, a page of a list).
                again = client.get(path + query, **headers)
                if again.status_code >= 500:
                    failures.append(f"GET {path}{query} as {role}: {again.status_code}")
                elif "html" in again.get("Content-Type", ""):
                    html += again.content.decode()
                    if on_page:
                        on_page(path + query, role, again)
            for form in forms_on(html, path, role):
                try:
                    key = (form.method, form.url_name)
                except Resolver404:
                    failures.append(f"form on {path} posts to unknown {form.action}")
                    continue
                variants = found.setdefault(key, [])
                if set(form.fields) not in [set(known.fields) for known in variants]:
                    variants.append(form)
    return Crawl(urls, unknown, opened, failures, found)


def _same_page_links(html: str, limit: int = 4) -> list[str]:
    """The first few links to the same page with another query string."""
    from html import unescape

    links = dict.fromkeys(unescape(q) for q in re.findall(r'href="(\?[^"#]*)', html))
    return list(links)[:limit]


@contextmanager
def world_in_transaction(django_db_blocker) -> Iterator[World]:
    """A world for one test module, rolled back when the module is done."""
    media = tempfile.mkdtemp(prefix="hostile-media-")  # uploads that get through land here
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(
                MFA_REQUIRED_FOR_STAFF=False,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                MEDIA_ROOT=media,
            ),
            transaction.atomic(),
        ):
            yield build_world()
            transaction.set_rollback(True)
    finally:
        shutil.rmtree(media, ignore_errors=True)


@contextmanager
def rolled_back():
    """One generated example: its writes and the cached dashboards are undone afterwards."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with world_in_transaction(django_db_blocker) as built:
        yield built


@pytest.fixture(scope="module")
def crawled(world, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(MFA_REQUIRED_FOR_STAFF=False),
        rolled_back(),
    ):
        return crawl(world)


# --- what hypothesis sends -----------------------------------------------------------------------

MARKUP = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(2)>'
# Raw markup that must never come back unescaped, whatever page shows a stored or echoed value.
UNESCAPED = ("<script>alert(", "<img src=x onerror")
HUGE_TEXT = "A" * 100_000
HUGE_NUMBER = "9" * 30
HOSTILE_TEXT = (
    MARKUP,
    ATTRIBUTE_BREAK,
    f"Moestuin {MARKUP}",
    '=HYPERLINK("http://example.com","klik")',
    "+31 10 123 45 67",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "a\x00b",
    "bell\x07 and vertical tab\x0b",
    "{{ request.user.email }} {% debug %}",
    "' OR 1=1 --",
    "Ω≈ç√ 🌷 \u202eRTL\u202c 𝕏",
    "   ",
    HUGE_TEXT,
)
HOSTILE_NUMBERS = (
    "0",
    "-1",
    "1.5",
    "1,5",
    HUGE_NUMBER,
    "-" + HUGE_NUMBER,
    "1e400",
    "1e-400",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x1F",
    " 12 ",
    "١٢",
    "2147483648",
    "9223372036854775808",
    "99999999999999.99",
)
HOSTILE_DATES = (
    "2026-13-45",
    "2026-02-30",
    "0000-00-00",
    "0001-01-01",
    "1-1-1",
    "9999-12-31",
    "10000-01-01",
    "31-12-2025",
    "2025/12/31",
    "today",
    "2025-12-31T25:61",
)
HOSTILE_CHOICES = ("xyz", "-1", "0", "999999999", HUGE_NUMBER, "1.5", "", MARKUP, "on")
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
HOSTILE = st.one_of(
    st.sampled_from(HOSTILE_TEXT + HOSTILE_NUMBERS + HOSTILE_DATES + HOSTILE_CHOICES), ANY_TEXT
)
# Field kinds the strategies know; a form with another kind fails the guard below.
TEXT_KINDS = {"text", "search", "textarea", "password", "hidden", "email", "url", "tel"}
KNOWN_KINDS = TEXT_KINDS | {"number", "date", "select", "radio", "checkbox", "file", "button"}


def _valid_text(fld: Field) -> st.SearchStrategy[str]:
    """Text the form should accept, carrying markup so that stored values are hostile too."""
    limit = fld.maxlength or 200
    marked = st.builds(
        lambda words: f"{words} {MARKUP} {ATTRIBUTE_BREAK}".strip()[:limit],
        st.text(st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=20),
    )
    plain = st.from_regex(r"[a-z][a-z0-9-]{2,14}", fullmatch=True)  # a slug, a code, a name
    options = [marked, plain]
    if fld.value:
        options.append(st.just(fld.value))
    if fld.kind == "email":
        options = [st.sampled_from(["nieuw@example.org", "n.nieuw+x@example.org"])]
    elif fld.kind == "url":
        options = [st.sampled_from(["https://example.org/a?b=<c>", "example.org"])]
    return st.one_of(*options)


def valid_value(fld: Field, today: dt.date) -> st.SearchStrategy:
    if fld.kind in ("select", "radio", "checkbox", "button"):
        choices = [o for o in fld.options if o] or fld.options or [""]
        if fld.multiple:
            return st.lists(st.sampled_from(choices), max_size=3, unique=True)
        return st.sampled_from(choices)
    if fld.kind == "number":
        low = fld.low if fld.low is not None else 0
        high = fld.high if fld.high is not None else low + 60
        numbers = st.integers(low, max(low, high)).map(str)
        return st.one_of(numbers, st.just(fld.value))
    if fld.kind == "date":
        return st.integers(0, 90).map(lambda days: (today - dt.timedelta(days=days)).isoformat())
    if fld.kind == "file":
        return st.none()
    if fld.kind == "hidden":
        return st.just(fld.value)
    return _valid_text(fld)


def _hostile_value(fld: Field) -> st.SearchStrategy:
    if fld.kind == "file":
        return st.builds(_upload, st.sampled_from(HOSTILE_TEXT[:6] + ("x.pdf", "../../etc/passwd")))
    return HOSTILE


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name[:200] or "leeg", b"%PDF-1.4 <script>alert(1)</script>")


@st.composite
def form_data(draw, form: Form, today: dt.date):
    """Values for a form: what it should accept, or with a few fields made hostile (sent once
    or twice) or left out."""
    # A browser always sends the CSRF token, so a post is never empty; the test client does
    # not check the token, but an empty post would make Django's forms unbound.
    data = {"csrfmiddlewaretoken": ["token"]}
    names = [n for n in form.fields if n != "csrfmiddlewaretoken"]
    if not names:
        return data
    # Half the examples are posts the form should take (with markup in the text), so that
    # stored values are shown again; the others make one to three fields hostile or missing.
    mode = draw(st.sampled_from(("acceptable", "acceptable", "hostile", "missing")))
    some = st.sets(st.sampled_from(names), min_size=1, max_size=3)
    hostile = draw(some) if mode == "hostile" else set()
    missing = draw(some) if mode == "missing" else set()
    for name in names:
        if name in missing:
            continue
        fld = form.fields[name]
        if name in hostile:
            values = draw(st.lists(_hostile_value(fld), min_size=1, max_size=2))
        else:
            value = draw(valid_value(fld, today))
            values = value if isinstance(value, list) else [value]
        values = [v for v in values if v is not None]
        if values:
            data[name] = values
    return data


def unknown_kinds(form: Form) -> list[str]:
    return [f"{n} ({fld.kind})" for n, fld in form.fields.items() if fld.kind not in KNOWN_KINDS]


# --- what every answer must hold -----------------------------------------------------------------


def assert_no_raw_markup(response, context: str = "") -> None:
    """Echoed or stored markup is shown as text: never as a live element."""
    if "html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    raw = [marker for marker in UNESCAPED if marker in html]
    assert not raw, f"unescaped markup {raw} on {context or response.request['PATH_INFO']}"


class _ErrorParser(HTMLParser):
    """Which fields are marked invalid, what they point at, and which error lists exist."""

    def __init__(self):
        super().__init__()
        self.invalid: dict[str, set[str]] = {}  # field name -> ids in aria-describedby
        self.described: set[str] = set()
        self.field_errors: set[str] = set()
        self.nonfield = False
        self._groups: list[set[str]] = []  # a radio or checkbox group describes its inputs

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        ids = set(a.get("aria-describedby", "").split())
        self.described |= ids
        if tag == "fieldset":
            self._groups.append(ids)
        if a.get("aria-invalid") == "true":
            inherited = set().union(*self._groups)
            self.invalid.setdefault(a.get("name", "?"), set()).update(ids | inherited)
        classes = a.get("class", "").split()
        if "errorlist" in classes:
            if "nonfield" in classes:
                self.nonfield = True
            elif a.get("id"):
                self.field_errors.add(a["id"])

    def handle_endtag(self, tag):
        if tag == "fieldset" and self._groups:
            self._groups.pop()


def assert_errors_tied_to_fields(response, form: Form) -> None:
    """An invalid post comes back as the form, with each error next to its field."""
    html = response.content.decode()
    again = [f for f in forms_on(html, form.action, form.role) if f.method == "post"]
    assert any(f.url_name == form.url_name for f in again), "the form is not shown again"
    errors = _ErrorParser()
    errors.feed(html)
    assert errors.field_errors or errors.nonfield, "an invalid post must say what is wrong"
    for name, ids in errors.invalid.items():
        assert ids & errors.field_errors, f"field {name} is invalid but points at no error"
    loose = errors.field_errors - errors.described
    assert not loose, f"error lists {loose} are not tied to a field (aria-describedby)"


def hypothesis_settings(examples: int):
    """Reproducible in CI: derandomised, no example database, no deadline (a page may be slow
    the first time). The world is built once per module, on purpose (see ``rolled_back``)."""
    return hsettings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=False,
    )


# Every named route of the app, one fuzzing test per route.
ROUTE_NAMES = sorted({route.name for route in routes()})
