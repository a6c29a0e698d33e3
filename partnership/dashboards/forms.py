from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.dashboards.registry import SLUG_CHOICES


class DashboardSettingsForm(forms.Form):
    public = forms.MultipleChoiceField(
        label=_("Dashboards open to visitors"),
        help_text=_(
            "Anyone can see a public dashboard without logging in. Dashboards never show "
            "personal data, public or not."
        ),
        choices=SLUG_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
