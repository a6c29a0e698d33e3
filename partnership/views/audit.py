"""The audit trail, archiving and a coordinator's hard deletion with a reason."""

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from initiatives import permissions
from initiatives.models import Initiative
from initiatives.permissions import COORDINATOR, role_required
from initiatives.selectors import visible_initiative_or_404
from partnership.forms.audit import AuditFilterForm, HardDeleteForm
from partnership.selectors.audit import archived_items, audit_page
from partnership.services.deletion import ITEMS, hard_delete_item, restore_item
from partnership.services.deletion import archive_item as archive_item_service


@require_safe
@login_required
def initiative_audit(request, slug: str):
    """Every change to the initiative and what is recorded about it: members and coordinators."""
    initiative = visible_initiative_or_404(request.user, slug, Initiative.objects.all())
    permissions.check(permissions.can_read_audit_trail(request.user, initiative))
    form = AuditFilterForm(request.GET or None)
    page = audit_page(initiative=initiative, page_number=request.GET.get("page"), **form.filters())
    ctx = {
        "initiative": initiative,
        "form": form,
        "page": page,
        "is_coordinator": permissions.is_coordinator(request.user),
        "archived": archived_items(initiative=initiative)
        if permissions.can_restore_item(request.user)
        else [],
    }
    return render(request, "partnership/audit_initiative.html", ctx)


@require_safe
@role_required(COORDINATOR)
def audit_log(request):
    """The same trail across all initiatives, for coordinators."""
    form = AuditFilterForm(request.GET or None)
    page = audit_page(page_number=request.GET.get("page"), **form.filters())
    return render(request, "partnership/audit_log.html", {"form": form, "page": page})


def _item_or_404(model_key: str, pk: int, initiative=None):
    model = ITEMS.get(model_key)
    if model is None:
        raise Http404
    items = model._base_manager.select_related("initiative")
    if initiative is not None:
        items = items.filter(initiative=initiative)
    return get_object_or_404(items, pk=pk)


def _collateral(obj) -> list[tuple[str, int]]:
    """What a deletion takes with it (replies, hand-offs, ratings ...), for the confirmation."""
    collector = NestedObjects(using=obj._state.db)
    collector.collect([obj])
    return [
        (model._meta.verbose_name_plural, len(objs))
        for model, objs in collector.model_objs.items()
        if model is not type(obj) and objs
    ]


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def hard_delete(request, model: str, pk: int):
    obj = _item_or_404(model, pk)
    initiative = obj.initiative
    form = HardDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hard_delete_item(obj=obj, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(
                request,
                _("The %(item)s has been deleted; the reason is kept in the audit trail.")
                % {"item": obj._meta.verbose_name},
            )
            return redirect("partnership:initiative_audit", slug=initiative.slug)
    ctx = {
        "obj": obj,
        "item_label": obj._meta.verbose_name,
        "initiative": initiative,
        "form": form,
        "collateral": _collateral(obj),
    }
    return render(request, "partnership/audit_delete.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def archive_item(request, slug: str, model: str, pk: int):
    """Members and the municipality archive an item: hidden, never lost."""
    initiative = visible_initiative_or_404(request.user, slug, Initiative.objects.all())
    # Archiving is done from the partner page: first whether the user works there at all.
    permissions.check(permissions.can_view_partner_page(request.user, initiative))
    obj = _item_or_404(model, pk, initiative=initiative)
    permissions.check(permissions.can_archive_item(request.user, initiative, obj))
    if request.method == "POST":
        if obj.archived_at is None:
            archive_item_service(obj=obj, by=request.user)
            messages.success(
                request,
                _("The %(item)s has been archived. It stays in the audit trail.")
                % {"item": obj._meta.verbose_name},
            )
        else:
            messages.info(request, _("This was already archived."))
        return redirect("partnership:initiative_detail", slug=initiative.slug)
    ctx = {
        "obj": obj,
        "model_key": model,
        "item_label": obj._meta.verbose_name,
        "initiative": initiative,
        "can_hard_delete": permissions.can_hard_delete(request.user),
    }
    return render(request, "partnership/audit_archive.html", ctx)


@require_POST
@role_required(COORDINATOR)
def restore(request, model: str, pk: int):
    """A coordinator brings an archived item back; the audit trail keeps who and when."""
    obj = _item_or_404(model, pk)
    permissions.check(permissions.can_restore_item(request.user))
    if obj.archived_at is not None:
        restore_item(obj=obj, by=request.user)
        messages.success(
            request,
            _("The %(item)s has been restored and shows on the partner page again.")
            % {"item": obj._meta.verbose_name},
        )
    else:
        messages.info(request, _("This was not archived."))
    return redirect("partnership:initiative_audit", slug=obj.initiative.slug)
