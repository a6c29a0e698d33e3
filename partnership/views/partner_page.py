"""The initiative's page: public fields for everyone, the partner page for members and the city."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from initiatives import permissions
from initiatives.models import Initiative


@require_safe
def initiative_detail(request, slug: str):
    initiative = get_object_or_404(
        Initiative.objects.with_place().prefetch_related("themes", "asks"), slug=slug
    )
    permissions.check_visible(request.user, initiative)
    ctx = {"initiative": initiative}
    if not permissions.can_view_partner_page(request.user, initiative):
        return render(request, "initiatives/initiative_public.html", ctx)
    return render(request, "partnership/partner_page.html", ctx)
