"""Status changes are appended as rows, only along the allowed transitions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from initiatives import permissions
from initiatives.forms import StatusChangeForm
from initiatives.formtools import add_service_errors
from initiatives.selectors import visible_initiative_or_404
from initiatives.services import initiative_change_status, last_status_change_on


@require_http_methods(["GET", "POST"])
@login_required
def initiative_status(request, slug: str):
    """The partner page posts here; errors are shown on this page, next to the field."""
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_change_status(request.user, initiative))
    form = StatusChangeForm(
        request.POST or None,
        initiative=initiative,
        previous_on=last_status_change_on(initiative),
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = initiative_change_status(
                initiative=initiative, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The status is now: %(status)s.") % {"status": change.get_to_status_display()},
            )
            return redirect(initiative.get_absolute_url())
    ctx = {"initiative": initiative, "form": form}
    return render(request, "initiatives/initiative_status.html", ctx)
