"""The intake term, in working days."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.models import IntakeSetting


class IntakeTermForm(forms.Form):
    term_working_days = forms.IntegerField(
        label=_("Term to name a point of contact (working days)"),
        min_value=1,
        max_value=IntakeSetting.MAX_TERM,
        help_text=_(
            "Working days (Monday to Friday) from registration until a new initiative must have "
            "a named point of contact. Applies at once to every initiative still waiting."
        ),
    )
