"""Privacy, the audit trail, archiving and hard deletion (issue 9)."""

from django.urls import path

from partnership.views import audit, privacy

urlpatterns = [
    path("privacy/", privacy.privacy, name="privacy"),
    path("account/gegevens/", privacy.my_data, name="my_data"),
    path("account/verwijderen/", privacy.delete_account, name="delete_account"),
    path("beheer/audit/", audit.audit_log, name="audit_log"),
    path("beheer/verwijderen/<slug:model>/<int:pk>/", audit.hard_delete, name="hard_delete"),
    path("initiatieven/<slug:slug>/geschiedenis/", audit.initiative_audit, name="initiative_audit"),
    path(
        "initiatieven/<slug:slug>/archiveren/<slug:model>/<int:pk>/",
        audit.archive_item,
        name="archive_item",
    ),
]
