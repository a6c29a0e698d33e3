"""/intake/: the city's queue of initiatives still without a point of contact, and the term."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from initiatives import permissions
from initiatives.formtools import add_service_errors
from initiatives.permissions import CIVIL_SERVANT, COORDINATOR, role_required
from partnership.forms.intake import IntakeTermForm
from partnership.selectors.intake import clock_of, intake_queue, intake_term
from partnership.services.intake import intake_term_set

PER_PAGE = 25
# Sent by the filter form, so that "no area ticked" (every area) is not read as "not filtered
# yet" (the coordinator's own areas).
FILTERED = "gefilterd"


@require_safe
@role_required(CIVIL_SERVANT, COORDINATOR)
def intake(request):
    """Every initiative without a point of contact, longest waiting first, with its clock.
    Opens on the coordinator's own areas when they look after any."""
    data = request.GET.copy()
    if "area" not in data and FILTERED not in data:
        own = [str(pk) for pk in request.user.coordinated_areas.values_list("pk", flat=True)]
        if own:
            data.setlist("area", own)
    queue = intake_queue(data)
    page = Paginator(queue.qs, PER_PAGE).get_page(request.GET.get("page"))
    term, today = intake_term(), timezone.localdate()
    ctx = {
        "filter": queue,
        "page": page,
        "rows": [(i, clock_of(i, term=term, today=today)) for i in page],
        "term": term,
        "filtered_param": FILTERED,
        "can_assign": permissions.can_assign_coordinator(request.user),
        "can_set_term": permissions.can_set_intake_term(request.user),
    }
    return render(request, "partnership/intake.html", ctx)


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def intake_term_edit(request):
    """The term to name a point of contact, in working days."""
    if not permissions.can_set_intake_term(request.user):
        raise PermissionDenied
    form = IntakeTermForm(request.POST or None, initial={"term_working_days": intake_term()})
    if request.method == "POST" and form.is_valid():
        try:
            intake_term_set(
                term_working_days=form.cleaned_data["term_working_days"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The intake term has been saved."))
            return redirect("partnership:intake")
    status = 400 if form.errors else 200
    return render(request, "partnership/intake_term.html", {"form": form}, status=status)
