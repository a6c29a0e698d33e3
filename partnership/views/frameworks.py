"""Coordinators keep the policy frameworks, each with its owning department."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from initiatives.formtools import add_service_errors
from initiatives.permissions import COORDINATOR, role_required
from partnership.forms.frameworks import PolicyFrameworkForm
from partnership.models import PolicyFramework
from partnership.services.frameworks import policy_framework_create, policy_framework_update


def _saved(request, form, save) -> bool:
    data = form.cleaned_data
    try:
        framework = save(
            name=data["name"],
            category=data["category"],
            department=data["department"],
            description=data["description"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(
        request, _("The policy framework “%(name)s” has been saved.") % {"name": framework.name}
    )
    return True


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def policy_frameworks(request):
    form = PolicyFrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _saved(request, form, policy_framework_create):
            return redirect("partnership:policy_frameworks")
    frameworks = PolicyFramework.objects.select_related("department").annotate(
        blockage_count=Count("blockages")
    )
    ctx = {"frameworks": frameworks, "form": form}
    return render(request, "partnership/policy_frameworks.html", ctx)


@require_http_methods(["GET", "POST"])
@role_required(COORDINATOR)
def policy_framework_edit(request, pk: int):
    framework = get_object_or_404(PolicyFramework, pk=pk)
    form = PolicyFrameworkForm(request.POST or None, instance=framework)
    if request.method == "POST" and form.is_valid():

        def save(**fields):
            return policy_framework_update(framework=framework, **fields)

        if _saved(request, form, save):
            return redirect("partnership:policy_frameworks")
    ctx = {"framework": framework, "form": form}
    return render(request, "partnership/policy_framework_edit.html", ctx)
