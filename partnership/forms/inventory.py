"""Forms of the inventory: keeping an item, and an initiative applying for one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from partnership.models import CityRequest, InventoryItem, RequestKind


class InventoryItemForm(forms.ModelForm):
    class Meta:
        model = InventoryItem
        fields = [
            "kind",
            "title",
            "description",
            "area",
            "neighbourhood",
            "address",
            "size",
            "condition",
            "conditions_text",
            "current_yearly_cost",
            "availability",
            "status",
            "department",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class RequestKindField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(kind)s (decision within %(days)d days)") % {
            "kind": obj.display_name,
            "days": obj.decision_term_days,
        }


class InitiativeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class InventoryApplyForm(forms.ModelForm):
    """The request an application becomes. The Right to Challenge terms are asked for tasks;
    the service says which are required for the kind chosen."""

    initiative = InitiativeField(label=_("For the initiative"), queryset=Initiative.objects.none())
    kind = RequestKindField(
        label=_("Kind of request"),
        queryset=RequestKind.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )

    RTC_FIELDS = (
        "task_taken_over",
        "proposed_budget",
        "neighbourhood_support",
        "capacity",
        "added_value",
    )

    class Meta:
        model = CityRequest
        fields = [
            "initiative",
            "kind",
            "description",
            "current_city_cost",
            "task_taken_over",
            "proposed_budget",
            "neighbourhood_support",
            "capacity",
            "added_value",
        ]
        help_texts = {
            "current_city_cost": _("What the city spends on it today, from the inventory."),
        }

    def __init__(self, *args, item: InventoryItem, initiatives, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["kind"].queryset = RequestKind.objects.filter(pk__in=[k.pk for k in kinds])
        self.fields["kind"].initial = kinds[0].pk if kinds else None
        self.fields["current_city_cost"].initial = item.current_yearly_cost
        if item.kind != InventoryItem.Kind.TASK:
            for name in self.RTC_FIELDS:
                del self.fields[name]

    def rtc_fields(self):
        return [self[name] for name in self.RTC_FIELDS if name in self.fields]

    def general_fields(self):
        return [self[name] for name in self.fields if name not in self.RTC_FIELDS]
