"""A form posted twice stores one record. Create forms carry a one-time token (a hidden input from
``{% submit_once_token %}``); the first post that saves claims it in the same transaction as the
save, a repeat post with it is sent to the result of the first. A post without a token (an old
page, a script) works as before."""

import datetime as dt
import re
import secrets
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.accounts.models import FormSubmission

FIELD = "submit_token"
_VALID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP = dt.timedelta(days=2)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _already_done(request, token: str):
    done = FormSubmission.objects.filter(token=token).first()
    if done is None:
        return None
    messages.info(request, _("This form had already been sent; it was saved once."))
    return redirect(done.result_url)


def submit_once(view):
    """For create views whose success is a redirect: run the view and claim the token in one
    transaction, so of two simultaneous posts with one token only one saves."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not _VALID.match(token):
            return view(request, *args, **kwargs)
        if (done := _already_done(request, token)) is not None:
            return done
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                if response.status_code in (301, 302, 303) and response.has_header("Location"):
                    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
                    FormSubmission.objects.create(
                        token=token,
                        user=request.user if request.user.is_authenticated else None,
                        result_url=response["Location"][:500],
                    )
        except IntegrityError:
            # Another post with this token saved first; this one's work was rolled back.
            if (done := _already_done(request, token)) is not None:
                return done
            raise
        return response

    return wrapper
