"""Filters of the work list. One form on the page; each section applies the filters that fit it.

Invalid values (an unknown id, a made-up category) are shown as errors on the form and otherwise
ignored, as django-filter does for every field that does not validate."""

import django_filters
from django.utils.translation import gettext_lazy as _

from initiatives.accounts.models import Department
from initiatives.models import Area, Initiative
from partnership.models import Blockage, CityRequest, Commitment, Objection, PolicyFramework


class _WorklistFilter(django_filters.FilterSet):
    """Department and area, with the path to them set per model."""

    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        method="filter_department",
        empty_label=_("All departments"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"),
        queryset=Area.objects.all(),
        method="filter_area",
        empty_label=_("All areas"),
    )

    department_path = "department"
    area_path = "initiative__area"

    def filter_department(self, queryset, name, value):
        return queryset.filter(**{self.department_path: value}) if value else queryset

    def filter_area(self, queryset, name, value):
        return queryset.filter(**{self.area_path: value}) if value else queryset


class BlockageWorklistFilter(_WorklistFilter):
    """The page's form: the widest of the filters."""

    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=PolicyFramework.Category.choices,
        empty_label=_("All categories"),
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"), choices=Blockage.Severity.choices, empty_label=_("All")
    )

    class Meta:
        model = Blockage
        fields = ["department", "area", "category", "severity"]


class CommitmentWorklistFilter(_WorklistFilter):
    class Meta:
        model = Commitment
        fields = ["department", "area"]


class RequestWorklistFilter(_WorklistFilter):
    class Meta:
        model = CityRequest
        fields = ["department", "area"]


class ObjectionWorklistFilter(_WorklistFilter):
    area_path = "request__initiative__area"

    class Meta:
        model = Objection
        fields = ["department", "area"]


class InitiativeWorklistFilter(_WorklistFilter):
    """Initiatives follow the area. The department is not a filter here: the initiatives one is
    point of contact for are one's own whatever the department, and for those waiting for a
    coordinator the selector applies it (see ``initiatives_needing_coordinator``)."""

    area_path = "area"

    class Meta:
        model = Initiative
        fields = ["area"]

    def filter_department(self, queryset, name, value):
        return queryset


class InitiativeBlockageTriageFilter(_WorklistFilter):
    """The triage follows the area only: its blockages have no department yet."""

    class Meta:
        model = Blockage
        fields = ["area"]

    def filter_department(self, queryset, name, value):
        return queryset
