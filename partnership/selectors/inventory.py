"""Reads of the inventory: the public catalogue and one item with the requests for it."""

from django.db.models import Count, Q

from partnership.filters.inventory import InventoryFilter
from partnership.models import CityRequest, InventoryItem

# Requests that still compete for an item: not yet decided.
OPEN = [CityRequest.Status.SUBMITTED, CityRequest.Status.UNDER_CONSIDERATION]


def inventory_filter(params) -> InventoryFilter:
    """Every item but the withdrawn ones unless asked for, filtered and searched. The list is
    two queries (count, page) with area, neighbourhood and the count of open requests joined."""
    queryset = (
        InventoryItem.objects.select_related("area", "neighbourhood", "department")
        .annotate(open_requests=Count("requests", filter=Q(requests__status__in=OPEN)))
        .order_by("title", "pk")
    )
    if not params.get("status"):
        queryset = queryset.exclude(status=InventoryItem.Status.WITHDRAWN)
    return InventoryFilter(params, queryset=queryset)


def item_requests(item: InventoryItem):
    """The requests made for an item, newest first, with their initiative and kind."""
    return item.requests.select_related("initiative", "kind").order_by("-submitted_on", "-pk")
