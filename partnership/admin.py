from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnership import models


@admin.register(models.PolicyFramework)
class PolicyFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "department", "answer_term_weeks"]
    list_filter = ["category", "department"]


class ReadOnly:
    """Logged records are never rewritten (the product promises it): the admin only shows them.
    Corrections go through the app, which keeps a reply or an audit-trail entry."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LoggedAdmin(SimpleHistoryAdmin):
    raw_id_fields = ["initiative", "logged_by"]
    list_select_related = ["initiative"]


@admin.register(models.Contact)
class ContactAdmin(ReadOnly, LoggedAdmin):
    list_display = ["initiative", "date", "channel", "department", "referred_to"]
    list_filter = ["channel", "department"]


@admin.register(models.Commitment)
class CommitmentAdmin(ReadOnly, LoggedAdmin):
    list_display = ["initiative", "department", "due_on", "status"]
    list_filter = ["status", "department"]


class HandoffInline(ReadOnly, admin.TabularInline):
    model = models.BlockageHandoff
    extra = 0
    raw_id_fields = ["handed_by"]


@admin.register(models.Blockage)
class BlockageAdmin(ReadOnly, LoggedAdmin):
    list_display = ["initiative", "department", "category", "status", "raised_on"]
    list_filter = ["status", "category", "department"]
    inlines = [HandoffInline]


@admin.register(models.RequestKind)
class RequestKindAdmin(admin.ModelAdmin):
    list_display = ["name", "decision_term_days", "is_right_to_challenge"]


@admin.register(models.RefusalGround)
class RefusalGroundAdmin(admin.ModelAdmin):
    # rests_on: which of a request's own figures the ground claims fall short (issue 15).
    list_display = ["name", "code", "rests_on"]


class RequestStepInline(ReadOnly, admin.TabularInline):
    model = models.RequestStep
    extra = 0


@admin.register(models.CityRequest)
class CityRequestAdmin(ReadOnly, LoggedAdmin):
    list_display = ["title", "initiative", "kind", "status", "decision", "deadline"]
    list_filter = ["kind", "status", "decision"]
    inlines = [RequestStepInline]


@admin.register(models.Objection)
class ObjectionAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["request", "department", "owner", "lodged_on", "due_on", "status", "outcome"]
    list_filter = ["status", "outcome", "department"]


@admin.register(models.Contract)
class ContractAdmin(LoggedAdmin):
    list_display = ["initiative", "description", "amount", "start_on"]


@admin.register(models.Reply, models.Rating)
class ReplyAndRatingAdmin(ReadOnly, admin.ModelAdmin):
    raw_id_fields = ["initiative"]


# Rules on the table (issue 16).
class ProposalSupportInline(admin.TabularInline):
    model = models.ProposalSupport
    raw_id_fields = ["initiative", "supported_by"]
    extra = 0


@admin.register(models.RuleProposal)
class RuleProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "policy_framework", "status", "answer_due_on", "outcome"]
    list_filter = ["status", "outcome", "policy_framework"]
    raw_id_fields = ["author", "co_authors", "blockages", "answered_by"]
    inlines = [ProposalSupportInline]


@admin.register(models.PolicyFrameworkVersion)
class PolicyFrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "number", "valid_from", "proposal"]
    raw_id_fields = ["proposal", "created_by"]


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: what is pending, failed (with its error) or sent, for the back office."""

    list_display = ("subject", "recipient", "department", "kind", "urgent", "mail_state")
    list_filter = ("mail_state", "urgent", "kind")
    search_fields = ("subject", "email")
    raw_id_fields = ("recipient", "department", "digest")
    date_hierarchy = "created_at"
