"""The value profile of one initiative, with the city's support beside its value."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from initiatives import permissions
from initiatives.selectors import visible_initiative_or_404
from partnership.selectors.value import value_profile as profile_selector


@require_safe
def value_profile(request, slug: str):
    """Open to everyone who may see the initiative; names only for members and the municipality."""
    initiative = visible_initiative_or_404(request.user, slug)
    with_people = permissions.can_see_personal_data(request.user, initiative)
    ctx = {
        "initiative": initiative,
        "with_people": with_people,
        "can_record_value": permissions.can_record_value(request.user, initiative),
        "can_view_partner_page": with_people,
        **profile_selector(initiative, with_people=with_people),
    }
    return render(request, "partnership/value_profile.html", ctx)
