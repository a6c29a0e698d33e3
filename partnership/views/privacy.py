"""Privacy (AVG/GDPR): what the platform keeps, a user's own data, and deleting an account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from partnership.forms.privacy import DeleteAccountForm
from partnership.selectors.privacy import personal_data_of, personal_data_summary, privacy_rows
from partnership.services.privacy import delete_account as delete_account_service


@require_safe
def privacy(request):
    return render(request, "partnership/privacy.html", {"rows": privacy_rows()})


@never_cache
@require_safe
@login_required
def my_data(request):
    """A page about your data; with ``?format=json`` the download of all of it."""
    if request.GET.get("format") == "json":
        data = personal_data_of(request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        filename = f"my-data-{timezone.localdate().isoformat()}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    ctx = {"summary": personal_data_summary(request.user)}
    return render(request, "partnership/account_data.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account_service(user=request.user)
        logout(request)
        messages.success(
            request,
            _(
                "Your account has been deleted and your personal data erased. Thank you for "
                "working with us."
            ),
        )
        return redirect("home")
    return render(request, "partnership/account_delete.html", {"form": form})
