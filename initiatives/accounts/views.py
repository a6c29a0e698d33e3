"""Every person's profile (/account/profiel/); coordinators keep the clusters and departments
(/beheer/afdelingen/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from initiatives.accounts.forms import DepartmentForm, ProfileForm
from initiatives.accounts.models import Department, User
from initiatives.accounts.roles import COORDINATOR, is_municipal, role_required
from initiatives.accounts.services import (
    department_create,
    department_update,
    profile_update,
)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    """Name, phone and how to be reached: what partners and the city read about this person."""
    municipal = is_municipal(request.user)
    # A copy, so that refused input never changes the name in the page's header.
    person = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=person, municipal=municipal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile_update(
                user=person,
                name=data["name"],
                phone=data["phone"],
                preferred_contact=data["preferred_contact"],
                phone_visible_to_city=None if municipal else data["phone_visible_to_city"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    ctx = {"form": form, "municipal": municipal}
    return render(request, "accounts/profile.html", ctx)


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
