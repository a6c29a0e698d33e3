"""The optional social-return estimate of a value record, following the SROI principles.

    value = quantity × proxy × (1 − deadweight) × (1 − attribution)

Deadweight is what would have happened anyway; attribution is the share owed to others. Both are
percentages from 0 to 100. The arithmetic is done in ``Decimal`` (never float) with enough
precision for the largest quantities and proxies the model allows, and rounded to cents only at
the end. An ``Estimate`` keeps every step so that a page can always show how the figure was made;
a record without an indicator, a quantity or a proxy value is "not monetised", with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# quantity (14 digits) × proxy (10) × two percentages (5 each) fits in 34 significant digits.
PRECISION = 40

NO_INDICATOR = "no_indicator"
NO_QUANTITY = "no_quantity"
NO_PROXY = "no_proxy"
NOT_MONETISED_REASONS = {
    NO_INDICATOR: _("a story without an indicator"),
    NO_QUANTITY: _("no quantity was recorded"),
    NO_PROXY: _("the indicator has no proxy value in euro"),
}


@dataclass(frozen=True)
class Estimate:
    """One record's estimate with its steps; ``value`` is None when it is not monetised."""

    quantity: Decimal | None
    proxy: Decimal | None
    deadweight_pct: Decimal
    attribution_pct: Decimal
    gross: Decimal | None = None
    after_deadweight: Decimal | None = None
    exact_value: Decimal | None = None
    not_monetised: str = ""

    @property
    def is_monetised(self) -> bool:
        return self.exact_value is not None

    @property
    def value(self) -> Decimal | None:
        """The estimate rounded to cents, for display."""
        return None if self.exact_value is None else to_cents(self.exact_value)

    @property
    def gross_cents(self) -> Decimal | None:
        return None if self.gross is None else to_cents(self.gross)

    @property
    def after_deadweight_cents(self) -> Decimal | None:
        return None if self.after_deadweight is None else to_cents(self.after_deadweight)

    @property
    def not_monetised_reason(self):
        return NOT_MONETISED_REASONS.get(self.not_monetised, "")


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _percentage(value, name: str) -> Decimal:
    pct = Decimal(0) if value is None else Decimal(value)
    if not Decimal(0) <= pct <= HUNDRED:
        raise ValueError(f"{name} must be a percentage from 0 to 100, not {pct}")
    return pct


def estimate(
    *,
    quantity: Decimal | None,
    proxy: Decimal | None,
    deadweight_pct: Decimal | None = None,
    attribution_pct: Decimal | None = None,
    has_indicator: bool = True,
) -> Estimate:
    """quantity × proxy, minus deadweight, minus attribution; or the reason it cannot be made."""
    deadweight = _percentage(deadweight_pct, "deadweight")
    attribution = _percentage(attribution_pct, "attribution")
    parts = dict(
        quantity=quantity,
        proxy=proxy,
        deadweight_pct=deadweight,
        attribution_pct=attribution,
    )
    if not has_indicator:
        return Estimate(**parts, not_monetised=NO_INDICATOR)
    if quantity is None:
        return Estimate(**parts, not_monetised=NO_QUANTITY)
    if proxy is None:
        return Estimate(**parts, not_monetised=NO_PROXY)
    if quantity < 0 or proxy < 0:
        raise ValueError("quantity and proxy cannot be negative")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        gross = Decimal(quantity) * Decimal(proxy)
        after_deadweight = gross * (HUNDRED - deadweight) / HUNDRED
        value = after_deadweight * (HUNDRED - attribution) / HUNDRED
    return Estimate(**parts, gross=gross, after_deadweight=after_deadweight, exact_value=value)


def estimate_record(record) -> Estimate:
    """The estimate of a ValueRecord; expects ``indicator`` to be select_related."""
    indicator = record.indicator
    return estimate(
        quantity=record.quantity,
        proxy=indicator.proxy_value_eur if indicator is not None else None,
        deadweight_pct=record.deadweight_pct,
        attribution_pct=record.attribution_pct,
        has_indicator=indicator is not None,
    )


def total(estimates: Iterable[Estimate]) -> Decimal:
    """The sum of the monetised estimates, summed exactly and rounded to cents once."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        amount = sum((e.exact_value for e in estimates if e.is_monetised), Decimal(0))
    return to_cents(amount)
