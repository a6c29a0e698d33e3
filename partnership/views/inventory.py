"""The inventory (*wat kunnen we overnemen*): a public catalogue of land, buildings and public
tasks the city offers initiatives, its CSV, the pages where the city keeps it, and applying for
an item, which becomes a request of the item's kind."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from initiatives import permissions
from initiatives.models import Initiative
from partnership.forms.inventory import InventoryApplyForm, InventoryItemForm
from partnership.models import InventoryItem
from partnership.selectors.inventory import OPEN, inventory_filter, item_requests
from partnership.services.inventory import (
    inventory_apply,
    inventory_item_save,
    request_kinds_for,
)
from partnership.views.area_map import area_map_svg, area_rows
from partnership.views.register import csv_safe
from partnership.views.requests import add_service_errors

PAGE_SIZE = 25


def _csv_response(rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="overnemen.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            csv_safe(h)
            for h in (
                _("title"),
                _("kind"),
                _("area"),
                _("neighbourhood"),
                _("address or place"),
                _("size"),
                _("conditions"),
                _("what the city spends on it per year (€)"),
                _("availability"),
                _("status"),
                _("owning department"),
            )
        ]
    )
    for item in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                csv_safe(cell)
                for cell in (
                    item.title,
                    item.get_kind_display(),
                    item.area.name,
                    item.neighbourhood.name if item.neighbourhood else "",
                    item.address,
                    item.size,
                    item.get_condition_display(),
                    item.current_yearly_cost,
                    item.availability,
                    item.get_status_display(),
                    item.department.name if item.department else "",
                )
            ]
        )
    return response


@require_safe
def inventory_list(request):
    """Queries: the filter's area and neighbourhood choices, the count and one page, whatever
    the number of items; the CSV has every item that matches."""
    inventory = inventory_filter(request.GET)
    if request.GET.get("format") == "csv":
        return _csv_response(inventory.qs)
    page = Paginator(inventory.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    csv_query = request.GET.copy()
    csv_query.pop("page", None)
    csv_query["format"] = "csv"
    areas = area_rows()
    ctx = {
        "areas": areas,
        "area_map": area_map_svg(areas, request.path),
        "filter": inventory,
        "page": page,
        "csv_query": csv_query.urlencode(),
        "can_add": permissions.can_add_inventory_item(request.user),
    }
    return render(request, "partnership/inventory_list.html", ctx)


def _item(pk: int) -> InventoryItem:
    return get_object_or_404(
        InventoryItem.objects.select_related("area", "neighbourhood", "department"), pk=pk
    )


@require_safe
def inventory_detail(request, pk: int):
    """The item for everyone. Requests for it: the public sees the public initiatives that
    asked and how it ended; the city sees every request, with its deadline."""
    item = _item(pk)
    requests = list(item_requests(item))
    municipal = permissions.can_see_competing_requests(request.user)
    if not municipal:
        requests = [
            r
            for r in requests
            if r.initiative.is_public and r.initiative.archived_at is None and r.archived_at is None
        ]
    ctx = {
        "item": item,
        "requests": requests,
        "open_requests": sum(1 for r in requests if r.status in OPEN),
        "municipal": municipal,
        "can_edit": permissions.can_edit_inventory_item(request.user, item),
    }
    return render(request, "partnership/inventory_detail.html", ctx)


def _item_form(request, item: InventoryItem | None):
    form = InventoryItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = inventory_item_save(item=form.instance, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item of the inventory has been saved."))
            return redirect(saved.get_absolute_url())
    ctx = {"form": form, "item": item}
    return render(request, "partnership/inventory_form.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def inventory_create(request):
    permissions.check(permissions.can_add_inventory_item(request.user))
    return _item_form(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def inventory_edit(request, pk: int):
    item = _item(pk)
    permissions.check(permissions.can_edit_inventory_item(request.user, item))
    return _item_form(request, item)


@require_http_methods(["GET", "POST"])
@login_required
def inventory_apply_view(request, pk: int):
    """A member applies for an item on behalf of one of their initiatives. Someone who is in no
    initiative is told so; the city registers requests on the initiative's own page."""
    item = _item(pk)
    initiatives = Initiative.objects.filter(
        memberships__user=request.user,
        memberships__left_at__isnull=True,
        archived_at__isnull=True,
    ).order_by("title")
    kinds = request_kinds_for(item)
    form = None
    if item.open_for_requests and initiatives.exists():
        form = InventoryApplyForm(
            request.POST or None, item=item, initiatives=initiatives, kinds=kinds
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                city_request = inventory_apply(item=item, by=request.user, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your application has been submitted as a request. The members of the "
                        "initiative get a confirmation by e-mail."
                    ),
                )
                return redirect(
                    "partnership:request_detail",
                    slug=city_request.initiative.slug,
                    pk=city_request.pk,
                )
    ctx = {"item": item, "form": form, "kinds": kinds}
    return render(request, "partnership/inventory_apply.html", ctx)
