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


def department_staff_names(department) -> list[tuple[int, str, str]]:
    """``(pk, display name, department name)`` of a department's staff who can own a commitment,
    by name: the options of an owner select. Rows, not users: a department has up to a few
    hundred people, and building each as a model instance cost more than the page around them."""
    rows = (
        municipal_staff(department)
        .select_related(None)
        .values_list("pk", "name", "email", "department__name")
    )
    return [(pk, User.shown_name(name, email), dept) for pk, name, email, dept in rows]
