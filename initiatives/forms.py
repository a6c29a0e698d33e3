"""Forms for registering and running an initiative. Validation only; writes are in services."""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.dates import date_problem, start_date
from initiatives.formtools import DateInput
from initiatives.models import (
    STATUS_TRANSITIONS,
    Area,
    CityAsk,
    Initiative,
    Neighbourhood,
    Status,
    Theme,
)

# A new initiative starts as an idea, is starting, or is already running.
START_STATUSES = [
    (Status.IDEA, _("an idea: we are still thinking it through")),
    (Status.STARTING, _("starting: we are preparing the first activities")),
    (Status.ACTIVE, _("active: we are already doing it")),
]


# The largest id a database integer holds; SQLite cannot even compare a larger number.
MAX_ID = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field looks all chosen ids up in one ``IN (...)`` query; an id beyond what a
    database integer holds made that query crash on SQLite (OverflowError) instead of being an
    invalid choice. Such an id is refused first, with Django's own message for the field."""

    def _check_values(self, value):
        if self.to_field_name is None and isinstance(value, list | tuple):
            for pk in value:
                try:
                    too_large = abs(int(str(pk))) > MAX_ID
                except ValueError:
                    continue  # not a number: Django's own check refuses it
                if too_large:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super()._check_values(value)


class NeighbourhoodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.area.name})"


class PlaceMixin:
    """The neighbourhood, when given, lies in the chosen area."""

    def clean(self):
        cleaned = super().clean()
        area = cleaned.get("area")
        neighbourhood = cleaned.get("neighbourhood")
        if area and neighbourhood and neighbourhood.area_id != area.pk:
            self.add_error(
                "neighbourhood",
                _("%(neighbourhood)s is not in %(area)s. Choose a neighbourhood in that area.")
                % {"neighbourhood": neighbourhood.name, "area": area.name},
            )
        return cleaned


def website_field() -> forms.URLField:
    return forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Optional. A website or social-media page."),
    )


def _place_fields(form) -> None:
    form.fields["area"].queryset = Area.objects.all()
    form.fields["area"].empty_label = _("Choose an area")
    form.fields["neighbourhood"] = NeighbourhoodChoiceField(
        queryset=Neighbourhood.objects.select_related("area"),
        required=False,
        label=_("Neighbourhood"),
        empty_label=_("Not one neighbourhood / don't know"),
        help_text=_("Optional. The neighbourhood where most of your activities take place."),
    )


class WhatStepForm(forms.ModelForm):
    """Step 1: what the initiative does."""

    status = forms.ChoiceField(
        label=_("How far along are you?"),
        choices=START_STATUSES,
        initial=Status.IDEA,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Initiative
        fields = ["title", "summary", "description", "domain", "themes", "status"]
        field_classes = {"themes": ModelMultipleChoiceField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "domain": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title": _("The name people know you by, for example 'Moestuin Tarwewijk'."),
            "description": _("Optional. Tell more: why you started, what you do, who joins."),
            "domain": _(
                "Social: care, welfare, meeting each other. Physical: streets, green, buildings."
            ),
            "themes": _("Tick all that apply."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["domain"].choices = [c for c in self.fields["domain"].choices if c[0] != ""]


class WhereStepForm(PlaceMixin, forms.ModelForm):
    """Step 2: where it happens."""

    class Meta:
        model = Initiative
        fields = ["area", "neighbourhood"]
        help_texts = {"area": _("The area of Rotterdam where the initiative works.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _place_fields(self)


class WhoStepForm(forms.ModelForm):
    """Step 3: who does it and for whom."""

    website = website_field()

    class Meta:
        model = Initiative
        fields = [
            "legal_form",
            "volunteers",
            "people_reached",
            "started_on",
            "website",
            "is_public",
        ]
        widgets = {"started_on": DateInput, "legal_form": forms.RadioSelect}
        help_texts = {
            "legal_form": _("Most initiatives start as an informal group; that is fine."),
            "volunteers": _("Roughly: how many people help regularly?"),
            "people_reached": _("Roughly: how many people take part or benefit in a year?"),
            "started_on": _("Optional. When did you start, or when will you?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_form"].choices = [
            c for c in self.fields["legal_form"].choices if c[0] != ""
        ]
        self.fields["started_on"].validators.append(start_date)
        self.fields["is_public"].label = _("Show the initiative in the public catalogue")
        self.fields["is_public"].help_text = _(
            "Others see its name, summary, area and themes; never your name or contact details."
        )


class NeedStepForm(forms.ModelForm):
    """Step 4: what the initiative needs from the city."""

    class Meta:
        model = Initiative
        fields = ["asks", "uses_municipal_land", "uses_municipal_building", "uses_public_space"]
        field_classes = {"asks": ModelMultipleChoiceField}
        widgets = {"asks": forms.CheckboxSelectMultiple}
        help_texts = {
            "asks": _("Tick what you need from the municipality, if anything."),
            "uses_public_space": _("For example a square, a park or the pavement."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asks"].queryset = CityAsk.objects.all()
        self.fields["asks"].label = _("What do you need from the city?")


class InitiativeEditForm(PlaceMixin, forms.ModelForm):
    """Everything members can change in one form. The status has its own form: it is a row."""

    website = website_field()
    # The saved state this form started from: a save on top of someone else's is refused.
    version = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "description",
            "domain",
            "themes",
            "area",
            "neighbourhood",
            "legal_form",
            "volunteers",
            "people_reached",
            "started_on",
            "website",
            "asks",
            "uses_municipal_land",
            "uses_municipal_building",
            "uses_public_space",
            "is_public",
        ]
        field_classes = {"themes": ModelMultipleChoiceField, "asks": ModelMultipleChoiceField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "domain": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "asks": forms.CheckboxSelectMultiple,
            "started_on": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _place_fields(self)
        self.fields["started_on"].validators.append(start_date)
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["asks"].queryset = CityAsk.objects.all()
        self.fields["domain"].choices = [c for c in self.fields["domain"].choices if c[0] != ""]
        self.fields["version"].initial = self.instance.edit_version
        # Any value that is not the saved version (even a garbled one) means "stale", not an
        # error on a field nobody sees.
        self.fields["version"].validators = []


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    changed_on = forms.DateField(
        label=_("Since"), widget=DateInput, help_text=_("The date of the change.")
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Why did the status change?"),
    )

    def __init__(self, *args, initiative: Initiative, previous_on: dt.date | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous_on = previous_on
        allowed = STATUS_TRANSITIONS.get(initiative.status, set())
        self.fields["to_status"].choices = [
            (value, label) for value, label in Status.choices if value in allowed
        ]
        self.fields["changed_on"].initial = timezone.localdate()

    def clean_changed_on(self):
        changed_on = self.cleaned_data["changed_on"]
        problem = date_problem(
            changed_on, past_only=True, future_message=_("The date cannot be in the future.")
        )
        if problem:
            raise forms.ValidationError(problem)
        if self.previous_on and changed_on < self.previous_on:
            raise forms.ValidationError(
                _("The date cannot be before the previous status change (%(date)s).")
                % {"date": self.previous_on.isoformat()}
            )
        return changed_on


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the co-initiator"),
        max_length=254,
        help_text=_("We send a link; they can sign up if they have no account yet."),
    )


class HandLeadForm(forms.Form):
    new_lead = forms.ModelChoiceField(
        label=_("New lead"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Choose a member"),
        help_text=_("You stay a member as co-initiator."),
    )

    def __init__(self, *args, initiative: Initiative, current_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_lead"].queryset = (
            get_user_model()
            .objects.filter(memberships__initiative=initiative, memberships__left_at__isnull=True)
            .exclude(pk=current_user.pk)
            .order_by("name", "email")
        )
