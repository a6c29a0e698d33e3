"""The rules a value record must meet, in one place for the form (errors tied to fields) and the
service (which refuses anything the form let through, e.g. from another caller).

The bound on hours: volunteers cannot give more hours than there are in the period. A record of
hours may claim at most ``max(volunteers, 1) × 24 × days in the period`` (both ends included), i.e.
8,760 hours per person-year; ``volunteers`` is the initiative's own number of volunteers, so an
initiative that has grown updates that number first.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.dates import date_problem
from publicvalue.models import Evidence, Indicator

HOURS_PER_DAY = 24
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
# Extension → the first bytes such a file starts with; checked so a renamed file is refused.
ATTACHMENT_SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
# Levels a person may choose; "verified by the municipality" is set only by a verification.
CHOOSABLE_EVIDENCE = (Evidence.STORY, Evidence.COUNTED, Evidence.MEASURED)
NEEDS_QUANTITY = (Evidence.COUNTED, Evidence.MEASURED)


def max_hours(*, volunteers: int, period_start: dt.date, period_end: dt.date) -> int:
    """The most hours the initiative's volunteers (at least one) can give in the period."""
    days = (period_end - period_start).days + 1
    return max(volunteers, 1) * HOURS_PER_DAY * days


def record_errors(
    *,
    dimension,
    indicator,
    quantity: Decimal | None,
    period_start: dt.date | None,
    period_end: dt.date | None,
    evidence: str | None,
    deadweight_pct: Decimal | None,
    deadweight_reason: str,
    attribution_pct: Decimal | None,
    attribution_reason: str,
    volunteers: int,
    today: dt.date,
    previous_dimension_id: int | None = None,
    previous_indicator_id: int | None = None,
) -> dict[str, list[str]]:
    """Field name → messages. ``previous_*`` keep a retired choice valid on an old record."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if dimension is not None and dimension.retired_at and dimension.pk != previous_dimension_id:
        add("dimension", _("This dimension has been retired; choose another one."))
    if indicator is not None:
        if indicator.retired_at and indicator.pk != previous_indicator_id:
            add("indicator", _("This indicator has been retired; choose another one."))
        if dimension is not None and indicator.dimension_id != dimension.pk:
            add(
                "indicator",
                _(
                    "This indicator belongs to the dimension “%(dimension)s”: "
                    "choose that dimension or another indicator."
                )
                % {"dimension": indicator.dimension},
            )

    future_messages = {
        "period_start": _("The period cannot start in the future."),
        "period_end": _(
            "The period cannot end in the future: record value that has been produced."
        ),
    }
    for field, value in (("period_start", period_start), ("period_end", period_end)):
        problem = date_problem(
            value, past_only=True, future_message=future_messages[field], today=today
        )
        if problem:
            add(field, problem)
    if period_start and period_end and period_end < period_start:
        add("period_end", _("The period cannot end before it starts."))

    if quantity is not None:
        if indicator is None:
            add(
                "quantity",
                _(
                    "A quantity needs an indicator with its unit: choose an indicator, "
                    "or leave the quantity empty for a story."
                ),
            )
        elif quantity < 0:
            add("quantity", _("A quantity cannot be negative."))
        elif indicator.unit in Indicator.WHOLE_UNITS and quantity != quantity.to_integral_value():
            add(
                "quantity",
                _("Enter a whole number of %(unit)s.") % {"unit": indicator.get_unit_display()},
            )
        elif (
            indicator.unit == Indicator.Unit.HOURS
            and period_start
            and period_end
            and period_start <= period_end
        ):
            limit = max_hours(
                volunteers=volunteers, period_start=period_start, period_end=period_end
            )
            if quantity > limit:
                volunteers_counted = max(volunteers, 1)
                add(
                    "quantity",
                    ngettext(
                        "That is more hours than the initiative's volunteers can give from "
                        "%(start)s to %(end)s: at most %(max)s hours (24 hours a day for "
                        "%(volunteers)s volunteer). Check the number, or first update the number "
                        "of volunteers of the initiative.",
                        "That is more hours than the initiative's volunteers can give from "
                        "%(start)s to %(end)s: at most %(max)s hours (24 hours a day for each of "
                        "%(volunteers)s volunteers). Check the number, or first update the number "
                        "of volunteers of the initiative.",
                        volunteers_counted,
                    )
                    % {
                        "start": date_format(period_start, "SHORT_DATE_FORMAT"),
                        "end": date_format(period_end, "SHORT_DATE_FORMAT"),
                        "max": number_format(limit, force_grouping=True),
                        "volunteers": volunteers_counted,
                    },
                )

    if evidence == Evidence.VERIFIED:
        add("evidence", _("Only a verification by the municipality sets this evidence level."))
    elif evidence in NEEDS_QUANTITY and quantity is None:
        add(
            "evidence",
            _(
                "Counted or measured evidence needs a quantity; "
                "choose “story” for a record without a number."
            ),
        )

    for pct, reason, pct_field, reason_field, message in (
        (
            deadweight_pct,
            deadweight_reason,
            "deadweight_pct",
            "deadweight_reason",
            _("Say why you deduct this deadweight: what would have happened anyway?"),
        ),
        (
            attribution_pct,
            attribution_reason,
            "attribution_pct",
            "attribution_reason",
            _("Say why you attribute this share to others, and to whom."),
        ),
    ):
        if pct is None:
            continue
        if not Decimal(0) <= pct <= Decimal(100):
            add(pct_field, _("Enter a percentage from 0 to 100."))
        elif pct > 0 and not (reason or "").strip():
            add(reason_field, message)
    return errors


def attachment_error(upload) -> str | None:
    """Why an uploaded file is refused (size, type, content), or None."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        return _("The attachment is too large: at most 5 MB.")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    signatures = ATTACHMENT_SIGNATURES.get(extension)
    if signatures is None:
        return _("Attach a PDF, JPG or PNG file.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        return _("This file is not the PDF, JPG or PNG its name says it is.")
    return None
