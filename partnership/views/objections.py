"""Objections (bezwaar) to decisions on requests: lodged by the initiative, answered by the
deciding department, assigned by a coordinator.

As everywhere on the partner page: the initiative is found first (404 when the user may not
know it exists), then the right for the action is checked (403); the services check it again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from initiatives import permissions
from initiatives.accounts.submit_once import submit_once
from initiatives.formtools import add_service_errors
from initiatives.selectors import visible_initiative_or_404
from partnership.forms.requests import (
    ObjectionAnswerForm,
    ObjectionAssignForm,
    ObjectionForm,
    ObjectionWithdrawForm,
)
from partnership.selectors.requests import objections_for, request_detail_queryset
from partnership.services.objections import (
    is_late,
    objection_answer,
    objection_assign,
    objection_lodge,
    objection_withdraw,
)


def _objection(initiative, pk: int):
    return get_object_or_404(objections_for(initiative), pk=pk)


def _detail(request, initiative, objection, **forms):
    """The objection page, with the forms this user may use (bound ones from a failed POST)."""
    user = request.user
    ctx = {
        "initiative": initiative,
        "objection": objection,
        "item": objection.request,
        "today": timezone.localdate(),
        "answer_form": None,
        "assign_form": None,
        "withdraw_form": None,
    }
    if objection.is_open():
        if permissions.can_handle_objection(user, objection):
            ctx["answer_form"] = forms.get("answer_form") or ObjectionAnswerForm()
        if permissions.can_assign_objection(user):
            ctx["assign_form"] = forms.get("assign_form") or ObjectionAssignForm(
                objection=objection
            )
        if permissions.can_lodge_objection(user, initiative):
            ctx["withdraw_form"] = forms.get("withdraw_form") or ObjectionWithdrawForm()
    return render(request, "partnership/objection_detail.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def objection_create(request, slug: str, pk: int):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_lodge_objection(request.user, initiative))
    city_request = get_object_or_404(request_detail_queryset(initiative), pk=pk)
    today = timezone.localdate()
    late = is_late(city_request, today)
    form = ObjectionForm(request.POST or None, late=late)
    if request.method == "POST" and form.is_valid():
        try:
            objection = objection_lodge(
                city_request=city_request, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your objection has been lodged. %(department)s decides on it by %(date)s; "
                    "you get an e-mail with the outcome."
                )
                % {
                    "department": objection.department,
                    "date": date_format(objection.due_on, "DATE_FORMAT"),
                },
            )
            return redirect(objection.get_absolute_url())
    ctx = {
        "initiative": initiative,
        "item": city_request,
        "form": form,
        "late": late,
        "open_objection": next((o for o in city_request.objections.all() if o.is_open()), None),
    }
    return render(request, "partnership/objection_form.html", ctx)


@require_safe
@login_required
def objection_detail(request, slug: str, pk: int):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_view_partner_page(request.user, initiative))
    return _detail(request, initiative, _objection(initiative, pk))


@require_POST
@login_required
def objection_answer_view(request, slug: str, pk: int):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_view_partner_page(request.user, initiative))
    objection = _objection(initiative, pk)
    permissions.check(permissions.can_handle_objection(request.user, objection))
    form = ObjectionAnswerForm(request.POST)
    if form.is_valid():
        try:
            objection_answer(objection=objection, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision on the objection has been recorded."))
            return redirect(objection.get_absolute_url())
    return _detail(request, initiative, objection, answer_form=form)


@require_POST
@login_required
def objection_assign_view(request, slug: str, pk: int):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_assign_objection(request.user))
    objection = _objection(initiative, pk)
    form = ObjectionAssignForm(request.POST, objection=objection)
    if form.is_valid():
        try:
            objection_assign(objection=objection, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The objection has been assigned."))
            return redirect(objection.get_absolute_url())
    return _detail(request, initiative, objection, assign_form=form)


@require_POST
@login_required
def objection_withdraw_view(request, slug: str, pk: int):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_lodge_objection(request.user, initiative))
    objection = _objection(initiative, pk)
    form = ObjectionWithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        objection_withdraw(objection=objection, by=request.user, reason=reason)
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail(request, initiative, objection, withdraw_form=form)
    messages.success(request, _("The objection has been withdrawn."))
    return redirect(objection.get_absolute_url())
