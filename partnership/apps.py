from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = _("Partnership")

    def ready(self) -> None:
        from initiatives.signals import initiative_registered
        from partnership import involvement
        from partnership.intake_events import on_initiative_registered

        initiative_registered.connect(on_initiative_registered, dispatch_uid="intake")
        involvement.connect()
