"""Everyone who sees personal data needs two factors, and must have used the second one in THIS
session.

Civil servants and coordinators, anchor institutions' staff (issue 17: "with two factors, like
civil servants") and Django staff, who can open /admin/, are "staff" here. While
``MFA_REQUIRED_FOR_STAFF`` is on (the default unless DEBUG):

- a staff user without an activated TOTP authenticator is sent from every page to allauth's TOTP
  activation page, with a message saying why; allauth's own pages (log out, reauthenticate, the
  activation itself), static files, the health check, the language switch and the privacy page
  stay reachable;
- a staff user WITH an authenticator whose session has no "mfa" authentication record (a login
  that skipped the second factor, a session from before the factor existed) is sent to allauth's
  MFA reauthentication page; only that page, log out and the always-open pages stay reachable, so
  a password alone cannot deactivate the authenticator or make new recovery codes.

Activating an authenticator proves the factor (the user typed a valid code), so it is recorded as
an "mfa" authentication of the session. Tests that log staff in with ``force_login`` set
``MFA_REQUIRED_FOR_STAFF = False`` (tests/conftest.py).
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib import messages
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from initiatives.accounts.roles import has_anchor_role, is_municipal

OPEN_PATHS = ("/static/", "/health/", "/i18n/", "/privacy/")
ALWAYS_ALLOWED = ("/accounts/", *OPEN_PATHS)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_staff_user(user) -> bool:
    """Sees personal data or an organisation's records: civil servants, coordinators, anchor
    institutions' staff, and anyone who may open the admin."""
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or is_municipal(user) or has_anchor_role(user)
    )


def needs_totp(user) -> bool:
    return is_staff_user(user) and not has_totp(user)


def session_passed_second_factor(request) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


@receiver(authenticator_added)
def _activation_proves_the_factor(sender, request, user, authenticator, **kwargs):
    from allauth.account.internal.flows.login import record_authentication

    if request is not None and getattr(request, "user", None) == user:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "MFA_REQUIRED_FOR_STAFF", True) or not is_staff_user(request.user):
            return self.get_response(request)
        path = request.path_info
        if not has_totp(request.user):
            if path.startswith(ALWAYS_ALLOWED):
                return self.get_response(request)
            messages.warning(
                request,
                _(
                    "You can see personal data, so your account needs two-factor "
                    "authentication. Set up an authenticator app to continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        if session_passed_second_factor(request):
            return self.get_response(request)
        reauthenticate = reverse("mfa_reauthenticate")
        if path.startswith(OPEN_PATHS) or path in (reauthenticate, reverse("account_logout")):
            return self.get_response(request)
        messages.warning(
            request,
            _("Enter a code from your authenticator app to continue."),
        )
        return redirect(f"{reauthenticate}?{urlencode({'next': request.get_full_path()})}")
