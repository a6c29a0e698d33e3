"""Filters of the work list. One form on the page; each section applies the filters that fit it.

Invalid values (an unknown id, a made-up category) are shown as errors on the form and otherwise
ignored, as django-filter does for every field that does not validate."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from initiatives.accounts.models import Department
from initiatives.models import Area, Initiative
from partnership.models import Blockage, CityRequest, Commitment, Objection, PolicyFramework


class _ListedChoiceIterator(ModelChoiceIterator):
    """The options from the rows the field already read (``_ListedModelChoiceField.listed``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.field.listed():
            yield self.choice(obj)

    def __len__(self):
        extra = (self.field.empty_label is not None) + (self.field.null_label is not None)
        return len(self.field.listed()) + extra

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.listed())


class _ListedModelChoiceField(ModelChoiceField):
    """A choice among a few reference rows (departments, areas), read once per form in one
    plain query whose rows both validate the value sent and make the options. Django's field
    asks twice: a ``get()`` to validate, then a server-side cursor for the options, which
    costs three round trips of its own (declare, fetch, close)."""

    iterator = _ListedChoiceIterator

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._listed = None  # each form reads its own rows
        return result

    def listed(self) -> list:
        if getattr(self, "_listed", None) is None:
            self._listed = list(self.queryset)
        return self._listed

    def to_python(self, value):
        if self.null_label is not None and value == self.null_value:
            return value
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        try:
            wanted = self.queryset.model._meta.pk.to_python(value)
        except ValidationError:
            wanted = None
        for obj in self.listed():
            if obj.pk == wanted:
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class _ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _ListedModelChoiceField


class _WorklistFilter(django_filters.FilterSet):
    """Department and area, with the path to them set per model."""

    department = _ListedModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        method="filter_department",
        empty_label=_("All departments"),
    )
    area = _ListedModelChoiceFilter(
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
        label=_("Severity"),
        choices=Blockage.Severity.choices,
        empty_label=_("All"),
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
