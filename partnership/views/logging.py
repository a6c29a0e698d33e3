"""Actions on the partner page: the municipality logs, the partner answers, the coordinator
assigns. Each action has its own URL under /initiatieven/<slug>/, shows its form on GET (the
partner page links to it; no JavaScript needed) and redirects back to the partner page after a
successful POST.

Access, on every request: anonymous users are sent to log in; a private initiative is a 404 to
whoever may not see it; a user who may see it but not do this gets a 403; an item that does not
belong to the initiative is a 404.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from initiatives import permissions
from initiatives.accounts.submit_once import submit_once
from initiatives.formtools import add_service_errors, error_text
from initiatives.models import Initiative
from initiatives.selectors import visible_initiative_or_404
from partnership.forms.logging import (
    AssignForm,
    BlockageForm,
    BlockageRaiseForm,
    BlockageRespondForm,
    BlockageSettleForm,
    CommitmentForm,
    CommitmentOwnerForm,
    CommitmentSettleForm,
    ContactAnswerForm,
    ContactForm,
    ContractDisputeAnswerForm,
    HandoffForm,
    RatingForm,
    ReplyForm,
)
from partnership.models import Blockage, CityRequest, Commitment, Contact, Contract, Reply
from partnership.services import logging as services
from partnership.services.cooperation import contract_dispute_answer as contract_answer_service

MUNICIPAL = "municipal"
MEMBER = "member"
COORDINATOR = "coordinator"

_RULES: dict[str, Callable] = {
    MUNICIPAL: lambda user, initiative: permissions.can_log_for_initiative(user, initiative),
    MEMBER: lambda user, initiative: permissions.can_speak_for_initiative(user, initiative),
    COORDINATOR: lambda user, initiative: permissions.can_assign_coordinator(user),
}


def _initiative_for(request, slug: str, who: str) -> Initiative:
    """The initiative, if the user may see it (else 404) and may do this (else 403)."""
    initiative = visible_initiative_or_404(request.user, slug, Initiative.objects.all())
    if not permissions.can_view_partner_page(request.user, initiative):
        # Visitors and council members see only the public page: they act on nothing here.
        raise PermissionDenied
    permissions.check(_RULES[who](request.user, initiative))
    return initiative


def _item(model, initiative: Initiative, pk: int):
    return get_object_or_404(
        model.objects.filter(initiative=initiative, archived_at__isnull=True), pk=pk
    )


def _form_page(
    request,
    *,
    initiative: Initiative,
    form,
    save: Callable[[dict], object],
    success: str,
    title: str,
    submit: str,
    intro: str = "",
    item=None,
    item_kind: str = "",
):
    """The one shape of every action: validate, call the service, redirect back or show errors."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(initiative)
    ctx = {
        "initiative": initiative,
        "form": form,
        "title": title,
        "intro": intro,
        "submit": submit,
        "item": item,
        "item_kind": item_kind,
    }
    return render(request, "partnership/log_form.html", ctx)


# Contacts ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def contact_new(request, slug: str):
    initiative = _initiative_for(request, slug, MUNICIPAL)
    form = ContactForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.contact_log(
            initiative=initiative, logged_by=request.user, **data
        ),
        success=_("The contact has been logged. The initiative's members have been told."),
        title=_("Log a contact"),
        intro=_("Everything you log here is visible to the initiative's members."),
        submit=_("Log contact"),
    )


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def contact_answer(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, MEMBER)
    contact = _item(Contact, initiative, pk)
    form = ContactAnswerForm(
        request.POST or None,
        help_text=_(
            "Your answer is shown next to what the municipality logged; it does not replace it."
        ),
    )
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.contact_answer(
            contact=contact, author=request.user, body=data["body"], asks=data["asks"]
        ),
        success=_("Your answer has been added to the contact."),
        title=_("Answer this contact"),
        submit=_("Add my answer"),
        item=contact,
        item_kind="contact",
    )


# Commitments ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def commitment_new(request, slug: str):
    initiative = _initiative_for(request, slug, MUNICIPAL)
    form = CommitmentForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.commitment_log(
            initiative=initiative, logged_by=request.user, **data
        ),
        success=_("The commitment has been logged. The initiative's members have been told."),
        title=_("Log a commitment"),
        intro=_("What the municipality promised. Overdue is worked out from the due date."),
        submit=_("Log commitment"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_settle(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, MUNICIPAL)
    commitment = _item(Commitment, initiative, pk)
    form = CommitmentSettleForm(request.POST or None, commitment=commitment)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.commitment_settle(
            commitment=commitment, settled_by=request.user, **data
        ),
        success=_("The commitment has been settled. The initiative's members have been told."),
        title=_("Settle this commitment"),
        submit=_("Settle commitment"),
        item=commitment,
        item_kind="commitment",
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_reassign(request, slug: str, pk: int):
    """Another owner within the department: its civil servants or a coordinator."""
    initiative = _initiative_for(request, slug, MUNICIPAL)
    commitment = _item(Commitment, initiative, pk)
    permissions.check(permissions.can_reassign_commitment(request.user, commitment))
    form = CommitmentOwnerForm(request.POST or None, commitment=commitment)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.commitment_reassign(
            commitment=commitment, owner=data["owner"], by=request.user
        ),
        success=_("The commitment has a new owner."),
        title=_("Change the owner of this commitment"),
        intro=_("The initiative's members see who owns it."),
        submit=_("Save the owner"),
        item=commitment,
        item_kind="commitment",
    )


@require_http_methods(["GET", "POST"])
@login_required
def commitment_dispute(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, MEMBER)
    commitment = _item(Commitment, initiative, pk)
    form = ReplyForm(
        request.POST or None,
        help_text=_("Say what was promised as you remember it, or what did not happen."),
    )
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.commitment_dispute(
            commitment=commitment, author=request.user, body=data["body"]
        ),
        success=_("Your dispute has been recorded next to the commitment."),
        title=_("Dispute this commitment"),
        submit=_("Dispute commitment"),
        item=commitment,
        item_kind="commitment",
    )


# Blockages --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def blockage_new(request, slug: str):
    initiative = _initiative_for(request, slug, MUNICIPAL)
    form = BlockageForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.blockage_log(
            initiative=initiative, logged_by=request.user, **data
        ),
        success=_("The blockage has been logged. The initiative's members have been told."),
        title=_("Log a blockage"),
        intro=_("Where the initiative got stuck, and which rule or policy blocks it."),
        submit=_("Log blockage"),
    )


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def blockage_raise(request, slug: str):
    initiative = _initiative_for(request, slug, MEMBER)
    form = BlockageRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["policy_framework"]:
        success = _("Your blockage has been raised. The department that owns the rule was told.")
    else:
        success = _(
            "Your blockage has been raised. Your point of contact at the municipality passes it "
            "to the right department."
        )
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.blockage_raise(
            initiative=initiative, raised_by=request.user, **data
        ),
        success=success,
        title=_("Raise a blockage"),
        intro=_(
            "Tell the municipality where you got stuck. You do not need to know which "
            "department it is for. Your words stay as you wrote them; a civil servant confirms "
            "or answers next to them."
        ),
        submit=_("Raise blockage"),
    )


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def blockage_respond(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, MUNICIPAL)
    blockage = _item(Blockage, initiative, pk)
    form = BlockageRespondForm(request.POST or None)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.blockage_respond(blockage=blockage, by=request.user, **data),
        success=_("Your response has been added to the blockage."),
        title=_("Confirm or answer this blockage"),
        submit=_("Add response"),
        item=blockage,
        item_kind="blockage",
    )


@require_http_methods(["GET", "POST"])
@login_required
def blockage_handoff(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, MUNICIPAL)
    blockage = _item(Blockage, initiative, pk)
    form = HandoffForm(request.POST or None, blockage=blockage)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.blockage_handoff(blockage=blockage, by=request.user, **data),
        success=_("The blockage has been handed on. The department has been told."),
        title=(
            _("Route this blockage to a department")
            if blockage.is_unrouted
            else _("Hand this blockage to another department")
        ),
        intro=(
            _(
                "The initiative did not know which department this is for. Route it to the "
                "department that owns it; the routing is kept beside the blockage."
            )
            if blockage.is_unrouted
            else _("Each hand-off is kept and counted: the initiative sees where it was sent.")
        ),
        submit=_("Hand on"),
        item=blockage,
        item_kind="blockage",
    )


@require_POST
@login_required
def blockage_escalate(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, MUNICIPAL)
    blockage = _item(Blockage, initiative, pk)
    try:
        services.blockage_escalate(blockage=blockage, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The blockage has been escalated."))
    return redirect(initiative)


@require_http_methods(["GET", "POST"])
@login_required
def blockage_settle(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, MUNICIPAL)
    blockage = _item(Blockage, initiative, pk)
    form = BlockageSettleForm(request.POST or None, blockage=blockage)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.blockage_settle(blockage=blockage, by=request.user, **data),
        success=_("The blockage has been settled. The initiative's members have been told."),
        title=_("Settle this blockage"),
        submit=_("Settle blockage"),
        item=blockage,
        item_kind="blockage",
    )


# First answers ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def reply_answer(request, slug: str, pk: int):
    """A civil servant answers a partner's question or dispute."""
    initiative = _initiative_for(request, slug, MUNICIPAL)
    reply = get_object_or_404(
        Reply.objects.filter(initiative=initiative, kind__in=Reply.ASKING), pk=pk
    )
    form = ReplyForm(
        request.POST or None,
        help_text=_("The initiative's members read your answer beside their own words."),
    )
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.reply_answer(reply=reply, by=request.user, body=data["body"]),
        success=_("Your answer has been added. The initiative's members have been told."),
        title=_("Answer the initiative"),
        submit=_("Send answer"),
        item=reply,
        item_kind="reply",
    )


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def contract_dispute_answer(request, slug: str, pk: int):
    """The awarding department answers a dispute of a contract it recorded."""
    initiative = _initiative_for(request, slug, MUNICIPAL)
    contract = get_object_or_404(
        Contract.objects.filter(
            initiative=initiative, archived_at__isnull=True, disputed_at__isnull=False
        ).select_related("awarded_by_department"),
        pk=pk,
    )
    form = ContractDisputeAnswerForm(request.POST or None)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: contract_answer_service(
            contract=contract, by=request.user, answer=data["answer"]
        ),
        success=_("Your answer has been added beside the dispute."),
        title=_("Answer the dispute"),
        submit=_("Send answer"),
        item=contract,
        item_kind="contract",
    )


# Rating the city --------------------------------------------------------------------------


def _rate(request, initiative: Initiative, item, item_kind: str):
    if not services.is_rateable(item):
        raise Http404  # nothing to rate yet: the page offers no form either
    form = RatingForm(request.POST or None)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.rating_create(item=item, user=request.user, **data),
        success=_("Thank you. Your rating helps the council see how the city works with you."),
        title=_("Rate how the municipality worked with you"),
        submit=_("Send rating"),
        item=item,
        item_kind=item_kind,
    )


@require_http_methods(["GET", "POST"])
@login_required
def rate_blockage(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, MEMBER)
    return _rate(request, initiative, _item(Blockage, initiative, pk), "blockage")


@require_http_methods(["GET", "POST"])
@login_required
def rate_request(request, slug: str, pk: int):
    initiative = _initiative_for(request, slug, MEMBER)
    return _rate(request, initiative, _item(CityRequest, initiative, pk), "request")


# Point of contact and coordinator ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def assign(request, slug: str):
    initiative = _initiative_for(request, slug, COORDINATOR)
    form = AssignForm(request.POST or None, initiative=initiative)
    return _form_page(
        request,
        initiative=initiative,
        form=form,
        save=lambda data: services.initiative_assign(
            initiative=initiative, by=request.user, **data
        ),
        success=_("The point of contact and coordinator have been saved."),
        title=_("Point of contact and coordinator"),
        intro=_(
            "Every initiative has one point of contact at the municipality. Once a second "
            "department is involved, a coordinator arranges the alignment between them."
        ),
        submit=_("Save"),
    )
