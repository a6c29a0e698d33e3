"""The address the app is served on, for links in mail: ``settings.SITE_URL`` when the
environment sets it, otherwise the scheme and host of the request being answered (captured by
``SiteAddressMiddleware``), otherwise what the caller recorded last (a command-line run)."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings

# Until anything is known: the address ``make run`` serves on.
FALLBACK_SITE_URL = "http://127.0.0.1:8000"

_request_site_url: ContextVar[str] = ContextVar("request_site_url", default="")


def site_url(*, last_recorded: str = "") -> str:
    """The base of absolute links, without a trailing slash."""
    configured = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return configured or _request_site_url.get() or last_recorded or FALLBACK_SITE_URL


def request_site_url() -> str:
    """The scheme and host of the request being answered, or '' outside a request."""
    return _request_site_url.get()


class SiteAddressMiddleware:
    """Remembers the scheme and host of each request (the host is already checked against
    ALLOWED_HOSTS by ``get_host``) while it is answered, for the links of what it notifies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            base = f"{request.scheme}://{request.get_host()}"
        except Exception:  # noqa: BLE001 - a disallowed host is refused further on
            base = ""
        token = _request_site_url.set(base)
        try:
            return self.get_response(request)
        finally:
            _request_site_url.reset(token)
