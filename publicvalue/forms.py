"""Forms for the value framework and value records. Validation messages are tied to fields; the
rules themselves live in ``publicvalue.rules`` so that the services apply the same ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from initiatives.formtools import DateInput
from initiatives.models import Initiative
from publicvalue import rules, selectors, services
from publicvalue.models import Evidence, Indicator, ValueDimension, ValueRecord

PERCENT_HELP = _("0 to 100. Give the reason when it is more than 0.")


class DimensionForm(forms.ModelForm):
    """A coordinator adds or edits a dimension. A dimension's code never changes; a dimension in
    use keeps its group."""

    class Meta:
        model = ValueDimension
        fields = list(services.DIMENSION_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, in_use: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_use = in_use
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("A code never changes once it exists.")
        if in_use:
            self.fields["group"].disabled = True
            self.fields["group"].help_text = _(
                "Value records use this dimension, so its group cannot change. "
                "Retire it and add a new dimension instead."
            )


class IndicatorForm(forms.ModelForm):
    """A coordinator adds or edits an indicator. An indicator in use keeps its unit and dimension;
    its name and proxy value (with source and year) may be updated."""

    class Meta:
        model = Indicator
        fields = list(services.INDICATOR_FIELDS)

    def __init__(self, *args, in_use: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_use = in_use
        self.fields["dimension"].queryset = selectors.choosable_dimensions(
            keep_id=self.instance.dimension_id if self.instance.pk else None
        )
        self.fields["proxy_year"].widget.attrs.update({"min": 1990})
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("A code never changes once it exists.")
        if in_use:
            for name in ("dimension", "unit"):
                self.fields[name].disabled = True
            self.fields["unit"].help_text = _(
                "Value records use this indicator, so its unit and dimension cannot change. "
                "Retire it and add a new indicator instead."
            )

    def clean_proxy_year(self):
        year = self.cleaned_data.get("proxy_year")
        if year is not None and not 1990 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("Enter the year the proxy value applies to."))
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("proxy_value_eur") is not None:
            if not (cleaned.get("proxy_source") or "").strip():
                self.add_error("proxy_source", _("A proxy value needs its source."))
            if not cleaned.get("proxy_year"):
                self.add_error("proxy_year", _("A proxy value needs the year it applies to."))
        return cleaned


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        label = f"{obj.dimension}: {obj} ({obj.get_unit_display()})"
        if obj.retired_at:
            label += " – " + str(_("retired"))
        return label


class _StoredAttachment:
    """What the file input shows of a stored attachment: its name, linked to the guarded view."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name


class AttachmentInput(forms.ClearableFileInput):
    """Links the current attachment to ``value_record_attachment`` (files are not public)."""

    download_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"] and self.download_url:
            filename = value.name.rsplit("/", 1)[-1]
            context["widget"]["value"] = _StoredAttachment(filename, self.download_url)
        return context


class ValueRecordForm(forms.ModelForm):
    """Record value from the partner page. A story without a number is a valid record; a
    quantity needs an indicator, and is checked against its unit."""

    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("Leave empty for a story without numbers."),
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("In the unit of the indicator. Leave empty for a story."),
    )
    evidence = forms.ChoiceField(
        label=_("Evidence"),
        choices=[
            (level, label) for level, label in Evidence.choices if level in rules.CHOOSABLE_EVIDENCE
        ],
        initial=Evidence.STORY,
        help_text=_(
            "“Verified by the municipality” is set when a civil servant verifies the record."
        ),
    )
    link = forms.URLField(
        label=_("Link to evidence"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Optional: a web page, photo album or article that shows the value."),
    )
    deadweight_pct = forms.DecimalField(
        label=_("Deadweight (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        initial=Decimal(0),
        help_text=format_lazy(
            "{} {}", _("What would have happened anyway, without the initiative."), PERCENT_HELP
        ),
    )
    attribution_pct = forms.DecimalField(
        label=_("Attribution to others (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        initial=Decimal(0),
        help_text=format_lazy(
            "{} {}",
            _("The share of the value owed to others (partners, professionals)."),
            PERCENT_HELP,
        ),
    )

    class Meta:
        model = ValueRecord
        fields = list(services.RECORD_FIELDS)
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "attachment": AttachmentInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }
        help_texts = {
            "attachment": _("Optional: a PDF, JPG or PNG file of at most 5 MB."),
            "narrative": _("What happened, for whom, and how you know."),
        }

    def __init__(self, *args, initiative: Initiative, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.today = today or timezone.localdate()
        previous = self.instance if self.instance.pk else None
        self.previous_dimension_id = previous.dimension_id if previous else None
        self.previous_indicator_id = previous.indicator_id if previous else None
        self.fields["dimension"].queryset = selectors.choosable_dimensions(
            keep_id=self.previous_dimension_id
        )
        self.fields["indicator"].queryset = selectors.choosable_indicators(
            keep_id=self.previous_indicator_id
        )
        if previous:
            self.fields["attachment"].widget.download_url = reverse(
                "publicvalue:value_record_attachment", args=[initiative.slug, previous.pk]
            )
        for name in ("period_start", "period_end"):
            self.fields[name].widget.attrs["max"] = self.today.isoformat()
        if previous and previous.evidence not in rules.CHOOSABLE_EVIDENCE:
            self.initial["evidence"] = Evidence.STORY

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            message = rules.attachment_error(upload)
            if message:
                raise forms.ValidationError(message)
        return upload

    def clean(self):
        cleaned = super().clean()
        for name in ("deadweight_pct", "attribution_pct"):
            if name not in self.errors and cleaned.get(name) is None:
                cleaned[name] = Decimal(0)
        errors = rules.record_errors(
            dimension=cleaned.get("dimension"),
            indicator=cleaned.get("indicator"),
            quantity=cleaned.get("quantity"),
            period_start=cleaned.get("period_start"),
            period_end=cleaned.get("period_end"),
            evidence=cleaned.get("evidence"),
            deadweight_pct=cleaned.get("deadweight_pct"),
            deadweight_reason=cleaned.get("deadweight_reason", ""),
            attribution_pct=cleaned.get("attribution_pct"),
            attribution_reason=cleaned.get("attribution_reason", ""),
            volunteers=self.initiative.volunteers,
            today=self.today,
            previous_dimension_id=self.previous_dimension_id,
            previous_indicator_id=self.previous_indicator_id,
        )
        for field, messages in errors.items():
            if field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def record_data(self) -> dict[str, Any]:
        """The cleaned fields as the service takes them (a cleared attachment becomes "")."""
        data = {name: self.cleaned_data[name] for name in services.RECORD_FIELDS}
        if data["attachment"] is False:
            data["attachment"] = ""
        elif data["attachment"] is None:
            data.pop("attachment")
        return data


class ClarificationForm(forms.Form):
    question = forms.CharField(
        label=_("Your question to the initiative"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The members see it on their partner page, beside the record."),
    )
