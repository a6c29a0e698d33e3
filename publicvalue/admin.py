from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from publicvalue import models


@admin.register(models.ValueDimension)
class ValueDimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "broad_prosperity_theme", "sdg", "retired_at"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "dimension", "unit", "proxy_value_eur", "retired_at"]
    list_filter = ["dimension", "unit"]


@admin.register(models.ValueRecord)
class ValueRecordAdmin(SimpleHistoryAdmin):
    """Value records are logged, never rewritten: the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    list_display = ["initiative", "dimension", "indicator", "quantity", "evidence", "period_end"]
    list_filter = ["dimension", "evidence"]
    raw_id_fields = [
        "initiative",
        "recorded_by",
        "verified_by",
        "clarification_requested_by",
    ]
