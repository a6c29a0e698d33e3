"""Writes for finding each other (issue 16): an initiative's choice to be visible to the other
initiatives one rule blocks, and the messages between them.

Both sides must be blocked by the rule; a message needs both to be visible, so that the
receiver can answer. The views check who acts for which initiative (``initiatives.permissions``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership import notifications
from partnership.models import PeerListing, PeerMessage


def _blocked_by(initiative, framework) -> bool:
    return initiative.blockages.filter(
        policy_framework=framework, archived_at__isnull=True
    ).exists()


@transaction.atomic
def peer_listing_set(*, initiative, framework, by, visible: bool, note: str = "") -> PeerListing:
    """Become visible (again) with a note, or hide; the row stays, with its history."""
    if not _blocked_by(initiative, framework):
        raise ValidationError(_("This rule does not block this initiative."))
    listing = (
        PeerListing.objects.select_for_update()
        .filter(initiative=initiative, framework=framework)
        .first()
    ) or PeerListing(initiative=initiative, framework=framework)
    listing.note = note.strip()
    listing.listed_by = by
    if visible and (listing.pk is None or not listing.is_listed):
        listing.listed_at = timezone.now()
    listing.withdrawn_at = None if visible else timezone.now()
    listing.full_clean()
    listing.save()
    return listing


@transaction.atomic
def peer_message_send(*, framework, sender, recipient, by, body: str) -> PeerMessage:
    listed = set(
        PeerListing.objects.listed()
        .filter(framework=framework, initiative__in=[sender, recipient])
        .values_list("initiative_id", flat=True)
    )
    if sender.pk not in listed:
        raise ValidationError(
            _("Make your initiative visible for this rule first, so that they can answer you.")
        )
    if recipient.pk not in listed:
        raise ValidationError(_("This initiative is no longer visible for this rule."))
    message = PeerMessage(
        framework=framework, sender=sender, recipient=recipient, author=by, body=body.strip()
    )
    message.full_clean()
    message.save()
    notifications.after_commit(notifications.peer_message_received, message=message)
    return message
