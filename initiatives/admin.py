from django.contrib import admin
from django.contrib.auth import get_user_model
from simple_history.admin import SimpleHistoryAdmin

from initiatives import models
from initiatives.accounts.roles import COORDINATOR


@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    filter_horizontal = ["coordinators"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coordinators":
            # Only coordinators look after an area's intake.
            kwargs["queryset"] = (
                get_user_model().objects.filter(groups__name=COORDINATOR).order_by("email")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(models.Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    list_filter = ["area"]
    search_fields = ["name"]


@admin.register(models.Theme, models.CityAsk)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en"]


@admin.register(models.PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_anchor_institution"]
    list_filter = ["kind", "is_anchor_institution"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    raw_id_fields = ["user"]


class StatusChangeInline(admin.TabularInline):
    model = models.StatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_on", "reason", "changed_by"]
    can_delete = False


@admin.register(models.Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "area", "domain", "status", "is_public", "created_at"]
    list_filter = ["domain", "status", "is_public", "area"]
    search_fields = ["title", "summary", "slug"]
    raw_id_fields = ["point_of_contact", "coordinator", "created_by", "updated_by", "neighbourhood"]
    filter_horizontal = ["themes", "asks"]
    inlines = [MembershipInline, StatusChangeInline]
    list_select_related = ["area"]


@admin.register(models.Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "initiative", "created_at", "accepted_at"]
    raw_id_fields = ["initiative", "invited_by", "accepted_by"]


@admin.register(models.InitiativePartner)
class InitiativePartnerAdmin(admin.ModelAdmin):
    list_display = ["initiative", "organisation", "cooperation"]
    raw_id_fields = ["initiative"]
