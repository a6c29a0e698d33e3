"""My initiatives: each one with what is open or overdue, counted in the database."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from initiatives.models import Membership
from partnership.models import Blockage, CityRequest, Commitment


def _count_related(model, condition: Q) -> Coalesce:
    """Count the rows of ``model`` (which points at Initiative) per membership's initiative, in
    the database, as a correlated subquery (an index on ``(initiative, status)`` serves it)."""
    counted = (
        model._default_manager.filter(condition, initiative=OuterRef("initiative_id"))
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def my_memberships(user, today=None):
    """The user's current memberships with, per initiative, what is open or overdue.

    One query whatever the number of initiatives: three correlated subqueries count open
    blockages, overdue commitments and open requests.
    """
    today = today or timezone.localdate()
    return (
        Membership.objects.filter(user=user, left_at__isnull=True)
        .select_related(
            "initiative__area",
            "initiative__neighbourhood",
            "initiative__point_of_contact__department",
        )
        .annotate(
            open_blockages=_count_related(
                Blockage,
                Q(status__in=Blockage.OPEN_STATUSES, archived_at__isnull=True),
            ),
            overdue_commitments=_count_related(
                Commitment,
                Q(
                    status=Commitment.Status.OPEN,
                    archived_at__isnull=True,
                    due_on__lt=today,
                ),
            ),
            open_requests=_count_related(
                CityRequest,
                Q(archived_at__isnull=True) & ~Q(status=CityRequest.Status.DECIDED),
            ),
        )
        # Living initiatives first (NULLs sort differently in SQLite and PostgreSQL).
        .order_by(F("initiative__archived_at").asc(nulls_first=True), "-initiative__created_at")
    )
