from django import forms

from partnership.models import PolicyFramework


class PolicyFrameworkForm(forms.ModelForm):
    class Meta:
        model = PolicyFramework
        fields = ["name", "category", "department", "description", "answer_term_weeks"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
