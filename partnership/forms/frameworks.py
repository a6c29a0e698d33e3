from django import forms

from partnership.models import PolicyFramework


class PolicyFrameworkForm(forms.ModelForm):
    class Meta:
        model = PolicyFramework
        fields = ["name", "category", "department", "description", "answer_term_weeks"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the term stays what it was (8 weeks for a new framework).
        self.fields["answer_term_weeks"].required = False

    def clean_answer_term_weeks(self):
        value = self.cleaned_data.get("answer_term_weeks")
        if value is None:
            return self.instance.answer_term_weeks or PolicyFramework.DEFAULT_ANSWER_TERM_WEEKS
        return value
