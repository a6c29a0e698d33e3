"""Reads of the in-app notification list and the header's unread count."""

from initiatives.accounts import roles
from initiatives.accounts.compiled import compiled, run
from partnership.models import Notification, NotificationPreference

# Stand-ins for the unread count's query, compiled once: ids no row has.
USER, DEPARTMENT = -7_200_001, -7_200_002


def notifications_for(user):
    """The user's notifications, and their department mailbox's for the municipality's people,
    newest first. Uses the indexes notification_user_read and notification_dept_read."""
    return Notification.objects.visible_to(user).select_related("department")


def unread_count(user) -> int:
    """One COUNT query, compiled once: the header shows it on every page."""
    department = user.department_id if roles.is_municipal(user) else None

    def build():
        unread = Notification.objects.in_mailboxes(USER, DEPARTMENT if department else None)
        sql, params = unread.unread().order_by().values("pk").query.sql_with_params()
        return f"SELECT COUNT(*) FROM ({sql}) unread", params

    sql, params = compiled(("unread count", bool(department)), build)
    return run(sql, params, {USER: user.pk, DEPARTMENT: department})[0][0]


def preference_for(user) -> NotificationPreference:
    """The stored preferences, or the defaults (unsaved) when the user never chose."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )
