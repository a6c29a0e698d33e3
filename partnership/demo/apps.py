from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo city (``manage.py seed_demo``): a tool for ``make run`` and the bench, not part
    of the product; nothing imports it."""

    name = "partnership.demo"
    label = "demo"
    verbose_name = _("Demo data")
