"""Writes that send no model signals (``QuerySet.update()``, ``bulk_create()``, raw SQL, a seed
or a restore) announce themselves here, so that whatever is derived from the data (the council
dashboards' cached figures) can follow. Here, at the bottom, so that every app may send it
without knowing who listens; the dashboards app connects to it.

Send it inside the transaction that made the change: a listener may write there too (the
dashboards bump their data version in the same transaction, so that a rollback undoes both).
"""

from django.db import DEFAULT_DB_ALIAS
from django.dispatch import Signal

# sender: the model class written (or None for "many"); using: the database alias.
written_in_bulk = Signal()


def announce_bulk_write(model=None, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Say that rows of ``model`` (None: of any model) changed without model signals."""
    written_in_bulk.send(sender=model, using=using)
