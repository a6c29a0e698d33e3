"""Objections (bezwaar) to decisions on requests: lodging, assigning, answering, withdrawing.

Under the Algemene wet bestuursrecht an objection is lodged within six weeks of the decision
(art. 6:7). One that comes later is not refused here: art. 6:11 forbids declaring it
inadmissible when the delay is excusable, and only the department can judge that. So a late
objection is accepted with the initiator's reason for the delay, marked as late, and lands in
the department's queue like any other; the reasoned answer says whether the delay was excused.
Refusing it at the door would leave the partner without any answer at all.

Every objection lands at once on the deciding department's work list with its own clock
(``OBJECTION_DECISION_WEEKS``); a coordinator may assign it to a person or another department.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from initiatives import permissions
from partnership import notifications
from partnership.models import CityRequest, Objection

Status = Objection.Status
Outcome = Objection.Outcome
# The city's outcomes; a withdrawal is the initiative's and has its own service.
CITY_OUTCOMES = (Outcome.WELL_FOUNDED, Outcome.PARTLY, Outcome.UNFOUNDED)


def objection_due(lodged_on: dt.date) -> dt.date:
    return lodged_on + dt.timedelta(weeks=settings.OBJECTION_DECISION_WEEKS)


def is_late(city_request: CityRequest, on: dt.date) -> bool:
    ends = city_request.objection_term_ends
    return ends is not None and on > ends


def _locked(objection: Objection) -> Objection:
    return (
        Objection.objects.select_for_update(of=("self",))
        .select_related("request__initiative", "department")
        .get(pk=objection.pk)
    )


def _refuse_if_decided(objection: Objection) -> None:
    if objection.status == Status.DECIDED:
        raise ValidationError(
            _("This objection has been decided; nothing can be changed after that."),
            code="decided",
        )


@transaction.atomic
def objection_lodge(
    *, city_request: CityRequest, by, grounds: str, late_reason: str = ""
) -> Objection:
    """A member lodges an objection to a decision of the city on their initiative's request."""
    req = (
        CityRequest.objects.select_for_update(of=("self",))
        .select_related("initiative", "department")
        .get(pk=city_request.pk)
    )
    if not permissions.can_lodge_objection(by, req.initiative):
        raise PermissionDenied
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not req.is_objectionable():
        raise ValidationError(
            _("Only a decision of the city on a request can be objected to."), code="not_decided"
        )
    if req.objections.waiting().exists():
        raise ValidationError(
            _("An objection to this decision is already waiting for an answer."),
            code="already_open",
        )
    if req.department_id is None:
        raise ValidationError(
            _("This decision has no deciding department; ask your point of contact."),
            code="no_department",
        )
    grounds = grounds.strip()
    late_reason = late_reason.strip()
    if not grounds:
        errors["grounds"] = _("Say why you object to the decision.")
    late = is_late(req, today)
    if late and not late_reason:
        errors["late_reason"] = _(
            "The term to object ended on %(date)s. Say why the objection comes later; the "
            "department decides whether the delay is excusable."
        ) % {"date": _date(req.objection_term_ends)}
    if errors:
        raise ValidationError(errors)
    objection = Objection(
        request=req,
        grounds=grounds,
        late_reason=late_reason if late else "",
        lodged_on=today,
        lodged_by=by,
        due_on=objection_due(today),
        department=req.department,
    )
    objection.full_clean()
    objection.save()
    notifications.after_commit(notifications.objection_lodged, objection=objection)
    return objection


def _date(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


@transaction.atomic
def objection_assign(*, objection: Objection, by, department=None, owner=None) -> Objection:
    """A coordinator hands the objection to a department and, optionally, a person in it."""
    if not permissions.can_assign_objection(by):
        raise PermissionDenied
    obj = _locked(objection)
    _refuse_if_decided(obj)
    department = department or obj.department
    if owner is not None and not permissions.is_municipal(owner):
        raise ValidationError({"owner": _("Choose a civil servant or coordinator.")})
    if owner is not None and owner.department_id not in (None, department.pk):
        raise ValidationError({"owner": _("This person does not work at that department.")})
    obj.department = department
    obj.owner = owner
    obj.status = Status.IN_PROGRESS if owner is not None else obj.status
    obj.full_clean()
    obj.save(update_fields=["department", "owner", "status"])
    return obj


@transaction.atomic
def objection_answer(*, objection: Objection, by, outcome: str, answer: str) -> Objection:
    """The owning department decides on the objection with a reasoned answer."""
    obj = _locked(objection)
    if not permissions.can_handle_objection(by, obj):
        raise PermissionDenied
    _refuse_if_decided(obj)
    errors: dict[str, str] = {}
    if outcome not in CITY_OUTCOMES:
        errors["outcome"] = _("Choose well-founded, partly well-founded or unfounded.")
    if not answer.strip():
        errors["answer"] = _("Give the reasons for the decision on the objection.")
    if errors:
        raise ValidationError(errors)
    obj.status = Status.DECIDED
    obj.outcome = outcome
    obj.answer = answer.strip()
    obj.answered_on = timezone.localdate()
    obj.answered_by = by
    if obj.owner_id is None:
        obj.owner = by
    obj.full_clean()
    obj.save(update_fields=["status", "outcome", "answer", "answered_on", "answered_by", "owner"])
    notifications.after_commit(notifications.objection_decided, objection=obj)
    return obj


@transaction.atomic
def objection_withdraw(*, objection: Objection, by, reason: str = "") -> Objection:
    """The initiative withdraws its objection before it is decided."""
    obj = _locked(objection)
    if not permissions.can_lodge_objection(by, obj.request.initiative):
        raise PermissionDenied
    _refuse_if_decided(obj)
    obj.status = Status.DECIDED
    obj.outcome = Outcome.WITHDRAWN
    obj.answer = reason.strip()
    obj.answered_on = timezone.localdate()
    obj.answered_by = by
    obj.full_clean()
    obj.save(update_fields=["status", "outcome", "answer", "answered_on", "answered_by"])
    notifications.after_commit(notifications.objection_decided, objection=obj)
    return obj
