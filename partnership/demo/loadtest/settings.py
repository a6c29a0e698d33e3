"""Settings for ``manage.py loadtest`` only: the production settings, served over plain HTTP on
127.0.0.1 (no TLS in front of it there), with allauth's per-IP login limit raised because every
simulated user comes from the same loopback address. The per-address limit on failed logins
stays as it is."""

from partnership.config.settings import *  # noqa: F403
from partnership.config.settings import ACCOUNT_RATE_LIMITS

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ACCOUNT_RATE_LIMITS = {
    **ACCOUNT_RATE_LIMITS,
    "login": "100000/m/ip",
    "login_failed": "1000/m/ip,5/5m/key",
}
