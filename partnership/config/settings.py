"""Settings for the partnership platform.

Everything that differs between a laptop and production comes from the environment, read through
the small helpers in ``partnership.config.env`` that stop start-up with a message naming the
variable.
Fail closed: with no environment at all the settings refuse to load, naming DJANGO_SECRET_KEY and
DJANGO_DEBUG, so a deployment that forgets a variable never comes up in debug mode with a known
key. Local use says so: the Makefile exports ``DJANGO_DEBUG=true`` (``make run``, ``make test``,
``.ci/run``), and a pytest run, however started, is local use too (these settings are imported
with pytest loaded; no server imports pytest). In debug: SQLite under ``var/``, e-mail printed to
the console, a development key.
"""

import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from partnership.config.env import env_bool, env_database, env_int, env_list, env_str
from partnership.config.links import initiative_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", default="pytest" in sys.modules)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production-0123456789"
if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", default=_DEV_SECRET)
elif not env_str("DJANGO_SECRET_KEY", default=""):
    raise ImproperlyConfigured(
        "Set the environment variable DJANGO_SECRET_KEY (production), or DJANGO_DEBUG=true for "
        "local development only (make run and make test set it for you)."
    )
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", default=None)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "simple_history",
    # The apps, bottom to top: each may import only the apps listed before it.
    "initiatives.accounts",
    "initiatives",
    "publicvalue",
    "partnership",
    "partnership.dashboards",
    "partnership.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app servers themselves (compressed, cached for ever when hashed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "initiatives.accounts.mfa.StaffTwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "partnership.config.middleware.ContentSecurityPolicyMiddleware",
    "initiatives.site.SiteAddressMiddleware",
]

ROOT_URLCONF = "partnership.config.urls"
# An initiative's page is composed by the partnership app, above the app that owns the model: the
# project wiring says where it lives, so ``initiatives`` never names a URL of an app above it.
# (``initiative_url`` is that ``reverse()``, done once rather than once per row of a list.)
ABSOLUTE_URL_OVERRIDES = {"initiatives.initiative": initiative_url}
WSGI_APPLICATION = "partnership.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "initiatives.templating.DjangoTemplates",  # Django's (see there)
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "initiatives.accounts.context_processors.roles",
                "partnership.context_processors.notifications",
            ],
            # Django's i18n tags, fixed text translated once per language, and its url tag, each
            # path reversed once (the same output, cheaper).
            "libraries": {"i18n": "initiatives.templatetags.i18n_cached"},
            "builtins": ["initiatives.templatetags.url_once"],
        },
    },
]
# Django's form templates, the per-field and per-option ones written by Python (same HTML).
FORM_RENDERER = "initiatives.formtools.FormRenderer"

DATABASES = {"default": env_database("DATABASE_URL", default_sqlite=VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "partnership",
    }
}
_redis_url = env_str("REDIS_URL", default="")
if _redis_url:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _redis_url,
    }

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's, reading the session's user with its roles in one query.
AUTHENTICATION_BACKENDS = [
    "initiatives.accounts.backends.ModelBackend",
    "initiatives.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth 65: e-mail is the login, verification is mandatory.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# The name (required) and an optional phone number come from this form, which allauth's sign-up
# form inherits (allauth's own "phone" field would make the phone a login method).
ACCOUNT_SIGNUP_FORM_CLASS = "initiatives.accounts.forms.SignupProfileForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "initiatives.accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_OPEN = env_bool("ACCOUNT_SIGNUP_OPEN", default=True)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Partnerplatform] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # Invitations mail any address: per inviting user, and per initiative.
    "invite_member": "10/h/user",
    "invite_initiative": "20/d/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Partnerplatform Rotterdam"
# Everyone who sees personal data (civil servants, coordinators, admin staff) must use TOTP, with
# recovery codes, in production; the local demo (DEBUG) lets them in without it. Never trust a
# browser to skip the second factor (MFA_TRUST_ENABLED stays off).
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", default=not DEBUG)
MFA_TRUST_ENABLED = False

SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 8)
# Sessions live in PostgreSQL, which every app server shares. With a shared cache (REDIS_URL) they
# are read from it first ("cached_db": written to both, so nothing is lost when the cache is
# flushed). Never with the per-process memory cache: a server would go on trusting a session
# another server had ended (a logout).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _redis_url
    else "django.contrib.sessions.backends.db"
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Production (DEBUG off) serves what ``collectstatic`` wrote: names carry a hash of the content
# and WhiteNoise sends them gzip/Brotli-compressed with ``Cache-Control: max-age=315360000,
# public, immutable``. With DEBUG on (and in tests) the plain files are served as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded evidence. In production point this at shared storage (a network volume or an object
# store through STORAGES), so that app servers stay stateless.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", default="partnerplatform@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The address that links in e-mails point to. Empty: the address of the request that caused the
# notification, and for a cron job the last address recorded (initiatives/site.py).
SITE_URL = env_str("DJANGO_SITE_URL", default="").rstrip("/")

# Days a commitment counts as "due soon"; days after which an open blockage is reminded.
COMMITMENT_DUE_SOON_DAYS = env_int("COMMITMENT_DUE_SOON_DAYS", default=7)
BLOCKAGE_REMINDER_DAYS = env_int("BLOCKAGE_REMINDER_DAYS", default=30)
# Working days within which the city answers what a partner sends (a raised blockage, a dispute,
# a question, a request) for the first time.
FIRST_ANSWER_WORKING_DAYS = env_int("FIRST_ANSWER_WORKING_DAYS", default=5)
# Supporting initiatives that put a rule proposal on the council's agenda (issue 16).
PROPOSAL_AGENDA_SUPPORT = env_int("PROPOSAL_AGENDA_SUPPORT", default=25)
# Objections to a decision (issue 15): lodged within six weeks of it (Algemene wet
# bestuursrecht art. 6:7, fixed by law), decided within the city's own term (art. 7:10 allows
# six or, with an advisory committee, twelve weeks).
OBJECTION_TERM_WEEKS = 6
OBJECTION_DECISION_WEEKS = env_int("OBJECTION_DECISION_WEEKS", default=12)

CSRF_FAILURE_VIEW = "partnership.config.views.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="WARNING")},
}
