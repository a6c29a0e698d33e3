"""Coordinators give roles to users and place civil servants in departments."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from initiatives.accounts.filters import UserFilter
from initiatives.accounts.forms import DepartmentForm, UserRolesForm
from initiatives.accounts.models import Department
from initiatives.accounts.roles import COORDINATOR, role_required
from initiatives.accounts.services import (
    department_create,
    department_update,
    user_reset_authenticators,
    user_set_roles,
)


@require_safe
@role_required(COORDINATOR)
def user_list(request):
    users = get_user_model().objects.select_related("department").prefetch_related("groups")
    user_filter = UserFilter(request.GET, queryset=users)
    page = Paginator(user_filter.qs, 50).get_page(request.GET.get("page"))
    ctx = {"filter": user_filter, "page": page}
    return render(request, "accounts/user_list.html", ctx)


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def user_roles(request, pk: int):
    target = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST" and "reset_authenticator" in request.POST:
        user_reset_authenticators(user=target, reset_by=request.user)
        messages.success(
            request,
            _(
                "The authenticator of %(user)s has been removed. They set up a new one at their "
                "next login."
            )
            % {"user": target},
        )
        return redirect("accounts:user_roles", pk=target.pk)
    form = UserRolesForm(request.POST or None, user=target)
    if request.method == "POST" and form.is_valid():
        user_set_roles(
            user=target,
            roles=form.cleaned_data["roles"],
            department=form.cleaned_data["department"],
            organisation=form.cleaned_data["organisation"],
            changed_by=request.user,
        )
        messages.success(request, _("The roles of %(user)s have been saved.") % {"user": target})
        return redirect("accounts:user_list")
    from allauth.mfa.utils import is_mfa_enabled

    ctx = {
        "form": form,
        "target": target,
        "has_authenticator": is_mfa_enabled(target),
        "resets": target.authenticator_resets.all()[:10],
    }
    return render(request, "accounts/user_roles.html", ctx)


def _save_department(request, form, save) -> bool:
    """Run the service; its ValidationError lands on the form's fields. True when saved."""
    try:
        department = save(
            name=form.cleaned_data["name"],
            parent=form.cleaned_data["parent"],
            email=form.cleaned_data["email"],
        )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    messages.success(
        request, _("The department “%(department)s” has been saved.") % {"department": department}
    )
    return True


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def department_list(request):
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _save_department(request, form, department_create):
            return redirect("accounts:department_list")
    departments = Department.objects.select_related("parent").annotate(staff_count=Count("users"))
    return render(
        request, "accounts/department_list.html", {"departments": departments, "form": form}
    )


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def department_edit(request, pk: int):
    department = get_object_or_404(Department, pk=pk)
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():

        def save(**fields):
            return department_update(department=department, **fields)

        if _save_department(request, form, save):
            return redirect("accounts:department_list")
    return render(
        request, "accounts/department_edit.html", {"department": department, "form": form}
    )
