"""The municipality's side of the partnership: policy frameworks, the log of contacts,
commitments and blockages, requests for collective goods, and the partner's own voice."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.accounts.choices import choice_label
from initiatives.accounts.models import Department
from initiatives.models import Area, Initiative, Neighbourhood, TranslatedNameMixin


def euro(amount) -> str:
    """An amount in the active language's form: "€ 6.500,00" in Dutch, "€ 6,500.00" in English."""
    return "€\u00a0" + number_format(amount, decimal_pos=2, force_grouping=True)


def whole(number) -> str:
    return number_format(number, force_grouping=True)


class PolicyFramework(models.Model):
    """A named rule or policy (beleidskader) that can block an initiative."""

    class Category(models.TextChoices):
        LAND = "land", _("land")
        REAL_ESTATE = "real_estate", _("real estate")
        PROCUREMENT = "procurement", _("procurement")
        PUBLIC_SPACE = "public_space", _("public-space management")
        AREA_DEVELOPMENT = "area_development", _("area development")
        SUBSIDY = "subsidy", _("subsidy")
        PERMIT = "permit", _("permit")
        LIABILITY = "liability", _("liability and insurance")
        PRIVACY = "privacy", _("privacy")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, db_index=True
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="policy_frameworks",
        verbose_name=_("owning department"),
    )
    description = models.TextField(_("description"), blank=True)
    DEFAULT_ANSWER_TERM_WEEKS = 8

    answer_term_weeks = models.PositiveIntegerField(
        _("answer term for proposals (weeks)"),
        default=DEFAULT_ANSWER_TERM_WEEKS,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("policy framework")
        verbose_name_plural = _("policy frameworks")

    def __str__(self) -> str:
        return self.name


class LoggedMixin(models.Model):
    """Who logged an entry and when; edits are kept by django-simple-history."""

    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(_("logged at"), default=timezone.now)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        return choice_label(self, field)


class Contact(LoggedMixin):
    """A contact moment (contactmoment) between the municipality and an initiative."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("meeting")
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")
        VISIT = "visit", _("site visit")
        COUNTER = "counter", _("counter or contact centre")
        LETTER = "letter", _("letter")
        OTHER = "other", _("other")

    class InitiatedBy(models.TextChoices):
        INITIATIVE = "initiative", _("the initiative")
        MUNICIPALITY = "municipality", _("the municipality")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("initiative")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("department")
    )
    initiated_by = models.CharField(
        _("who took the initiative"), max_length=12, choices=InitiatedBy.choices
    )
    summary = models.TextField(_("summary"))
    outcome = models.TextField(_("outcome"), blank=True)
    referred_to = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("referred to department"),
        help_text=_("Fill in when the initiative was sent on to another department."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["initiative", "date"], name="contact_initiative_idx"),
            models.Index(fields=["department", "date"], name="contact_department_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(referred_to__isnull=True) | ~Q(referred_to=F("department")),
                name="contact_referral_elsewhere",
                violation_error_message=_("A referral goes to another department."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.date}"

    @property
    def is_handoff(self) -> bool:
        return self.referred_to_id is not None


class CommitmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Commitment.Status.OPEN, archived_at__isnull=True)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def due_soon(self, today=None, days=None):
        today = today or timezone.localdate()
        days = settings.COMMITMENT_DUE_SOON_DAYS if days is None else days
        return self.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=days))

    def with_outcome(self):
        """Annotate ``outcome``: the status, with "kept" split into kept on time and kept late.

        The same definition as the commitments dashboard (issue 18): kept on time is kept on or
        before the due date; kept late is kept after it, or kept without a recorded date."""
        status = Commitment.Status
        return self.annotate(
            outcome=models.Case(
                models.When(
                    Q(status=status.KEPT, settled_on__isnull=False, settled_on__lte=F("due_on")),
                    then=models.Value(Commitment.Outcome.KEPT_ON_TIME),
                ),
                models.When(status=status.KEPT, then=models.Value(Commitment.Outcome.KEPT_LATE)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class Commitment(LoggedMixin):
    """What the municipality promised an initiative (toezegging). Overdue is computed."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        KEPT = "kept", _("kept")
        BROKEN = "broken", _("broken")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DISPUTED = "disputed", _("disputed by the initiative")

    class Outcome(models.TextChoices):
        """What became of it: the status, with "kept" told apart by the date it was kept.

        Computed (``outcome`` property, ``CommitmentQuerySet.with_outcome``), not stored: it
        follows from ``status``, ``settled_on`` and ``due_on`` alone, so a stored value could
        only disagree with them; and the dashboard of issue 18 already counts it that way."""

        OPEN = "open", _("open")
        KEPT_ON_TIME = "kept_on_time", _("kept on time")
        KEPT_LATE = "kept_late", _("kept late")
        BROKEN = "broken", _("broken")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DISPUTED = "disputed", _("disputed by the initiative")

    SETTLED = (Status.KEPT, Status.BROKEN, Status.WITHDRAWN)

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("initiative"),
    )
    description = models.TextField(_("what was promised"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("department"),
    )
    promised_on = models.DateField(_("promised on"), default=timezone.localdate)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # The person in the department who sees to it (the issue: commitments owned by a
    # department were owned by no one). Empty on rows older than the field.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_commitments",
        verbose_name=_("owner"),
        help_text=_("The civil servant of the department who sees to it that it is kept."),
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    settlement_note = models.TextField(_("note on settlement"), blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="commitment_dept_idx"),
            models.Index(fields=["initiative", "status"], name="commitment_initiative_idx"),
            # The commitments a civil servant owns and has to settle, soonest due first: the
            # first section of their work list, a page in index order and its total from this
            # index alone (with the initiative, whose archiving the count checks).
            models.Index(
                fields=["owner", "due_on", "id"],
                include=["initiative"],
                condition=Q(archived_at__isnull=True, status__in=["open", "disputed"]),
                name="commitment_owner_open_idx",
            ),
            # A department's open commitments by due date (the work list's commitments due):
            # its total from the index alone, the rows of its page read by key.
            models.Index(
                fields=["department", "due_on", "id"],
                include=["initiative", "owner"],
                condition=Q(archived_at__isnull=True, status="open"),
                name="commitment_open_dept_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("promised_on")),
                name="commitment_due_after_promise",
                violation_error_message=_("The due date cannot be before the date of the promise."),
            ),
            models.CheckConstraint(
                condition=Q(settled_on__isnull=True) | Q(settled_on__gte=F("promised_on")),
                name="commitment_settled_after_promise",
                violation_error_message=_("A commitment cannot be settled before it was made."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self):
        """The owner works in the commitment's department: its work list is where they see it."""
        super().clean()
        if self.owner_id and self.department_id and self.owner.department_id != self.department_id:
            raise ValidationError(
                {"owner": _("The owner must work in the department that made the commitment.")}
            )

    def is_overdue(self, today=None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or timezone.localdate())

    @property
    def outcome(self) -> str:
        """Kept on time, kept late, or the status itself (see ``Outcome``)."""
        if self.status != self.Status.KEPT:
            return self.status
        if self.settled_on is not None and self.settled_on <= self.due_on:
            return self.Outcome.KEPT_ON_TIME
        return self.Outcome.KEPT_LATE

    @outcome.setter
    def outcome(self, value) -> None:
        """Rows read ``with_outcome()`` carry the same value from the database; the property
        computes it from the row's own fields, so the annotation is kept aside, not trusted."""
        self._annotated_outcome = value

    def get_outcome_display(self) -> str:
        return self.Outcome(self.outcome).label

    def days_kept_late(self) -> int | None:
        """Days between the due date and the day it was kept, for a commitment kept late."""
        if self.outcome != self.Outcome.KEPT_LATE or self.settled_on is None:
            return None
        return (self.settled_on - self.due_on).days


class Blockage(LoggedMixin):
    """Where an initiative got stuck (knelpunt). Hand-offs are appended as rows."""

    class Severity(models.TextChoices):
        LOW = "low", _("low: a delay")
        MEDIUM = "medium", _("medium: part of the plan is at risk")
        HIGH = "high", _("high: the initiative cannot go on")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ESCALATED = "escalated", _("escalated")
        RESOLVED = "resolved", _("resolved")
        WORKED_AROUND = "worked_around", _("worked around")
        UNRESOLVED = "unresolved", _("closed unresolved")

    class RaisedBy(models.TextChoices):
        INITIATOR = "initiator", _("initiator")
        CIVIL_SERVANT = "civil_servant", _("civil servant")

    OPEN_STATUSES = (Status.OPEN, Status.ESCALATED)
    SETTLED = (Status.RESOLVED, Status.WORKED_AROUND, Status.UNRESOLVED)

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="blockages", verbose_name=_("initiative")
    )
    # Empty while an initiator's blockage waits in the triage of the point of contact: the
    # initiator need not know the city's departments.
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blockages",
        verbose_name=_("department"),
        help_text=_("The department that now holds the blockage."),
    )
    policy_framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blockages",
        verbose_name=_("policy framework"),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=PolicyFramework.Category.choices
    )
    description = models.TextField(_("what happened"))
    severity = models.CharField(
        _("severity"), max_length=6, choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.OPEN
    )
    raised_by_role = models.CharField(
        _("raised by"), max_length=14, choices=RaisedBy.choices, default=RaisedBy.CIVIL_SERVANT
    )
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["raised_on"]
        verbose_name = _("blockage")
        verbose_name_plural = _("blockages")
        indexes = [
            models.Index(fields=["department", "status", "raised_on"], name="blockage_dept_idx"),
            models.Index(fields=["initiative", "status"], name="blockage_initiative_idx"),
            # A live blockage's initiative by its key, from the index alone.
            models.Index(
                fields=["id", "initiative"],
                condition=Q(archived_at__isnull=True),
                name="blockage_live_initiative_idx",
            ),
            # A department's open blockages, oldest first (the work list): a page in index order
            # and its total from the index alone, where the dashboards' index by date made it
            # walk every open blockage of the city to find ten of one department.
            models.Index(
                fields=["department", "raised_on", "id"],
                include=["initiative"],
                condition=Q(archived_at__isnull=True, status__in=["open", "escalated"]),
                name="blockage_open_dept_idx",
            ),
            # The blockages an initiative raised that wait for a first answer: a handful among
            # a department's open ones (the work list's first-answer queue).
            models.Index(
                fields=["department", "raised_on"],
                condition=Q(
                    archived_at__isnull=True,
                    status__in=["open", "escalated"],
                    raised_by_role="initiator",
                    first_answered_at__isnull=True,
                ),
                name="blockage_first_answer_idx",
            ),
            models.Index(fields=["category", "status"], name="blockage_category_idx"),
            # The few archived blockages, whose ratings the dashboards leave out: looked up in
            # the index, not found by reading every blockage.
            models.Index(
                fields=["id"], condition=Q(archived_at__isnull=False), name="blockage_archived_idx"
            ),
            models.Index(fields=["policy_framework", "status"], name="blockage_framework_idx"),
            # The dashboards' blockage figures (issue 20) read only these columns of the live
            # blockages: on PostgreSQL from the index alone, without the descriptions.
            models.Index(
                fields=["raised_on"],
                include=[
                    "initiative",
                    "department",
                    "policy_framework",
                    "category",
                    "status",
                    "settled_on",
                    "id",
                ],
                condition=Q(archived_at__isnull=True),
                name="blockage_dashboard_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(settled_on__isnull=True) | Q(settled_on__gte=F("raised_on")),
                name="blockage_settled_after_raised",
                violation_error_message=_("A blockage cannot be settled before it was raised."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_unrouted(self) -> bool:
        return self.department_id is None

    @property
    def first_answer_started_on(self):
        """The day the first-answer clock started: an initiator raised it."""
        if self.raised_by_role != self.RaisedBy.INITIATOR:
            return None
        return self.raised_on

    @property
    def waits_for_first_answer(self) -> bool:
        return (
            self.raised_by_role == self.RaisedBy.INITIATOR
            and self.first_answered_at is None
            and self.is_open
        )


class BlockageHandoffQuerySet(models.QuerySet):
    def between_departments(self):
        """Passes from one department to another: the pillar-to-post count. The first routing
        of a blockage out of the point of contact's triage is kept in the trail but is no
        pass from pillar to post (it ends the not knowing where to go)."""
        return self.filter(from_department__isnull=False)


class BlockageHandoff(models.Model):
    """A blockage handed from one department to another: the pillar-to-post trail."""

    blockage = models.ForeignKey(
        Blockage, on_delete=models.CASCADE, related_name="handoffs", verbose_name=_("blockage")
    )
    # Empty for the first routing of a blockage out of the point of contact's triage.
    from_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    handed_on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.TextField(_("why"))
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    objects = BlockageHandoffQuerySet.as_manager()

    class Meta:
        ordering = ["handed_on", "created_at"]
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_department__isnull=True) | ~Q(from_department=F("to_department")),
                name="handoff_to_other_department",
                violation_error_message=_("A hand-off goes to another department."),
            ),
        ]

    def __str__(self) -> str:
        origin = self.from_department or _("triage")
        return f"{origin} → {self.to_department}"

    @property
    def is_routing(self) -> bool:
        """The first routing out of triage, not a pass from one department to another."""
        return self.from_department_id is None


class Involvement(models.Model):
    """A department involved with an initiative: through a live contact (its department or the
    one it referred to), commitment or blockage, or either end of a hand-off of a live blockage
    (``selectors.pillar``). Derived from those records in the same transaction as every write
    to them (``partnership.involvement``), one row a pair.

    Why: the work list's "waiting for a coordinator" asks, for one department, which
    initiatives it deals with and whether another department does too. Read from the records,
    that was a pass over the department's forty thousand contacts, commitments, blockages and
    hand-offs and a probe of each of its ten thousand initiatives at national scale; here it is
    one index range and a probe of this table."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, db_index=False, related_name="+"
    )

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [
            # A department's initiatives, in key order (index-only).
            models.UniqueConstraint(
                fields=["department", "initiative"], name="involvement_department_initiative"
            ),
        ]
        # An initiative's departments (index-only): "does another department deal with it".
        indexes = [models.Index(fields=["initiative", "department"], name="involvement_init_idx")]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.department_id}"


class RequestKind(TranslatedNameMixin):
    """A kind of request for a collective good or instrument, with its decision term."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    decision_term_days = models.PositiveIntegerField(
        _("decision term in days"), default=56, validators=[MinValueValidator(1)]
    )
    is_right_to_challenge = models.BooleanField(_("Right to Challenge"), default=False)
    collective_good = models.CharField(
        _("collective good"),
        max_length=20,
        blank=True,
        choices=[
            ("building", _("municipal building")),
            ("land", _("municipal land")),
            ("public_space", _("public space")),
            ("budget", _("budget")),
        ],
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request_kinds",
        verbose_name=_("deciding department"),
        help_text=_("A new request of this kind lands on this department's work list at once."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kind of request")
        verbose_name_plural = _("kinds of request")


class RefusalGround(TranslatedNameMixin):
    """A ground on which a request of some kinds may be refused.

    Some grounds rest on figures the request itself records (``rests_on``): a refusal for
    higher cost while the initiative's budget is below what the task costs the city today is
    contradicted by the request's own figures, and the decider must explain it (issue 15)."""

    class Figures(models.TextChoices):
        COST = "cost", _("cost: the proposed budget against the city's current cost")
        SUPPORT = "support", _("support: neighbours in favour against neighbours against")
        CAPACITY = "capacity", _("capacity: volunteers available against volunteers needed")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kinds = models.ManyToManyField(
        RequestKind, related_name="refusal_grounds", verbose_name=_("kinds of request")
    )
    rests_on = models.CharField(
        _("rests on the request's figures"),
        max_length=10,
        choices=Figures.choices,
        blank=True,
        help_text=_("Which of the request's own figures this ground claims fall short."),
    )

    def contradiction(self, city_request) -> str:
        """Why the request's own figures contradict this ground, with the figures; "" when
        they do not (or when the ground rests on no figures, or the figures are missing)."""
        r = city_request
        if self.rests_on == self.Figures.COST:
            if None in (r.proposed_budget, r.current_city_cost):
                return ""
            if r.proposed_budget <= r.current_city_cost:
                return _(
                    "The request proposes %(proposed)s, while the task costs the city "
                    "%(current)s today: not a higher cost."
                ) % {"proposed": euro(r.proposed_budget), "current": euro(r.current_city_cost)}
        elif self.rests_on == self.Figures.SUPPORT:
            if None in (r.supporters, r.opponents):
                return ""
            if r.supporters > r.opponents:
                return _(
                    "The request records %(for)s neighbours in favour and %(against)s against."
                ) % {"for": whole(r.supporters), "against": whole(r.opponents)}
        elif self.rests_on == self.Figures.CAPACITY:
            if None in (r.volunteers_available, r.volunteers_needed):
                return ""
            if r.volunteers_available >= r.volunteers_needed:
                return _(
                    "The request records %(available)s volunteers available where the task "
                    "needs %(needed)s."
                ) % {
                    "available": whole(r.volunteers_available),
                    "needed": whole(r.volunteers_needed),
                }
        return ""

    class Meta:
        ordering = ["name"]
        verbose_name = _("refusal ground")
        verbose_name_plural = _("refusal grounds")


class CityRequest(LoggedMixin):
    """A request an initiative makes of the city's collective goods and instruments."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        UNDER_CONSIDERATION = "considering", _("under consideration")
        DECIDED = "decided", _("decided")

    class Decision(models.TextChoices):
        GRANTED = "granted", _("granted")
        GRANTED_WITH_CONDITIONS = "conditional", _("granted with conditions")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="requests", verbose_name=_("initiative")
    )
    kind = models.ForeignKey(
        RequestKind, on_delete=models.PROTECT, related_name="requests", verbose_name=_("kind")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("deciding department"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what you ask"))
    location = models.CharField(_("building, plot or place"), max_length=200, blank=True)
    amount_requested = models.DecimalField(
        _("amount requested (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Right to Challenge: what the initiative takes over and on what terms.
    task_taken_over = models.TextField(_("task taken over"), blank=True)
    proposed_budget = models.DecimalField(
        _("proposed budget (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    current_city_cost = models.DecimalField(
        _("current cost to the city (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    neighbourhood_support = models.TextField(_("support in the neighbourhood"), blank=True)
    capacity = models.TextField(_("capacity of the initiative"), blank=True)
    added_value = models.TextField(_("value added"), blank=True)
    # The figures behind support and capacity, beside the words (cost has its two amounts).
    supporters = models.PositiveIntegerField(_("neighbours in favour"), null=True, blank=True)
    opponents = models.PositiveIntegerField(_("neighbours against"), null=True, blank=True)
    volunteers_available = models.PositiveIntegerField(
        _("volunteers available"), null=True, blank=True
    )
    volunteers_needed = models.PositiveIntegerField(
        _("volunteers the task needs"), null=True, blank=True
    )

    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    deadline = models.DateField(_("decision deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    grounds = models.ManyToManyField(
        RefusalGround, related_name="requests", blank=True, verbose_name=_("grounds")
    )
    contradiction_explanation = models.TextField(
        _("why the ground holds against the request's own figures"), blank=True
    )
    inventory_item = models.ForeignKey(
        "InventoryItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("item of the inventory"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_on"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["kind", "status", "decision"], name="request_kind_idx"),
            # The few archived requests, whose ratings the dashboards leave out (as blockages).
            models.Index(
                fields=["id"], condition=Q(archived_at__isnull=False), name="request_archived_idx"
            ),
            models.Index(fields=["status", "deadline"], name="request_deadline_idx"),
            # A department's requests waiting for a decision, nearest deadline first (the work
            # list): a page in index order and its total from the index alone.
            models.Index(
                fields=["department", "deadline", "id"],
                include=["initiative"],
                condition=Q(archived_at__isnull=True) & ~Q(status="decided"),
                name="request_open_dept_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("submitted_on")),
                name="request_deadline_after_submission",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("submitted_on")),
                name="request_decided_after_submission",
                violation_error_message=_("A request cannot be decided before it was submitted."),
            ),
            models.CheckConstraint(
                condition=(Q(status="decided") & ~Q(decision="") & Q(decided_on__isnull=False))
                | (~Q(status="decided") & Q(decision="")),
                name="request_decision_with_status",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def first_answer_started_on(self):
        return self.submitted_on

    @property
    def waits_for_first_answer(self) -> bool:
        return self.first_answered_at is None and self.status == self.Status.SUBMITTED

    def days_late(self, today=None) -> int:
        """Days past the deadline: for a decided request at its decision, else up to today."""
        end = self.decided_on or today or timezone.localdate()
        return max(0, (end - self.deadline).days)

    def is_objectionable(self) -> bool:
        """A decision of the city (not the initiative's own withdrawal) is open to objection."""
        return self.status == self.Status.DECIDED and self.decision != self.Decision.WITHDRAWN

    @property
    def objection_term_ends(self):
        """The last day to lodge an objection: six weeks after the decision (Awb art. 6:7)."""
        if not self.is_objectionable():
            return None
        return self.decided_on + timedelta(weeks=settings.OBJECTION_TERM_WEEKS)


class RequestStep(models.Model):
    """Each step of a request (submitted, under consideration, decided) is a row."""

    request = models.ForeignKey(
        CityRequest, on_delete=models.CASCADE, related_name="steps", verbose_name=_("request")
    )
    status = models.CharField(_("status"), max_length=12, choices=CityRequest.Status.choices)
    decision = models.CharField(
        _("decision"), max_length=12, choices=CityRequest.Decision.choices, blank=True
    )
    on = models.DateField(_("date"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["on", "created_at"]
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.get_status_display()} ({self.on})"


class ClockAdjustment(models.Model):
    """The decision term suspended or extended, always with a reason the initiator sees."""

    class Kind(models.TextChoices):
        SUSPENSION = "suspension", _("suspension")
        EXTENSION = "extension", _("extension")

    request = models.ForeignKey(
        CityRequest,
        on_delete=models.CASCADE,
        related_name="clock_adjustments",
        verbose_name=_("request"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    days = models.PositiveIntegerField(_("days"), validators=[MinValueValidator(1)])
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("clock adjustment")
        verbose_name_plural = _("clock adjustments")
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1), name="clock_adjustment_days_positive")
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.get_kind_display()} ({self.days})"


class Contract(LoggedMixin):
    """A contract or assignment given to an initiative (inbesteden), by a department or a partner
    organisation; an anchor institution's staff also record purchases, space and staff time."""

    class Contribution(models.TextChoices):
        CONTRACT = "contract", _("contract or assignment")
        PURCHASE = "purchase", _("purchase")
        SPACE = "space", _("space")
        STAFF_TIME = "staff_time", _("staff time")

    contribution = models.CharField(
        _("kind of cooperation"),
        max_length=12,
        choices=Contribution.choices,
        default=Contribution.CONTRACT,
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="contracts", verbose_name=_("initiative")
    )
    awarded_by_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("awarded by department"),
    )
    awarded_by_organisation = models.ForeignKey(
        "initiatives.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("awarded by organisation"),
    )
    description = models.CharField(_("what"), max_length=300)
    amount = models.DecimalField(
        _("amount (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    # The initiative's own word on what was recorded about it.
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    dispute = models.TextField(_("what the initiative disputes"), blank=True)
    dispute_answer = models.TextField(_("the city's answer to the dispute"), blank=True)
    dispute_answered_at = models.DateTimeField(_("dispute answered at"), null=True, blank=True)
    dispute_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dispute answered by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_on"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="contract_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="contract_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(awarded_by_department__isnull=False)
                | Q(awarded_by_organisation__isnull=False),
                name="contract_has_awarder",
                violation_error_message=_("Say who awarded the contract."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def first_answer_started_on(self):
        """A dispute of a department's record starts that department's first-answer clock."""
        if self.disputed_at is None or self.awarded_by_department_id is None:
            return None
        return timezone.localdate(self.disputed_at)

    @property
    def waits_for_first_answer(self) -> bool:
        return self.first_answer_started_on is not None and self.dispute_answered_at is None


class Reply(models.Model):
    """The partner's own voice beside the civil servant's: an answer to a contact, a dispute of a
    commitment, or a civil servant's confirmation of or answer to a blockage an initiator raised."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("answer")
        DISPUTE = "dispute", _("dispute")
        CONFIRMATION = "confirmation", _("confirmation")
        QUESTION = "question", _("question")

    # What a partner sends that waits for the city's first answer.
    ASKING = (Kind.DISPUTE, Kind.QUESTION)

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="replies", verbose_name=_("initiative")
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("contact"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("commitment"),
    )
    blockage = models.ForeignKey(
        Blockage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("blockage"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ANSWER)
    body = models.TextField(_("your words"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [
            # The work list's questions and disputes waiting for a first answer: a few hundred
            # rows among the city's replies, with the keys of their parents, whose department
            # they are asked for (worklist._unanswered_replies), from the index alone.
            models.Index(
                fields=["id"],
                include=["contact", "commitment", "blockage"],
                condition=Q(kind__in=("dispute", "question"), first_answered_at__isnull=True),
                name="reply_unanswered_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(contact__isnull=False, commitment__isnull=True, blockage__isnull=True)
                    | Q(contact__isnull=True, commitment__isnull=False, blockage__isnull=True)
                    | Q(contact__isnull=True, commitment__isnull=True, blockage__isnull=False)
                ),
                name="reply_has_one_subject",
            )
        ]

    def __str__(self) -> str:
        return self.body[:80]

    def _get_FIELD_display(self, field):
        return choice_label(self, field)

    @property
    def first_answer_started_on(self):
        if self.kind not in self.ASKING:
            return None
        return timezone.localdate(self.created_at)

    @property
    def waits_for_first_answer(self) -> bool:
        return self.kind in self.ASKING and self.first_answered_at is None


class Rating(models.Model):
    """How the municipality worked with the initiative, rated by a member once an item settles."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("initiative")
    )
    blockage = models.ForeignKey(
        Blockage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("blockage"),
    )
    request = models.ForeignKey(
        CityRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("request"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="ratings",
        verbose_name=_("user"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created at")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(blockage__isnull=False, request__isnull=True)
                | Q(blockage__isnull=True, request__isnull=False),
                name="rating_has_one_subject",
            ),
            models.UniqueConstraint(
                fields=["user", "blockage"],
                condition=Q(blockage__isnull=False),
                name="rating_once_per_blockage",
                violation_error_message=_("You have already rated this."),
            ),
            models.UniqueConstraint(
                fields=["user", "request"],
                condition=Q(request__isnull=False),
                name="rating_once_per_request",
                violation_error_message=_("You have already rated this."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.score}"


class ReminderLog(models.Model):
    """One row per reminder sent, so a daily job run twice sends nothing twice."""

    key = models.CharField(max_length=200, verbose_name=_("key"))
    sent_on = models.DateField(default=timezone.localdate, verbose_name=_("sent on"))
    recipients = models.TextField(blank=True, verbose_name=_("recipients"))

    class Meta:
        verbose_name = _("reminder log")
        verbose_name_plural = _("reminder logs")
        constraints = [
            models.UniqueConstraint(fields=["key", "sent_on"], name="reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.sent_on})"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The user's own notifications and, for the municipality's people, their department's
        shared mailbox (read by one colleague is read for all, as in a shared mailbox). Digests
        are the mail that carried them, not notifications of their own."""
        from initiatives.accounts import roles

        if not user.is_authenticated:
            return self.none()
        shared = user.department_id if roles.is_municipal(user) else None
        return self.in_mailboxes(user.pk, shared)

    def in_mailboxes(self, user_id: int, department_id: int | None):
        """The user's own notifications and, with ``department_id``, that department's."""
        mine = Q(recipient_id=user_id)
        if department_id:
            mine |= Q(department_id=department_id, recipient__isnull=True)
        return self.filter(mine).exclude(kind=Notification.DIGEST)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Stored first, sent later (an outbox): what happened, for whom, and how far its mail got.

    A row is written in the same transaction as the event, rendered in the recipient's language,
    with an absolute link on the address the app was served on. Urgent rows are mailed at once
    (and retried with backoff); the others wait for the recipient's daily digest, which is itself
    a row of kind ``digest`` so that it is retried the same way.
    """

    DIGEST = "digest"

    class MailState(models.TextChoices):
        PENDING = "pending", _("to be sent")
        DIGEST = "digest", _("waiting for the daily digest")
        SENT = "sent", _("sent")
        IN_DIGEST = "in_digest", _("sent in a digest")
        SKIPPED = "skipped", _("not by mail")
        FAILED = "failed", _("could not be sent")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("department mailbox"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    site_url = models.CharField(_("site address"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, default="nl")
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mail_state = models.CharField(
        _("mail"), max_length=12, choices=MailState.choices, default=MailState.DIGEST
    )
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    digest = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("digest"),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The unread count in the header and the list: a user's or a department's rows.
            models.Index(fields=["recipient", "read_at"], name="notification_user_read"),
            models.Index(fields=["department", "read_at"], name="notification_dept_read"),
            # The dispatcher's and the digest's queue.
            models.Index(fields=["mail_state", "next_attempt_at"], name="notification_queue"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def safe_link(self) -> str:
        """The link as the list shows it: a path on this site, nothing else."""
        link = self.link or ""
        return link if link.startswith("/") and not link.startswith("//") else ""

    @property
    def absolute_link(self) -> str:
        if not self.link or self.link.startswith(("http://", "https://")):
            return self.link
        return f"{self.site_url}{self.link}"


class NotificationPreference(models.Model):
    """What a user wants to hear of (by category) and whether the daily digest comes by mail.
    No row means the defaults: everything, digest by mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    muted_categories = models.JSONField(_("categories switched off"), default=list, blank=True)
    digest_by_mail = models.BooleanField(_("daily digest by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class InventoryItem(models.Model):
    """Something the city offers initiatives to take on (*wat kunnen we overnemen*): a plot of
    land, a building or room, or a public task, with what it costs the city today."""

    class Kind(models.TextChoices):
        LAND = "land", _("plot of land")
        BUILDING = "building", _("building or room")
        TASK = "task", _("public task")

    class Condition(models.TextChoices):
        USE = "use", _("use")
        LEASE = "lease", _("lease")
        MANAGEMENT = "management", _("management")
        RIGHT_TO_CHALLENGE = "challenge", _("Right to Challenge")

    class Status(models.TextChoices):
        AVAILABLE = "available", _("available")
        UNDER_REQUEST = "requested", _("under request")
        TAKEN_ON = "taken", _("taken on")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # The kind of request an application for an item of each kind becomes.
    REQUEST_KINDS = {
        Kind.LAND: ("grond",),
        Kind.BUILDING: ("gebouw",),
        Kind.TASK: ("right-to-challenge", "zelfbeheer"),
    }

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="inventory_items", verbose_name=_("area")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inventory_items",
        verbose_name=_("neighbourhood"),
    )
    address = models.CharField(_("address or place"), max_length=200, blank=True)
    size = models.CharField(
        _("size"), max_length=100, blank=True, help_text=_("In m², or in words for a task.")
    )
    condition = models.CharField(
        _("conditions"), max_length=12, choices=Condition.choices, default=Condition.USE
    )
    conditions_text = models.TextField(_("terms"), blank=True)
    current_yearly_cost = models.DecimalField(
        _("what the city spends on it per year (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AVAILABLE
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inventory_items",
        verbose_name=_("owning department"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("item of the inventory")
        verbose_name_plural = _("inventory")
        indexes = [models.Index(fields=["status", "kind"], name="inventory_status_kind_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnership:inventory_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.neighbourhood_id and self.area_id and self.neighbourhood.area_id != self.area_id:
            raise ValidationError(
                {"neighbourhood": _("This neighbourhood is not in the chosen area.")}
            )

    @property
    def open_for_requests(self) -> bool:
        return self.status in (self.Status.AVAILABLE, self.Status.UNDER_REQUEST)


class Pledge(models.Model):
    """A yearly pledge of an anchor institution, or of the city itself (no organisation), to
    spend an amount, or a share of its purchasing, on local initiatives (community wealth)."""

    organisation = models.ForeignKey(
        "initiatives.PartnerOrganisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("organisation"),
        help_text=_("Empty for the city itself."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("amount pledged (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    purchasing_share = models.DecimalField(
        _("share of purchasing (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "organisation__name"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=Q(organisation__isnull=False),
                name="pledge_one_per_organisation_year",
                violation_error_message=_("This organisation already pledged for that year."),
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(organisation__isnull=True),
                name="pledge_one_city_pledge_per_year",
                violation_error_message=_("The city already pledged for that year."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | Q(purchasing_share__isnull=False),
                name="pledge_has_amount_or_share",
                violation_error_message=_("Pledge an amount, a share of purchasing, or both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or _('the city')} {self.year}"


class AnchorGrant(models.Model):
    """An initiative's consent that one anchor institution linked to it sees more than the
    public fields: the lead's contact details, the value records, the number of members.

    Given and revoked by a member of the initiative; the history keeps every change (who, when),
    so that what an organisation could see at any moment can be told afterwards."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="anchor_grants",
        verbose_name=_("initiative"),
    )
    organisation = models.ForeignKey(
        "initiatives.PartnerOrganisation",
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("organisation"),
    )
    lead_contact = models.BooleanField(_("contact details of the lead"), default=False)
    value_records = models.BooleanField(_("value records"), default=False)
    member_count = models.BooleanField(_("number of members"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent for an anchor institution")
        verbose_name_plural = _("consents for anchor institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"], name="anchor_grant_one_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.organisation}"

    @property
    def grants_anything(self) -> bool:
        return self.lead_contact or self.value_records or self.member_count


# --- Rules on the table: proposals to change a policy framework (issue 16) ---------------------


class RuleProposalQuerySet(models.QuerySet):
    def public(self):
        """Submitted, answered or withdrawn: drafts are for their authors and the city."""
        return self.exclude(status=RuleProposal.Status.DRAFT)

    def open(self):
        return self.filter(status=RuleProposal.Status.SUBMITTED)


class RuleProposal(models.Model):
    """A proposal to change a policy framework (regelvoorstel), with the answer it gets."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ANSWERED = "answered", _("answered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        PARTLY_ADOPTED = "partly_adopted", _("partly adopted")
        NOT_ADOPTED = "not_adopted", _("not adopted")
        REFERRED = "referred", _("referred to the council")

    policy_framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("policy framework"),
    )
    title = models.CharField(_("title"), max_length=200)
    current_rule = models.TextField(_("what the rule says now"))
    proposed_change = models.TextField(_("what should change"))
    reasons = models.TextField(_("why"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="rule_proposals",
        verbose_name=_("author"),
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_authored_rule_proposals",
        verbose_name=_("co-authors"),
    )
    blockages = models.ManyToManyField(
        Blockage, blank=True, related_name="rule_proposals", verbose_name=_("blockages")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    answer_due_on = models.DateField(_("answer due on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    answer_reasoning = models.TextField(_("reasoning"), blank=True)
    answer_changes = models.TextField(_("what changes when"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RuleProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("rule proposal")
        verbose_name_plural = _("rule proposals")
        indexes = [
            models.Index(fields=["policy_framework", "status"], name="proposal_framework_idx"),
            models.Index(fields=["status", "answer_due_on"], name="proposal_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="answered") & ~Q(outcome="") & Q(answered_at__isnull=False))
                | (~Q(status="answered") & Q(outcome="")),
                name="proposal_outcome_with_status",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="proposal_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("partnership:proposal_detail", kwargs={"pk": self.pk})

    def is_past_term(self, today=None) -> bool:
        return (
            self.status == self.Status.SUBMITTED
            and self.answer_due_on is not None
            and self.answer_due_on < (today or timezone.localdate())
        )


class ProposalSupport(models.Model):
    """One initiative supports a proposal, once, through one of its members."""

    proposal = models.ForeignKey(RuleProposal, on_delete=models.CASCADE, related_name="supports")
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="proposal_supports",
        verbose_name=_("initiative"),
    )
    supported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    public_line = models.CharField(_("why we support this (public)"), max_length=300, blank=True)
    show_name = models.BooleanField(_("show our initiative's name on the proposal"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "initiative"],
                name="proposal_support_once_per_initiative",
                violation_error_message=_("This initiative already supports this proposal."),
            )
        ]
        # The proposal's page lists its first supporters a page at a time.
        indexes = [
            models.Index(fields=["proposal", "created_at", "id"], name="proposal_support_order_idx")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.initiative_id}"


class ProposalEvidence(models.Model):
    """An anonymised case a civil servant adds to a proposal: evidence, not support."""

    proposal = models.ForeignKey(RuleProposal, on_delete=models.CASCADE, related_name="evidence")
    civil_servant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    case_text = models.TextField(_("the case, anonymised"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.case_text[:80]


class PolicyFrameworkVersion(models.Model):
    """A policy framework as changed on a date, and the proposal that led to it."""

    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("policy framework"),
    )
    number = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    valid_from = models.DateField(_("valid from"))
    summary = models.TextField(_("what changed"))
    proposal = models.ForeignKey(
        RuleProposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="framework_versions",
        verbose_name=_("proposal"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("policy framework version")
        verbose_name_plural = _("policy framework versions")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="framework_version_unique",
                violation_error_message=_("This framework already has a version with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework} v{self.number}"


# --- Finding each other: initiatives blocked by the same rule (issue 16) ---------------------


class PeerListingQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(withdrawn_at__isnull=True, initiative__archived_at__isnull=True)


class PeerListing(models.Model):
    """An initiative's choice to be found by the other initiatives that one policy framework
    blocks. Withdrawing keeps the row, so the messages exchanged keep their context."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="peer_listings",
        verbose_name=_("initiative"),
    )
    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="peer_listings",
        verbose_name=_("policy framework"),
    )
    note = models.CharField(
        _("what you would like to share or ask"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the other initiatives that this rule blocks."),
    )
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    listed_at = models.DateTimeField(_("visible since"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("hidden since"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PeerListingQuerySet.as_manager()

    class Meta:
        ordering = ["-listed_at"]
        verbose_name = _("visibility to fellow initiatives")
        verbose_name_plural = _("visibility to fellow initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "framework"],
                name="peer_listing_once_per_framework",
                violation_error_message=_(
                    "This initiative has already chosen its visibility for this rule."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} @ {self.framework_id}"

    @property
    def is_listed(self) -> bool:
        return self.withdrawn_at is None


class PeerMessage(models.Model):
    """A message from one initiative to another that the same rule blocks. Members read it in
    the app; no e-mail address of either side is disclosed. Never edited or deleted."""

    framework = models.ForeignKey(
        PolicyFramework,
        on_delete=models.CASCADE,
        related_name="peer_messages",
        verbose_name=_("policy framework"),
    )
    sender = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="peer_messages_sent",
        verbose_name=_("from"),
    )
    recipient = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="peer_messages_received",
        verbose_name=_("to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=2000)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("message between initiatives")
        verbose_name_plural = _("messages between initiatives")
        indexes = [
            models.Index(fields=["framework", "sender", "recipient"], name="peer_message_pair_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender=F("recipient")),
                name="peer_message_not_to_itself",
                violation_error_message=_("An initiative cannot send a message to itself."),
            )
        ]

    def __str__(self) -> str:
        return self.body[:80]


class ObjectionQuerySet(models.QuerySet):
    def waiting(self):
        """Lodged and not yet answered or withdrawn."""
        return self.exclude(status=Objection.Status.DECIDED).filter(archived_at__isnull=True)


class Objection(models.Model):
    """An initiative's objection (bezwaar) to a decision on its request.

    Lodged within six weeks of the decision (Awb art. 6:7) or later with a reason for the delay
    (art. 6:11); the city decides on it within its own term (``OBJECTION_DECISION_WEEKS``). It
    is owned by the deciding department and, once a coordinator assigns one, by a person."""

    class Status(models.TextChoices):
        LODGED = "lodged", _("lodged")
        IN_PROGRESS = "in_progress", _("being handled")
        DECIDED = "decided", _("decided")

    class Outcome(models.TextChoices):
        WELL_FOUNDED = "well_founded", _("well-founded")
        PARTLY = "partly", _("partly well-founded")
        UNFOUNDED = "unfounded", _("unfounded")
        WITHDRAWN = "withdrawn", _("withdrawn")

    request = models.ForeignKey(
        CityRequest,
        on_delete=models.CASCADE,
        related_name="objections",
        verbose_name=_("request"),
    )
    grounds = models.TextField(_("why you object"))
    late_reason = models.TextField(_("why the objection comes after the term"), blank=True)
    lodged_on = models.DateField(_("lodged on"), default=timezone.localdate)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lodged by"),
    )
    due_on = models.DateField(_("decision on the objection due"))
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("department"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objections_owned",
        verbose_name=_("handled by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.LODGED
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("reasoned answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["-lodged_on", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        indexes = [
            models.Index(fields=["department", "status", "due_on"], name="objection_dept_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("lodged_on")), name="objection_due_after_lodging"
            ),
            models.CheckConstraint(
                condition=(Q(status="decided") & ~Q(outcome="") & Q(answered_on__isnull=False))
                | (~Q(status="decided") & Q(outcome="")),
                name="objection_outcome_with_status",
            ),
        ]

    def __str__(self) -> str:
        return _("Objection to %(request)s") % {"request": self.request}

    def get_absolute_url(self) -> str:
        return reverse(
            "partnership:objection_detail",
            kwargs={"slug": self.request.initiative.slug, "pk": self.pk},
        )

    def is_open(self) -> bool:
        return self.status != self.Status.DECIDED

    def is_late(self) -> bool:
        """Lodged after the six weeks, with a reason for the delay."""
        return bool(self.late_reason)

    def days_left(self, today=None) -> int:
        """Days until the term for the decision on the objection (negative once past)."""
        return (self.due_on - (today or timezone.localdate())).days

    def days_overdue(self, today=None) -> int:
        return max(0, -self.days_left(today))


class IntakeSetting(models.Model):
    """The city's term to name a point of contact for a newly registered initiative, in working
    days. One row, changed by coordinators; without it the default term holds."""

    DEFAULT_TERM = 10
    MAX_TERM = 60

    term_working_days = models.PositiveSmallIntegerField(
        _("term to name a point of contact (working days)"),
        default=DEFAULT_TERM,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TERM)],
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("intake setting")
        verbose_name_plural = _("intake settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_working_days__gte=1, term_working_days__lte=60),
                name="intake_term_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.term_working_days)
