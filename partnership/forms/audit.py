"""Forms of the audit trail: its filters and the reason a coordinator gives for a deletion."""

import datetime as dt

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from initiatives.formtools import DATE_HINT, FILTER_DATE_FORMATS, DateInput
from partnership.selectors.audit import AUDITED
from partnership.services.deletion import REASON_MAX_LENGTH, REASON_MIN_LENGTH

# Dates far outside this range cannot be turned into time-zone-aware moments on every database.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


class AuditFilterForm(forms.Form):
    """Filters from the query string; invalid values show an error and are ignored."""

    model = forms.ChoiceField(label=_("What"), required=False)
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=DateInput,
        input_formats=FILTER_DATE_FORMATS,
        help_text=DATE_HINT,
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput,
        input_formats=FILTER_DATE_FORMATS,
        help_text=DATE_HINT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("everything"))] + [
            (a.key, a.model._meta.verbose_name_plural) for a in AUDITED
        ]

    def _within_range(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not (EARLIEST <= value <= LATEST):
            raise forms.ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.year, "latest": LATEST.year}
            )
        return value

    def clean_since(self):
        return self._within_range("since")

    def clean_until(self):
        return self._within_range("until")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date cannot be before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters only, so a bad value never breaks the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "kind_key": None if "model" in self.errors else (data.get("model") or None),
            "since": None if "since" in self.errors else data.get("since"),
            "until": None if "until" in self.errors else data.get("until"),
        }


class HardDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for deleting"),
        min_length=REASON_MIN_LENGTH,
        max_length=REASON_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            _("Kept in the audit trail with your name. Between {min} and {max} characters."),
            min=REASON_MIN_LENGTH,
            max=REASON_MAX_LENGTH,
        ),
    )
