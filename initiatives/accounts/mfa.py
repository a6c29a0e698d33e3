"""Coordinators manage users and roles and may delete for good: their accounts need two factors.

A logged-in coordinator without an activated TOTP authenticator is sent from every page to
allauth's TOTP activation page, with a message saying why. allauth's own pages (log out,
reauthenticate, the activation itself), static files, the health check, the language switch
and the privacy page stay reachable. ``MFA_REQUIRED_FOR_COORDINATORS = False`` turns this off
(tests that log coordinators in with ``force_login``).
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from initiatives.accounts.roles import is_coordinator

ALWAYS_ALLOWED = ("/accounts/", "/static/", "/health/", "/i18n/", "/privacy/")


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_totp(user) -> bool:
    return user.is_authenticated and is_coordinator(user) and not has_totp(user)


class CoordinatorTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "MFA_REQUIRED_FOR_COORDINATORS", True)
            and not request.path_info.startswith(ALWAYS_ALLOWED)
            and needs_totp(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Coordinators manage users and roles and can delete records, so your account "
                    "needs two-factor authentication. Set up an authenticator app to continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
