"""The daily digest (run from cron once a day, after send_reminders or instead of it): one mail
per person and per department mailbox with what happened since the last one."""

from django.core.management.base import BaseCommand

from partnership.notifications import send_digests


class Command(BaseCommand):
    help = "Send one digest per person and per department mailbox with their new notifications."

    def handle(self, *args, **options):
        result = send_digests()
        self.stdout.write(
            f"{result.digests} digests with {result.items} notifications; "
            f"{result.emails} e-mails sent, {result.failed} failed (tried again later)."
        )
