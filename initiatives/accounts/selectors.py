"""Reads about people."""

from django.db.models import QuerySet

from initiatives.accounts.models import User
from initiatives.accounts.roles import CIVIL_SERVANT, COORDINATOR


def municipal_staff(department=None) -> QuerySet:
    """Active civil servants and coordinators with a department (who can own a commitment),
    with their department, by department and name; of one department when given."""
    staff = (
        User.objects.filter(
            is_active=True,
            department__isnull=False,
            groups__name__in=[CIVIL_SERVANT, COORDINATOR],
        )
        .select_related("department")
        .distinct()
        .order_by("department__name", "name", "email")
    )
    if department is not None:
        staff = staff.filter(department=department)
    return staff
