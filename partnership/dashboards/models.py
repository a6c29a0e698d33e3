from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnership.dashboards.tally import DATED


class DashboardSetting(models.Model):
    """Which council dashboards a coordinator has opened to visitors."""

    slug = models.SlugField(unique=True)
    is_public = models.BooleanField(_("public"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dashboard setting")
        verbose_name_plural = _("dashboard settings")

    def __str__(self) -> str:
        return self.slug


class DataVersion(models.Model):
    """The version of the data the dashboards read, bumped in the same transaction as every
    write to it (``dashboards.cache``): cached figures are filed under the version, so a
    committed write changes the key at once and a rolled-back one never does.

    A few rows (shards) rather than one, so that concurrent writers seldom wait for each other's
    lock on the same row; the version is all of them together. ``writes`` only grows;
    ``token`` is random per write, so that a version seen inside a transaction that is then
    rolled back is never the version of a later commit."""

    shard = models.PositiveSmallIntegerField(primary_key=True)
    writes = models.BigIntegerField(default=0)
    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.shard}: {self.writes}"


class TableVersion(models.Model):
    """The version of one table the dashboards read, bumped beside ``DataVersion`` in the same
    transaction as every write to that table: a figure is filed under the versions of the
    tables it read (``dashboards.reads``), so a write elsewhere leaves it cached.

    Sharded like ``DataVersion`` (same shard per thread). A writer locks its shard's
    ``DataVersion`` row first, so two transactions that share a shard queue there instead of
    taking these rows in opposite orders (no deadlock); writers on other shards never meet."""

    table = models.CharField(max_length=100)
    shard = models.PositiveSmallIntegerField()
    writes = models.BigIntegerField(default=0)
    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("table version")
        verbose_name_plural = _("table versions")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "shard"], name="dashboards_table_version_shard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.shard}: {self.writes}"


class InitiativeFact(models.Model):
    """One thing the dashboards know of an initiative beyond its own row: a department it dealt
    with (``involves``), that it is stuck (``stuck``: an open blockage) or that the city
    supported it (``supported``: a request granted, a commitment kept). Derived from the live
    records in the same transaction as every write to them (``dashboards.facts``).

    Why: a fact changes far less often than its records. Forty contacts with one department are
    one fact, so the figures that read the facts stay cached after a contact with a department
    the initiative already knew (``dashboards.cache`` files them under this table's version,
    which changes only when a fact does)."""

    class Kind(models.TextChoices):
        INVOLVES = "involves", _("dealt with a department")
        STUCK = "stuck", _("stuck")
        SUPPORTED = "supported", _("supported")

    # No foreign keys in the database: the facts are derived, and an initiative's go after its
    # records in a cascade (``facts``), which a constraint checked earlier would refuse.
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("initiative fact")
        verbose_name_plural = _("initiative facts")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "kind", "department"],
                condition=models.Q(department__isnull=False),
                name="dashboards_fact_department",
            ),
            models.UniqueConstraint(
                fields=["initiative", "kind"],
                condition=models.Q(department__isnull=True),
                name="dashboards_fact_plain",
            ),
        ]
        indexes = [models.Index(fields=["kind", "initiative"], name="dashboards_fact_kind_idx")]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.kind} {self.department_id or ''}".strip()


class _OfInitiative(models.Model):
    """What the dated facts and the tally's shares have in common: the initiative, without a
    foreign key in the database (they are derived, and go after its records in a cascade, as
    the facts do)."""

    # No index of its own: each model's unique rows begin with the initiative (one index
    # fewer to keep on every write).
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        abstract = True


def _department():
    return models.ForeignKey(
        "accounts.Department",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )


class InvolvementDay(_OfInitiative):
    """A day on which an initiative dealt with a department: a contact (or its referral), a
    commitment promised, a blockage raised, a hand-off (``dashboards.facts``).

    Why: a period asks which initiatives dealt with which departments between two days. Read
    from the records that is every contact, commitment, blockage and hand-off of the period; the
    spans (``InvolvementSpan``) answer it from one row per initiative and department, and these
    days settle the few whose first and last day lie on both sides of a period."""

    department = _department()
    day = models.DateField()

    class Meta:
        verbose_name = _("day of involvement")
        verbose_name_plural = _("days of involvement")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "department", "day"], name="dashboards_involvement_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.department_id} {self.day}"


class InvolvementSpan(_OfInitiative):
    """The first and the last day an initiative dealt with a department (``InvolvementDay``):
    a period from a day on holds the pairs last seen on or after it, a period until a day those
    first seen on or before it."""

    department = _department()
    first_on = models.DateField()
    last_on = models.DateField()

    class Meta:
        verbose_name = _("span of involvement")
        verbose_name_plural = _("spans of involvement")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "department"], name="dashboards_involvement_span"
            )
        ]
        indexes = [
            models.Index(fields=["last_on"], name="dashboards_involvement_last"),
            models.Index(fields=["first_on"], name="dashboards_involvement_first"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.department_id}: {self.first_on}–{self.last_on}"


RANKED = 5  # the departments per initiative the figures tell apart ("5 or more")


class InvolvementRank(_OfInitiative):
    """Per initiative, the last days of the five departments it dealt with most recently
    (``last_1`` the latest) and the first days of the five it dealt with first (``first_1`` the
    earliest), from its spans (``InvolvementSpan``); fewer departments leave the rest empty.

    Why: the council counts initiatives by the departments they dealt with in a period, "5 or
    more" the last bucket. From a day on, an initiative dealt with k or more departments
    exactly when its k-th latest last day is on or after that day: one row per initiative
    answers it, where the spans are several."""

    last_1 = models.DateField(null=True)
    last_2 = models.DateField(null=True)
    last_3 = models.DateField(null=True)
    last_4 = models.DateField(null=True)
    last_5 = models.DateField(null=True)
    first_1 = models.DateField(null=True)
    first_2 = models.DateField(null=True)
    first_3 = models.DateField(null=True)
    first_4 = models.DateField(null=True)
    first_5 = models.DateField(null=True)

    class Meta:
        verbose_name = _("rank of involvement")
        verbose_name_plural = _("ranks of involvement")
        constraints = [
            models.UniqueConstraint(fields=["initiative"], name="dashboards_involvement_rank")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.last_1}"


class SupportDay(_OfInitiative):
    """A day on which the city supported an initiative: a request granted, a commitment kept
    (``dashboards.facts``). Its own table, apart from the involvement: the figures on support
    stay cached after a contact."""

    day = models.DateField()

    class Meta:
        verbose_name = _("day of support")
        verbose_name_plural = _("days of support")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "day"], name="dashboards_support_day")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.day}"


class SupportSpan(_OfInitiative):
    """The first and the last day the city supported an initiative (``SupportDay``)."""

    first_on = models.DateField()
    last_on = models.DateField()

    class Meta:
        verbose_name = _("span of support")
        verbose_name_plural = _("spans of support")
        constraints = [
            models.UniqueConstraint(fields=["initiative"], name="dashboards_support_span")
        ]
        indexes = [
            models.Index(fields=["last_on"], name="dashboards_support_last"),
            models.Index(fields=["first_on"], name="dashboards_support_first"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.first_on}–{self.last_on}"


class _TallyRow(models.Model):
    """What a tally's row and an initiative's share of it hold: the part of a figure, its
    group, a day where the part needs one, and what it counts and sums (``Tally``)."""

    part = models.CharField(max_length=20)
    key = models.CharField(max_length=100)
    day = models.CharField(max_length=10, blank=True, default="")
    n = models.BigIntegerField(default=0)
    a = models.BigIntegerField(default=0)
    b = models.BigIntegerField(default=0)
    c = models.BigIntegerField(default=0)
    d = models.BigIntegerField(default=0)
    total = models.FloatField(default=0)
    net = models.FloatField(default=0)
    rate = models.FloatField(default=0)
    rate_net = models.FloatField(default=0)

    class Meta:
        abstract = True


class Tally(_TallyRow):
    """A running count behind the unfiltered figures on blockages, commitments and value:
    one row per part of a figure (``part``: "open" blockages, a "framework", a "commit"ment's
    outcome, ...), its group (``key``) and, for open commitments, their due day (``day``, ISO
    text; open or overdue depends on today), for the parts a period reads their month.
    ``initiatives`` is how many initiatives the row rests on (the small-cell basis), ``n`` to
    ``d`` what the part counts and sums, ``total`` and ``net`` the value records' quantities
    (floats, as the figures sum them), ``rate`` and ``rate_net`` theirs per day (for the days
    of a period: ``tally.VALUE_DATED``). The parts a period reads have a row per month and one
    per year ("Y2026"), found by part and day.

    Kept exact in the same transaction as every write to the records (``dashboards.tally``):
    each initiative's own rows (``InitiativeTally``) are derived again and the difference is
    added here, to its shard's row (``shard``: writers of other initiatives seldom wait for
    it; the figures sum the shards). A figure then reads a few thousand rows at most instead
    of every record."""

    shard = models.PositiveSmallIntegerField(default=0)
    initiatives = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["part", "key", "day", "shard"], name="dashboards_tally_row"
            )
        ]
        indexes = [models.Index(fields=["part", "day"], name="dashboards_tally_part_day")]

    def __str__(self) -> str:
        return f"{self.part} {self.key} {self.day}: {self.n}".replace("  ", " ")


class InitiativeTally(_OfInitiative, _TallyRow):
    """One initiative's share of a ``Tally`` row: what its live records add to it. Stored so
    that a write can add the difference it makes to the tally (and count the initiative in or
    out of a row's basis) without reading anyone else's records."""

    class Meta:
        verbose_name = _("initiative tally")
        verbose_name_plural = _("initiative tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "part", "key", "day"], name="dashboards_initiative_tally_row"
            )
        ]
        # The initiatives with several departments and no coordinator, whose first public
        # ones the blockage dashboard names: found in a small index, not among every share.
        indexes = [
            models.Index(
                fields=["initiative"],
                condition=models.Q(part="inv_several"),
                name="dashboards_tally_several_idx",
            ),
            # The days of a period's first and last month (``tally.period_rows``).
            models.Index(
                fields=["part", "day"],
                condition=models.Q(part__in=DATED),
                name="dashboards_tally_dated_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.part} {self.key}: {self.n}"
