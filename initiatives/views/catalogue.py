"""The public catalogue: what the movement looks like, without anyone's personal data."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from initiatives.selectors import catalogue_filter

PAGE_SIZE = 20


@require_safe
def catalogue(request):
    """Queries: the filter form's choices (area, neighbourhood, theme, ask, partner), the count,
    one page of initiatives and their themes; the same whatever the number of initiatives."""
    initiative_filter = catalogue_filter(request.GET)
    page = Paginator(initiative_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"filter": initiative_filter, "form": initiative_filter.form, "page": page}
    return render(request, "initiatives/catalogue.html", ctx)
