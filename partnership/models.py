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
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.accounts.models import Department
from initiatives.models import Area, Initiative, Neighbourhood, TranslatedNameMixin


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
    answer_term_weeks = models.PositiveIntegerField(
        _("answer term for proposals (weeks)"),
        default=8,
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


class Commitment(LoggedMixin):
    """What the municipality promised an initiative (toezegging). Overdue is computed."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        KEPT = "kept", _("kept")
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

    def is_overdue(self, today=None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or timezone.localdate())


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
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
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
            models.Index(fields=["category", "status"], name="blockage_category_idx"),
            models.Index(fields=["policy_framework", "status"], name="blockage_framework_idx"),
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


class BlockageHandoff(models.Model):
    """A blockage handed from one department to another: the pillar-to-post trail."""

    blockage = models.ForeignKey(
        Blockage, on_delete=models.CASCADE, related_name="handoffs", verbose_name=_("blockage")
    )
    from_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
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

    class Meta:
        ordering = ["handed_on", "created_at"]
        verbose_name = _("hand-off")
        verbose_name_plural = _("hand-offs")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_department=F("to_department")),
                name="handoff_to_other_department",
                violation_error_message=_("A hand-off goes to another department."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_department} → {self.to_department}"


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

    class Meta:
        ordering = ["name"]
        verbose_name = _("kind of request")
        verbose_name_plural = _("kinds of request")


class RefusalGround(TranslatedNameMixin):
    """A ground on which a request of some kinds may be refused."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kinds = models.ManyToManyField(
        RequestKind, related_name="refusal_grounds", verbose_name=_("kinds of request")
    )

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

    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    deadline = models.DateField(_("decision deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    grounds = models.ManyToManyField(
        RefusalGround, related_name="requests", blank=True, verbose_name=_("grounds")
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
            models.Index(fields=["status", "deadline"], name="request_deadline_idx"),
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

    def days_late(self, today=None) -> int:
        """Days past the deadline: for a decided request at its decision, else up to today."""
        end = self.decided_on or today or timezone.localdate()
        return max(0, (end - self.deadline).days)


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


class Reply(models.Model):
    """The partner's own voice beside the civil servant's: an answer to a contact, a dispute of a
    commitment, or a civil servant's confirmation of or answer to a blockage an initiator raised."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("answer")
        DISPUTE = "dispute", _("dispute")
        CONFIRMATION = "confirmation", _("confirmation")

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

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
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
