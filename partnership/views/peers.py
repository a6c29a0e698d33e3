"""Finding each other (issue 16): the initiatives one rule blocks that chose to be visible, and
messages between them through the app, without disclosing anyone's e-mail address.

Only members of an initiative that the rule blocks get in (403 for everyone else, the city and
the council included: it is the initiatives' own network).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from initiatives import permissions
from partnership.forms.peers import PeerListingForm, PeerMessageForm
from partnership.models import PeerListing, PolicyFramework
from partnership.selectors import peers as selectors
from partnership.services import peers as services

PER_PAGE = 25


def _own_blocked(request, framework) -> list:
    mine = selectors.blocked_initiatives(request.user, framework)
    permissions.check(permissions.can_find_peers(request.user, mine))
    return mine


def _chosen(mine: list, slug: str):
    return next((i for i in mine if i.slug == slug), mine[0])


def _listing_forms(mine: list) -> list[tuple]:
    forms = []
    for initiative in mine:
        listing = initiative.own_listing
        initial = {
            "initiative": initiative.slug,
            "visible": listing is not None and listing.is_listed,
            "note": listing.note if listing else "",
        }
        form = PeerListingForm(initial=initial, initiatives=mine, prefix=initiative.slug)
        forms.append((initiative, listing, form))
    return forms


@require_safe
@login_required
def peer_list(request, pk: int):
    """The other initiatives this rule blocks that chose to be visible, and one's own choice."""
    framework = get_object_or_404(PolicyFramework.objects.select_related("department"), pk=pk)
    mine = _own_blocked(request, framework)
    page = Paginator(
        selectors.peers(framework, exclude_ids=[i.pk for i in mine]), PER_PAGE
    ).get_page(request.GET.get("page"))
    ctx = {
        "framework": framework,
        "page": page,
        "listings": page.object_list,
        "own": _listing_forms(mine),
        "any_visible": any(i.own_listing and i.own_listing.is_listed for i in mine),
    }
    return render(request, "partnership/peer_list.html", ctx)


@require_POST
@login_required
def peer_listing(request, pk: int):
    """Show or hide one of one's initiatives to the others this rule blocks."""
    framework = get_object_or_404(PolicyFramework, pk=pk)
    mine = _own_blocked(request, framework)
    prefix = request.POST.get("prefix", "")
    if prefix not in {i.slug for i in mine}:
        prefix = mine[0].slug
    form = PeerListingForm(request.POST, initiatives=mine, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("Your choice could not be saved. Please try again."))
        return redirect("partnership:peer_list", pk=framework.pk)
    try:
        listing = services.peer_listing_set(
            initiative=form.cleaned_data["initiative"],
            framework=framework,
            by=request.user,
            visible=form.cleaned_data["visible"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if listing.is_listed:
            text = _("%(title)s is visible to the other initiatives that this rule blocks.")
        else:
            text = _("%(title)s is no longer visible to other initiatives.")
        messages.success(request, text % {"title": listing.initiative.title})
    return redirect("partnership:peer_list", pk=framework.pk)


@require_http_methods(["GET", "POST"])
@login_required
def peer_conversation(request, pk: int):
    """The messages between one of one's initiatives and another that the rule blocks. ``pk``
    is the other initiative's choice to be visible; once hidden, its thread can still be read
    by whoever wrote in it, and nobody new can start one."""
    try:
        listing = selectors.listing_for_page(pk)
    except PeerListing.DoesNotExist as error:
        raise Http404 from error
    framework, other = listing.framework, listing.initiative
    mine = [i for i in _own_blocked(request, framework) if i.pk != other.pk]
    permissions.check(bool(mine))
    sender = _chosen(mine, request.GET.get("van", ""))
    thread = list(selectors.conversation(framework, sender, other))
    if not listing.is_listed and not thread:
        raise Http404
    form = PeerMessageForm(request.POST or None, initiatives=mine, initial={"sender": sender.slug})
    if request.method == "POST" and form.is_valid():
        sender = form.cleaned_data["sender"]
        try:
            services.peer_message_send(
                framework=framework,
                sender=sender,
                recipient=other,
                by=request.user,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your message has been sent."))
            url = reverse("partnership:peer_conversation", kwargs={"pk": listing.pk})
            return redirect(f"{url}?van={sender.slug}")
    if sender.slug != form.initial["sender"]:  # a failed post on behalf of another initiative
        thread = list(selectors.conversation(framework, sender, other))
    ctx = {
        "framework": framework,
        "listing": listing,
        "other": other,
        "sender": sender,
        "mine": mine,
        "thread": thread,
        "form": form,
        "can_write": listing.is_listed,
        "sender_visible": bool(sender.own_listing and sender.own_listing.is_listed),
    }
    return render(request, "partnership/peer_conversation.html", ctx)
