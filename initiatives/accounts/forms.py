from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.accounts.models import Department, User
from initiatives.accounts.validators import validate_phone


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "parent", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Department.objects.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _("Empty for a cluster; a department belongs to one.")


NAME_HELP = _("Your first and last name, as you want partners to read it, e.g. Jan de Vries.")
PHONE_HELP = _("Optional. A Dutch number (06 12345678) or an international one (+32 2 123 45 67).")


def _clean_name(value: str) -> str:
    return " ".join(value.split())


def _clean_phone(value: str) -> str:
    value = " ".join((value or "").split())
    validate_phone(value)
    return value


class ProfileForm(forms.ModelForm):
    """What a person tells others about themselves (/account/profiel/). Staff do not get the
    phone choice: their number is a work number that partners may use."""

    class Meta:
        model = User
        fields = ["name", "phone", "preferred_contact", "phone_visible_to_city"]
        widgets = {"preferred_contact": forms.RadioSelect}
        help_texts = {
            "name": NAME_HELP,
            "phone": PHONE_HELP,
            "phone_visible_to_city": _(
                "Civil servants and coordinators then see your number on your initiative's page. "
                "Other initiators and council members never see it."
            ),
        }

    def __init__(self, *args, municipal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        if municipal:
            del self.fields["phone_visible_to_city"]
            self.fields["phone"].help_text = _(
                "Your work number: the initiatives you work with see it."
            )

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        wants_phone = cleaned.get("preferred_contact") in (
            User.PreferredContact.PHONE,
            User.PreferredContact.EITHER,
        )
        if wants_phone and "phone" in cleaned and not cleaned["phone"]:
            self.add_error(
                "phone", _("Fill in your phone number if you want to be reached by phone.")
            )
        elif (
            wants_phone
            and "phone_visible_to_city" in self.fields
            and not cleaned.get("phone_visible_to_city")
        ):
            self.add_error(
                "phone_visible_to_city",
                _("To be reached by phone, allow the municipality to see your phone number."),
            )
        return cleaned


class SignupProfileForm(forms.Form):
    """allauth's sign-up form inherits from this (ACCOUNT_SIGNUP_FORM_CLASS): the name, so that
    partners read a person and not an address, and optionally a phone number."""

    field_order = ["name", "email", "password1", "password2", "phone"]

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_(
            "Optional. Only you see it, until you allow the municipality to see it in your profile."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_name(self):
        name = _clean_name(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Fill in your name."), code="required")
        return name

    def clean_phone(self):
        return _clean_phone(self.cleaned_data["phone"])

    def signup(self, request, user) -> None:
        """Called by allauth once the user is saved."""
        from initiatives.accounts.services import profile_update

        profile_update(
            user=user,
            name=self.cleaned_data["name"],
            phone=self.cleaned_data["phone"],
            preferred_contact=user.preferred_contact,
            phone_visible_to_city=False,
        )
