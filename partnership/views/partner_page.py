"""The initiative's page: public fields for everyone, the partner page for members and the city.

The partner page weaves the records of every app into one timeline, so it lives here in
``partnership`` (which may read all apps) even though its path starts with /initiatieven/.
"""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from initiatives import permissions
from initiatives.forms import InviteForm, StatusChangeForm
from initiatives.models import CityAsk, Initiative, Membership, Theme
from initiatives.selectors import pending_invitations, visible_initiative_or_404
from partnership.selectors.intake import clock_of, intake_term
from partnership.selectors.timeline import partner_page_data, partner_timeline


def _initiative_queryset():
    return (
        Initiative.objects.with_place()
        .select_related("point_of_contact__department", "coordinator__department")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("asks", queryset=CityAsk.objects.all()),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(left_at__isnull=True).select_related("user"),
                to_attr="current_members",
            ),
        )
    )


@require_safe
def initiative_detail(request, slug: str):
    """Queries: the initiative with its themes, asks and current members, the user's roles, and
    the timeline's fixed set (see ``partner_timeline``); never one per timeline entry. The
    timeline is shown a page at a time (?page=); open items are always shown on top."""
    user = request.user
    initiative = visible_initiative_or_404(user, slug, _initiative_queryset())
    if not permissions.can_view_partner_page(user, initiative):
        # Visitors, council members and other initiators: public fields, no personal data.
        return render(request, "initiatives/initiative_public.html", {"initiative": initiative})

    today = timezone.localdate()
    timeline = partner_timeline(initiative, today=today, page=request.GET.get("page"))
    is_member = permissions.is_member(user, initiative)
    lead = next((m for m in initiative.current_members if m.role == Membership.Role.LEAD), None)
    can_change_status = permissions.can_change_status(user, initiative)
    previous_status_on = max((e.on for e in timeline.entries if e.kind == "status"), default=None)
    can_log = permissions.can_log_for_initiative(user, initiative)
    can_speak = permissions.can_speak_for_initiative(user, initiative)
    ctx = {
        "initiative": initiative,
        # The contract with the partials of other features (see HELPERS.md).
        "can_log": can_log,
        "can_speak": can_speak,
        "can_edit": permissions.can_edit_initiative(user, initiative),
        "can_record_value": permissions.can_record_value(user, initiative),
        "can_verify_value": permissions.can_verify_value(user),
        "is_coordinator": permissions.is_coordinator(user),
        "today": today,
        # This page's own parts.
        # While nobody is named: how long the initiative has waited, against the city's term.
        "intake_clock": clock_of(initiative, term=intake_term(), today=today)
        if initiative.point_of_contact_id is None
        else None,
        "timeline": timeline,
        "members": initiative.current_members,
        "is_member": is_member,
        "is_lead": lead is not None and lead.user_id == user.pk,
        "can_invite": permissions.can_invite(user, initiative),
        "can_change_status": can_change_status,
        # Own id prefixes: the page holds other features' forms with fields of the same names.
        "status_form": StatusChangeForm(
            initiative=initiative, previous_on=previous_status_on, auto_id="status-%s"
        )
        if can_change_status
        else None,
        "invite_form": InviteForm(auto_id="invite-%s") if is_member else None,
        "pending_invitations": pending_invitations(initiative) if is_member else [],
        # Pillar facts, partner organisations, contracts, refusal grounds, the user's ratings.
        **partner_page_data(
            initiative, user=user, today=today, can_log=can_log, can_speak=can_speak
        ),
    }
    return render(request, "partnership/partner_page.html", ctx)
