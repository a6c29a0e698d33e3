from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicValueConfig(AppConfig):
    name = "publicvalue"
    verbose_name = _("Public value")
