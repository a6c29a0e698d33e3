"""Forms for what the municipality logs about an initiative and what its partners answer.

Forms check the input and tie each message to its field; the services check the rules again that
depend on the item's state (already settled, handed to itself, ...)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.accounts.models import Department
from initiatives.accounts.selectors import department_staff_names, municipal_staff
from initiatives.dates import bounded_date, past_date
from initiatives.formtools import DateInput
from initiatives.permissions import CIVIL_SERVANT, COORDINATOR
from partnership.models import (
    Blockage,
    BlockageHandoff,
    Commitment,
    Contact,
    PolicyFramework,
    Rating,
    Reply,
)


class _DatesMixin:
    """Date widgets in ISO format and every date within bounds (``initiatives.dates``); the
    listed fields are dates of what has happened, so not in the future either."""

    past_dates: tuple[str, ...] = ()

    def _setup_dates(self):
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.validators.append(past_date if name in self.past_dates else bounded_date)


class ContactForm(_DatesMixin, forms.ModelForm):
    past_dates = ("date",)

    class Meta:
        model = Contact
        fields = [
            "date",
            "channel",
            "department",
            "initiated_by",
            "summary",
            "outcome",
            "referred_to",
        ]
        help_texts = {
            "summary": _("What was discussed. The initiative's members read this."),
            "outcome": _("What was agreed or decided."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_dates()
        self.fields["date"].initial = timezone.localdate()
        if user is not None and user.department_id and not self.is_bound:
            self.fields["department"].initial = user.department_id
        self.fields["referred_to"].empty_label = _("Not referred on")

    def clean(self):
        cleaned = super().clean()
        department, referred_to = cleaned.get("department"), cleaned.get("referred_to")
        if department and referred_to and department == referred_to:
            self.add_error(
                "referred_to",
                _("A referral goes to another department than the one that had the contact."),
            )
        return cleaned


class OwnerChoiceField(forms.ModelChoiceField):
    """A civil servant as partners read them: name and department.

    The options are the staff of one department (``offer``), read as rows; what is posted is
    looked up in the field's queryset, which may be wider: then the model says at this field,
    in the user's language, that the owner must work in the commitment's department."""

    def offer(self, department):
        """Offer the staff of ``department`` (a pk or a department; None: nobody)."""
        staff = department_staff_names(department) if department is not None else []
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        self.choices = empty + [(pk, f"{name}, {dept}") for pk, name, dept in staff]


class CommitmentForm(_DatesMixin, forms.ModelForm):
    past_dates = ("promised_on",)

    class Meta:
        model = Commitment
        fields = ["description", "department", "owner", "promised_on", "due_on"]
        field_classes = {"owner": OwnerChoiceField}
        help_texts = {
            "description": _("In words the initiative recognises: who does what, for whom."),
            "owner": _(
                "The civil servant of that department who sees to it. Empty: you, if you work "
                "in that department."
            ),
            "due_on": _("When the initiative may expect it."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_dates()
        self.fields["promised_on"].initial = timezone.localdate()
        # Anyone who can own a commitment is looked up when posted (the model then refuses one
        # of another department at this field), but only the people of one department are
        # offered: the 1,468 of all departments were a list no one scrolls on a phone, and most
        # of the page's cost. Whoever logs for another department leaves the owner empty and
        # that department names one (it or a coordinator hands the commitment on).
        self.fields["owner"].queryset = municipal_staff()
        self.fields["owner"].offer(self._department_in_view(user))
        if user is not None and user.department_id and not self.is_bound:
            self.fields["department"].initial = user.department_id
            self.fields["owner"].initial = user.pk

    def _department_in_view(self, user):
        """Whose staff to offer as owner: the department posted, when the form comes back with
        an error (so choosing another department and then its owner works without JavaScript),
        else the logging user's own."""
        if self.is_bound:
            try:  # the field's own check: a department that exists, or none (any input)
                return self.fields["department"].clean(self["department"].value())
            except ValidationError:
                pass
        return user.department_id if user is not None else None

    def clean(self):
        cleaned = super().clean()
        promised_on, due_on = cleaned.get("promised_on"), cleaned.get("due_on")
        if promised_on and due_on and due_on < promised_on:
            self.add_error("due_on", _("The due date cannot be before the date of the promise."))
        return cleaned


class CommitmentOwnerForm(forms.Form):
    """Hand a commitment to another civil servant of its department."""

    owner = OwnerChoiceField(
        label=_("Owner"),
        queryset=None,
        help_text=_("A civil servant of the department that made the commitment."),
    )

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = municipal_staff(commitment.department)
        self.fields["owner"].offer(commitment.department_id)
        self.fields["owner"].initial = commitment.owner_id


class CommitmentSettleForm(_DatesMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(s.value, s.label) for s in Commitment.SETTLED],
        widget=forms.RadioSelect,
    )
    settled_on = forms.DateField(label=_("Settled on"))
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea,
        help_text=_("What happened. The initiative's members read this."),
    )
    past_dates = ("settled_on",)

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self._setup_dates()
        self.fields["settled_on"].initial = timezone.localdate()

    def clean_settled_on(self):
        value = self.cleaned_data["settled_on"]
        if value < self.commitment.promised_on:
            raise ValidationError(_("A commitment cannot be settled before it was made."))
        return value


class ReplyForm(forms.ModelForm):
    """The partner's own words beside what the municipality recorded."""

    class Meta:
        model = Reply
        fields = ["body"]

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["body"].help_text = help_text


class ContactAnswerForm(ReplyForm):
    """A member's answer to a contact; a question starts the department's first-answer clock."""

    asks = forms.BooleanField(
        label=_("I am asking a question and would like an answer"),
        required=False,
        help_text=_("The department then answers within its term for a first answer."),
    )


class _FrameworkChoice(forms.ModelChoiceField):
    """A rule with the department that owns it, so the partner sees where it goes."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.department})"


def _frameworks():
    return PolicyFramework.objects.select_related("department")


class BlockageForm(_DatesMixin, forms.ModelForm):
    """A blockage logged by a civil servant."""

    past_dates = ("raised_on",)

    class Meta:
        model = Blockage
        fields = [
            "department",
            "policy_framework",
            "category",
            "description",
            "severity",
            "raised_on",
        ]
        help_texts = {
            "department": _("Leave empty to give it to the department that owns the framework."),
            "policy_framework": _("The rule or policy that blocks. Its category is taken over."),
            "category": _("Only needed when no policy framework applies."),
        }
        field_classes = {"policy_framework": _FrameworkChoice}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_dates()
        self.fields["raised_on"].initial = timezone.localdate()
        self.fields["category"].required = False
        self.fields["department"].required = False
        self.fields["department"].empty_label = _("The framework's owning department")
        self.fields["policy_framework"].queryset = _frameworks()
        self.fields["policy_framework"].empty_label = _("None of these")
        if user is not None and user.department_id and not self.is_bound:
            self.fields["department"].initial = user.department_id

    def clean(self):
        cleaned = super().clean()
        framework = cleaned.get("policy_framework")
        if framework is not None:
            cleaned["category"] = framework.category
        elif not cleaned.get("category") and "policy_framework" not in self.errors:
            self.add_error("category", _("Choose a category, or the policy framework that blocks."))
        if (
            framework is None
            and cleaned.get("department") is None
            and not {"department", "policy_framework"} & set(self.errors)
        ):
            self.add_error(
                "department", _("Choose the department, or the policy framework that blocks.")
            )
        return cleaned


class BlockageRaiseForm(forms.ModelForm):
    """A blockage raised by an initiator in their own words. They never have to know the city's
    departments: the rule they name brings its owning department, "I don't know" sends it to
    their point of contact, who routes it."""

    class Meta:
        model = Blockage
        fields = ["description", "policy_framework", "category", "severity"]
        labels = {
            "description": _("What is stuck? In your own words."),
            "policy_framework": _("Which rule is in the way?"),
            "category": _("What kind of rule or question is it about?"),
            "severity": _("How much does it hold you back?"),
        }
        help_texts = {
            "policy_framework": _(
                "If you know the rule, the department that owns it gets your blockage at once. "
                "If not, your point of contact at the municipality finds the right department."
            ),
            "category": _("Only when you do not know the rule; you may leave this open too."),
        }
        field_classes = {"policy_framework": _FrameworkChoice}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_framework"].queryset = _frameworks()
        self.fields["policy_framework"].required = False
        self.fields["policy_framework"].empty_label = _("I don't know which rule")
        self.fields["category"].required = False
        self.fields["category"].choices = [("", _("I don't know"))] + list(
            PolicyFramework.Category.choices
        )

    def clean_category(self):
        return self.cleaned_data.get("category") or PolicyFramework.Category.OTHER


class BlockageRespondForm(forms.Form):
    """A civil servant confirms or answers a blockage an initiator raised: beside, not over it."""

    kind = forms.ChoiceField(
        label=_("Your response"),
        choices=[
            (Reply.Kind.CONFIRMATION, _("Confirm: this blockage is real")),
            (Reply.Kind.ANSWER, _("Answer: explain or ask")),
        ],
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Your words"),
        widget=forms.Textarea,
        help_text=_("The initiative's members read this next to their own description."),
    )
    policy_framework = forms.ModelChoiceField(
        label=_("Policy framework"),
        queryset=PolicyFramework.objects.all(),
        required=False,
        empty_label=_("Leave as it is"),
        help_text=_("Name the rule that blocks, if you know it; its category is taken over."),
    )


class HandoffForm(_DatesMixin, forms.ModelForm):
    past_dates = ("handed_on",)

    class Meta:
        model = BlockageHandoff
        fields = ["to_department", "reason", "handed_on"]
        labels = {"to_department": _("Hand to department"), "reason": _("Why this department")}

    def __init__(self, *args, blockage, **kwargs):
        super().__init__(*args, **kwargs)
        self.blockage = blockage
        self._setup_dates()
        self.fields["handed_on"].initial = timezone.localdate()
        departments = Department.objects.all()
        if blockage.department_id is not None:
            departments = departments.exclude(pk=blockage.department_id)
        self.fields["to_department"].queryset = departments
        if blockage.department_id is None:
            # Routing out of triage: the named rule's department is the suggestion.
            self.fields["to_department"].label = _("Route to department")
            self.fields["reason"].label = _("Why this department")
            if blockage.policy_framework_id and not self.is_bound:
                self.fields["to_department"].initial = blockage.policy_framework.department_id

    def clean_handed_on(self):
        value = self.cleaned_data["handed_on"]
        if value < self.blockage.raised_on:
            raise ValidationError(_("A blockage cannot be handed on before it was raised."))
        return value


class BlockageSettleForm(_DatesMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(s.value, s.label) for s in Blockage.SETTLED],
        widget=forms.RadioSelect,
    )
    settled_on = forms.DateField(label=_("Settled on"))
    resolution = forms.CharField(
        label=_("Resolution"),
        widget=forms.Textarea,
        help_text=_("How it was solved, worked around, or why it stays unresolved."),
    )
    past_dates = ("settled_on",)

    def __init__(self, *args, blockage, **kwargs):
        super().__init__(*args, **kwargs)
        self.blockage = blockage
        self._setup_dates()
        self.fields["settled_on"].initial = timezone.localdate()

    def clean_settled_on(self):
        value = self.cleaned_data["settled_on"]
        if value < self.blockage.raised_on:
            raise ValidationError(_("A blockage cannot be settled before it was raised."))
        return value


class RatingForm(forms.ModelForm):
    class Meta:
        model = Rating
        fields = ["score", "comment"]
        labels = {
            "score": _("How did the municipality work with you?"),
            "comment": _("Comment (optional)"),
        }
        help_texts = {"score": _("1 = very badly, 5 = very well.")}
        widgets = {
            "score": forms.RadioSelect(choices=[(n, str(n)) for n in range(1, 6)]),
        }


def municipal_users():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[CIVIL_SERVANT, COORDINATOR])
        .select_related("department")
        .distinct()
        .order_by("name", "email")
    )


class _MunicipalUserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.department_id:
            return f"{obj} ({obj.department})"
        return str(obj)


class AssignForm(forms.Form):
    """A coordinator names the point of contact and, when departments must align, a coordinator."""

    point_of_contact = _MunicipalUserChoice(
        label=_("Point of contact (aanspreekpunt)"),
        queryset=municipal_users(),
        required=False,
        empty_label=_("None yet"),
        help_text=_("The one person the initiative can always call."),
    )
    coordinator = _MunicipalUserChoice(
        label=_("Coordinator (begeleider)"),
        queryset=municipal_users(),
        required=False,
        empty_label=_("None"),
        help_text=_("Arranges the alignment once a second department is involved."),
    )

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point_of_contact"].initial = initiative.point_of_contact_id
        self.fields["coordinator"].initial = initiative.coordinator_id


class ContractDisputeAnswerForm(forms.Form):
    """The awarding department's answer to a dispute of its record."""

    answer = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("The initiative's members read this beside their dispute."),
    )
