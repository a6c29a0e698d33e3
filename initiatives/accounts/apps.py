from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, departments and roles: the bottom of the house, referenced by every other app."""

    name = "initiatives.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Connects the signal receiver that records an activated authenticator as a passed
        # second factor of the session.
        from initiatives.accounts import mfa  # noqa: F401
