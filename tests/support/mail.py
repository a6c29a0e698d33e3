"""A mail server that is down, for the outbox's tests."""


class BrokenBackend:
    """Every send raises, as an SMTP server that refuses connections does."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")
