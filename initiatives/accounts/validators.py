"""Phone numbers as people type them: Dutch (06 12345678, 010-123 45 67) and international
(+32 2 123 45 67, 0044 20 7946 0000). No library: the rules a person can check by eye."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CHARACTERS = re.compile(r"^\+?[\d\s\-().]+$")


def phone_digits(value: str) -> str:
    """The number in one international form (+31612345678), for comparing and ``tel:`` links."""
    digits = re.sub(r"\D", "", value)
    if value.strip().startswith("+"):
        return f"+{digits}"
    if digits.startswith("00"):
        return f"+{digits[2:]}"
    if digits.startswith("0"):
        return f"+31{digits[1:]}"
    return digits


def validate_phone(value: str) -> None:
    """A Dutch number has ten digits starting with 0; an international one starts with + (or
    00) and the country code, with 8 to 15 digits; a Dutch one written internationally (+31)
    has nine digits after the 31."""
    value = (value or "").strip()
    if not value:
        return
    if not _CHARACTERS.match(value):
        raise ValidationError(
            _("Use only digits, spaces, hyphens and a leading +, e.g. 06 12345678."),
            code="phone_characters",
        )
    number = phone_digits(value)
    if not number.startswith("+"):
        raise ValidationError(
            _(
                "Start with 0 for a Dutch number or with + and the country code, "
                "e.g. +31 6 12345678."
            ),
            code="phone_start",
        )
    digits = number[1:]
    if digits.startswith("31"):
        if len(digits) != 11:
            raise ValidationError(
                _("A Dutch phone number has 10 digits, e.g. 06 12345678 or 010 123 4567."),
                code="phone_dutch_length",
            )
    elif not 8 <= len(digits) <= 15:
        raise ValidationError(
            _(
                "An international phone number has 8 to 15 digits after the +, "
                "e.g. +32 2 123 45 67."
            ),
            code="phone_international_length",
        )
