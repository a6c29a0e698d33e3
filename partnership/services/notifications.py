"""Writes of the in-app notification list: marking read, and a user's preferences."""

from django.db import transaction
from django.utils import timezone

from partnership import notifications
from partnership.models import NotificationPreference
from partnership.selectors.notifications import notifications_for


def notification_mark_read(*, user, notification_id: int) -> int:
    """Mark one of the user's (or their department mailbox's) notifications read; 0 when it is
    not theirs or already read."""
    return (
        notifications_for(user)
        .filter(pk=notification_id, read_at__isnull=True)
        .update(read_at=timezone.now())
    )


def notifications_mark_all_read(*, user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preference_update(
    *, user, muted_categories: list[str], digest_by_mail: bool
) -> NotificationPreference:
    """Store what the user wants to hear of. Mandatory notifications (a decision on one's own
    request, a new point of contact) are kinds, not categories, and are always sent."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    preference.muted_categories = sorted(
        set(muted_categories) & set(notifications.SWITCHABLE_CATEGORIES)
    )
    preference.digest_by_mail = digest_by_mail
    preference.full_clean()
    preference.save()
    return preference
