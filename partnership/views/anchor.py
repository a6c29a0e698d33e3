"""Anchor institutions as partners: their staff see the public initiatives their organisation
works with and record what it gives them; the initiative may dispute such a record.

An anchor sees public fields only: no member's name or address, no other organisation's records,
nothing of the city's work list (those pages refuse the role like any other outsider)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from initiatives import permissions
from initiatives.models import Initiative
from partnership.forms.anchor import AnchorContributionForm, ContractDisputeForm, PledgeForm
from partnership.models import Contract, Pledge
from partnership.services.cooperation import contract_dispute, contract_record, pledge_set
from partnership.views.requests import _initiative, add_service_errors


def _organisation(request):
    """The anchor's own organisation; 403 for anyone else."""
    organisation = permissions.anchor_organisation(request.user)
    if organisation is None:
        raise PermissionDenied
    return organisation


def _own_contributions(organisation):
    return (
        Contract.objects.filter(
            awarded_by_organisation=organisation,
            archived_at__isnull=True,
            initiative__is_public=True,
            initiative__archived_at__isnull=True,
        )
        .select_related("initiative")
        .order_by("-start_on", "-pk")
    )


@require_safe
@login_required
def anchor_home(request):
    """The organisation's page: the public initiatives it works with, and its records."""
    organisation = _organisation(request)
    initiatives = (
        Initiative.objects.public()
        .filter(
            Q(partner_links__organisation=organisation)
            | Q(contracts__awarded_by_organisation=organisation)
        )
        .select_related("area", "neighbourhood")
        .only("pk", "slug", "title", "summary", "area__name", "neighbourhood__name")
        .distinct()
        .order_by("title")
    )
    ctx = {
        "organisation": organisation,
        "initiatives": initiatives,
        "contributions": _own_contributions(organisation),
    }
    return render(request, "partnership/anchor_home.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def anchor_contribution_create(request):
    organisation = _organisation(request)
    form = AnchorContributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract_record(
                by=request.user, awarded_by_organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Recorded. The initiative sees it on its page and can dispute it.")
            )
            return redirect("partnership:anchor_home")
    return render(
        request,
        "partnership/anchor_contribution_form.html",
        {"form": form, "organisation": organisation},
    )


@require_http_methods(["GET", "POST"])
@login_required
def contract_dispute_view(request, slug: str, pk: int):
    """Members dispute what an anchor institution recorded about their initiative."""
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_speak_for_initiative(request.user, initiative))
    contract = get_object_or_404(
        Contract.objects.select_related("awarded_by_organisation"),
        initiative=initiative,
        pk=pk,
        archived_at__isnull=True,
    )
    form = ContractDisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract_dispute(contract=contract, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your objection has been recorded beside the record."))
            return redirect(initiative.get_absolute_url())
    ctx = {"initiative": initiative, "contract": contract, "form": form}
    return render(request, "partnership/contract_dispute.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def pledge_edit(request):
    """The yearly pledge: anchor staff for their organisation, coordinators for the city."""
    if permissions.is_anchor(request.user):
        organisation = permissions.anchor_organisation(request.user)
    elif permissions.is_coordinator(request.user):
        organisation = None
    else:
        raise PermissionDenied
    form = PledgeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            pledge_set(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pledge has been saved."))
            return redirect("partnership:pledge_edit")
    ctx = {
        "form": form,
        "organisation": organisation,
        "pledges": Pledge.objects.filter(organisation=organisation).order_by("-year"),
    }
    return render(request, "partnership/pledge_form.html", ctx)
