"""The intake queue's filter: the areas a coordinator looks after (several at once)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.forms import ModelMultipleChoiceField
from initiatives.models import Area, Initiative


class _AreasFilter(django_filters.ModelMultipleChoiceFilter):
    # The project's field refuses an id larger than a database integer (else SQLite crashes).
    field_class = ModelMultipleChoiceField


class IntakeFilter(django_filters.FilterSet):
    area = _AreasFilter(
        label=_("Areas"),
        queryset=Area.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("No area ticked: every area."),
    )

    class Meta:
        model = Initiative
        fields = ["area"]
