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
from initiatives.models import Initiative
from initiatives.selectors import initiative_history, visible_initiative_or_404
from initiatives.services import StaleEdit, initiative_update


@require_http_methods(["GET", "POST"])
@login_required
def initiative_edit(request, slug: str):
    initiative = visible_initiative_or_404(request.user, slug)
    permissions.check(permissions.can_edit_initiative(request.user, initiative))
    # The form writes into the instance while validating; the page keeps the saved title.
    saved_title = initiative.title
    form = InitiativeEditForm(request.POST or None, instance=initiative)
    conflicts = []
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        themes = fields.pop("themes")
        asks = fields.pop("asks")
        # An old client without the hidden version saves as before.
        version = fields.pop("version") or None
        try:
            initiative_update(
                initiative=initiative,
                changed_by=request.user,
                themes=themes,
                asks=asks,
                expected_version=version,
                **fields,
            )
        except StaleEdit as stale:
            form, conflicts = _stale_form(request, form, stale.current)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(initiative.get_absolute_url())
    ctx = {
        "initiative": initiative,
        "saved_title": saved_title,
        "form": form,
        "conflicts": conflicts,
        "history": initiative_history(initiative),
    }
    return render(request, "initiatives/initiative_edit.html", ctx)


def _stale_form(request, form, current: Initiative):
    """Someone saved in between: keep what this person typed, list the fields where the saved
    values now differ from it (with those values), and let a second save be a conscious one."""
    conflicts = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        model_field = Initiative._meta.get_field(name)
        mine = form.cleaned_data.get(name)
        if model_field.many_to_many:
            saved_objects = list(getattr(current, name).all())
            differs = {o.pk for o in saved_objects} != {o.pk for o in mine or []}
            shown = ", ".join(str(o) for o in saved_objects)
        else:
            saved = getattr(current, name)
            differs = saved != mine
            if model_field.choices:
                shown = getattr(current, f"get_{name}_display")()
            elif isinstance(saved, bool):
                shown = _("yes") if saved else _("no")
            else:
                shown = "" if saved is None else str(saved)
        if differs:
            conflicts.append({"label": field.label, "value": shown or "–"})
    data = request.POST.copy()
    data["version"] = current.edit_version
    stale_form = InitiativeEditForm(data, instance=current)
    stale_form.is_valid()
    stale_form.add_error(
        None,
        _(
            "Someone else saved this initiative while you were editing it. Your changes have "
            "not been saved. Compare them with the saved values below, then save again to keep "
            "yours."
        ),
    )
    return stale_form, conflicts
