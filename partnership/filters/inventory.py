"""Filters of the inventory (*wat kunnen we overnemen*), like the initiatives catalogue's: values
are slugs and codes, an unknown value becomes a form error and is left out of the query."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import Area, Neighbourhood
from partnership.models import InventoryItem


class InventoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        help_text=_("Words in the title, description or address."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=InventoryItem.Kind.choices, empty_label=_("all")
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), field_name="area__slug", empty_label=_("all")
    )
    neighbourhood = django_filters.ChoiceFilter(
        label=_("Neighbourhood"), field_name="neighbourhood__slug", empty_label=_("all")
    )
    condition = django_filters.ChoiceFilter(
        label=_("Conditions"), choices=InventoryItem.Condition.choices, empty_label=_("all")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=InventoryItem.Status.choices, empty_label=_("all")
    )

    class Meta:
        model = InventoryItem
        fields = ["q", "kind", "area", "neighbourhood", "condition", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["area"].extra["choices"] = list(Area.objects.values_list("slug", "name"))
        self.filters["neighbourhood"].extra["choices"] = [
            (slug, f"{name} ({area})")
            for slug, name, area in Neighbourhood.objects.values_list("slug", "name", "area__name")
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(address__icontains=value)
        )
