"""Reads for the department work list and for the daily reminders.

Each section is one queryset that carries its joins and counts; the view reads a page of it
with its total in one query (``with_total``), whatever the size of the city. The initiatives
waiting for a coordinator are the exception: their rule is costly, so a page of their keys is
read with the total counted over the same pass, and the page's rows by those keys, in the same
query (``waiting_page``). Each section's query is compiled once per process (``compiled``)."""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim, TruncDate

from initiatives import permissions
from initiatives.accounts.compiled import A_DATE, CompiledQuery, compiled, compiled_query, run
from initiatives.accounts.models import Department, User
from initiatives.models import Area, Initiative, Membership
from partnership.filters.worklist import (
    BlockageWorklistFilter,
    CommitmentWorklistFilter,
    InitiativeBlockageTriageFilter,
    InitiativeWorklistFilter,
    ObjectionWorklistFilter,
    RequestWorklistFilter,
)
from partnership.models import (
    Blockage,
    BlockageHandoff,
    CityRequest,
    Commitment,
    Contact,
    Contract,
    Involvement,
    Objection,
    ReminderLog,
    Reply,
)
from partnership.selectors.pillar import (
    AmongRows,
    count_subquery,
    initiatives_needing_coordinator,
)


def _due_soon_until(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=settings.COMMITMENT_DUE_SOON_DAYS)


# The columns a section shows, and no more: a page names an initiative by its title and links
# it by its slug; reading every column of each row and of each joined row (descriptions,
# timestamps, the initiative's twenty-odd fields) cost more to send and to turn into objects
# than the page's queries take to run. A column left out is read by a query of its own when a
# template asks for it, which the bounded-queries tests would notice.
_INITIATIVE_NAMED = ("initiative__title", "initiative__slug")


def _of_a_live_initiative() -> Exists:
    """The row's initiative is not archived, asked as "no archived initiative has its key": the
    archived initiatives are few and read once from the index on archiving, and a section's
    total is then counted from its own index alone. Joined instead, each row of the section
    probed its initiative's row, a page of the city's largest table per row counted."""
    archived = Initiative.objects.filter(pk=OuterRef("initiative_id"), archived_at__isnull=False)
    return ~Exists(archived)


def open_blockages() -> QuerySet:
    """Open and escalated blockages, oldest first (index blockage_dept_idx: department, status,
    raised_on), with their hand-offs counted by a correlated subquery, so that only the rows of
    the page are counted (a JOIN with GROUP BY would aggregate every open blockage first)."""
    return (
        Blockage.objects.filter(
            _of_a_live_initiative(), status__in=Blockage.OPEN_STATUSES, archived_at__isnull=True
        )
        .select_related("initiative", "department", "policy_framework")
        .annotate(
            handoff_count=count_subquery(
                BlockageHandoff.objects.between_departments().filter(blockage=OuterRef("pk"))
            )
        )
        .order_by("raised_on", "pk")
    )


def _display_name_of(user_field: str) -> Subquery:
    """``User.display_name`` (the name given, else the address) of the user in ``user_field``,
    probed by key for each row."""
    shown = Coalesce(NullIf(Trim("name"), Value("")), "email", output_field=CharField())
    return Subquery(
        User.objects.filter(pk=OuterRef(user_field))
        .order_by()
        .annotate(shown=shown)
        .values("shown")[:1]
    )


def commitments_due(today: dt.date, user=None) -> QuerySet:
    """Open commitments that are overdue or due within COMMITMENT_DUE_SOON_DAYS, the ones
    ``user`` owns first, then soonest first. The order (one's own first) is no index's, so
    every due commitment of the department is sorted: with nothing but keys and dates asked
    of them, PostgreSQL sorts them from index commitment_open_dept_idx alone, and what the
    page shows (what was promised, the initiative, the owner) is read by key for its rows
    only. Joined, the initiatives were probed for every due commitment before the sort (or
    the sort left to parallel workers), and the owners had it hash every user of the city."""
    mine = Case(When(owner_id=getattr(user, "pk", None), then=Value(0)), default=Value(1))

    def of_row(model, key, column):
        return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values(column))

    return (
        Commitment.objects.open()
        .filter(_of_a_live_initiative(), due_on__lte=_due_soon_until(today))
        .select_related("department")
        .only("due_on", "owner", "initiative", "department__name")
        .annotate(
            mine=mine,
            owner_name=_display_name_of("owner_id"),
            promised=of_row(Commitment, "pk", "description"),
            initiative_title=of_row(Initiative, "initiative_id", "title"),
            initiative_slug=of_row(Initiative, "initiative_id", "slug"),
        )
        .order_by("mine", "due_on", "pk")
    )


def my_commitments(user) -> QuerySet:
    """Every unsettled commitment ``user`` owns, in any department, soonest due first: the
    first section of their work list."""
    return (
        Commitment.objects.filter(
            _of_a_live_initiative(),
            owner=user,
            status__in=[Commitment.Status.OPEN, Commitment.Status.DISPUTED],
            archived_at__isnull=True,
        )
        .select_related("initiative", "department")
        .only("description", "status", "due_on", "department__name", *_INITIATIVE_NAMED)
        .order_by("due_on", "pk")
    )


def requests_due(today: dt.date) -> QuerySet:
    """Every request not yet decided, from the day it was submitted, nearest deadline first
    (index request_deadline_idx): a Right to Challenge with an 84-day term is on the deciding
    department's list on day one, not a week before its deadline."""
    return (
        CityRequest.objects.exclude(status=CityRequest.Status.DECIDED)
        .filter(_of_a_live_initiative(), archived_at__isnull=True)
        .select_related("initiative", "kind")
        .only("title", "deadline", "kind__name", "kind__name_en", *_INITIATIVE_NAMED)
        .order_by("deadline", "pk")
    )


def unrouted_blockages(user, *, coordinator: bool | None = None) -> QuerySet:
    """The triage: open blockages an initiator raised without knowing the department, for the
    initiative's point of contact (or coordinator); those of initiatives without a point of
    contact go to the coordinators (``coordinator``: whether ``user`` is one, asked of the
    user's roles if not given). Oldest first."""
    whose = Q(initiative__point_of_contact=user) | Q(initiative__coordinator=user)
    if permissions.is_coordinator(user) if coordinator is None else coordinator:
        whose |= Q(initiative__point_of_contact__isnull=True)
    return (
        Blockage.objects.filter(
            whose,
            department__isnull=True,
            status__in=Blockage.OPEN_STATUSES,
            archived_at__isnull=True,
            initiative__archived_at__isnull=True,
        )
        .select_related("initiative", "policy_framework__department")
        .only(
            "description",
            "status",
            "raised_by_role",
            "first_answered_at",
            "raised_on",
            "policy_framework__name",
            "policy_framework__department__name",
            *_INITIATIVE_NAMED,
        )
        .order_by("raised_on", "pk")
    )


# Waiting for a first answer: what a partner started, until the city first answers. ---------

# The columns every kind shows, in one order, so the four kinds can be read as one list (a
# UNION: one query for a page and one for the count, whatever the number of kinds).
_FIRST_ANSWER_COLUMNS = (
    "row_kind",
    "row_id",
    "started",
    "initiative_title",
    "initiative_slug",
    "department_name",
    "text",
)


def _first_answer_rows(queryset, *, kind, started, department, text, department_q, cleaned):
    department_value, area = cleaned.get("department"), cleaned.get("area")
    if department_value:
        queryset = queryset.filter(department_q(department_value))
    if area:
        queryset = queryset.filter(initiative__area=area)
    return (
        queryset.filter(initiative__archived_at__isnull=True)
        .annotate(
            # Typed in SQL as well, so that PostgreSQL unites the branches' literals.
            row_kind=Cast(Value(kind), output_field=CharField()),
            row_id=F("pk"),
            started=Cast(started, output_field=DateField()),
            initiative_title=F("initiative__title"),
            initiative_slug=F("initiative__slug"),
            department_name=Cast(department, output_field=CharField()),
            text=Cast(text, output_field=CharField()),
        )
        .values(*_FIRST_ANSWER_COLUMNS)
        .order_by()
    )


def _unanswered_replies(department) -> AmongRows:
    """The questions and disputes nobody answered yet, of ``department`` if given: a few
    hundred of the city's replies, read from the partial index reply_unanswered_idx alone,
    each asking the department of its one parent (contact, commitment or blockage) by key.
    PostgreSQL cannot tell how few they are (answered and unanswered kinds are correlated):
    joined to their parents, it took them for thousands and hashed every contact of the city.
    Asked as the keys of these rows (``AmongRows``), the page's rows are then read by key."""
    unanswered = Reply.objects.filter(kind__in=Reply.ASKING, first_answered_at__isnull=True)
    if department:
        # Their keys first (AmongRows), so that PostgreSQL plans for a few rows: it takes the
        # partial index's rows for tens of thousands, and asking each parent's department of
        # as many costs more than its threshold for compiling the query to machine code.
        unanswered = unanswered.filter(AmongRows(F("pk"), unanswered.order_by().values("pk")))
        parents = {
            f"{parent}_department": Subquery(
                model.objects.filter(pk=OuterRef(f"{parent}_id")).order_by().values("department_id")
            )
            for parent, model in (
                ("contact", Contact),
                ("commitment", Commitment),
                ("blockage", Blockage),
            )
        }
        unanswered = unanswered.annotate(**parents).filter(
            Q(contact_department=department)
            | Q(commitment_department=department)
            | Q(blockage_department=department)
        )
    return AmongRows(F("pk"), unanswered.order_by().values("pk"))


def waiting_for_first_answer(cleaned: dict) -> QuerySet:
    """A raised blockage, a dispute (of a commitment or a contract record), a question, and a
    request, each until the city first answered it, filtered by the department that owns it
    and by area; oldest first. Rows are dicts (see ``_FIRST_ANSWER_COLUMNS``); the clock is
    worked out from ``started`` (``partnership.clock.first_answer_due``). Read a page at a time
    with its total counted over the same pass (``first_answers_page``): a paginator would run
    the union twice (count and page)."""
    blockages = _first_answer_rows(
        Blockage.objects.filter(
            raised_by_role=Blockage.RaisedBy.INITIATOR,
            first_answered_at__isnull=True,
            status__in=Blockage.OPEN_STATUSES,
            archived_at__isnull=True,
        ),
        kind="blockage",
        started=F("raised_on"),
        department=F("department__name"),
        text=F("description"),
        department_q=lambda d: Q(department=d),
        cleaned=cleaned,
    )
    replies = _first_answer_rows(
        Reply.objects.filter(_unanswered_replies(cleaned.get("department"))),
        kind="reply",
        started=TruncDate("created_at"),
        department=Coalesce(
            "contact__department__name",
            "commitment__department__name",
            "blockage__department__name",
        ),
        text=F("body"),
        department_q=lambda d: Q(),  # asked with the replies themselves
        cleaned=cleaned,
    )
    contracts = _first_answer_rows(
        Contract.objects.filter(
            disputed_at__isnull=False,
            dispute_answered_at__isnull=True,
            awarded_by_department__isnull=False,
            archived_at__isnull=True,
        ),
        kind="contract",
        started=TruncDate("disputed_at"),
        department=F("awarded_by_department__name"),
        text=F("dispute"),
        department_q=lambda d: Q(awarded_by_department=d),
        cleaned=cleaned,
    )
    requests = _first_answer_rows(
        CityRequest.objects.filter(
            status=CityRequest.Status.SUBMITTED,
            first_answered_at__isnull=True,
            archived_at__isnull=True,
        ),
        kind="request",
        started=F("submitted_on"),
        department=F("department__name"),
        text=F("title"),
        department_q=lambda d: Q(department=d),
        cleaned=cleaned,
    )
    return blockages.union(replies, contracts, requests, all=True).order_by(
        "started", "row_kind", "row_id"
    )


def first_answers_page(cleaned: dict, offset: int, limit: int) -> tuple[list[dict], int]:
    """The rows of ``waiting_for_first_answer`` from ``offset`` on (at most ``limit``, dicts)
    and how many wait in all, in one query compiled once for each set of filters in use (see
    ``_compiled``): the total is counted over the same pass (``COUNT(*) OVER ()``), since a
    count beside it would run the union twice."""
    department, area = cleaned.get("department"), cleaned.get("area")
    sql, params = _compiled(
        ("first_answers", bool(department), bool(area)),
        lambda: waiting_for_first_answer(_stand_ins(department, area)),
    )
    columns = ", ".join(f"waiting.{name}" for name in _FIRST_ANSWER_COLUMNS)
    page = (
        f"SELECT {columns}, COUNT(*) OVER () FROM ({sql}) waiting "
        f"ORDER BY waiting.started, waiting.row_kind, waiting.row_id "
        f"LIMIT {int(limit)} OFFSET {int(offset)}"
    )
    rows = run(page, params, _values(department, area))
    found = [dict(zip(_FIRST_ANSWER_COLUMNS, row[:-1], strict=True)) for row in rows]
    for row in found:  # SQLite hands dates back as text
        row["started"] = A_DATE.to_python(row["started"])
    return found, (rows[0][-1] if rows else 0)


def objections_waiting() -> QuerySet:
    """Objections not yet decided, the nearest term first (index objection_dept_idx:
    department, status, due_on). They are on the list from the day they are lodged."""
    return (
        Objection.objects.waiting()
        .filter(request__initiative__archived_at__isnull=True)
        .select_related("request__initiative", "department", "owner")
        .only(
            "late_reason",
            "due_on",
            "request__title",
            "request__initiative__title",
            "request__initiative__slug",
            "department__name",
            "owner__name",
            "owner__email",
        )
        .order_by("due_on", "pk")
    )


def my_initiatives(user, today: dt.date | None = None) -> QuerySet:
    """Initiatives the user is point of contact or coordinator for, with what is open."""
    today_overdue = Commitment.objects.overdue(today=today).filter(initiative=OuterRef("pk"))
    return (
        Initiative.objects.filter(Q(point_of_contact=user) | Q(coordinator=user))
        .filter(archived_at__isnull=True)
        .select_related("area")
        .only("title", "slug", "point_of_contact", "coordinator", "area__name")
        .annotate(
            open_blockages=count_subquery(
                Blockage.objects.filter(
                    initiative=OuterRef("pk"),
                    status__in=Blockage.OPEN_STATUSES,
                    archived_at__isnull=True,
                )
            ),
            has_overdue=Exists(today_overdue),
        )
        .order_by("title", "pk")
    )


def waiting_for_coordinator(department=None) -> QuerySet:
    """Initiatives needing a coordinator, longest registered first; for one department, those
    it is involved with (read from ``Involvement``, see ``initiatives_needing_coordinator``).
    ``waiting_page`` reads a page of them with their total."""
    return initiatives_needing_coordinator(department=department).order_by("created_at", "pk")


def waiting_page(cleaned: dict, offset: int, limit: int) -> tuple[list, int]:
    """The initiatives waiting for a coordinator from ``offset`` on (at most ``limit``), with the
    departments involved, and how many wait in all, in one query compiled once for each set of
    filters in use (see ``compiled``). The rule's rows (keys and age only) are one common table
    expression, materialized on PostgreSQL: joined in key order, the department's pairs with
    the index of initiatives without a coordinator (``initiative_no_coordinator_idx``). Their
    order, page and total (``COUNT(*) OVER ()``, before the page is cut) are a second, and the
    page's rows with the departments involved are read by those keys: the rule runs once, and
    the keys and the rows take one round trip, not two."""
    department, area = cleaned.get("department"), cleaned.get("area")

    def build():
        stand_in = _stand_ins(department, area)
        rows = waiting_for_coordinator(stand_in.get("department"))
        rows = _filtered(InitiativeWorklistFilter, rows, stand_in)
        waiting, params = (
            rows.order_by()
            .annotate(w_pk=F("pk"), w_created=F("created_at"))
            .values_list("w_pk", "w_created")
            .query.sql_with_params()
        )
        # All of them first, then their order, count and page: asked for the first page in
        # order, PostgreSQL walked every initiative by age (as if the page could stop early,
        # where the count over them all cannot), probing each for the department's pairs.
        materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
        head = (
            f"WITH waiting AS {materialized}({waiting}), page AS ("
            "SELECT waiting.w_pk AS pk, COUNT(*) OVER () AS section_total FROM waiting "
            "ORDER BY waiting.w_created, waiting.w_pk LIMIT %s OFFSET %s) ",
            (*params, _LIMIT, _OFFSET),
        )
        shown = (
            Initiative.objects.filter(pk__in=RawSQL("SELECT page.pk FROM page", ()))
            .select_related("area", "point_of_contact")
            .only(
                "title", "slug", "area__name", "point_of_contact__name", "point_of_contact__email"
            )
            .annotate(
                section_total=RawSQL(
                    "SELECT MAX(page.section_total) FROM page", (), output_field=IntegerField()
                )
            )
            .order_by("created_at", "pk")  # the rule's order (waiting_for_coordinator)
        )
        # The departments involved, counted from the same pairs: a probe of the initiative's
        # own, where the rule's count per department asked six questions of each of them.
        involved = count_subquery(Involvement.objects.filter(initiative=OuterRef("pk")))
        return CompiledQuery(shown.annotate(departments_involved=involved), head=head)

    query = compiled_query(("waiting", bool(department), bool(area)), build)
    found = query.objects({**_values(department, area), _LIMIT: limit, _OFFSET: offset})
    return found, (found[0].section_total if found else 0)


def initiatives_without_lead() -> QuerySet:
    """Initiatives that had members and have no current lead any more (the last member left or
    deleted their account): nobody speaks for them until a coordinator finds someone or archives
    them. Longest unattended first."""
    memberships = Membership.objects.filter(initiative=OuterRef("pk"))
    return (
        Initiative.objects.filter(archived_at__isnull=True)
        .filter(Exists(memberships))
        .exclude(Exists(memberships.filter(role=Membership.Role.LEAD, left_at__isnull=True)))
        .select_related("area", "point_of_contact")
        .annotate(
            # A correlated MAX, not a join grouped by initiative: the section's rows and its
            # total come in one query (``with_total``), which a GROUP BY would not allow.
            last_member_left_at=Subquery(
                memberships.order_by()
                .annotate(m=Func(F("left_at"), function="MAX", output_field=DateTimeField()))
                .values("m"),
                output_field=DateTimeField(),
            )
        )
        .order_by("last_member_left_at", "pk")
    )


def with_total(rows: QuerySet) -> QuerySet:
    """``rows`` with ``section_total``, the number of all of them, on each row: an uncorrelated
    scalar subquery, so that a page of a section and its total come back in one query.
    ``rows`` must not aggregate (its count would be one number per group)."""
    return rows.annotate(section_total=count_subquery(rows))


def with_window_total(rows: QuerySet) -> QuerySet:
    """``rows`` read as keys only, with ``section_total`` counted over the same pass
    (``COUNT(*) OVER ()``, before the page is cut): for a section whose rule is costly, which
    ``with_total`` would run a second time. Only the keys, so that nothing else is computed
    for every row of the section."""
    return rows.only("pk").annotate(section_total=Window(Count("pk")))


# Stand-ins for the values of the request while a section's query is compiled (``compiled``):
# no row has these keys, and nothing else in the queries is such a number; no row has such a
# date either (which SQLite is sent as text, PostgreSQL as a date).
_DEPARTMENT, _AREA, _USER = -7_340_212, -7_340_213, -7_340_214
_LIMIT, _OFFSET = -7_340_215, -7_340_216  # of a page read in a common table expression
_TODAY = dt.date(1001, 1, 1)


def _stand_ins(department, area) -> dict:
    """The filters in use, their values replaced by stand-ins."""
    return {
        **({"department": Department(pk=_DEPARTMENT)} if department else {}),
        **({"area": Area(pk=_AREA)} if area else {}),
    }


def _values(department, area, user=None, today: dt.date | None = None) -> dict:
    """What each stand-in stands for on this request."""
    values = {_DEPARTMENT: getattr(department, "pk", None), _AREA: getattr(area, "pk", None)}
    if user is not None:
        values[_USER] = user.pk
    if today is not None:
        for stand_in, value in ((_TODAY, today), (_due_soon_until(_TODAY), _due_soon_until(today))):
            values[stand_in] = value
    return values


def _compiled(key: tuple, build) -> tuple[str, tuple]:
    """The SQL and parameters of the queryset ``build()`` makes with stand-ins for the filters'
    values (``_stand_ins``), compiled once per process (``compiled``): a section's query is
    the same on every request but for those values."""
    return compiled(key, lambda: build().query.sql_with_params())


@functools.cache
def _filters_of(filterset_class) -> dict:
    """The filters of ``filterset_class``, bound once per process: applying one keeps no state,
    and binding them (a deep copy of every filter and its field) for each section of each
    request cost more than applying them."""
    return filterset_class(queryset=filterset_class._meta.model.objects.none()).filters


def _filtered(filterset_class, queryset: QuerySet, cleaned: dict) -> QuerySet:
    """Apply the filters of ``filterset_class`` that fit this section with values already
    validated by the page's form (validating again would cost a query per section)."""
    for name, filter_ in _filters_of(filterset_class).items():
        if name in cleaned:
            queryset = filter_.filter(queryset, cleaned[name])
    return queryset


def _read_objects(key: tuple, build, values: dict):
    """A reader ``(offset, limit) -> (objects, total)`` of the section ``build()`` makes with
    stand-ins (see ``compiled``), its total on each row (``with_total``)."""
    query = compiled_query(("page", *key), lambda: with_total(build()))
    return functools.partial(query.page, values)


def without_lead_page():
    """A reader ``(offset, limit) -> (initiatives, total)`` of ``initiatives_without_lead``."""
    return _read_objects(("without_lead",), initiatives_without_lead, {})


def worklist(*, user, data, today: dt.date) -> dict:
    """The sections of a civil servant's work list, filtered; ``data`` is the filter input
    (the view defaults the department to the user's own). Category and severity narrow the
    blockages; the other sections follow department and area. Each section is a reader
    ``(offset, limit) -> (rows, total)`` of one query compiled once per process (with stand-ins
    for the filters' values, the user and the day; see ``compiled``)."""
    page_filter = BlockageWorklistFilter(data, queryset=Blockage.objects.none())
    page_filter.form.is_valid()  # once; fields that do not validate drop out of cleaned_data
    cleaned = page_filter.form.cleaned_data
    department, area = cleaned.get("department"), cleaned.get("area")
    stand_in, shape = _stand_ins(department, area), (bool(department), bool(area))
    values = _values(department, area, user=user, today=today)
    someone = User(pk=_USER)
    narrowed = {name: cleaned[name] for name in ("category", "severity") if name in cleaned}
    coordinator = permissions.is_coordinator(user)
    days = settings.COMMITMENT_DUE_SOON_DAYS

    def read(name, *key, build):
        return _read_objects((name, *shape, *key), build, values)

    return {
        "filter": page_filter,
        "blockages": read(
            "blockages",
            *(narrowed.get(name) or "" for name in ("category", "severity")),
            build=lambda: _filtered(
                BlockageWorklistFilter, open_blockages(), {**stand_in, **narrowed}
            ).only(
                "description",
                "status",
                "raised_by_role",
                "confirmed_at",
                "category",
                "severity",
                "raised_on",
                "department__name",
                "policy_framework__name",
                *_INITIATIVE_NAMED,
            ),
        ),
        "my_commitments": read("my_commitments", build=lambda: my_commitments(someone)),
        "commitments": read(
            "commitments",
            days,
            build=lambda: _filtered(
                CommitmentWorklistFilter, commitments_due(_TODAY, someone), stand_in
            ),
        ),
        "requests": read(
            "requests",
            build=lambda: _filtered(RequestWorklistFilter, requests_due(_TODAY), stand_in),
        ),
        "first_answers": lambda offset, limit: first_answers_page(cleaned, offset, limit),
        "triage": read(
            "triage",
            coordinator,
            build=lambda: _filtered(
                InitiativeBlockageTriageFilter,
                unrouted_blockages(someone, coordinator=coordinator),
                stand_in,
            ),
        ),
        "objections": read(
            "objections",
            build=lambda: _filtered(ObjectionWorklistFilter, objections_waiting(), stand_in),
        ),
        "my_initiatives": read(
            "my_initiatives",
            build=lambda: _filtered(
                InitiativeWorklistFilter, my_initiatives(someone, today=_TODAY), stand_in
            ),
        ),
        # Its page of keys and the page's rows in one query (see waiting_page).
        "waiting": lambda offset, limit: waiting_page(cleaned, offset, limit),
    }


# Reminders --------------------------------------------------------------------------------


def _reminded(prefix: str, **dates) -> Exists:
    """Whether the row's reminder ``<prefix><pk>`` was logged in the given dates."""
    key = Concat(Value(prefix), Cast(OuterRef("pk"), output_field=CharField()))
    return Exists(ReminderLog.objects.filter(key=key, **dates))


def commitments_due_soon_to_remind(*, day: dt.date) -> QuerySet:
    """Due within COMMITMENT_DUE_SOON_DAYS and never reminded as due soon."""
    return (
        Commitment.objects.due_soon(today=day)
        .filter(initiative__archived_at__isnull=True)
        .exclude(_reminded("commitment-due-soon:", sent_on__lte=day))
        .select_related("initiative", "department")
        .order_by("due_on", "pk")
    )


def commitments_overdue_to_remind(*, day: dt.date, since: dt.date) -> QuerySet:
    """Overdue and not reminded as overdue after ``since`` (a weekly repeat)."""
    return (
        Commitment.objects.overdue(today=day)
        .filter(initiative__archived_at__isnull=True)
        .exclude(_reminded("commitment-overdue:", sent_on__gt=since, sent_on__lte=day))
        .select_related("initiative", "department")
        .order_by("due_on", "pk")
    )


def blockages_to_remind(*, day: dt.date, since: dt.date) -> QuerySet:
    """Open past BLOCKAGE_REMINDER_DAYS and not reminded after ``since`` (a weekly repeat)."""
    threshold = day - dt.timedelta(days=settings.BLOCKAGE_REMINDER_DAYS)
    return (
        open_blockages()
        .filter(raised_on__lte=threshold)
        .exclude(_reminded("blockage-open:", sent_on__gt=since, sent_on__lte=day))
    )
