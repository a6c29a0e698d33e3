"""The users page's form: roles, a civil servant's department and an anchor institution's
organisation. Here, above the apps, because it offers both accounts' departments and the
initiatives app's partner organisations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.accounts.models import Department
from initiatives.accounts.roles import ANCHOR, CIVIL_SERVANT, COORDINATOR, ROLE_LABELS, roles_of
from initiatives.models import PartnerOrganisation
from initiatives.permissions import anchor_organisation


class UserRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=list(ROLE_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Required for civil servants: their work list is their department's."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=PartnerOrganisation.objects.order_by("name"),
        required=False,
        help_text=_("Required for anchor institution staff: the organisation they work for."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["roles"].initial = sorted(roles_of(user))
        self.fields["department"].initial = user.department_id
        organisation = anchor_organisation(user)
        self.fields["organisation"].initial = organisation.pk if organisation else None

    def clean(self):
        cleaned = super().clean()
        roles = set(cleaned.get("roles") or [])
        if roles & {CIVIL_SERVANT, COORDINATOR} and not cleaned.get("department"):
            self.add_error(
                "department", _("Choose the department of this civil servant or coordinator.")
            )
        if ANCHOR in roles and not cleaned.get("organisation"):
            self.add_error(
                "organisation", _("Choose the organisation of this anchor institution's staff.")
            )
        return cleaned
