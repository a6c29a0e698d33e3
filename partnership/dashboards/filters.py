"""The dashboard filters: period, area, domain and theme, from the query string.

One FilterSet gives every dashboard its form and validation. The figures live on different
models (initiatives, blockages, value records, ...), each with its own relevant date, so instead of
filtering one queryset the FilterSet hands every selector a ``Q`` for its own path to the
initiative and its own date field (``q``), or for a period that overlaps (``overlap_q``).
Invalid values never break a page: the form shows the error and that filter is left out.
"""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from initiatives.formtools import DATE_HINT, FILTER_DATE_FORMATS, DateInput
from initiatives.models import Area, Domain, Initiative, Theme


class DashboardFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", gettext("The end of the period cannot be before its start."))
            cleaned.pop("until", None)
            cleaned.pop("since", None)
        return cleaned


def _noop(queryset, name, value):
    """Selectors apply the values themselves through ``q``/``overlap_q``."""
    return queryset


class DashboardFilter(django_filters.FilterSet):
    since = django_filters.DateFilter(
        label=_("Period from"),
        method=_noop,
        widget=DateInput(),
        input_formats=FILTER_DATE_FORMATS,
        help_text=DATE_HINT,
    )
    until = django_filters.DateFilter(
        label=_("Period until"),
        method=_noop,
        widget=DateInput(),
        input_formats=FILTER_DATE_FORMATS,
        help_text=DATE_HINT,
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=Area.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All areas"),
        method=_noop,
    )
    domain = django_filters.ChoiceFilter(
        label=_("Domain"),
        choices=Domain.choices,
        empty_label=_("Both domains"),
        method=_noop,
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All themes"),
        method=_noop,
    )

    class Meta:
        model = Initiative
        fields: list[str] = []
        form = DashboardFilterForm

    def use_options(self, *, areas: list[tuple[str, str]], themes: list[tuple[str, str]]):
        """Offer these (slug, name) pairs instead of querying the areas and themes again when
        the form is drawn (``selectors.filter_options``, cached); validation is unchanged."""
        form = self.form
        for name, options in (("area", areas), ("theme", themes)):
            field = form.fields[name]
            field.widget.choices = [("", field.empty_label), *options]

    @property
    def values(self) -> dict:
        """The valid values only; an invalid one is shown as an error and ignored."""
        if not hasattr(self, "_values"):
            form = self.form
            form.is_valid()
            cleaned = getattr(form, "cleaned_data", {})
            self._values = {k: v for k, v in cleaned.items() if v not in (None, "")}
        return self._values

    @property
    def period_start(self) -> dt.date | None:
        return self.values.get("since")

    @property
    def period_end(self) -> dt.date | None:
        return self.values.get("until")

    @property
    def is_active(self) -> bool:
        return bool(self.values)

    def q(self, prefix: str = "", date: str | None = None) -> Q:
        """Initiatives in scope, reached from the queried model through ``prefix``
        (``""`` for Initiative itself, ``"initiative__"`` for a blockage, ...), and the period
        on the ``date`` path. Archived initiatives never count."""
        values = self.values
        q = Q(**{f"{prefix}archived_at__isnull": True})
        if "area" in values:
            q &= Q(**{f"{prefix}area": values["area"]})
        if "domain" in values:
            q &= Q(**{f"{prefix}domain": values["domain"]})
        if "theme" in values:
            # A subquery, not a join: a join on themes would repeat rows in other counts.
            tagged = Initiative.themes.through.objects.filter(theme=values["theme"])
            q &= Q(**{f"{prefix}id__in": tagged.values("initiative_id")})
        if date:
            q &= self.period_q(date)
        return q

    def period_q(self, date: str) -> Q:
        q = Q()
        if self.period_start:
            q &= Q(**{f"{date}__gte": self.period_start})
        if self.period_end:
            q &= Q(**{f"{date}__lte": self.period_end})
        return q

    def overlap_q(self, start: str, end: str) -> Q:
        """Records whose own period overlaps the chosen period (value records)."""
        q = Q()
        if self.period_start:
            q &= Q(**{f"{end}__gte": self.period_start})
        if self.period_end:
            q &= Q(**{f"{start}__lte": self.period_end})
        return q

    def cache_key(self) -> str:
        values = self.values
        parts = [
            values["since"].isoformat() if "since" in values else "",
            values["until"].isoformat() if "until" in values else "",
            values["area"].slug if "area" in values else "",
            values.get("domain", ""),
            values["theme"].slug if "theme" in values else "",
        ]
        return "|".join(parts)

    def describe(self) -> str:
        """The filters in words, for the printed page and the export; dates written out in the
        page's language (30 november 2026), the one date form of the dashboards."""
        values = self.values
        parts = []
        if self.period_start or self.period_end:
            parts.append(
                gettext("period %(since)s – %(until)s")
                % {
                    "since": date_format(self.period_start, "j F Y") if self.period_start else "…",
                    "until": date_format(self.period_end, "j F Y") if self.period_end else "…",
                }
            )
        if "area" in values:
            parts.append(gettext("area %(area)s") % {"area": values["area"].name})
        if "domain" in values:
            parts.append(gettext("domain %(domain)s") % {"domain": Domain(values["domain"]).label})
        if "theme" in values:
            parts.append(gettext("theme %(theme)s") % {"theme": values["theme"].display_name})
        return ", ".join(parts) if parts else gettext("no filters: all initiatives")
