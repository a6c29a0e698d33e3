"""THE way mail leaves the application: one message per recipient (addresses stay private), a
one-line subject, the default sender. ``partnership.notifications`` renders and sends all of
partnership's mail through ``send_mail``; the apps below it (invitations here) call it directly,
since they may not import partnership."""

from __future__ import annotations

from django.core.mail import EmailMessage, get_connection


def send_mail(*, subject: str, body: str, recipients) -> int:
    """Send ``body`` to each address in ``recipients`` (empty and repeated ones skipped), one
    message each; returns the number sent."""
    recipients = [r for r in dict.fromkeys(recipients) if r]
    if not recipients:
        return 0
    # A header cannot hold the line breaks a rendered subject (or a title in it) may have.
    subject = " ".join(subject.split())
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
    return get_connection().send_messages(messages) or 0
