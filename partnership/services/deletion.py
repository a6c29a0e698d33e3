"""Nothing a council may need later is lost: users archive; coordinators alone delete, with reason.

Both writes go through django-simple-history, so the audit trail keeps who did it, when and
(for a deletion) why, in the historical row's ``history_change_reason``.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.models import Blockage, CityRequest, Commitment, Contact, Contract
from publicvalue.models import ValueRecord

# The items a coordinator may hard-delete and a user may archive, by URL key.
ITEMS = {
    "contact": Contact,
    "commitment": Commitment,
    "blockage": Blockage,
    "valuerecord": ValueRecord,
    "cityrequest": CityRequest,
    "contract": Contract,
}
REASON_MIN_LENGTH = 10
# django-simple-history stores the reason in a CharField(max_length=100).
REASON_MAX_LENGTH = 100


def item_key(obj) -> str:
    return obj._meta.model_name


def _file_fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def files_of(model, pks) -> set[str]:
    """Every file name the rows ``pks`` of ``model`` refer to, now or in an earlier version."""
    fields = _file_fields(model)
    names: set[str] = set()
    for field in fields:
        names.update(model._base_manager.filter(pk__in=pks).values_list(field, flat=True))
        history = getattr(model, "history", None)
        if history is not None:
            names.update(history.filter(id__in=pks).values_list(field, flat=True))
    names.discard("")
    names.discard(None)
    return names


def remove_files_after_commit(*, model, names) -> None:
    """Delete files from storage once the transaction commits, except those a row of ``model``
    still refers to (a rolled-back deletion keeps its files)."""
    names = set(names)
    if not names:
        return

    def remove():
        still_used = set()
        for field in _file_fields(model):
            still_used.update(
                model._base_manager.filter(**{f"{field}__in": names}).values_list(field, flat=True)
            )
        for name in sorted(names - still_used):
            default_storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def archive_item(*, obj, by) -> None:
    """Hide an item from the partner page and the figures without losing it."""
    if obj.archived_at is not None:
        return
    obj.archived_at = timezone.now()
    obj._history_user = by
    obj._change_reason = _("archived")
    obj.full_clean()
    obj.save(update_fields=["archived_at"])


@transaction.atomic
def restore_item(*, obj, by) -> None:
    """Bring an archived item back onto the partner page and into the figures."""
    if obj.archived_at is None:
        return
    obj.archived_at = None
    obj._history_user = by
    obj._change_reason = _("restored")
    obj.full_clean()
    obj.save(update_fields=["archived_at"])


@transaction.atomic
def hard_delete_item(*, obj, by, reason: str) -> None:
    """Delete an item for good; the history keeps its last version, who deleted it and why.

    Replies hang on contacts, commitments and blockages and are deleted with them; they get
    the same reason so that no deletion in the trail is without one.
    """
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN_LENGTH:
        raise ValidationError(
            _("Give a reason of at least %(count)d characters.") % {"count": REASON_MIN_LENGTH}
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("Keep the reason under %(count)d characters.") % {"count": REASON_MAX_LENGTH + 1}
        )
    replies = getattr(obj, "replies", None)
    if replies is not None:
        for reply in replies.all():
            reply._history_user = by
            reply._change_reason = reason
            reply.delete()
    files = files_of(type(obj), [obj.pk])
    obj._history_user = by
    obj._change_reason = reason
    obj.delete()
    remove_files_after_commit(model=type(obj), names=files)
