from django.contrib import admin

from partnership.dashboards import models


@admin.register(models.DashboardSetting)
class DashboardSettingAdmin(admin.ModelAdmin):
    list_display = ["slug", "is_public", "changed_at"]
