"""A mail server that is down, for the outbox's tests."""


class BrokenBackend:
    """Every send raises, as an SMTP server that refuses connections does."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def run_digest():
    """Send the day's digest, as the daily command does: what was stored for a person or a
    department mailbox reaches its inbox (one mail each; a single item goes out as itself)."""
    from partnership import notifications

    return notifications.send_digests()
