"""Anchor institutions as partners: their staff see the public initiatives their organisation
works with and record what it gives them; the initiative may dispute such a record.

An anchor sees public fields only: no member's name or address, no other organisation's records,
nothing of the city's work list (those pages refuse the role like any other outsider)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from initiatives import permissions
from partnership.forms.anchor import (
    AnchorContributionForm,
    AnchorGrantForm,
    ContractDisputeForm,
    PledgeForm,
)
from partnership.models import Contract, Pledge
from partnership.selectors.anchor import (
    anchor_initiatives,
    granted_extras,
    grants_of_initiative,
    linked_anchor_organisations,
    own_contributions,
)
from partnership.services.cooperation import (
    anchor_grant_set,
    contract_dispute,
    contract_record,
    pledge_set,
)
from partnership.views.requests import _initiative, add_service_errors


def _organisation(request):
    """The anchor's own organisation; 403 for anyone else."""
    organisation = permissions.anchor_organisation(request.user)
    if organisation is None:
        raise PermissionDenied
    return organisation


@require_safe
@login_required
def anchor_home(request):
    """The organisation's page: the public initiatives it works with, what more each has let it
    see (only while granted), and its own records."""
    organisation = _organisation(request)
    initiatives = list(anchor_initiatives(organisation))
    extras = granted_extras(organisation, initiatives)
    ctx = {
        "organisation": organisation,
        "initiatives": [(initiative, extras.get(initiative.pk)) for initiative in initiatives],
        "contributions": own_contributions(organisation),
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


@require_http_methods(["GET", "POST"])
@login_required
def anchor_grants(request, slug: str):
    """Members choose, per anchor institution linked to their initiative, what more than the
    public fields it may see; taking it back is unticking. Every change is kept."""
    initiative = _initiative(request, slug)
    permissions.check(permissions.can_grant_anchor_access(request.user, initiative))
    organisations = list(linked_anchor_organisations(initiative))
    grants = grants_of_initiative(initiative)
    posted = None
    if request.method == "POST":
        posted = AnchorGrantForm(request.POST, organisations=organisations, auto_id="id_posted_%s")
        if posted.is_valid():
            data = posted.cleaned_data
            try:
                anchor_grant_set(initiative=initiative, by=request.user, **data)
            except ValidationError as error:
                add_service_errors(posted, error)
            else:
                messages.success(
                    request,
                    _("Saved. %(organisation)s sees exactly what is ticked, from now on.")
                    % {"organisation": data["organisation"].name},
                )
                return redirect("partnership:anchor_grants", slug=initiative.slug)
    rows, matched = [], False
    for organisation in organisations:
        grant = grants.get(organisation.pk)
        if posted is not None and str(organisation.pk) == request.POST.get("organisation"):
            form, matched = posted, True
        else:
            form = AnchorGrantForm(
                organisations=organisations,
                auto_id=f"id_org{organisation.pk}_%s",
                initial={
                    "organisation": organisation.pk,
                    "lead_contact": bool(grant and grant.lead_contact),
                    "value_records": bool(grant and grant.value_records),
                    "member_count": bool(grant and grant.member_count),
                },
            )
        rows.append((organisation, grant, form))
    # A post naming no organisation of this initiative: its errors above the list.
    unmatched = posted if posted is not None and not matched else None
    ctx = {"initiative": initiative, "rows": rows, "unmatched": unmatched}
    return render(request, "partnership/anchor_grants.html", ctx)
