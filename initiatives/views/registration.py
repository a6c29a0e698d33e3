"""Register an initiative in four short steps: what, where, who, and what you need from the
city. The draft lives in the session, so back/next and validation errors never lose input."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from initiatives.forms import NeedStepForm, WhatStepForm, WhereStepForm, WhoStepForm
from initiatives.services import initiative_create

DRAFT_KEY = "initiative_draft"
MAX_STORED_CHARS = 10_000
MAX_STORED_CHOICES = 100

STEPS = [
    ("what", gettext_lazy("What"), gettext_lazy("What does your initiative do?"), WhatStepForm),
    ("where", gettext_lazy("Where"), gettext_lazy("Where does it happen?"), WhereStepForm),
    ("who", gettext_lazy("Who"), gettext_lazy("Who does it, and for whom?"), WhoStepForm),
    (
        "need",
        gettext_lazy("What you need"),
        gettext_lazy("What do you need from the city?"),
        NeedStepForm,
    ),
]
LAST = len(STEPS) - 1


def _draft(request) -> dict:
    draft = request.session.get(DRAFT_KEY)
    if not isinstance(draft, dict):
        draft = {}
    draft.setdefault("current", 0)
    draft.setdefault("reached", 0)
    draft.setdefault("data", {})
    return draft


def _save_draft(request, draft: dict) -> None:
    request.session[DRAFT_KEY] = draft
    request.session.modified = True


def _raw(post, form_class) -> dict[str, list[str]]:
    """What the user typed into this step's own fields, as lists of strings the session can hold.
    Other keys are dropped and each value is cut just past its field's maximum length (so a value
    that was too long is still refused when the draft is checked again): a post cannot blow up the
    session row."""
    kept = {}
    for name, field in form_class.base_fields.items():
        values = post.getlist(name)
        if not values:
            continue
        if isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
            values = values[:MAX_STORED_CHOICES]
        else:
            values = values[-1:]
        limit = min(getattr(field, "max_length", None) or MAX_STORED_CHARS, MAX_STORED_CHARS)
        kept[name] = [value[: limit + 1] for value in values]
    return kept


def _form_for(index: int, draft: dict, data=None):
    name, _label, _title, form_class = STEPS[index]
    if data is not None:
        return form_class(data)
    stored = draft["data"].get(name)
    return form_class(MultiValueDict(stored)) if stored is not None else form_class()


def _step_index(value, draft: dict) -> int | None:
    """A step number as the user sees it (1 to 4) to an index, if that step is reachable."""
    try:
        index = int(value) - 1
    except (TypeError, ValueError):
        return None
    if 0 <= index <= min(draft["reached"], LAST):
        return index
    return None


def _render(request, draft: dict, index: int, form, status: int = 200):
    steps = [
        {"number": i + 1, "label": label, "current": i == index, "reachable": i <= draft["reached"]}
        for i, (_name, label, _title, _form) in enumerate(STEPS)
    ]
    ctx = {
        "form": form,
        "steps": steps,
        "step_index": index,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "step_title": STEPS[index][2],
        "is_first": index == 0,
        "is_last": index == LAST,
    }
    return render(request, "initiatives/initiative_create.html", ctx, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def initiative_register(request):
    draft = _draft(request)
    if request.method == "GET":
        index = _step_index(request.GET.get("step"), draft)
        if index is None:
            index = min(draft["current"], draft["reached"], LAST)
        return _render(request, draft, index, _form_for(index, draft))

    action = request.POST.get("action", "next")
    if action == "discard":
        request.session.pop(DRAFT_KEY, None)
        messages.success(request, _("The draft has been discarded."))
        return redirect("initiatives:initiative_create")

    index = _step_index(request.POST.get("step"), draft)
    if index is None:
        return redirect("initiatives:initiative_create")
    name = STEPS[index][0]
    draft["data"][name] = _raw(request.POST, STEPS[index][3])

    if action == "back":
        draft["current"] = max(0, index - 1)
        _save_draft(request, draft)
        return redirect("initiatives:initiative_create")

    form = _form_for(index, draft, data=request.POST)
    if not form.is_valid():
        draft["current"] = index
        _save_draft(request, draft)
        return _render(request, draft, index, form)

    if index < LAST:
        draft["current"] = index + 1
        draft["reached"] = max(draft["reached"], index + 1)
        _save_draft(request, draft)
        return redirect("initiatives:initiative_create")

    # The last step: every step must hold up, else go back to the first that does not.
    cleaned = {}
    for i in range(len(STEPS)):
        step_form = _form_for(i, draft)
        if not step_form.is_bound or not step_form.is_valid():
            draft["current"] = i
            draft["reached"] = max(draft["reached"], i)
            _save_draft(request, draft)
            messages.error(request, _("Please complete this step first."))
            return redirect("initiatives:initiative_create")
        cleaned.update(step_form.cleaned_data)

    initiative = initiative_create(created_by=request.user, **cleaned)
    request.session.pop(DRAFT_KEY, None)
    messages.success(
        request,
        _("%(title)s has been registered. You are its lead.") % {"title": initiative.title},
    )
    return redirect(reverse("partnership:initiative_detail", kwargs={"slug": initiative.slug}))
