"""Filters of the public register of decided requests."""

import django_filters
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Area
from partnership.models import CityRequest, RefusalGround, RequestKind

FIRST_REGISTER_YEAR = 2010


def _years():
    """Years a decision can fall in, newest first; a fixed list, so no query and no bad input."""
    this_year = timezone.localdate().year
    years = [(year, str(year)) for year in range(this_year, FIRST_REGISTER_YEAR - 1, -1)]
    return [("", "---------"), *years]


class RegisterFilter(django_filters.FilterSet):
    kind = django_filters.ModelChoiceFilter(
        label=_("Kind of request"), queryset=RequestKind.objects.all()
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), field_name="initiative__area", queryset=Area.objects.all()
    )
    decision = django_filters.ChoiceFilter(
        label=_("Decision"), choices=CityRequest.Decision.choices
    )
    ground = django_filters.ModelChoiceFilter(
        label=_("Ground of refusal"),
        field_name="grounds",
        queryset=RefusalGround.objects.all(),
        distinct=True,
    )
    timeliness = django_filters.ChoiceFilter(
        label=_("On time or late"),
        choices=[("on_time", _("on time")), ("late", _("late"))],
        method="filter_timeliness",
    )
    year = django_filters.TypedChoiceFilter(
        label=_("Year of decision"),
        field_name="decided_on",
        lookup_expr="year",
        choices=_years,
        coerce=int,
    )

    class Meta:
        model = CityRequest
        fields = ["kind", "area", "decision", "ground", "timeliness", "year"]

    def filter_timeliness(self, queryset, name, value):
        if value == "late":
            return queryset.filter(decided_on__gt=F("deadline"))
        if value == "on_time":
            return queryset.filter(decided_on__lte=F("deadline"))
        return queryset
