"""The in-app notification list (newest first, unread marked) and the preferences page.

Everyone logged in has one; a notification that is not the user's (nor their department
mailbox's) does not exist for them (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnership import notifications as notify
from partnership.forms.notifications import NotificationPreferenceForm
from partnership.selectors.notifications import notifications_for, preference_for
from partnership.services.notifications import (
    notification_mark_read,
    notification_preference_update,
    notifications_mark_all_read,
)

PER_PAGE = 25


@require_safe
@login_required
def notification_list(request):
    """Queries: the session and user, the page's count and rows, the header's unread count."""
    page = Paginator(notifications_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    ctx = {"page": page, "notifications": page.object_list}
    return render(request, "partnership/notification_list.html", ctx)


@require_POST
@login_required
def notification_read(request):
    """Mark one read (the form posts its id), or all of them; nothing chosen changes nothing.
    An id that is not the user's is not found, as if it did not exist."""
    if request.POST.get("all"):
        notifications_mark_all_read(user=request.user)
        messages.success(request, _("All notifications are marked as read."))
    elif request.POST.get("notification"):
        try:
            pk = int(request.POST["notification"])
        except ValueError:
            raise Http404 from None
        if not notifications_for(request.user).filter(pk=pk).exists():
            raise Http404
        notification_mark_read(user=request.user, notification_id=pk)
    return redirect("partnership:notification_list")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def notification_preferences(request):
    """What to be notified of, by category, and whether the digest comes by mail."""
    preference = preference_for(request.user)
    if request.method == "POST":
        form = NotificationPreferenceForm(request.POST)
        if form.is_valid():
            chosen = form.cleaned_data["categories"]
            notification_preference_update(
                user=request.user,
                muted_categories=[c for c in notify.SWITCHABLE_CATEGORIES if c not in chosen],
                digest_by_mail=form.cleaned_data["digest_by_mail"],
            )
            messages.success(request, _("Your notification settings are saved."))
            return redirect("partnership:notification_list")
    else:
        form = NotificationPreferenceForm(
            initial={
                "categories": [
                    c
                    for c in notify.SWITCHABLE_CATEGORIES
                    if c not in (preference.muted_categories or [])
                ],
                "digest_by_mail": preference.digest_by_mail,
            }
        )
    return render(request, "partnership/notification_preferences.html", {"form": form})
