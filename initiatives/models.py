"""Who and what: initiatives, where they are, what they are about and who runs them.

This app imports nothing from ``partnership`` or ``publicvalue``; users are referenced through
``settings.AUTH_USER_MODEL``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.accounts.choices import choice_label


def translated_name(name: str, name_en: str) -> str:
    """THE pick between a Dutch and an English name: English on English pages when there is one,
    else Dutch. Used by ``TranslatedNameMixin`` and by selectors that read names as values."""
    if (get_language() or "nl").startswith("en") and name_en:
        return name_en
    return name


class TranslatedNameMixin(models.Model):
    """Reference data a coordinator can edit, named in Dutch and in English."""

    name = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return translated_name(self.name, self.name_en)


class Area(models.Model):
    """One of Rotterdam's 14 areas (gebieden)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    # The coordinators who look after the area's intake: they hear of every initiative registered
    # in it and their intake queue opens on their own areas.
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coordinated_areas",
        blank=True,
        verbose_name=_("coordinators"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="neighbourhoods", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["area__name", "name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="neighbourhood_unique_in_area")
        ]

    def __str__(self) -> str:
        return self.name


class Theme(TranslatedNameMixin):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class CityAsk(TranslatedNameMixin):
    """What an initiative asks of the city: money, space, land, a permit, advice, ..."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("ask of the city")
        verbose_name_plural = _("asks of the city")


class PartnerOrganisation(models.Model):
    """Anchor institutions and others that work with initiatives."""

    class Kind(models.TextChoices):
        HOUSING_CORPORATION = "housing", _("housing corporation")
        SCHOOL = "school", _("school")
        UNIVERSITY = "university", _("university or college")
        CARE = "care", _("care or welfare organisation")
        FUND = "fund", _("fund")
        COMPANY = "company", _("company")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    is_anchor_institution = models.BooleanField(_("anchor institution"), default=False)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name

    def _get_FIELD_display(self, field):
        return choice_label(self, field)


class AnchorStaff(models.Model):
    """A user who works for an anchor institution: the link lives here, beside the organisation,
    because the user model sits in the bottom app and may not point up to it.

    One organisation per user; a coordinator sets it on the users page with the anchor role.
    Kept with its history, so that who spoke for which organisation, and when, stays known."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="anchor_staff",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        related_name="staff_links",
        verbose_name=_("organisation"),
    )
    since = models.DateTimeField(_("since"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("anchor institution staff member")
        verbose_name_plural = _("anchor institution staff")

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class Domain(models.TextChoices):
    SOCIAL = "social", _("social (care and welfare)")
    PHYSICAL = "physical", _("physical")


class Status(models.TextChoices):
    IDEA = "idea", _("idea")
    STARTING = "starting", _("starting")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    STOPPED = "stopped", _("stopped")
    COMPLETED = "completed", _("completed")


# Which status may follow which; the partner page offers only these.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    Status.IDEA: {Status.STARTING, Status.ACTIVE, Status.STOPPED},
    Status.STARTING: {Status.ACTIVE, Status.PAUSED, Status.STOPPED},
    Status.ACTIVE: {Status.PAUSED, Status.STOPPED, Status.COMPLETED},
    Status.PAUSED: {Status.ACTIVE, Status.STOPPED, Status.COMPLETED},
    Status.STOPPED: {Status.ACTIVE},
    Status.COMPLETED: {Status.ACTIVE},
}


class LegalForm(models.TextChoices):
    INFORMAL = "informal", _("informal group")
    ASSOCIATION = "association", _("association")
    FOUNDATION = "foundation", _("foundation")
    COOPERATIVE = "cooperative", _("cooperative")
    SOCIAL_ENTERPRISE = "social_enterprise", _("social enterprise")


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True, archived_at__isnull=True)

    def active_records(self):
        return self.filter(archived_at__isnull=True)

    def for_member(self, user):
        return self.filter(memberships__user=user, memberships__left_at__isnull=True)

    def with_place(self):
        return self.select_related("area", "neighbourhood")


# The versions of an initiative, with its themes and asks in each version. Kept as a name so that
# services can write a registration's first version after its themes are set (see services).
INITIATIVE_HISTORY = HistoricalRecords(
    excluded_fields=["updated_at"], m2m_fields=["themes", "asks"]
)


class Initiative(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences: what do you do, for whom?")
    )
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("area")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="initiatives",
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
    )
    domain = models.CharField(_("domain"), max_length=10, choices=Domain.choices)
    themes = models.ManyToManyField(
        Theme, related_name="initiatives", blank=True, verbose_name=_("themes")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    started_on = models.DateField(_("start date"), null=True, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.INFORMAL
    )
    website = models.URLField(_("website"), blank=True)
    volunteers = models.PositiveIntegerField(_("number of volunteers"), default=0)
    people_reached = models.PositiveIntegerField(_("number of people reached"), default=0)
    asks = models.ManyToManyField(
        CityAsk, related_name="initiatives", blank=True, verbose_name=_("asks of the city")
    )
    uses_municipal_land = models.BooleanField(_("uses municipal land"), default=False)
    uses_municipal_building = models.BooleanField(_("uses a municipal building"), default=False)
    uses_public_space = models.BooleanField(_("uses public space"), default=False)
    partners = models.ManyToManyField(
        PartnerOrganisation,
        through="InitiativePartner",
        related_name="initiatives",
        blank=True,
        verbose_name=_("partner organisations"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("initiative", "user"),
        related_name="initiatives",
        blank=True,
        verbose_name=_("members"),
    )
    point_of_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives_as_point_of_contact",
        verbose_name=_("point of contact (aanspreekpunt)"),
    )
    # When the first point of contact was named: the intake clock stops here.
    point_of_contact_assigned_at = models.DateTimeField(
        _("point of contact first assigned at"), null=True, blank=True
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives_as_coordinator",
        verbose_name=_("coordinator (begeleider)"),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public initiatives appear in the catalogue with their public fields."),
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    history = INITIATIVE_HISTORY
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            models.Index(fields=["area", "domain", "status"], name="initiative_dash_idx"),
            models.Index(fields=["is_public", "archived_at"], name="initiative_public_idx"),
            models.Index(fields=["started_on"], name="initiative_started_idx"),
            # The intake queue: initiatives still without a point of contact, oldest first.
            models.Index(
                fields=["area", "created_at"],
                name="initiative_intake_idx",
                condition=Q(point_of_contact__isnull=True, archived_at__isnull=True),
            ),
            # Waiting for a coordinator (the partnership app's work list): the initiatives
            # without one, in key order with their age, joined from the index alone.
            models.Index(
                fields=["id"],
                include=["created_at"],
                name="initiative_no_coordinator_idx",
                condition=Q(coordinator__isnull=True, archived_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(domain__in=Domain.values), name="initiative_domain_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="initiative_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def _get_FIELD_display(self, field):
        return choice_label(self, field)

    @property
    def edit_version(self) -> str:
        """Which saved state an edit form started from; any later save changes it."""
        return self.updated_at.isoformat() if self.updated_at else ""


class StatusChange(models.Model):
    """Appended on every status change, never overwritten: the initiative's life as rows."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("initiative"),
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    changed_on = models.DateField(_("date"), default=timezone.localdate)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["-changed_on", "-created_at"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.from_status} → {self.to_status}"


class Membership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        CO_INITIATOR = "co", _("co-initiator")

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("initiative"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role"), max_length=4, choices=Role.choices, default=Role.CO_INITIATOR
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "joined_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="membership_unique_user"),
            models.UniqueConstraint(
                fields=["initiative"],
                condition=Q(role="lead", left_at__isnull=True),
                name="membership_one_lead",
                violation_error_message=_("An initiative has exactly one lead."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.initiative} ({self.get_role_display()})"


class Invitation(models.Model):
    """An invitation to join an initiative as co-initiator; accepted through a link."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("initiative"),
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, verbose_name=_("token"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    accepted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("accepted at"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    # Withdrawn before anyone accepted it: its sender deleted their account.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.initiative}"


class InitiativePartner(models.Model):
    """A partner organisation working with an initiative, and how."""

    class Cooperation(models.TextChoices):
        FUNDING = "funding", _("funding")
        ACCOMMODATION = "accommodation", _("accommodation or space")
        STAFF = "staff", _("staff or volunteers")
        KNOWLEDGE = "knowledge", _("knowledge and advice")
        PURCHASING = "purchasing", _("purchasing from the initiative")
        NETWORK = "network", _("network")
        OTHER = "other", _("other")

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="partner_links",
        verbose_name=_("initiative"),
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        related_name="initiative_links",
        verbose_name=_("organisation"),
    )
    cooperation = models.CharField(
        _("form of cooperation"), max_length=20, choices=Cooperation.choices, db_index=True
    )
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("partner of an initiative")
        verbose_name_plural = _("partners of initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation", "cooperation"],
                name="initiative_partner_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.initiative}"

    def _get_FIELD_display(self, field):
        return choice_label(self, field)
