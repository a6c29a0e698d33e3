"""Reads of the in-app notification list and the header's unread count."""

from partnership.models import Notification, NotificationPreference


def notifications_for(user):
    """The user's notifications, and their department mailbox's for the municipality's people,
    newest first. Uses the indexes notification_user_read and notification_dept_read."""
    return Notification.objects.visible_to(user).select_related("department")


def unread_count(user) -> int:
    """One COUNT query; the header shows it on every page."""
    return Notification.objects.visible_to(user).unread().count()


def preference_for(user) -> NotificationPreference:
    """The stored preferences, or the defaults (unsaved) when the user never chose."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )
