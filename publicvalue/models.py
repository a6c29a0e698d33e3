"""What initiatives are worth: a value framework a coordinator edits, and value records with
their evidence. Imports ``initiatives`` only."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.models import Initiative, TranslatedNameMixin


class ValueDimension(TranslatedNameMixin):
    """A dimension of public value, seeded from Rotterdam's Wijkprofiel themes."""

    class Group(models.TextChoices):
        PHYSICAL = "physical", _("physical")
        SAFETY = "safety", _("safety")
        SOCIAL = "social", _("social")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    description = models.TextField(_("description"), blank=True)
    broad_prosperity_theme = models.CharField(
        _("broad-prosperity theme (brede welvaart)"), max_length=100, blank=True
    )
    sdg = models.PositiveSmallIntegerField(
        _("Sustainable Development Goal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("value dimension")
        verbose_name_plural = _("value dimensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(sdg__isnull=True) | Q(sdg__gte=1, sdg__lte=17),
                name="dimension_sdg_1_to_17",
            )
        ]


class Indicator(TranslatedNameMixin):
    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        HOURS = "hours", _("hours")
        SQUARE_METRES = "m2", _("m²")
        KILOGRAMS = "kg", _("kg")
        EURO = "euro", _("euro")
        EVENTS = "events", _("activities")
        MEALS = "meals", _("meals")
        HOUSEHOLDS = "households", _("households")
        ITEMS = "items", _("items")

    # Whole units: a fraction of a person or a meal makes no sense.
    WHOLE_UNITS = (Unit.PEOPLE, Unit.EVENTS, Unit.MEALS, Unit.HOUSEHOLDS, Unit.ITEMS)

    dimension = models.ForeignKey(
        ValueDimension,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("dimension"),
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    proxy_value_eur = models.DecimalField(
        _("proxy value in euro per unit"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    proxy_source = models.CharField(_("source of the proxy"), max_length=300, blank=True)
    proxy_year = models.PositiveSmallIntegerField(_("year of the proxy"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        ordering = ["dimension__order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(proxy_value_eur__isnull=True) | Q(proxy_value_eur__gte=0),
                name="indicator_proxy_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(proxy_value_eur__isnull=True) | ~Q(proxy_source=""),
                name="indicator_proxy_has_source",
                violation_error_message=_("A proxy value needs its source."),
            ),
        ]


class Evidence(models.TextChoices):
    """Evidence levels, weakest first."""

    STORY = "story", _("story")
    COUNTED = "counted", _("counted by the initiative")
    VERIFIED = "verified", _("verified by the municipality")
    MEASURED = "measured", _("independently measured")


class ValueRecordQuerySet(models.QuerySet):
    def active_records(self):
        return self.filter(archived_at__isnull=True)


class ValueRecord(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="value_records",
        verbose_name=_("initiative"),
    )
    dimension = models.ForeignKey(
        ValueDimension,
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name=_("dimension"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("indicator"),
        help_text=_("Leave empty for a story without numbers."),
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    evidence = models.CharField(
        _("evidence"), max_length=10, choices=Evidence.choices, default=Evidence.STORY
    )
    narrative = models.TextField(_("narrative"), blank=True)
    link = models.URLField(_("link to evidence"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="value-evidence/", blank=True)
    deadweight_pct = models.DecimalField(
        _("deadweight (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("What would have happened anyway."),
    )
    deadweight_reason = models.CharField(_("why this deadweight"), max_length=300, blank=True)
    attribution_pct = models.DecimalField(
        _("attribution to others (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share owed to others."),
    )
    attribution_reason = models.CharField(_("why this attribution"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    clarification_request = models.TextField(_("clarification asked"), blank=True)
    clarification_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("clarification requested by"),
    )
    clarification_requested_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("clarification requested at")
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ValueRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-created_at"]
        verbose_name = _("value record")
        verbose_name_plural = _("value records")
        indexes = [
            models.Index(fields=["initiative", "dimension"], name="value_initiative_idx"),
            models.Index(fields=["dimension", "period_end"], name="value_dimension_idx"),
            models.Index(fields=["evidence"], name="value_evidence_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0),
                name="value_quantity_not_negative",
                violation_error_message=_("A quantity cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="value_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(deadweight_pct__gte=0, deadweight_pct__lte=100)
                & Q(attribution_pct__gte=0, attribution_pct__lte=100),
                name="value_deductions_are_percentages",
            ),
            models.CheckConstraint(
                condition=Q(indicator__isnull=True, quantity__isnull=True)
                | Q(indicator__isnull=False),
                name="value_quantity_needs_indicator",
                violation_error_message=_("A quantity needs an indicator with its unit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.dimension}"
