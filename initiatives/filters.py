"""The catalogue's filters. Values are slugs and codes, so a filtered URL reads well and can be
shared; an unknown value becomes a form error and is left out of the query."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import (
    Area,
    CityAsk,
    Domain,
    Initiative,
    InitiativePartner,
    Neighbourhood,
    PartnerOrganisation,
    Status,
    Theme,
)

SORTS = {
    "newest": ("-created_at", "-pk"),
    "title": ("title", "pk"),
    "area": ("area__name", "title", "pk"),
}
SORT_CHOICES = [
    ("newest", _("newest first")),
    ("title", _("title (A–Z)")),
    ("area", _("area")),
]


class InitiativeFilter(django_filters.FilterSet):
    """Choices are plain (value, label) lists read once per request with one small query each:
    no model choice iterators, so no server-side cursors and no query per rendering."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        help_text=_("Words in the title or summary."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), field_name="area__slug", empty_label=_("all")
    )
    neighbourhood = django_filters.ChoiceFilter(
        label=_("Neighbourhood"), field_name="neighbourhood__slug", empty_label=_("all")
    )
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), method="filter_theme", empty_label=_("all")
    )
    domain = django_filters.ChoiceFilter(
        label=_("Domain"), choices=Domain.choices, empty_label=_("all")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("all")
    )
    ask = django_filters.ChoiceFilter(
        label=_("Asks the city for"), method="filter_ask", empty_label=_("anything")
    )
    partner = django_filters.ChoiceFilter(
        label=_("Partner organisation"), method="filter_partner", empty_label=_("any")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="sort_by", empty_label=None
    )

    class Meta:
        model = Initiative
        fields = ["q", "area", "neighbourhood", "theme", "domain", "status", "ask", "partner"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {
            "area": Area.objects.values_list("slug", "name"),
            "neighbourhood": [
                (slug, f"{name} ({area})")
                for slug, name, area in Neighbourhood.objects.values_list(
                    "slug", "name", "area__name"
                )
            ],
            "theme": [(t.slug, t.display_name) for t in Theme.objects.all()],
            "ask": [(a.code, a.display_name) for a in CityAsk.objects.all()],
            "partner": [
                (str(pk), name)
                for pk, name in PartnerOrganisation.objects.values_list("pk", "name")
            ],
        }
        for name, values in choices.items():
            self.filters[name].extra["choices"] = list(values)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))

    def filter_theme(self, queryset, name, value):
        return queryset.filter(themes__slug=value)

    def filter_ask(self, queryset, name, value):
        return queryset.filter(asks__code=value)

    def filter_partner(self, queryset, name, value):
        """A subquery rather than a join: one organisation can cooperate in several ways."""
        links = InitiativePartner.objects.filter(organisation_id=int(value)).values("initiative_id")
        return queryset.filter(pk__in=links)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["newest"]))

    @property
    def qs(self):
        """Sorted newest first unless asked otherwise, with the id as tie-breaker so that pages
        never repeat or skip an initiative."""
        if not hasattr(self, "_qs"):
            queryset = super().qs
            sort = self.form.cleaned_data.get("sort") if self.is_bound else None
            if not sort:
                queryset = queryset.order_by(*SORTS["newest"])
            self._qs = queryset
        return self._qs
