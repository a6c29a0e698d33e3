"""Coordinators keep the kinds of request, each with its decision term and refusal grounds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from initiatives.formtools import add_service_errors
from initiatives.permissions import COORDINATOR, role_required
from partnership.forms.requests import RequestKindForm
from partnership.models import RequestKind
from partnership.selectors.requests import request_kinds_overview
from partnership.services.requests import request_kind_create, request_kind_update


def _service_kwargs(form: RequestKindForm) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "name_en": data["name_en"],
        "description": data["description"],
        "decision_term_days": data["decision_term_days"],
        "is_right_to_challenge": data["is_right_to_challenge"],
        "collective_good": data["collective_good"],
        "department": data["department"],
        "grounds": data["refusal_grounds"],
        "new_ground_names": form.new_ground_names(),
    }


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def request_kinds(request):
    form = RequestKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kind = request_kind_create(code=form.cleaned_data["code"], **_service_kwargs(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The kind “%(kind)s” has been added.") % {"kind": kind})
            return redirect("partnership:request_kinds")
    ctx = {"kinds": request_kinds_overview(), "form": form}
    return render(request, "partnership/request_kinds.html", ctx)


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def request_kind_edit(request, pk: int):
    kind = get_object_or_404(RequestKind, pk=pk)
    form = RequestKindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        try:
            request_kind_update(kind=kind, **_service_kwargs(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The kind “%(kind)s” has been saved.") % {"kind": kind})
            return redirect("partnership:request_kinds")
    ctx = {"kind": kind, "form": form}
    return render(request, "partnership/request_kind_edit.html", ctx)
