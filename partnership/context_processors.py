from django.utils.functional import SimpleLazyObject


def notifications(request):
    """The unread count in the header: one COUNT query, only when a template shows it and only
    for a logged-in user (anonymous pages run no query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from partnership.selectors.notifications import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
