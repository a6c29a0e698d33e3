"""The value framework (coordinators), value records (members and the municipality) and the
value profile of an initiative (everyone who may see the initiative)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from initiatives import permissions
from initiatives.accounts.submit_once import submit_once
from initiatives.formtools import add_service_errors, error_text
from initiatives.models import Initiative
from initiatives.permissions import COORDINATOR, role_required
from initiatives.selectors import visible_initiative_or_404
from publicvalue import selectors, services
from publicvalue.forms import ClarificationForm, DimensionForm, IndicatorForm, ValueRecordForm
from publicvalue.models import Indicator, ValueDimension, ValueRecord

# The framework ---------------------------------------------------------------------------------


@require_safe
@role_required(COORDINATOR)
def value_framework(request):
    ctx = {"dimensions": selectors.framework()}
    return render(request, "publicvalue/framework.html", ctx)


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def value_dimension_edit(request, pk: int | None = None):
    """Add (no ``pk``) or edit a dimension."""
    dimension = get_object_or_404(ValueDimension, pk=pk) if pk is not None else None
    in_use = bool(dimension and selectors.dimension_in_use(dimension))
    form = DimensionForm(request.POST or None, instance=dimension, in_use=in_use)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if dimension is None:
                dimension = services.dimension_create(**data)
            else:
                services.dimension_update(dimension=dimension, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The dimension “%(name)s” has been saved.") % {"name": dimension}
            )
            return redirect("publicvalue:value_framework")
    ctx = {"form": form, "dimension": dimension, "in_use": in_use}
    return render(request, "publicvalue/dimension_form.html", ctx)


@require_POST
@role_required(COORDINATOR)
def value_dimension_retire(request, pk: int):
    """POST ``retire=1`` retires the dimension; ``retire=0`` brings it back into use."""
    dimension = get_object_or_404(ValueDimension, pk=pk)
    retire = request.POST.get("retire") != "0"
    services.dimension_set_retired(dimension=dimension, retired=retire)
    if retire:
        messages.success(
            request, _("The dimension “%(name)s” has been retired.") % {"name": dimension}
        )
    else:
        messages.success(
            request, _("The dimension “%(name)s” is in use again.") % {"name": dimension}
        )
    return redirect("publicvalue:value_framework")


@require_POST
@role_required(COORDINATOR)
def value_dimension_delete(request, pk: int):
    dimension = get_object_or_404(ValueDimension, pk=pk)
    try:
        services.dimension_delete(dimension=dimension)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The dimension “%(name)s” has been deleted.") % {"name": dimension}
        )
    return redirect("publicvalue:value_framework")


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def value_indicator_edit(request, pk: int | None = None):
    """Add (no ``pk``) or edit an indicator."""
    indicator = get_object_or_404(Indicator, pk=pk) if pk is not None else None
    in_use = bool(indicator and selectors.indicator_in_use(indicator))
    initial = {}
    if indicator is None and request.GET.get("dimension", "").isdigit():
        initial["dimension"] = int(request.GET["dimension"])
    form = IndicatorForm(request.POST or None, instance=indicator, in_use=in_use, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if indicator is None:
                indicator = services.indicator_create(**data)
            else:
                services.indicator_update(indicator=indicator, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The indicator “%(name)s” has been saved.") % {"name": indicator}
            )
            return redirect("publicvalue:value_framework")
    ctx = {"form": form, "indicator": indicator, "in_use": in_use}
    return render(request, "publicvalue/indicator_form.html", ctx)


@require_POST
@role_required(COORDINATOR)
def value_indicator_retire(request, pk: int):
    """POST ``retire=1`` retires the indicator; ``retire=0`` brings it back into use."""
    indicator = get_object_or_404(Indicator, pk=pk)
    retire = request.POST.get("retire") != "0"
    services.indicator_set_retired(indicator=indicator, retired=retire)
    if retire:
        messages.success(
            request, _("The indicator “%(name)s” has been retired.") % {"name": indicator}
        )
    else:
        messages.success(
            request, _("The indicator “%(name)s” is in use again.") % {"name": indicator}
        )
    return redirect("publicvalue:value_framework")


@require_POST
@role_required(COORDINATOR)
def value_indicator_delete(request, pk: int):
    indicator = get_object_or_404(Indicator, pk=pk)
    try:
        services.indicator_delete(indicator=indicator)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The indicator “%(name)s” has been deleted.") % {"name": indicator}
        )
    return redirect("publicvalue:value_framework")


# Value records ---------------------------------------------------------------------------------


def _initiative_for(user, slug: str) -> Initiative:
    """The initiative, or 404 for whoever may not know that it exists."""
    return visible_initiative_or_404(user, slug)


def _record_for(initiative: Initiative, pk: int) -> ValueRecord:
    return get_object_or_404(
        ValueRecord.objects.active_records().select_related("dimension", "indicator"),
        pk=pk,
        initiative=initiative,
    )


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def value_record_create(request, slug: str):
    initiative = _initiative_for(request.user, slug)
    permissions.check(permissions.can_record_value(request.user, initiative))
    form = ValueRecordForm(
        request.POST or None,
        request.FILES or None,
        instance=ValueRecord(initiative=initiative),
        initiative=initiative,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.value_record_create(
                initiative=initiative, recorded_by=request.user, data=form.record_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The value has been recorded."))
            return redirect("partnership:initiative_detail", slug=initiative.slug)
    ctx = {"initiative": initiative, "form": form, "record": None}
    return render(request, "publicvalue/record_form.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def value_record_edit(request, slug: str, pk: int):
    initiative = _initiative_for(request.user, slug)
    record = _record_for(initiative, pk)
    permissions.check(permissions.can_edit_value_record(request.user, record, initiative))
    form = ValueRecordForm(
        request.POST or None, request.FILES or None, instance=record, initiative=initiative
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.value_record_update(
                record=record, changed_by=request.user, data=form.record_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The value record has been changed."))
            return redirect("partnership:initiative_detail", slug=initiative.slug)
    ctx = {"initiative": initiative, "form": form, "record": record}
    return render(request, "publicvalue/record_form.html", ctx)


@require_POST
@login_required
def value_record_verify(request, slug: str, pk: int):
    initiative = _initiative_for(request.user, slug)
    permissions.check(permissions.can_verify_value(request.user))
    record = _record_for(initiative, pk)
    try:
        services.value_record_verify(record=record, verified_by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The value record has been verified."))
    return redirect("partnership:initiative_detail", slug=initiative.slug)


@require_http_methods(["GET", "POST"])
@login_required
def value_record_clarify(request, slug: str, pk: int):
    initiative = _initiative_for(request.user, slug)
    permissions.check(permissions.can_verify_value(request.user))
    record = _record_for(initiative, pk)
    if record.verified_at is not None:
        messages.error(request, _("This record has already been verified."))
        return redirect("partnership:initiative_detail", slug=initiative.slug)
    form = ClarificationForm(
        request.POST or None, initial={"question": record.clarification_request}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.value_record_ask_clarification(
                record=record, asked_by=request.user, question=form.cleaned_data["question"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your question has been sent to the initiative."))
            return redirect("partnership:initiative_detail", slug=initiative.slug)
    ctx = {"initiative": initiative, "record": record, "form": form}
    return render(request, "publicvalue/record_clarify.html", ctx)


@require_safe
@login_required
def value_record_attachment(request, slug: str, pk: int):
    """Attachments may show people: only the initiative's members and the municipality."""
    initiative = _initiative_for(request.user, slug)
    permissions.check(permissions.can_see_personal_data(request.user, initiative))
    record = _record_for(initiative, pk)
    if not record.attachment:
        raise Http404
    try:
        handle = record.attachment.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=record.attachment.name.rsplit("/", 1)[-1]
    )
