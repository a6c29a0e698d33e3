"""The inventory: keeping items, and applying for one, which becomes a request of its kind."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from initiatives import permissions
from partnership.models import CityRequest, InventoryItem, RequestKind
from partnership.services.requests import request_submit


@transaction.atomic
def inventory_item_save(*, item: InventoryItem, by) -> InventoryItem:
    """Create or update an item; its history keeps who changed what."""
    item._history_user = by
    item.full_clean()
    item.save()
    return item


def request_kinds_for(item: InventoryItem):
    """The kinds of request an application for ``item`` may become, in a fixed order."""
    codes = InventoryItem.REQUEST_KINDS[item.kind]
    kinds = {kind.code: kind for kind in RequestKind.objects.filter(code__in=codes)}
    return [kinds[code] for code in codes if code in kinds]


@transaction.atomic
def inventory_apply(
    *,
    item: InventoryItem,
    initiative,
    kind: RequestKind,
    by,
    description: str,
    title: str = "",
    current_city_cost=None,
    **terms,
) -> CityRequest:
    """An initiative's application for an item: a request of the item's kind, about its place,
    carrying what the item costs the city today, with the decision clock of its kind. An
    available item is then under request; other initiatives may still apply (they compete)."""
    item = InventoryItem.objects.select_for_update().get(pk=item.pk)
    if not permissions.is_member(by, initiative):
        raise ValidationError({"initiative": _("Apply for an initiative you are a member of.")})
    if not item.open_for_requests:
        raise ValidationError(_("This item is no longer open for applications."))
    if kind.code not in InventoryItem.REQUEST_KINDS[item.kind]:
        raise ValidationError({"kind": _("This kind of request does not fit this item.")})
    if current_city_cost is None:
        current_city_cost = item.current_yearly_cost
    city_request = request_submit(
        initiative=initiative,
        kind=kind,
        title=title.strip() or item.title,
        description=description,
        by=by,
        location=item.address or item.title,
        current_city_cost=current_city_cost,
        department=item.department,
        inventory_item=item,
        **terms,
    )
    if item.status == InventoryItem.Status.AVAILABLE:
        item.status = InventoryItem.Status.UNDER_REQUEST
        inventory_item_save(item=item, by=by)
    return city_request
