"""Requests for collective goods, and cooperation with partner organisations, per initiative.

Every view finds the initiative (404 when the user may not know it exists), then checks the
right for the action (403); the state machine itself is enforced by the services. Actions
redirect back to the partner page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from initiatives import permissions
from initiatives.accounts.submit_once import submit_once
from initiatives.formtools import add_service_errors, error_text
from initiatives.models import Initiative
from initiatives.selectors import visible_initiative_or_404
from partnership.forms.requests import (
    ClockForm,
    ConsiderForm,
    ContractForm,
    DecisionForm,
    PartnerLinkForm,
    RequestForm,
    WithdrawForm,
    form_prefix,
)
from partnership.models import CityRequest
from partnership.selectors.requests import refusal_grounds_by_kind, request_detail_queryset
from partnership.services.cooperation import contract_record, initiative_partner_link
from partnership.services.requests import (
    request_adjust_clock,
    request_consider,
    request_decide,
    request_submit,
    request_withdraw,
)


def _initiative(request, slug: str) -> Initiative:
    return visible_initiative_or_404(request.user, slug)


def _city_request(initiative: Initiative, pk: int) -> CityRequest:
    return get_object_or_404(request_detail_queryset(initiative), pk=pk)


def _partner_page(initiative: Initiative):
    return redirect(initiative.get_absolute_url())


def _flags(user, initiative) -> dict:
    """The partner-page flags the request partials read (for display; views enforce)."""
    return {
        "can_log": permissions.can_log_for_initiative(user, initiative),
        "can_speak": permissions.can_speak_for_initiative(user, initiative),
        "today": timezone.localdate(),
    }


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def request_create(request, slug: str):
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_submit_request(request.user, initiative))
    municipal = permissions.is_municipal(request.user)
    form = RequestForm(request.POST or None, municipal=municipal)
    if request.method == "POST" and form.is_valid():
        try:
            request_submit(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The request has been submitted. The members of the initiative get a "
                    "confirmation by e-mail."
                ),
            )
            return _partner_page(initiative)
    ctx = {"initiative": initiative, "form": form, "municipal": municipal}
    return render(request, "partnership/request_form.html", ctx)


@require_safe
@login_required
def request_detail(request, slug: str, pk: int):
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_view_partner_page(request.user, initiative))
    city_request = _city_request(initiative, pk)
    ctx = {"initiative": initiative, "item": city_request, **_flags(request.user, initiative)}
    ctx["can_lodge_objection"] = permissions.can_lodge_objection(request.user, initiative)
    if ctx["can_log"]:
        ctx["refusal_grounds"] = refusal_grounds_by_kind()
    return render(request, "partnership/request_detail.html", ctx)


@require_POST
@login_required
def request_consider_view(request, slug: str, pk: int):
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_log_for_initiative(request.user, initiative))
    city_request = _city_request(initiative, pk)
    form = ConsiderForm(request.POST, prefix=form_prefix(city_request, "consider"))
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        request_consider(city_request=city_request, by=request.user, note=note)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The request is now under consideration."))
    return _partner_page(initiative)


@require_http_methods(["GET", "POST"])
@login_required
def request_decide_view(request, slug: str, pk: int):
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_log_for_initiative(request.user, initiative))
    city_request = _city_request(initiative, pk)
    # Only the deciding department (or a coordinator): others of the city get a 403.
    permissions.check(permissions.can_decide_request(request.user, city_request))
    form = DecisionForm(
        request.POST or None,
        kind=city_request.kind,
        city_request=city_request,
        prefix=form_prefix(city_request, "decide"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            request_decide(city_request=city_request, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The decision has been recorded and the initiative informed.")
            )
            return _partner_page(initiative)
    ctx = {
        "initiative": initiative,
        "item": city_request,
        "form": form,
        **_flags(request.user, initiative),
    }
    return render(request, "partnership/request_decide.html", ctx)


@require_POST
@login_required
def request_withdraw_view(request, slug: str, pk: int):
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_submit_request(request.user, initiative))
    city_request = _city_request(initiative, pk)
    form = WithdrawForm(request.POST, prefix=form_prefix(city_request, "withdraw"))
    reasons = form.cleaned_data["reasons"] if form.is_valid() else ""
    try:
        request_withdraw(city_request=city_request, by=request.user, reasons=reasons)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The request has been withdrawn."))
    return _partner_page(initiative)


@require_http_methods(["GET", "POST"])
@login_required
def request_clock_view(request, slug: str, pk: int):
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_log_for_initiative(request.user, initiative))
    city_request = _city_request(initiative, pk)
    form = ClockForm(request.POST or None, prefix=form_prefix(city_request, "clock"))
    if request.method == "POST" and form.is_valid():
        try:
            request_adjust_clock(city_request=city_request, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision term has been adjusted."))
            return _partner_page(initiative)
    ctx = {
        "initiative": initiative,
        "item": city_request,
        "form": form,
        **_flags(request.user, initiative),
    }
    return render(request, "partnership/request_clock.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def partner_link_create(request, slug: str):
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_submit_request(request.user, initiative))
    form = PartnerLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative_partner_link(initiative=initiative, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The partner organisation has been linked."))
            return _partner_page(initiative)
    ctx = {"initiative": initiative, "form": form}
    return render(request, "partnership/cooperation_partner_form.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def contract_create(request, slug: str):
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_log_for_initiative(request.user, initiative))
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract_record(initiative=initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contract has been recorded."))
            return _partner_page(initiative)
    ctx = {"initiative": initiative, "form": form}
    return render(request, "partnership/cooperation_contract_form.html", ctx)
