"""The outbox's dispatcher (run from cron every minute): mails the notifications that are
pending and due, with retries and backoff. Safe to run while another run is busy."""

from django.core.management.base import BaseCommand

from partnership.notifications import dispatch


class Command(BaseCommand):
    help = "Send pending notifications by e-mail (urgent ones and digests), retrying failures."

    def handle(self, *args, **options):
        result = dispatch()
        self.stdout.write(
            f"{result.sent} e-mails sent, {result.failed} failed (tried again later)."
        )
