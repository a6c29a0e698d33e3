"""What a user wants to hear of, and whether the daily digest comes by mail."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership import notifications

CATEGORY_LABELS = {
    notifications.RECORDS: _("What the municipality records about my initiatives"),
    notifications.PARTNERS: _("What partners send to my department, and hand-offs to it"),
    notifications.REQUESTS: _("Requests of my initiatives being submitted"),
    notifications.REMINDERS: _("Reminders of commitments and blockages"),
    notifications.OTHER: _("Other news"),
}


class NotificationPreferenceForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Notify me of"),
        choices=[(c, CATEGORY_LABELS[c]) for c in notifications.SWITCHABLE_CATEGORIES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A decision on your request and a new point of contact always reach you, at once."
        ),
    )
    digest_by_mail = forms.BooleanField(
        label=_("Send me the daily digest by e-mail"),
        required=False,
        help_text=_("Your notifications are always in the list on this site."),
    )
