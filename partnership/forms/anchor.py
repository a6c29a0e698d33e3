"""Forms of anchor institution staff, and an initiative's dispute of what they recorded."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, PartnerOrganisation
from partnership.forms.requests import DateInput
from partnership.models import Contract


class InitiativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.area.name})"


class AnchorContributionForm(forms.Form):
    """What the organisation gave an initiative: a contract, purchases, space or staff time."""

    initiative = InitiativeChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.public().select_related("area").order_by("title"),
    )
    contribution = forms.ChoiceField(
        label=_("Kind of cooperation"), choices=Contract.Contribution.choices
    )
    description = forms.CharField(label=_("What"), max_length=300)
    amount = forms.DecimalField(
        label=_("Amount (€)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("For space or staff time: its value in euro."),
    )
    start_on = forms.DateField(label=_("From"), widget=DateInput)
    end_on = forms.DateField(label=_("Until"), required=False, widget=DateInput)


class ContractDisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("What is not right?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PledgeForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Amount pledged (€)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    purchasing_share = forms.DecimalField(
        label=_("Share of purchasing (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("The share of your purchasing that goes to local initiatives."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AnchorGrantForm(forms.Form):
    """One anchor institution's consent: what it may see beyond the public fields."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=PartnerOrganisation.objects.none(),
        widget=forms.HiddenInput,
    )
    lead_contact = forms.BooleanField(
        label=_("Contact details of the lead (name, e-mail address, phone)"), required=False
    )
    value_records = forms.BooleanField(label=_("The public value you recorded"), required=False)
    member_count = forms.BooleanField(label=_("The number of members"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = PartnerOrganisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
