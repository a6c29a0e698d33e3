"""Coordinators keep the policy frameworks (beleidskaders) that a blockage can name."""

from django.db import transaction

from initiatives.accounts.models import Department
from partnership.models import PolicyFramework


@transaction.atomic
def policy_framework_create(
    *, name: str, category: str, department: Department, description: str = ""
) -> PolicyFramework:
    framework = PolicyFramework(
        name=name, category=category, department=department, description=description
    )
    framework.full_clean()
    framework.save()
    return framework


@transaction.atomic
def policy_framework_update(
    *,
    framework: PolicyFramework,
    name: str,
    category: str,
    department: Department,
    description: str = "",
) -> PolicyFramework:
    """Blockages already raised keep pointing at the framework; they see its new name."""
    framework.name, framework.category = name, category
    framework.department, framework.description = department, description
    framework.full_clean()
    framework.save()
    return framework
