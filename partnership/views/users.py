"""Coordinators give roles, place civil servants in departments and anchor institutions' staff
in their organisation, and remove a lost authenticator (/beheer/gebruikers/)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from initiatives.accounts.roles import COORDINATOR, role_required
from initiatives.accounts.services import user_reset_authenticators
from initiatives.permissions import can_see_phone
from partnership.filters.users import UserFilter
from partnership.forms.users import UserRolesForm
from partnership.services.users import user_roles_save


@require_safe
@role_required(COORDINATOR)
def user_list(request):
    users = get_user_model().objects.select_related("department").prefetch_related("groups")
    user_filter = UserFilter(request.GET, queryset=users)
    page = Paginator(user_filter.qs, 50).get_page(request.GET.get("page"))
    for person in page:
        # Even a coordinator sees an initiator's phone only when the initiator allowed it.
        person.visible_phone = person.phone if can_see_phone(request.user, person) else ""
    ctx = {"filter": user_filter, "page": page}
    return render(request, "partnership/user_list.html", ctx)


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
        return redirect("partnership:user_roles", pk=target.pk)
    form = UserRolesForm(request.POST or None, user=target)
    if request.method == "POST" and form.is_valid():
        user_roles_save(
            user=target,
            roles=form.cleaned_data["roles"],
            department=form.cleaned_data["department"],
            organisation=form.cleaned_data["organisation"],
            changed_by=request.user,
        )
        messages.success(request, _("The roles of %(user)s have been saved.") % {"user": target})
        return redirect("partnership:user_list")
    from allauth.mfa.utils import is_mfa_enabled

    ctx = {
        "form": form,
        "target": target,
        "has_authenticator": is_mfa_enabled(target),
        "resets": target.authenticator_resets.all()[:10],
    }
    return render(request, "partnership/user_roles.html", ctx)
