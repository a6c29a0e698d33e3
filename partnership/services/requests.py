"""Requests for collective goods: submission, the state machine and the decision clock.

A request moves submitted → under consideration → decided, one step at a time; only a
withdrawal may come before consideration. Nothing changes after a decision. Every step is a
``RequestStep`` row with its date and who took it; every suspension or extension of the term a
``ClockAdjustment`` row with its reason. Members are e-mailed on submission and on the decision.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from initiatives import permissions
from initiatives.dates import date_problem
from partnership import clock, notifications
from partnership.models import CityRequest, ClockAdjustment, RefusalGround, RequestKind, RequestStep

Status = CityRequest.Status
Decision = CityRequest.Decision

RTC_TEXT_FIELDS = ("task_taken_over", "neighbourhood_support", "capacity", "added_value")
RTC_AMOUNT_FIELDS = ("proposed_budget", "current_city_cost")
RTC_FIELDS = RTC_TEXT_FIELDS + RTC_AMOUNT_FIELDS
PLACE_GOODS = ("building", "land", "public_space")
# A decision is one of these; a withdrawal has its own service.
CITY_DECISIONS = (Decision.GRANTED, Decision.GRANTED_WITH_CONDITIONS, Decision.REFUSED)
# Longest single suspension or extension, and longest term of a kind: beyond these a date is
# certainly a typing error (and far beyond them ``date`` arithmetic would overflow).
MAX_ADJUSTMENT_DAYS = 365
MAX_TERM_DAYS = 730


# --- submission ---------------------------------------------------------------------------


@transaction.atomic
def request_submit(
    *,
    initiative,
    kind: RequestKind,
    title: str,
    description: str,
    by,
    location: str = "",
    amount_requested=None,
    task_taken_over: str = "",
    proposed_budget=None,
    current_city_cost=None,
    neighbourhood_support: str = "",
    capacity: str = "",
    added_value: str = "",
    supporters=None,
    opponents=None,
    volunteers_available=None,
    volunteers_needed=None,
    department=None,
    submitted_on=None,
    inventory_item=None,
) -> CityRequest:
    """Submit a request; its deadline is the submission date plus the kind's decision term."""
    today = timezone.localdate()
    submitted_on = submitted_on or today
    rtc = {
        "task_taken_over": task_taken_over.strip(),
        "neighbourhood_support": neighbourhood_support.strip(),
        "capacity": capacity.strip(),
        "added_value": added_value.strip(),
        "proposed_budget": proposed_budget,
        "current_city_cost": current_city_cost,
    }
    errors: dict[str, str] = {}
    problem = date_problem(
        submitted_on,
        past_only=True,
        future_message=_("A request cannot be submitted in the future."),
    )
    if problem:
        errors["submitted_on"] = problem
    if kind.collective_good in PLACE_GOODS and not location.strip():
        errors["location"] = _("Say which building, plot or place this request is about.")
    if (
        kind.collective_good == "budget"
        and not kind.is_right_to_challenge
        and amount_requested is None
    ):
        errors["amount_requested"] = _("Say how much money you ask for.")
    if kind.is_right_to_challenge:
        for field, value in rtc.items():
            if value in ("", None):
                errors[field] = _("A Right to Challenge request needs this.")
    else:
        # Right to Challenge terms belong only to that kind; the form shows them to everyone.
        rtc = {field: ("" if field in RTC_TEXT_FIELDS else None) for field in RTC_FIELDS}
        if inventory_item is not None:
            # An application from the inventory carries what the item costs the city today.
            rtc["current_city_cost"] = current_city_cost
    if errors:
        raise ValidationError(errors)

    if department is None:
        # The deciding department is known from day one, so the request is on its work list.
        department = getattr(inventory_item, "department", None) or kind.department
    city_request = CityRequest(
        initiative=initiative,
        kind=kind,
        department=department,
        title=title.strip(),
        description=description.strip(),
        location=location.strip(),
        amount_requested=amount_requested,
        submitted_on=submitted_on,
        deadline=clock.deadline(submitted_on, kind.decision_term_days),
        logged_by=by,
        inventory_item=inventory_item,
        supporters=supporters,
        opponents=opponents,
        volunteers_available=volunteers_available,
        volunteers_needed=volunteers_needed,
        **rtc,
    )
    city_request.full_clean()
    city_request.save()
    on_behalf = not permissions.is_member(by, initiative)
    RequestStep.objects.create(
        request=city_request,
        status=Status.SUBMITTED,
        on=submitted_on,
        by=by,
        note=_("Registered by the municipality on behalf of the initiative.") if on_behalf else "",
    )
    _notify_members(city_request, "submitted")
    return city_request


# --- the state machine --------------------------------------------------------------------


def _locked(city_request: CityRequest) -> CityRequest:
    """The request re-read under a row lock, so two people cannot decide it at once."""
    return (
        CityRequest.objects.select_for_update(of=("self",))
        .select_related("kind", "initiative")
        .get(pk=city_request.pk)
    )


def _answer(req: CityRequest) -> None:
    """The city's first step on a request is its first answer: the first-answer clock stops
    (the decision clock runs on)."""
    if req.first_answered_at is None:
        req.first_answered_at = timezone.now()


def _refuse_if_decided(city_request: CityRequest) -> None:
    if city_request.status == Status.DECIDED:
        raise ValidationError(
            _("This request has been decided; nothing can be changed after a decision."),
            code="decided",
        )


@transaction.atomic
def request_consider(*, city_request: CityRequest, by, note: str = "") -> CityRequest:
    """Take a submitted request into consideration; the deciding department defaults to the
    civil servant's own."""
    req = _locked(city_request)
    _refuse_if_decided(req)
    if req.status != Status.SUBMITTED:
        raise ValidationError(
            _("This request is already under consideration."), code="invalid_transition"
        )
    req.status = Status.UNDER_CONSIDERATION
    if req.department_id is None and getattr(by, "department_id", None):
        req.department_id = by.department_id
    _answer(req)
    req.full_clean()
    req.save(update_fields=["status", "department", "first_answered_at"])
    RequestStep.objects.create(
        request=req,
        status=Status.UNDER_CONSIDERATION,
        on=timezone.localdate(),
        by=by,
        note=note.strip(),
    )
    return req


def _check_decision_date(req: CityRequest, decided_on, errors: dict) -> None:
    problem = date_problem(
        decided_on, past_only=True, future_message=_("A decision cannot be dated in the future.")
    )
    if problem:
        errors["decided_on"] = problem
        return
    last_step = req.steps.aggregate(last=Max("on"))["last"] or req.submitted_on
    if decided_on < last_step:
        errors["decided_on"] = _(
            "A decision cannot be dated before the request's previous step (%(date)s)."
        ) % {"date": last_step.isoformat()}


@transaction.atomic
def request_decide(
    *,
    city_request: CityRequest,
    decision: str,
    reasons: str,
    by,
    grounds=(),
    decided_on=None,
    contradiction_explanation: str = "",
) -> CityRequest:
    """Decide a request under consideration: granted, granted with conditions, or refused on
    one or more of the grounds listed for its kind. Refusals and conditions carry reasons.

    Only the deciding department or a coordinator decides (``can_decide_request``). A refusal
    on a ground that the request's own figures contradict (``RefusalGround.contradiction``)
    needs an explicit explanation, which is kept with the decision and shown on the register.
    """
    req = _locked(city_request)
    _refuse_if_decided(req)
    if req.status != Status.UNDER_CONSIDERATION:
        raise ValidationError(
            _("Take the request into consideration before deciding on it."),
            code="invalid_transition",
        )
    if not permissions.can_decide_request(by, req):
        raise PermissionDenied
    if decision not in CITY_DECISIONS:
        raise ValidationError(
            {"decision": _("Choose granted, granted with conditions, or refused.")}
        )
    grounds = list(grounds)
    reasons = reasons.strip()
    decided_on = decided_on or timezone.localdate()
    errors: dict[str, str] = {}
    if decision == Decision.REFUSED:
        allowed = set(req.kind.refusal_grounds.values_list("pk", flat=True))
        foreign = [g for g in grounds if g.pk not in allowed]
        if not grounds:
            errors["grounds"] = _("A refusal needs at least one of the grounds listed for it.")
        elif foreign:
            errors["grounds"] = _("Not a ground for this kind of request: %(grounds)s.") % {
                "grounds": ", ".join(str(g) for g in foreign)
            }
        if not reasons:
            errors["reasons"] = _("Give the reasons for the refusal.")
    elif grounds:
        errors["grounds"] = _("Grounds are given only with a refusal.")
    if decision == Decision.GRANTED_WITH_CONDITIONS and not reasons:
        errors["reasons"] = _("State the conditions and the reasons for them.")
    contradicted = contradicted_grounds(req, grounds) if decision == Decision.REFUSED else []
    explanation = contradiction_explanation.strip() if contradicted else ""
    if contradicted and not explanation and "grounds" not in errors:
        errors["contradiction_explanation"] = _(
            "The request's own figures contradict %(grounds)s. Explain why the ground holds "
            "all the same, or choose another ground."
        ) % {"grounds": ", ".join(f"“{g.display_name}” ({why})" for g, why in contradicted)}
    _check_decision_date(req, decided_on, errors)
    if errors:
        raise ValidationError(errors)

    req.status = Status.DECIDED
    req.decision = decision
    req.decided_on = decided_on
    req.reasons = reasons
    _answer(req)
    req.contradiction_explanation = explanation
    req.full_clean()
    req.save(
        update_fields=[
            "status",
            "decision",
            "decided_on",
            "reasons",
            "first_answered_at",
            "contradiction_explanation",
        ]
    )
    req.grounds.set(grounds)
    RequestStep.objects.create(
        request=req, status=Status.DECIDED, decision=decision, on=decided_on, by=by
    )
    _notify_members(req, "decided")
    return req


def contradicted_grounds(city_request: CityRequest, grounds) -> list[tuple[RefusalGround, str]]:
    """The grounds among ``grounds`` that the request's own figures contradict, each with the
    figures in words (no queries: the figures are the request's fields)."""
    found = []
    for ground in grounds:
        why = ground.contradiction(city_request)
        if why:
            found.append((ground, why))
    return found


@transaction.atomic
def request_withdraw(*, city_request: CityRequest, by, reasons: str = "") -> CityRequest:
    """Withdraw a request that has not been decided yet, from either step."""
    req = _locked(city_request)
    _refuse_if_decided(req)
    req.status = Status.DECIDED
    req.decision = Decision.WITHDRAWN
    req.decided_on = timezone.localdate()
    req.reasons = reasons.strip()
    req.full_clean()
    req.save(update_fields=["status", "decision", "decided_on", "reasons"])
    RequestStep.objects.create(
        request=req,
        status=Status.DECIDED,
        decision=Decision.WITHDRAWN,
        on=req.decided_on,
        by=by,
        note=req.reasons,
    )
    _notify_members(req, "decided")
    return req


# --- the clock ----------------------------------------------------------------------------


@transaction.atomic
def request_adjust_clock(
    *, city_request: CityRequest, kind: str, days: int, reason: str, by
) -> ClockAdjustment:
    """Suspend or extend the decision term, always with a reason the initiator will see."""
    req = _locked(city_request)
    _refuse_if_decided(req)
    errors: dict[str, str] = {}
    if kind not in ClockAdjustment.Kind.values:
        errors["kind"] = _("Choose suspension or extension.")
    if not isinstance(days, int) or not 1 <= days <= MAX_ADJUSTMENT_DAYS:
        errors["days"] = _("Give a number of days from 1 to %(max)d.") % {
            "max": MAX_ADJUSTMENT_DAYS
        }
    if not reason.strip():
        errors["reason"] = _("A suspension or extension needs a reason.")
    if errors:
        raise ValidationError(errors)
    adjustment = ClockAdjustment(request=req, kind=kind, days=days, reason=reason.strip(), by=by)
    adjustment.full_clean()
    adjustment.save()
    req.deadline = clock.adjusted(req.deadline, days)
    _answer(req)
    req.full_clean()
    req.save(update_fields=["deadline", "first_answered_at"])
    return adjustment


# --- kinds of request ---------------------------------------------------------------------


def _grounds_with_new(grounds, new_ground_names) -> list[RefusalGround]:
    """The chosen grounds plus new ones named one per line; a name already known is reused."""
    chosen = list(grounds)
    for raw in new_ground_names:
        name = raw.strip()
        if not name:
            continue
        ground = RefusalGround.objects.filter(name__iexact=name).first()
        if ground is None:
            base = slugify(name)[:40] or "grond"
            code, n = base, 1
            while RefusalGround.objects.filter(code=code).exists():
                n += 1
                code = f"{base}-{n}"
            ground = RefusalGround(code=code, name=name)
            ground.full_clean()
            ground.save()
        if ground not in chosen:
            chosen.append(ground)
    return chosen


def _check_term(decision_term_days: int) -> None:
    if not 1 <= decision_term_days <= MAX_TERM_DAYS:
        raise ValidationError(
            {
                "decision_term_days": _("Give a term from 1 to %(max)d days.")
                % {"max": MAX_TERM_DAYS}
            }
        )


@transaction.atomic
def request_kind_create(
    *,
    name: str,
    decision_term_days: int,
    name_en: str = "",
    code: str = "",
    description: str = "",
    is_right_to_challenge: bool = False,
    collective_good: str = "",
    department=None,
    grounds=(),
    new_ground_names=(),
) -> RequestKind:
    """A coordinator adds a kind of request with its decision term and refusal grounds."""
    _check_term(decision_term_days)
    kind = RequestKind(
        name=name.strip(),
        name_en=name_en.strip(),
        code=(code.strip() or slugify(name))[:50],
        description=description.strip(),
        decision_term_days=decision_term_days,
        is_right_to_challenge=is_right_to_challenge,
        collective_good=collective_good,
        department=department,
    )
    kind.full_clean()
    kind.save()
    kind.refusal_grounds.set(_grounds_with_new(grounds, new_ground_names))
    return kind


@transaction.atomic
def request_kind_update(
    *,
    kind: RequestKind,
    name: str,
    decision_term_days: int,
    name_en: str = "",
    description: str = "",
    is_right_to_challenge: bool = False,
    collective_good: str = "",
    department=None,
    grounds=(),
    new_ground_names=(),
) -> RequestKind:
    """Change a kind. Deadlines of requests already submitted keep the term they started with."""
    _check_term(decision_term_days)
    kind.name = name.strip()
    kind.name_en = name_en.strip()
    kind.description = description.strip()
    kind.decision_term_days = decision_term_days
    kind.is_right_to_challenge = is_right_to_challenge
    kind.collective_good = collective_good
    kind.department = department
    kind.full_clean()
    kind.save()
    kind.refusal_grounds.set(_grounds_with_new(grounds, new_ground_names))
    return kind


# --- e-mail -------------------------------------------------------------------------------


def _notify_members(city_request: CityRequest, event: str) -> None:
    """E-mail every current member, one message each so no one sees the others' addresses.

    Sent after the commit, so a rolled-back step sends nothing; a mail server that is down is
    logged and does not undo the step.
    """
    initiative = city_request.initiative
    recipients = sorted(
        set(
            initiative.memberships.filter(left_at__isnull=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return
    ctx = {
        "city_request": city_request,
        "initiative": initiative,
        "grounds": list(city_request.grounds.all()) if event == "decided" else [],
        # A path: the notification makes it absolute on the address the app is served on.
        "url": reverse("partnership:initiative_detail", kwargs={"slug": initiative.slug}),
    }
    notifications.after_commit(
        notifications.send, template=f"request_{event}", recipients=recipients, context=ctx
    )
