"""Events the apps above may act on without this bottom app importing them.

``initiative_registered`` is sent inside the registration's transaction; a receiver that sends
mail must wait for the commit (``partnership.notifications.after_commit``)."""

from django.dispatch import Signal

# Sent with ``initiative``: a new initiative was registered by its initiator.
initiative_registered = Signal()
