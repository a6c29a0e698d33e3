"""Who runs an initiative: invite a co-initiator, accept an invitation, hand over the lead,
leave. Members only; the municipality logs, it does not join."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from initiatives import permissions, services
from initiatives.accounts.submit_once import submit_once
from initiatives.forms import HandLeadForm, InviteForm
from initiatives.formtools import add_service_errors, error_text
from initiatives.models import Invitation
from initiatives.selectors import visible_initiative_or_404
from initiatives.views._common import lead_of


@require_http_methods(["GET", "POST"])
@login_required
@submit_once
def initiative_invite(request, slug: str):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_invite(request.user, initiative))
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _invitations_left(request, initiative):
        form.add_error(
            None,
            _(
                "Too many invitations have been sent recently. Try again later, or ask the "
                "people you want to invite to register and then invite them."
            ),
        )
    elif request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                initiative=initiative, email=form.cleaned_data["email"], invited_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect(initiative.get_absolute_url())
    ctx = {"initiative": initiative, "form": form}
    return render(request, "initiatives/initiative_invite.html", ctx)


def _invitations_left(request, initiative) -> bool:
    """Per inviting user and per initiative (ACCOUNT_RATE_LIMITS): the platform sends these mails
    to any address, so nobody can use it to send many."""
    return ratelimit.consume(request, action="invite_member") and ratelimit.consume(
        request, action="invite_initiative", key=str(initiative.pk)
    )


@require_http_methods(["GET", "POST"])
@login_required
def invitation_accept(request, token: str):
    """Log in or sign up first (the login comes back here), then accept with one button."""
    invitation = (
        Invitation.objects.select_related("initiative", "invited_by").filter(token=token).first()
    )
    problem = services.invitation_problem(invitation)
    if problem:
        status = 404 if invitation is None else 410
        ctx = {"problem": problem, "invitation": None}
        return render(request, "initiatives/invitation_accept.html", ctx, status=status)
    initiative = invitation.initiative
    if initiative.memberships.filter(user=request.user, left_at__isnull=True).exists():
        messages.info(request, _("You are already a member of this initiative."))
        return redirect(initiative.get_absolute_url())
    if not services.invitation_is_for(invitation, request.user):
        ctx = {"problem": services.invitation_problem(invitation, request.user), "invitation": None}
        return render(request, "initiatives/invitation_accept.html", ctx, status=403)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            ctx = {"problem": error_text(error), "invitation": None}
            return render(request, "initiatives/invitation_accept.html", ctx, status=409)
        messages.success(
            request, _("Welcome to %(title)s: you are now a co-initiator.") % {"title": initiative}
        )
        return redirect(initiative.get_absolute_url())
    ctx = {"invitation": invitation, "initiative": initiative, "problem": None}
    return render(request, "initiatives/invitation_accept.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def initiative_hand_lead(request, slug: str):
    initiative = visible_initiative_or_404(request.user, slug)
    lead = lead_of(initiative)
    permissions.check(lead is not None and lead.user_id == request.user.pk)
    form = HandLeadForm(request.POST or None, initiative=initiative, current_user=request.user)
    if request.method == "POST" and form.is_valid():
        new_lead = form.cleaned_data["new_lead"]
        try:
            services.membership_hand_lead(
                initiative=initiative, from_user=request.user, to_user=new_lead
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is now the lead.") % {"name": new_lead.get_full_name()}
            )
            return redirect(initiative.get_absolute_url())
    ctx = {"initiative": initiative, "form": form}
    return render(request, "initiatives/initiative_hand_lead.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def initiative_leave(request, slug: str):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.is_member(request.user, initiative))
    lead = lead_of(initiative)
    is_lead = lead is not None and lead.user_id == request.user.pk
    must_hand_over = is_lead and len(initiative.current_members) > 1
    error = None
    if request.method == "POST":
        try:
            services.membership_leave(initiative=initiative, user=request.user)
        except ValidationError as exc:
            error = error_text(exc)
        else:
            messages.success(request, _("You have left %(title)s.") % {"title": initiative.title})
            return redirect("partnership:my_initiatives")
    ctx = {"initiative": initiative, "must_hand_over": must_hand_over, "error": error}
    return render(request, "initiatives/initiative_leave.html", ctx, status=409 if error else 200)
