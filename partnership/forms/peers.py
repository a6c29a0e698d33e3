"""Forms for finding each other (issue 16): being visible to the other initiatives a rule
blocks, and a message to one of them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.models import PeerListing, PeerMessage


class _OwnInitiativeField(forms.ChoiceField):
    """One of the user's own initiatives that the rule blocks, chosen by its slug."""

    def __init__(self, *args, initiatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.by_slug = {i.slug: i for i in initiatives}
        self.choices = [(i.slug, i.title) for i in initiatives]

    def clean(self, value):
        return self.by_slug[super().clean(value)]


class _HiddenErrorsShown:
    """A choice the page does not show (one initiative only) that comes back wrong is reported
    at the top of the form, where the reader sees it."""

    def full_clean(self):
        super().full_clean()
        for name in [n for n in self.errors if n in self.fields]:
            if self.fields[name].widget.is_hidden:
                for message in self.errors.pop(name):
                    self.add_error(None, message)


class PeerListingForm(_HiddenErrorsShown, forms.Form):
    initiative = _OwnInitiativeField(label=_("Initiative"))
    visible = forms.BooleanField(
        label=_("Other initiatives that this rule blocks may find us and write to us"),
        required=False,
    )
    note = forms.CharField(
        label=PeerListing._meta.get_field("note").verbose_name.capitalize(),
        help_text=PeerListing._meta.get_field("note").help_text,
        max_length=300,
        required=False,
    )

    def __init__(self, *args, initiatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"] = _OwnInitiativeField(
            label=_("Initiative"), initiatives=initiatives
        )
        if len(initiatives) == 1:
            self.fields["initiative"].widget = forms.HiddenInput()


class PeerMessageForm(_HiddenErrorsShown, forms.Form):
    sender = _OwnInitiativeField(label=_("On behalf of"))
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=PeerMessage._meta.get_field("body").max_length,
        help_text=_(
            "The members of the other initiative read it in the app and by e-mail; "
            "your e-mail address is not shown to them."
        ),
    )

    def __init__(self, *args, initiatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"] = _OwnInitiativeField(
            label=_("On behalf of"), initiatives=initiatives
        )
        if len(initiatives) == 1:
            self.fields["sender"].widget = forms.HiddenInput()
