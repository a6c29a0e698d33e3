"""Forms for requests, their decisions and clocks, kinds of request, and cooperation.

Forms check the shape of the input; the rules of the state machine live in
``partnership.services.requests`` and come back as errors tied to these fields.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.accounts.models import Department
from initiatives.dates import bounded_date, past_date
from initiatives.forms import ModelMultipleChoiceField
from initiatives.formtools import DateInput
from initiatives.models import InitiativePartner, PartnerOrganisation
from partnership.forms.logging import _MunicipalUserChoice, municipal_users
from partnership.models import (
    CityRequest,
    ClockAdjustment,
    Objection,
    RefusalGround,
    RequestKind,
)
from partnership.services.requests import MAX_ADJUSTMENT_DAYS, MAX_TERM_DAYS


def form_prefix(city_request: CityRequest, action: str) -> str:
    """Several requests' forms share the partner page; a prefix per request and action keeps
    their field names and ids apart (``decide-12-reasons`` beside ``withdraw-12-reasons``)."""
    return f"{action}-{city_request.pk}"


class KindChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(kind)s (decision within %(days)d days)") % {
            "kind": obj.display_name,
            "days": obj.decision_term_days,
        }


class RequestForm(forms.ModelForm):
    """A request by an initiative. Municipal users registering it on the initiative's behalf
    also give the deciding department and the date it reached the city."""

    kind = KindChoiceField(
        label=_("Kind of request"),
        queryset=RequestKind.objects.all(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    submitted_on = forms.DateField(
        label=_("Received on"),
        required=False,
        widget=DateInput,
        validators=[past_date],
        help_text=_("The day the request reached the city; today if left empty."),
    )

    PLACE_FIELDS = ("location", "amount_requested")
    RTC_FIELDS = (
        "task_taken_over",
        "proposed_budget",
        "current_city_cost",
        "neighbourhood_support",
        "capacity",
        "added_value",
    )
    FIGURE_FIELDS = ("supporters", "opponents", "volunteers_available", "volunteers_needed")

    class Meta:
        model = CityRequest
        fields = [
            "kind",
            "title",
            "description",
            "location",
            "amount_requested",
            "task_taken_over",
            "proposed_budget",
            "current_city_cost",
            "neighbourhood_support",
            "capacity",
            "added_value",
            "supporters",
            "opponents",
            "volunteers_available",
            "volunteers_needed",
            "department",
        ]
        help_texts = {
            "supporters": _("How many neighbours signed or said they are in favour (optional)."),
            "opponents": _("How many neighbours said they are against (optional)."),
            "volunteers_available": _("How many volunteers commit to it (optional)."),
            "volunteers_needed": _("How many volunteers it needs to run (optional)."),
            "location": _("For a building, plot of land or public space: which one?"),
            "amount_requested": _("For a subsidy: the amount in euro."),
            "task_taken_over": _("Which municipal task would the initiative take over?"),
            "proposed_budget": _("What the initiative needs to carry out the task, in euro."),
            "current_city_cost": _(
                "What the task costs the city now, in euro (your point of contact can tell you)."
            ),
            "neighbourhood_support": _(
                "Who in the neighbourhood supports this, and how do you know?"
            ),
            "capacity": _("People, skills and time the initiative has for the task."),
            "added_value": _("What the neighbourhood gains beyond what the city does now."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "task_taken_over": forms.Textarea(attrs={"rows": 3}),
            "neighbourhood_support": forms.Textarea(attrs={"rows": 3}),
            "capacity": forms.Textarea(attrs={"rows": 3}),
            "added_value": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipal = municipal
        if municipal:
            self.fields["department"].queryset = Department.objects.all()
            self.fields["department"].required = False
        else:
            del self.fields["department"]
            del self.fields["submitted_on"]

    def general_fields(self):
        return [self[name] for name in ("kind", "title", "description")]

    def place_fields(self):
        return [self[name] for name in self.PLACE_FIELDS]

    def rtc_fields(self):
        return [self[name] for name in self.RTC_FIELDS]

    def figure_fields(self):
        return [self[name] for name in self.FIGURE_FIELDS]

    def municipal_fields(self):
        return [self[name] for name in ("department", "submitted_on") if name in self.fields]


class ConsiderForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    """A decision on one request. The grounds offered are those of the request's kind."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (CityRequest.Decision.GRANTED, CityRequest.Decision.GRANTED.label),
            (
                CityRequest.Decision.GRANTED_WITH_CONDITIONS,
                CityRequest.Decision.GRANTED_WITH_CONDITIONS.label,
            ),
            (CityRequest.Decision.REFUSED, CityRequest.Decision.REFUSED.label),
        ],
        widget=forms.RadioSelect,
    )
    grounds = ModelMultipleChoiceField(
        label=_("Grounds of refusal"),
        queryset=RefusalGround.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required for a refusal: one or more of the grounds listed for this kind."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The initiative reads these. Required for a refusal and for conditions: "
            "state the conditions here."
        ),
    )
    contradiction_explanation = forms.CharField(
        label=_("Why the ground holds against the request's own figures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when you refuse on a ground that the request's figures contradict (see "
            "the warning). Public: it is shown with the decision on the register."
        ),
    )
    decided_on = forms.DateField(
        label=_("Decided on"), required=False, widget=DateInput, validators=[past_date]
    )

    def __init__(self, *args, kind: RequestKind, grounds=None, city_request=None, **kwargs):
        """``grounds``: the kind's grounds when already loaded, so rendering costs no query.
        ``city_request``: the request decided on, whose own figures may contradict a ground;
        ``warnings`` then lists those grounds with the figures, shown before the decider
        chooses (the page works without JavaScript, so the warning does not wait for a click).
        """
        super().__init__(*args, **kwargs)
        field = self.fields["grounds"]
        field.queryset = RefusalGround.objects.filter(kinds=kind).order_by("name")
        if grounds is None:
            grounds = list(field.queryset)
        field.choices = [(g.pk, g.display_name) for g in grounds]
        self.fields["decided_on"].initial = timezone.localdate()
        self.warnings = []
        if city_request is not None:
            for ground in grounds:
                why = ground.contradiction(city_request)
                if why:
                    self.warnings.append((ground, why))
        if not self.warnings:
            del self.fields["contradiction_explanation"]


class ObjectionForm(forms.Form):
    grounds = forms.CharField(
        label=_("Why do you object?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Say what you disagree with in the decision and why. The department that decided "
            "reconsiders it and answers with reasons."
        ),
    )
    late_reason = forms.CharField(
        label=_("Why does the objection come after the term?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, late: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if late:
            self.fields["late_reason"].required = True
            self.fields["late_reason"].help_text = _(
                "Required: the six weeks have passed. The department decides whether the delay "
                "is excusable (Awb art. 6:11)."
            )
        else:
            del self.fields["late_reason"]


class ObjectionAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision on the objection"),
        choices=[
            (Objection.Outcome.WELL_FOUNDED, Objection.Outcome.WELL_FOUNDED.label),
            (Objection.Outcome.PARTLY, Objection.Outcome.PARTLY.label),
            (Objection.Outcome.UNFOUNDED, Objection.Outcome.UNFOUNDED.label),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Reasoned answer"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The initiative reads this; it is shown on the partner page."),
    )


class ObjectionAssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    owner = _MunicipalUserChoice(
        label=_("Handled by"),
        queryset=municipal_users(),
        required=False,
        empty_label=_("The department as a whole"),
        help_text=_("A civil servant of the department; empty: the department as a whole."),
    )

    def __init__(self, *args, objection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if objection is not None:
            self.fields["department"].initial = objection.department_id
            self.fields["owner"].initial = objection.owner_id


class ObjectionWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the objection? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    reasons = forms.CharField(
        label=_("Why is the request withdrawn? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ClockForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Suspend or extend"),
        choices=ClockAdjustment.Kind.choices,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(label=_("Number of days"), min_value=1, max_value=MAX_ADJUSTMENT_DAYS)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required. The initiative sees this reason beside the new deadline."),
    )


class RequestKindForm(forms.ModelForm):
    refusal_grounds = ModelMultipleChoiceField(
        label=_("Grounds on which it may be refused"),
        queryset=RefusalGround.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_grounds = forms.CharField(
        label=_("New grounds"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One ground per line, in Dutch; they are added to the list above."),
    )

    class Meta:
        model = RequestKind
        fields = [
            "name",
            "name_en",
            "code",
            "description",
            "decision_term_days",
            "is_right_to_challenge",
            "collective_good",
            "department",
        ]
        help_texts = {
            "code": _("Short code without spaces; made from the name if left empty."),
            "decision_term_days": _("Calendar days from submission to the decision."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["decision_term_days"].widget.attrs.update({"min": 1, "max": MAX_TERM_DAYS})
        if self.instance.pk:
            del self.fields["code"]
            self.fields["refusal_grounds"].initial = list(
                self.instance.refusal_grounds.values_list("pk", flat=True)
            )

    def clean_decision_term_days(self):
        days = self.cleaned_data["decision_term_days"]
        if days is not None and not 1 <= days <= MAX_TERM_DAYS:
            raise forms.ValidationError(
                _("Give a term from 1 to %(max)d days."), params={"max": MAX_TERM_DAYS}
            )
        return days

    def clean_new_grounds(self):
        """A ground's name fits its column; a longer line was stored nowhere and, on SQLite,
        crashed the look-up of an existing ground with the same name."""
        text = self.cleaned_data["new_grounds"]
        limit = RefusalGround._meta.get_field("name").max_length
        for number, line in enumerate(text.splitlines(), start=1):
            if len(line.strip()) > limit:
                raise forms.ValidationError(
                    _("Line %(line)d is too long: a ground has at most %(max)d characters."),
                    params={"line": number, "max": limit},
                )
        return text

    def new_ground_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["new_grounds"].splitlines()]


class PartnerLinkForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=PartnerOrganisation.objects.order_by("name"),
        required=False,
        help_text=_("Choose a known organisation, or name a new one below."),
    )
    new_name = forms.CharField(
        label=_("Or: name of a new organisation"), required=False, max_length=200
    )
    new_kind = forms.ChoiceField(
        label=_("Kind of the new organisation"),
        choices=[("", "---------"), *PartnerOrganisation.Kind.choices],
        required=False,
    )
    new_is_anchor = forms.BooleanField(
        label=_("The new organisation is an anchor institution"),
        required=False,
        help_text=_(
            "Housing corporations, schools, universities, hospitals and other institutions "
            "rooted in the city."
        ),
    )
    cooperation = forms.ChoiceField(
        label=_("Form of cooperation"), choices=InitiativePartner.Cooperation.choices
    )
    since = forms.DateField(
        label=_("Since"), required=False, widget=DateInput, validators=[past_date]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ContractForm(forms.Form):
    """Who gave the initiative what, for how much and for how long. A plain form: the rules
    (one awarder, an anchor institution, end after start) come from the service, tied to fields."""

    awarded_by_department = forms.ModelChoiceField(
        label=_("Awarded by department"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("When the city gave the assignment."),
    )
    awarded_by_organisation = forms.ModelChoiceField(
        label=_("Awarded by anchor institution"),
        queryset=PartnerOrganisation.objects.filter(is_anchor_institution=True).order_by("name"),
        required=False,
        help_text=_("When an anchor institution gave it."),
    )
    description = forms.CharField(label=_("What"), max_length=300)
    amount = forms.DecimalField(label=_("Amount (€)"), min_value=0, max_digits=12, decimal_places=2)
    start_on = forms.DateField(label=_("From"), widget=DateInput, validators=[bounded_date])
    end_on = forms.DateField(
        label=_("Until"), required=False, widget=DateInput, validators=[bounded_date]
    )
