"""Coordinators give roles to users and place civil servants in departments."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from initiatives.accounts.filters import UserFilter
from initiatives.accounts.forms import UserRolesForm
from initiatives.accounts.roles import COORDINATOR, role_required
from initiatives.accounts.services import user_set_roles


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
    return render(request, "accounts/user_roles.html", {"form": form, "target": target})
