"""Forms for rules on the table: a proposal, support, evidence, an answer, a framework version.

Forms check the shape of the input; the state machine lives in
``partnership.services.proposals``.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from initiatives import permissions
from initiatives.forms import DateInput, ModelMultipleChoiceField
from partnership.models import PolicyFramework, RuleProposal

MAX_CO_AUTHORS = 10


class BlockageChoiceField(ModelMultipleChoiceField):
    """A blockage named as far as the author may see it: by its initiative and framework, with
    what happened only for the municipality and the initiative's own members."""

    def __init__(self, *args, full_ids=(), **kwargs):
        self.full_ids = set(full_ids)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        rule = obj.policy_framework or obj.get_category_display()
        label = f"{obj.initiative.title} · {rule} ({obj.raised_on:%d-%m-%Y})"
        if obj.initiative_id in self.full_ids:
            label += f": {obj.description[:80]}"
        return label


class ProposalForm(forms.Form):
    policy_framework = forms.ModelChoiceField(
        label=_("Policy framework"), queryset=PolicyFramework.objects.all()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    current_rule = forms.CharField(
        label=_("What the rule says now"), widget=forms.Textarea, max_length=10000
    )
    proposed_change = forms.CharField(
        label=_("What should change"), widget=forms.Textarea, max_length=10000
    )
    reasons = forms.CharField(label=_("Why"), widget=forms.Textarea, max_length=10000)
    blockages = BlockageChoiceField(
        label=_("Blockages that show it"),
        queryset=None,
        required=False,
        help_text=_("Blockages of other initiatives are shown by the initiative's name only."),
    )
    co_authors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        max_length=2000,
        help_text=_("E-mail addresses of people who write with you, separated by commas."),
    )

    def __init__(self, *args, blockages, full_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blockages"].queryset = blockages
        self.fields["blockages"].full_ids = set(full_ids)

    def clean_co_authors(self):
        raw = self.cleaned_data["co_authors"]
        emails = [e.strip().lower() for e in raw.replace(";", ",").split(",") if e.strip()]
        if len(emails) > MAX_CO_AUTHORS:
            raise forms.ValidationError(
                _("At most %(count)d co-authors.") % {"count": MAX_CO_AUTHORS}
            )
        users = list(get_user_model().objects.filter(email__in=emails, is_active=True))
        found = {u.email.lower() for u in users}
        unknown = [e for e in emails if e not in found]
        wrong = [u.email for u in users if not permissions.can_propose_rule_change(u)]
        if unknown or wrong:
            raise forms.ValidationError(
                _("These addresses are not of people who can write proposals: %(emails)s")
                % {"emails": ", ".join(unknown + wrong)}
            )
        return users


class SupportForm(forms.Form):
    initiative = forms.ModelChoiceField(label=_("On behalf of"), queryset=None, empty_label=None)
    public_line = forms.CharField(
        label=_("Why we support this (public, optional)"), max_length=300, required=False
    )
    show_name = forms.BooleanField(
        label=_("Show our initiative's name on the proposal"), required=False, initial=True
    )

    def __init__(self, *args, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives


class EvidenceForm(forms.Form):
    case_text = forms.CharField(
        label=_("The case, anonymised"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("Leave out names, addresses and anything else that identifies people."),
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=RuleProposal.Outcome.choices, widget=forms.RadioSelect
    )
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea, max_length=10000)
    changes = forms.CharField(
        label=_("What changes, and when"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )


class FrameworkVersionForm(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    summary = forms.CharField(label=_("What changed"), widget=forms.Textarea, max_length=5000)
    proposal = forms.ModelChoiceField(
        label=_("The proposal that led to it"), queryset=None, required=False
    )

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = RuleProposal.objects.public().filter(
            policy_framework=framework
        )

    def clean_valid_from(self):
        value = self.cleaned_data["valid_from"]
        if value.year < 1900 or value.year > 2200:
            raise forms.ValidationError(_("Enter a realistic date."))
        return value
