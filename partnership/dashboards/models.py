from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardSetting(models.Model):
    """Which council dashboards a coordinator has opened to visitors."""

    slug = models.SlugField(unique=True)
    is_public = models.BooleanField(_("public"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dashboard setting")
        verbose_name_plural = _("dashboard settings")

    def __str__(self) -> str:
        return self.slug
