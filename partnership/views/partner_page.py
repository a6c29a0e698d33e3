"""The initiative's page: public fields for everyone, the partner page for members and the city.

The partner page weaves the records of every app into one timeline, so it lives here in
``partnership`` (which may read all apps) even though its path starts with /initiatieven/.
"""

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from initiatives import permissions
from initiatives.forms import InviteForm, StatusChangeForm
from initiatives.models import Membership
from initiatives.selectors import pending_invitations, visible_initiative_or_404
from partnership.selectors.intake import clock_of, intake_term
from partnership.selectors.partner_page import (
    KIND_TABS,
    PUBLIC_PREFETCHES,
    TABS,
    TIMELINE_KINDS,
    kind_page,
    overview,
    partner_page_initiative,
    summary,
    timeline_page,
)
from partnership.selectors.timeline import partner_page_data

# The newest timeline entries shown on the overview; the timeline tab holds the rest.
RECENT = 5


def _tab_of(request) -> str:
    tab = request.GET.get("tab", "")
    return tab if tab in TABS else "overview"


@require_safe
def initiative_detail(request, slug: str):
    """The partner page as a file: the summary (status, point of contact, what is open and
    overdue and asked of whom) on top, then one tab (``?tab=``) with its own paging (``?page=``)
    and filter. Queries: the initiative with its current members, the user's roles, the open
    items and only what the shown tab shows: on the overview the themes and asks, the facts,
    partners and contracts, and the first open items (``OPEN_SHOWN``) in full together with
    the newest entries (one load per kind); on another tab its page. Never one per entry, and
    the same number for 5 entries as for 500, or 5 open items as 500."""
    user = request.user
    tab = _tab_of(request)
    initiative = visible_initiative_or_404(
        user, slug, find=lambda slug: partner_page_initiative(slug, tab)
    )
    if not permissions.can_view_partner_page(user, initiative):
        # Visitors, council members and other initiators: public fields, no personal data.
        if tab != "overview":  # a link to a tab, followed by someone who may not see it
            prefetch_related_objects([initiative], "area", "neighbourhood", *PUBLIC_PREFETCHES)
        return render(request, "initiatives/initiative_public.html", {"initiative": initiative})

    today = timezone.localdate()
    is_member = permissions.is_member(user, initiative)
    lead = next((m for m in initiative.current_members if m.role == Membership.Role.LEAD), None)
    can_change_status = permissions.can_change_status(user, initiative) and tab == "overview"
    can_log = permissions.can_log_for_initiative(user, initiative)
    can_speak = permissions.can_speak_for_initiative(user, initiative)
    page_number = request.GET.get("page")
    chosen = request.GET.get("filter", "")
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
        "tab": tab,
        "tabs": _tab_links(),
        # While nobody is named: how long the initiative has waited, against the city's term
        # (the overview shows it).
        "intake_clock": clock_of(initiative, term=intake_term(), today=today)
        if initiative.point_of_contact_id is None and tab == "overview"
        else None,
        "members": initiative.current_members,
        "is_member": is_member,
        "is_lead": lead is not None and lead.user_id == user.pk,
        "can_invite": permissions.can_invite(user, initiative),
        "can_change_status": can_change_status,
        **partner_page_data(
            initiative, user=user, today=today, tab=tab, can_log=can_log, can_speak=can_speak
        ),
    }
    if tab == "overview":
        ctx["summary"], ctx["recent"], last_status_on = overview(initiative, today, per_page=RECENT)
        # Own id prefixes: the page holds other features' forms with fields of the same names.
        ctx["status_form"] = (
            StatusChangeForm(
                initiative=initiative,
                previous_on=last_status_on,
                auto_id="status-%s",
            )
            if can_change_status
            else None
        )
        return render(request, "partnership/partner_page.html", ctx)
    ctx["summary"] = summary(initiative, today)
    if tab == "timeline":
        ctx["filter_choices"] = [(k, KIND_LABELS[k]) for k in TIMELINE_KINDS]
        ctx["chosen"] = chosen if chosen in TIMELINE_KINDS else ""
        ctx["page"] = timeline_page(initiative, today=today, page=page_number, kind=ctx["chosen"])
    elif tab == "members":
        for membership in initiative.current_members:
            # An initiator's phone: the city only when they allow it, other initiators never.
            membership.visible_phone = (
                membership.user.phone if permissions.can_see_phone(user, membership.user) else ""
            )
        ctx["invite_form"] = InviteForm(auto_id="invite-%s") if is_member else None
        ctx["pending_invitations"] = pending_invitations(initiative) if is_member else []
    else:
        choices = dict(KIND_TABS[tab][1])
        ctx["filter_choices"] = list(choices.items())
        ctx["chosen"] = chosen if chosen in choices else ""
        ctx["page"] = kind_page(
            initiative, tab, today=today, page=page_number, status=ctx["chosen"]
        )
    return render(request, "partnership/partner_page.html", ctx)


def _tab_links() -> list[tuple[str, str]]:
    return [
        ("overview", _("Overview")),
        ("timeline", _("Timeline")),
        ("blockages", _("Blockages")),
        ("commitments", _("Commitments")),
        ("requests", _("Requests")),
        ("value", _("Public value")),
        ("members", _("Members")),
    ]


KIND_LABELS = {
    "contact": _("Contacts"),
    "commitment": _("Commitments"),
    "blockage": _("Blockages"),
    "request": _("Requests"),
    "value": _("Public value"),
    "status": _("Status changes"),
}
