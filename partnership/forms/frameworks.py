from django import forms

from partnership.models import PolicyFramework


class PolicyFrameworkForm(forms.ModelForm):
    class Meta:
        model = PolicyFramework
        fields = ["name", "category", "department", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
