"""The five council dashboards and their figures: what each shows, how it is computed (one line
a council member can read) and how it is drawn. Views, exports and tests all work from here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from partnership.dashboards import charts
from partnership.dashboards import selectors as s
from partnership.dashboards.models import DashboardSetting
from partnership.dashboards.tables import Table


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    explanation: str
    selector: Callable
    chart: Callable[[Table, str], list[dict]]


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


# Semantic colours: kept green, broken vermillion, disputed purple, overdue brown.
COMMITMENT_CLASSES = ("s3", "s2", "s4", "s6")
DECISION_CLASSES = ("s3", "s1", "s2", "s5", "s6")
TIMELINESS_CLASSES = ("s3", "s2", "s1", "s6")


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
            ),
            Figure(
                "by_status",
                _("Initiatives by status"),
                _("Number of initiatives per current status, from idea to completed."),
                s.movement_by_status,
                _bars("initiatives"),
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
                    "Commitments by the department that made them and their status; overdue means "
                    "still open after the due date. The period counts by due date."
                ),
                s.commitments_by_department,
                _stacked("kept", "broken", "disputed", "overdue", classes=COMMITMENT_CLASSES),
            ),
            Figure(
                "per_quarter",
                _("Commitments over time"),
                _("The same counts per quarter of the due date."),
                s.commitments_per_quarter,
                _lines("kept", "broken", "disputed", "overdue", classes=COMMITMENT_CLASSES),
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
            ),
            Figure(
                "by_area",
                _("Recorded value per area and dimension"),
                _("Number of value records per area of the initiative and value dimension."),
                s.value_by_area_dimension,
                _heat,
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
            ),
            Figure(
                "on_time",
                _("Decided on time or late"),
                _(
                    "Requests by kind: decided by the deadline (suspensions and extensions "
                    "included) or after it, and those still waiting."
                ),
                s.requests_on_time,
                _stacked("on_time", "late", "waiting", "overdue", classes=TIMELINESS_CLASSES),
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
            _stacked("on_time", "late", "waiting", "overdue", classes=TIMELINESS_CLASSES),
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
