from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The council dashboards: they read across every app and are imported by none of them
    (only the root URLs and the home page's list of public dashboards know about them)."""

    name = "partnership.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from partnership.dashboards import cache, facts, tally

        cache.connect()
        facts.connect()  # after the cache's receivers: see facts.connect
        tally.connect()  # after the facts' receivers: see tally.connect
        post_migrate.connect(cache.after_migrate, sender=self, dispatch_uid="dashboards-migrate")
