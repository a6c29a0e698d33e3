"""Members edit their initiative; simple-history keeps every earlier version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from initiatives import permissions
from initiatives.forms import InitiativeEditForm
from initiatives.formtools import add_service_errors
from initiatives.selectors import initiative_history, visible_initiative_or_404
from initiatives.services import initiative_update


@require_http_methods(["GET", "POST"])
@login_required
def initiative_edit(request, slug: str):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_edit_initiative(request.user, initiative))
    # The form writes into the instance while validating; the page keeps the saved title.
    saved_title = initiative.title
    form = InitiativeEditForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        themes = fields.pop("themes")
        asks = fields.pop("asks")
        try:
            initiative_update(
                initiative=initiative, changed_by=request.user, themes=themes, asks=asks, **fields
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(initiative.get_absolute_url())
    ctx = {
        "initiative": initiative,
        "saved_title": saved_title,
        "form": form,
        "history": initiative_history(initiative),
    }
    return render(request, "initiatives/initiative_edit.html", ctx)
