"""The five council dashboards and their figures: what each shows, how it is computed (one line
a council member can read) and how it is drawn. Views, exports and tests all work from here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partnership.dashboards import charts
from partnership.dashboards import selectors as s
from partnership.dashboards.community_wealth import community_wealth
from partnership.dashboards.models import DashboardSetting
from partnership.dashboards.tables import Table, protect


@dataclass(frozen=True)
class Figure:
    """One figure. ``basis`` names the column holding the number of initiatives (ratings,
    records) each row rests on, ``cells`` the columns (``"*"``: all) whose every cell is such a
    number and ``row_total`` the column adding those up: small-number protection works from
    them (``tables.protect``; without any, the table's count column is the basis).
    ``period_basis`` says which date the period filter uses; ``counts`` what is counted (private
    initiatives, archived records) and the denominator of any share."""

    key: str
    title: str
    explanation: str
    selector: Callable
    chart: Callable[[Table, str], list[dict]]
    basis: str | None = None
    cells: tuple[str, ...] | str = ()
    row_total: str | None = None
    period_basis: str = ""
    counts: tuple[str, ...] = ()

    def protected(self, table: Table) -> Table:
        """The table as council members, civil servants and visitors see it: small numbers
        shown as "< 5", with complementary suppression."""
        return protect(table, basis=self.basis, cells=self.cells, row_total=self.row_total)

    def definitions(self) -> list[str]:
        """The lines under the figure (and in the export's explanation): date basis, counts."""
        return [str(line) for line in (self.period_basis, *self.counts) if line]


@dataclass(frozen=True)
class Dashboard:
    slug: str
    url_name: str
    title: str
    intro: str
    figures: tuple[Figure, ...]

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    @property
    def view_name(self) -> str:
        """The name to reverse, in the app's URL namespace."""
        return f"dashboards:{self.url_name}"


# --- how each figure is drawn ------------------------------------------------------------------


def _bars(column: str, suffix: str = ""):
    def draw(table: Table, title: str) -> list[dict]:
        col = table.columns[table.index(column)]
        return [
            charts.bar_chart(
                table.labels(), [(col.label, table.column(column))], title=title, suffix=suffix
            )
        ]

    return draw


def _grouped(*columns: str):
    def draw(table: Table, title: str) -> list[dict]:
        series = [(table.columns[table.index(c)].label, table.column(c)) for c in columns]
        return [charts.bar_chart(table.labels(), series, title=title)]

    return draw


def _panels(*columns: str, suffixes: tuple[str, ...] = ()):
    """One bar chart per column, each on its own scale (volunteers beside people reached)."""

    def draw(table: Table, title: str) -> list[dict]:
        out = []
        for i, c in enumerate(columns):
            label = table.columns[table.index(c)].label
            suffix = suffixes[i] if i < len(suffixes) else ""
            chart = charts.bar_chart(
                table.labels(), [(label, table.column(c))], title=f"{title}: {label}", suffix=suffix
            )
            out.append(dict(chart, caption=label))
        return out

    return draw


def _stacked(*columns: str, classes: tuple[str, ...] | None = None):
    def draw(table: Table, title: str) -> list[dict]:
        series = [(table.columns[table.index(c)].label, table.column(c)) for c in columns]
        return [charts.stacked_bars(table.labels(), series, title=title, classes=classes)]

    return draw


def _heat(table: Table, title: str) -> list[dict]:
    cols = table.columns[1:-1]  # the last column is the row total
    matrix = [row[1:-1] for row in table.rows]
    return [charts.heat_table(table.labels(), [c.label for c in cols], matrix, title=title)]


def _lines(*columns: str, classes: tuple[str, ...] | None = None):
    def draw(table: Table, title: str) -> list[dict]:
        series = [(table.columns[table.index(c)].label, table.column(c)) for c in columns]
        return [charts.line_chart(table.labels(), series, title=title, classes=classes)]

    return draw


def _satisfaction(table: Table, title: str) -> list[dict]:
    return [
        charts.line_chart(
            table.labels(),
            [(table.columns[table.index("share")].label, table.column("share"))],
            title=title,
            y_max=100,
            suffix="%",
            reference=(gettext("audit office 2020: 40%"), s.AUDIT_OFFICE_SATISFIED_PCT),
        )
    ]


# Semantic colours: kept on time green, kept late blue, broken vermillion, disputed purple,
# overdue brown; requests: on time green, late vermillion, past the deadline brown, waiting blue,
# withdrawn violet.
COMMITMENT_CLASSES = ("s3", "s1", "s2", "s4", "s6")
DECISION_CLASSES = ("s3", "s1", "s2", "s5", "s6")
TIMELINESS_CLASSES = ("s3", "s2", "s6", "s1", "s5")


# --- what each figure counts, in words (shown under it and in its export) ---------------------

PERIOD_STARTED = _(
    "Period: by the initiative's start date; initiatives without one count only when no period "
    "is chosen."
)
PERIOD_RAISED = _("Period: by the day the blockage was raised.")
PERIOD_REGISTERED = _("Period: by the day the initiative was registered.")
PERIOD_SETTLED = _("Period: by the day the blockage was settled.")
PERIOD_DEALT = _(
    "Period: by the day the city dealt with the initiative (the date of the contact, promise, "
    "blockage or hand-off)."
)
PERIOD_RATED = _("Period: by the day the rating was given.")
PERIOD_DUE = _("Period: by the due date of the commitment.")
PERIOD_VALUE = _("Period: value records whose own period overlaps the chosen period.")
PERIOD_VALUE_PRORATED = _(
    "Period: value records whose own period overlaps the chosen period; their quantities count "
    "pro rata, for the share of the record's days that fall inside the chosen period."
)
PERIOD_SUPPORT = _(
    "Period: support by the day the request was decided or the commitment settled; value "
    "records whose own period overlaps the chosen period."
)
PERIOD_WAITING = _(
    "Period: blockages open today, whatever the period; value records whose own period "
    "overlaps the chosen period."
)
PERIOD_SUBMITTED = _("Period: by the day the request was submitted.")
PERIOD_SUBMITTED_USE = _(
    "Period: requests by the day they were submitted; the initiatives using a good are counted "
    "as they are today, whatever the period."
)
PERIOD_SINCE = _(
    "Period: by the day the cooperation began; links without that date count only when no "
    "period is chosen."
)
PERIOD_CONTRACT = _("Period: by the contract's start date.")
PERIOD_PLEDGE_YEAR = _(
    "Period: the pledges of the years the period touches, against what was recorded with a start "
    "date in those years."
)
COUNTS_INITIATIVES = _(
    "Counted: public and private initiatives (private ones never by name); archived initiatives "
    "are left out."
)
COUNTS_RECORDS = _(
    "Counted: records of public and private initiatives (private ones never by name); archived "
    "initiatives and archived records are left out."
)
COUNTS_RATINGS = _(
    "Counted: ratings by initiators of public and private initiatives; ratings of archived "
    "initiatives, blockages and requests are left out."
)
COUNTS_STOPPED = _("Volunteers and reach of stopped and completed initiatives are included.")
COUNTS_NET = _(
    "Net: each record's quantity less its own deadweight and attribution to others, summed in "
    "the database; the gross total stands beside it."
)


DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard(
        slug="beweging",
        url_name="dashboard_movement",
        title=pgettext_lazy("dashboard", "The movement"),
        intro=_(
            "Thousands of small initiatives form one movement: where they are, what they are "
            "about, how they grow and whom they reach."
        ),
        figures=(
            Figure(
                "by_area",
                _("Initiatives by area"),
                _("Number of registered initiatives per area; the period counts by start date."),
                s.movement_by_area,
                _bars("initiatives"),
                basis="initiatives",
                period_basis=PERIOD_STARTED,
                counts=(COUNTS_INITIATIVES,),
            ),
            Figure(
                "by_theme",
                _("Initiatives by theme"),
                _(
                    "Number of initiatives per theme; an initiative with several themes counts "
                    "under each."
                ),
                s.movement_by_theme,
                _bars("initiatives"),
                basis="initiatives",
                period_basis=PERIOD_STARTED,
                counts=(COUNTS_INITIATIVES,),
            ),
            Figure(
                "by_domain",
                _("Initiatives by domain"),
                _(
                    "Number of initiatives in the social domain (care and welfare) and the "
                    "physical domain."
                ),
                s.movement_by_domain,
                _bars("initiatives"),
                basis="initiatives",
                period_basis=PERIOD_STARTED,
                counts=(COUNTS_INITIATIVES,),
            ),
            Figure(
                "by_status",
                _("Initiatives by status"),
                _("Number of initiatives per current status, from idea to completed."),
                s.movement_by_status,
                _bars("initiatives"),
                basis="initiatives",
                period_basis=PERIOD_STARTED,
                counts=(COUNTS_INITIATIVES,),
            ),
            Figure(
                "started_per_quarter",
                _("Initiatives started per quarter"),
                _(
                    "Number of initiatives by the quarter of their start date; initiatives without"
                    " one are left out."
                ),
                s.movement_started_per_quarter,
                _lines("started"),
                basis="started",
                period_basis=PERIOD_STARTED,
                counts=(COUNTS_INITIATIVES,),
            ),
            Figure(
                "volunteers_reach",
                _("Volunteers and people reached"),
                _(
                    "Sum of the volunteers and of the people reached that initiatives report, per "
                    "area."
                ),
                s.movement_volunteers_reach,
                _panels("volunteers", "reached"),
                basis="initiatives",
                period_basis=PERIOD_STARTED,
                counts=(COUNTS_INITIATIVES, COUNTS_STOPPED),
            ),
            Figure(
                "point_of_contact",
                _("Initiatives with one named point of contact"),
                _(
                    "Per area: initiatives that have a named point of contact at the municipality,"
                    " and the share of all initiatives."
                ),
                s.movement_point_of_contact,
                _stacked("named", "without", classes=("s3", "s2")),
                basis="initiatives",
                cells=("named", "without"),
                row_total="initiatives",
                period_basis=PERIOD_STARTED,
                counts=(
                    COUNTS_INITIATIVES,
                    _("Denominator of the share: all initiatives of the area."),
                ),
            ),
            Figure(
                "time_to_point_of_contact",
                _("Time to a point of contact"),
                _(
                    "Per area: how many working days (Monday to Friday) it took from registration "
                    "to the first named point of contact (the median), how many were named within "
                    "the city's term, and how many initiatives still wait past it."
                ),
                s.movement_time_to_point_of_contact,
                _stacked("within_term", "late", "waiting_late", classes=("s3", "s2", "s6")),
                basis="registered",
                cells=("named", "within_term", "late", "waiting_late"),
                period_basis=PERIOD_REGISTERED,
                counts=(
                    COUNTS_INITIATIVES,
                    _(
                        "Denominator of the share: initiatives named, plus those still waiting "
                        "past the term; those still within the term are not counted yet. "
                        "Initiatives named before the moment was recorded count as registered only."
                    ),
                ),
            ),
        ),
    ),
    Dashboard(
        slug="knelpunten",
        url_name="dashboard_blockages",
        title=pgettext_lazy("dashboard", "Where it gets stuck"),
        intro=_(
            "Where the city's own organisation gets in the way: which departments and rules "
            "block initiatives, how long it takes, and how often they are sent from pillar to post."
        ),
        figures=(
            Figure(
                "open_by_department",
                _("Open blockages by department and category"),
                _(
                    "Blockages open or escalated now, by the department that holds them and the "
                    "category of rule; the period counts by the day they were raised."
                ),
                s.blockages_open_heat,
                _heat,
                cells="*",
                row_total="total",
                period_basis=PERIOD_RAISED,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "days_to_settle",
                _("Days to settle a blockage"),
                _(
                    "For blockages settled in the period (resolved, worked around or closed "
                    "unresolved): median and 90th percentile of the days from raised to settled."
                ),
                s.blockages_days_to_settle,
                _grouped("median", "p90"),
                basis="settled",
                period_basis=PERIOD_SETTLED,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "frameworks",
                _("Policy frameworks that block most often and longest"),
                _(
                    "The 15 policy frameworks named in the most blockages, with the blockages "
                    "still open and the average days blocked (to settlement, or to today while "
                    "open)."
                ),
                s.blockages_frameworks,
                _panels("blockages", "avg_days"),
                basis="blockages",
                period_basis=PERIOD_RAISED,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "handoffs",
                _("Hand-offs per blockage"),
                _(
                    "How many times each blockage was handed to another department; the pillar-to-"
                    "post index is the average."
                ),
                s.blockages_handoffs,
                _bars("count"),
                basis="count",
                period_basis=PERIOD_RAISED,
                counts=(
                    COUNTS_RECORDS,
                    _(
                        "Denominator of the share and the "
                        "index: all blockages raised in the period."
                    ),
                ),
            ),
            Figure(
                "departments_per_initiative",
                _("Departments per initiative"),
                _(
                    "For initiatives the city dealt with in the period: the number of different "
                    "departments in their contacts, referrals, commitments, blockages and hand-"
                    "offs."
                ),
                s.blockages_departments_per_initiative,
                _bars("count"),
                basis="count",
                period_basis=PERIOD_DEALT,
                counts=(
                    COUNTS_RECORDS,
                    _(
                        "Denominator of the share: the initiatives "
                        "that dealt with at least one department."
                    ),
                ),
            ),
            Figure(
                "no_coordinator",
                _("Several departments and no coordinator"),
                _(
                    "Initiatives dealing with two or more departments (as above) that have no "
                    "municipal coordinator (begeleider), per area. Only public initiatives are "
                    "listed by name."
                ),
                s.blockages_no_coordinator,
                _bars("initiatives"),
                basis="initiatives",
                period_basis=PERIOD_DEALT,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "ratings",
                _("Initiators' ratings of the city over time"),
                _(
                    "Share of ratings of 4 or 5 out of 5 that initiators gave when a blockage or "
                    "request was settled, per quarter, beside the 40 percent satisfied the audit "
                    "office found."
                ),
                s.blockages_ratings,
                _satisfaction,
                basis="ratings",
                period_basis=PERIOD_RATED,
                counts=(
                    COUNTS_RATINGS,
                    _("Denominator of the share: all ratings given in the quarter."),
                ),
            ),
        ),
    ),
    Dashboard(
        slug="toezeggingen",
        url_name="dashboard_commitments",
        title=pgettext_lazy("dashboard", "Commitments"),
        intro=_("What the municipality promised initiatives, and whether it kept its word."),
        figures=(
            Figure(
                "by_department",
                _("Commitments kept, broken, disputed and overdue per department"),
                _(
                    "Commitments by the department that made them and what became of them: kept "
                    "on time (settled as kept on or before the due date), kept late (after it, or "
                    "without a settlement date), broken, disputed, overdue (still open after the "
                    "due date), open and not yet due, withdrawn. The keep rates count kept "
                    "commitments over all that fell due: kept, broken, disputed or overdue; "
                    "disputed and overdue ones count as not (yet) kept, withdrawn ones and those "
                    "not yet due are left out. The period counts by due date."
                ),
                s.commitments_by_department,
                _stacked(
                    "kept_on_time",
                    "kept_late",
                    "broken",
                    "disputed",
                    "overdue",
                    classes=COMMITMENT_CLASSES,
                ),
                basis="total",
                period_basis=PERIOD_DUE,
                counts=(
                    COUNTS_RECORDS,
                    _(
                        "Denominator of the rates: commitments that "
                        "fell due (kept, broken, disputed or overdue)."
                    ),
                ),
            ),
            Figure(
                "per_quarter",
                _("Commitments over time"),
                _("The same counts per quarter of the due date."),
                s.commitments_per_quarter,
                _lines(
                    "kept_on_time",
                    "kept_late",
                    "broken",
                    "disputed",
                    "overdue",
                    classes=COMMITMENT_CLASSES,
                ),
                basis="total",
                period_basis=PERIOD_DUE,
                counts=(
                    COUNTS_RECORDS,
                    _(
                        "Denominator of the rates: commitments that "
                        "fell due (kept, broken, disputed or overdue)."
                    ),
                ),
            ),
        ),
    ),
    Dashboard(
        slug="publieke-waarde",
        url_name="dashboard_public_value",
        title=pgettext_lazy("dashboard", "Public value"),
        intro=_(
            "What the movement is worth: the public value initiatives record, often several "
            "values at once, with the strength of the evidence."
        ),
        figures=(
            Figure(
                "by_dimension",
                _("Recorded value per dimension"),
                _(
                    "Value records whose period overlaps the chosen period, and the initiatives "
                    "behind them, per value dimension."
                ),
                s.value_by_dimension,
                _grouped("records", "initiatives"),
                basis="initiatives",
                period_basis=PERIOD_VALUE,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "by_area",
                _("Recorded value per area and dimension"),
                _("Number of value records per area of the initiative and value dimension."),
                s.value_by_area_dimension,
                _heat,
                cells="*",
                row_total="total",
                period_basis=PERIOD_VALUE,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "by_indicator",
                _("Quantities per indicator"),
                _(
                    "Records with a number, and their sum, per indicator in its own unit; stories "
                    "without numbers are counted in the other figures."
                ),
                s.value_by_indicator,
                _bars("records"),
                basis="records",
                period_basis=PERIOD_VALUE_PRORATED,
                counts=(COUNTS_RECORDS, COUNTS_NET),
            ),
            Figure(
                "several_dimensions",
                _("Initiatives contributing to several dimensions"),
                _(
                    "Initiatives with value records, by the number of different value dimensions "
                    "they contribute to."
                ),
                s.value_dimensions_per_initiative,
                _bars("count"),
                basis="count",
                period_basis=PERIOD_VALUE,
                counts=(
                    COUNTS_RECORDS,
                    _("Denominator of the share: the initiatives with at least one value record."),
                ),
            ),
            Figure(
                "evidence",
                _("Strength of the evidence"),
                _(
                    "Value records per dimension by their evidence, from a story to an independent"
                    " measurement."
                ),
                s.value_evidence,
                _stacked(
                    "story", "counted", "verified", "measured", classes=("s6", "s4", "s1", "s3")
                ),
                cells="*",
                row_total="total",
                period_basis=PERIOD_VALUE,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "support",
                _("Value beside the support the city gave"),
                _(
                    "Initiatives that got a request granted or a commitment kept in the period, "
                    "against those that did not: how many record value and how much."
                ),
                s.value_beside_support,
                _panels("share", "per_initiative", suffixes=("%", "")),
                basis="initiatives",
                period_basis=PERIOD_SUPPORT,
                counts=(
                    COUNTS_RECORDS,
                    _("Denominator of the share: all initiatives in the group."),
                ),
            ),
            Figure(
                "waiting",
                _("Value waiting on the city"),
                _(
                    "Initiatives with a blockage open right now, per area: the people they reach, "
                    "their volunteers and their value records in the period."
                ),
                s.value_waiting,
                _panels("reached", "records"),
                basis="stuck",
                period_basis=PERIOD_WAITING,
                counts=(COUNTS_RECORDS,),
            ),
        ),
    ),
    Dashboard(
        slug="collectieve-goederen",
        url_name="dashboard_collective_goods",
        title=pgettext_lazy("dashboard", "Collective goods"),
        intro=_(
            "Land, buildings, public space and budgets that could serve public value: what "
            "initiatives ask, how the city decides, and how anchor institutions cooperate."
        ),
        figures=(
            Figure(
                "requests_by_kind",
                _("Requests by kind and decision"),
                _(
                    "Requests submitted in the period by kind and decision; not yet decided are "
                    "still open."
                ),
                s.requests_by_kind,
                _stacked(
                    "granted",
                    "conditional",
                    "refused",
                    "withdrawn",
                    "pending",
                    classes=DECISION_CLASSES,
                ),
                basis="total",
                period_basis=PERIOD_SUBMITTED,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "grounds",
                _("Grounds of decisions"),
                _(
                    "How often each ground from the fixed list was given in a decision, and how "
                    "often in a refusal."
                ),
                s.requests_grounds,
                _bars("requests"),
                # Each cell on its own initiatives (a ground's refusals may rest on fewer); the
                # refusals are part of the requests, so hiding either hides both.
                cells=("refused",),
                row_total="requests",
                period_basis=PERIOD_SUBMITTED,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "on_time",
                _("Decided on time or late"),
                _(
                    "Requests by kind: decided by the deadline (suspensions and extensions "
                    "included) or after it, still waiting past the deadline (counted as late), "
                    "waiting within the term, and withdrawn by the initiative. The rate is "
                    "decided on time over all requests decided or past their deadline; "
                    "withdrawn ones are left out of it. The period counts by submission date."
                ),
                s.requests_on_time,
                _stacked(
                    "on_time", "late", "overdue", "waiting", "withdrawn", classes=TIMELINESS_CLASSES
                ),
                basis="total",
                period_basis=PERIOD_SUBMITTED,
                counts=(
                    COUNTS_RECORDS,
                    _(
                        "Denominator of the rate: requests decided or "
                        "past their deadline; withdrawn ones are left out."
                    ),
                ),
            ),
            Figure(
                "collective_goods",
                _("Use of buildings, land and public space"),
                _(
                    "Initiatives that say they use a municipal building, municipal land or public "
                    "space, and the requests for each."
                ),
                s.collective_goods_use,
                _grouped("using", "requests", "granted"),
                cells="*",
                period_basis=PERIOD_SUBMITTED_USE,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "right_to_challenge",
                _("Right to Challenge outcomes"),
                _(
                    "Right to Challenge requests by outcome, with the budget proposed and what the"
                    " task costs the city now."
                ),
                s.right_to_challenge,
                _bars("requests"),
                basis="requests",
                period_basis=PERIOD_SUBMITTED,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "anchor_cooperation",
                _("Cooperation with anchor institutions"),
                _(
                    "Links between initiatives and anchor institutions (housing corporations, "
                    "schools, care, ...) by kind of institution and form of cooperation."
                ),
                s.partner_cooperation,
                _heat,
                cells="*",
                row_total="total",
                period_basis=PERIOD_SINCE,
                counts=(COUNTS_INITIATIVES,),
            ),
            Figure(
                "contracts",
                _("Contracts given to initiatives"),
                _(
                    "Contracts and assignments awarded to initiatives (inbesteden) starting in the"
                    " period, by who awarded them: number and sum of amounts."
                ),
                s.contracts,
                _bars("amount"),
                basis="initiatives",
                period_basis=PERIOD_CONTRACT,
                counts=(COUNTS_RECORDS,),
            ),
            Figure(
                "community_wealth",
                _("Pledges against what was recorded"),
                _(
                    "Each yearly pledge of an anchor institution or the city to spend on local "
                    "initiatives, against the contracts, purchases, space and staff time recorded "
                    "for initiatives in the same years; the area filter narrows what was recorded."
                ),
                community_wealth,
                _grouped("pledged", "recorded"),
                period_basis=PERIOD_PLEDGE_YEAR,
                counts=(COUNTS_RECORDS,),
            ),
        ),
    ),
)

BY_SLUG = {d.slug: d for d in DASHBOARDS}
SLUG_CHOICES = [(d.slug, d.title) for d in DASHBOARDS]


def public_slugs() -> set[str]:
    """The dashboards a coordinator opened to visitors (one query)."""
    return set(
        DashboardSetting.objects.filter(is_public=True, slug__in=BY_SLUG).values_list(
            "slug", flat=True
        )
    )


# --- Regels op tafel (issue 16): added after the others, beside the blockage dashboard --------

RULES_DASHBOARD = Dashboard(
    slug="regels-op-tafel",
    url_name="dashboard_rules",
    title=pgettext_lazy("dashboard", "Rules on the table"),
    intro=_(
        "The policy frameworks the movement puts on the table: proposals to change them, the "
        "initiatives that support them, the answers within the term, and whether the changes "
        "made initiatives get stuck less."
    ),
    figures=(
        Figure(
            "rules_by_framework",
            _("Proposals by framework and status"),
            _(
                "Submitted proposals (drafts left out) per policy framework: waiting for an "
                "answer, or answered with each outcome, or withdrawn; the period counts by the "
                "day of submission."
            ),
            s.rules_by_framework,
            _stacked("open", "adopted", "partly", "not_adopted", "referred", "withdrawn"),
        ),
        Figure(
            "rules_answer_time",
            _("Time to an answer against the term"),
            _(
                "Proposals answered within the framework's term or after it, and those still "
                "waiting, within or past the term."
            ),
            s.rules_answer_time,
            _stacked("on_time", "late", "waiting", "overdue", classes=("s3", "s2", "s1", "s6")),
        ),
        Figure(
            "rules_support",
            _("Support from initiatives"),
            _(
                "The most supported proposals: how many initiatives support each, and how many "
                "blockages are linked to it."
            ),
            s.rules_support,
            _bars("support"),
        ),
        Figure(
            "rules_changes",
            _("Adopted changes"),
            _(
                "Per framework: proposals adopted wholly or partly, and the new versions of the "
                "framework recorded (valid from a day in the period), with those that came from "
                "a proposal."
            ),
            s.rules_changes,
            _grouped("adopted", "versions"),
        ),
        Figure(
            "rules_before_after",
            _("Blockages before and after each change"),
            _(
                "Blockages raised under a framework in equal windows before and after the day "
                "each new version became valid (at most a year each side)."
            ),
            s.rules_before_after,
            _grouped("before", "after"),
        ),
    ),
)
DASHBOARDS = (*DASHBOARDS, RULES_DASHBOARD)
BY_SLUG = {d.slug: d for d in DASHBOARDS}
SLUG_CHOICES = [(d.slug, d.title) for d in DASHBOARDS]
