"""Writes for the value framework and value records. Keyword-only, validated, atomic.

The framework's rule: a dimension or indicator that value records refer to keeps its meaning.
It can be renamed for clarity and retired, but never deleted, and an indicator in use never
changes its unit or dimension (a dimension in use never changes its group): old records would
silently come to mean something else. Codes never change once created.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Initiative
from publicvalue import rules, selectors
from publicvalue.models import Evidence, Indicator, ValueDimension, ValueRecord

DIMENSION_FIELDS = (
    "name",
    "name_en",
    "code",
    "group",
    "description",
    "broad_prosperity_theme",
    "sdg",
    "order",
)
INDICATOR_FIELDS = (
    "dimension",
    "name",
    "name_en",
    "code",
    "unit",
    "proxy_value_eur",
    "proxy_source",
    "proxy_year",
)
# What a thing in use means; changing it would change the meaning of existing records.
DIMENSION_MEANING = ("code", "group")
INDICATOR_MEANING = ("code", "unit", "dimension")
RECORD_FIELDS = (
    "dimension",
    "indicator",
    "quantity",
    "period_start",
    "period_end",
    "evidence",
    "narrative",
    "link",
    "attachment",
    "deadweight_pct",
    "deadweight_reason",
    "attribution_pct",
    "attribution_reason",
)


def _assign(instance, data: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value)


def _refuse_change_in_meaning(instance, data: dict[str, Any], meaning: tuple[str, ...]) -> None:
    errors = {}
    for name in meaning:
        if name not in data:
            continue
        field = instance._meta.get_field(name)
        current = getattr(instance, field.attname)
        new = data[name]
        new = getattr(new, "pk", new)
        if new != current:
            errors[name] = _("This is in use by value records: it cannot change its meaning.")
    if errors:
        raise ValidationError(errors)


# The framework ---------------------------------------------------------------------------------


@transaction.atomic
def dimension_create(**data) -> ValueDimension:
    dimension = ValueDimension()
    _assign(dimension, data, DIMENSION_FIELDS)
    dimension.full_clean()
    dimension.save()
    return dimension


@transaction.atomic
def dimension_update(*, dimension: ValueDimension, data: dict[str, Any]) -> ValueDimension:
    dimension = ValueDimension.objects.select_for_update().get(pk=dimension.pk)
    if "code" in data:
        _refuse_change_in_meaning(dimension, {"code": data["code"]}, ("code",))
    if selectors.dimension_in_use(dimension):
        _refuse_change_in_meaning(dimension, data, DIMENSION_MEANING)
    _assign(dimension, data, DIMENSION_FIELDS)
    dimension.full_clean()
    dimension.save()
    return dimension


@transaction.atomic
def dimension_set_retired(*, dimension: ValueDimension, retired: bool) -> ValueDimension:
    """Retire (no longer offered for new records) or bring back into use."""
    dimension.retired_at = (dimension.retired_at or timezone.now()) if retired else None
    dimension.save(update_fields=["retired_at"])
    return dimension


@transaction.atomic
def dimension_delete(*, dimension: ValueDimension) -> None:
    """Delete an unused dimension with its (unused) indicators; one in use can only be retired."""
    dimension = ValueDimension.objects.select_for_update().get(pk=dimension.pk)
    if selectors.dimension_in_use(dimension):
        raise ValidationError(
            _("This dimension is in use by value records: retire it instead of deleting it.")
        )
    try:
        dimension.indicators.all().delete()
        dimension.delete()
    except ProtectedError as exc:  # a record was added meanwhile
        raise ValidationError(
            _("This dimension is in use by value records: retire it instead of deleting it.")
        ) from exc


@transaction.atomic
def indicator_create(**data) -> Indicator:
    indicator = Indicator()
    _assign(indicator, data, INDICATOR_FIELDS)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if "code" in data:
        _refuse_change_in_meaning(indicator, {"code": data["code"]}, ("code",))
    if selectors.indicator_in_use(indicator):
        _refuse_change_in_meaning(indicator, data, INDICATOR_MEANING)
    _assign(indicator, data, INDICATOR_FIELDS)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_set_retired(*, indicator: Indicator, retired: bool) -> Indicator:
    indicator.retired_at = (indicator.retired_at or timezone.now()) if retired else None
    indicator.save(update_fields=["retired_at"])
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    message = _("This indicator is in use by value records: retire it instead of deleting it.")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if selectors.indicator_in_use(indicator):
        raise ValidationError(message)
    try:
        indicator.delete()
    except ProtectedError as exc:
        raise ValidationError(message) from exc


# Value records ---------------------------------------------------------------------------------


def _check_record(
    record: ValueRecord,
    *,
    initiative: Initiative,
    previous_dimension_id: int | None,
    previous_indicator_id: int | None,
    today: dt.date | None,
) -> None:
    errors = rules.record_errors(
        dimension=record.dimension,
        indicator=record.indicator,
        quantity=record.quantity,
        period_start=record.period_start,
        period_end=record.period_end,
        evidence=record.evidence,
        deadweight_pct=record.deadweight_pct,
        deadweight_reason=record.deadweight_reason,
        attribution_pct=record.attribution_pct,
        attribution_reason=record.attribution_reason,
        volunteers=initiative.volunteers,
        today=today or timezone.localdate(),
        previous_dimension_id=previous_dimension_id,
        previous_indicator_id=previous_indicator_id,
    )
    if errors:
        raise ValidationError(errors)
    record.full_clean()


@transaction.atomic
def value_record_create(
    *, initiative: Initiative, recorded_by, data: dict[str, Any], today: dt.date | None = None
) -> ValueRecord:
    """A member or civil servant records value; the evidence level cannot be "verified" yet."""
    record = ValueRecord(initiative=initiative, recorded_by=recorded_by)
    _assign(record, data, RECORD_FIELDS)
    _check_record(
        record,
        initiative=initiative,
        previous_dimension_id=None,
        previous_indicator_id=None,
        today=today,
    )
    record._history_user = recorded_by
    record.save()
    return record


@transaction.atomic
def value_record_update(
    *, record: ValueRecord, changed_by, data: dict[str, Any], today: dt.date | None = None
) -> ValueRecord:
    """Correct an unverified record; its history keeps every earlier version."""
    record = (
        ValueRecord.objects.select_for_update(of=("self",))
        .select_related("initiative", "dimension", "indicator")
        .get(pk=record.pk)
    )
    if record.verified_at is not None:
        raise ValidationError(_("A verified record can no longer be changed."))
    previous_dimension_id, previous_indicator_id = record.dimension_id, record.indicator_id
    _assign(record, data, RECORD_FIELDS)
    _check_record(
        record,
        initiative=record.initiative,
        previous_dimension_id=previous_dimension_id,
        previous_indicator_id=previous_indicator_id,
        today=today,
    )
    record._history_user = changed_by
    record.save()
    return record


@transaction.atomic
def value_record_verify(*, record: ValueRecord, verified_by) -> ValueRecord:
    """The municipality vouches for a record: who and when are kept; the evidence becomes
    "verified by the municipality" unless it was already independently measured."""
    record = ValueRecord.objects.select_for_update().get(pk=record.pk)
    if record.verified_at is not None:
        raise ValidationError(_("This record has already been verified."))
    if record.recorded_by_id is not None and record.recorded_by_id == verified_by.pk:
        raise ValidationError(_("A record is verified by someone other than who recorded it."))
    record.verified_by = verified_by
    record.verified_at = timezone.now()
    if record.evidence != Evidence.MEASURED:
        record.evidence = Evidence.VERIFIED
    record.full_clean()
    record._history_user = verified_by
    record.save()
    return record


@transaction.atomic
def value_record_ask_clarification(*, record: ValueRecord, asked_by, question: str) -> ValueRecord:
    """Ask the initiative to clarify a record before it can be verified."""
    record = ValueRecord.objects.select_for_update().get(pk=record.pk)
    if record.verified_at is not None:
        raise ValidationError(_("This record has already been verified."))
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Write the question for the initiative.")})
    record.clarification_request = question
    record.clarification_requested_by = asked_by
    record.clarification_requested_at = timezone.now()
    record.full_clean()
    record._history_user = asked_by
    record.save()
    return record
