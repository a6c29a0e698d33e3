"""Daily reminders (run from cron): commitments due soon or overdue, blockages open too long,
initiatives waiting for a coordinator, stored as notifications and then mailed as one digest per
person and per department mailbox. Running it twice on one day sends nothing twice."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partnership.notifications import send_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Remind of commitments, blockages and missing coordinators; send the digests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="The day to remind for (YYYY-MM-DD); default today. For tests and catching up.",
        )

    def handle(self, *args, date=None, **options):
        day = date or timezone.localdate()
        result = send_reminders(day=day)
        self.stdout.write(
            f"Reminders for {day.isoformat()}: "
            f"{result.commitments_due_soon} commitments due soon, "
            f"{result.commitments_overdue} overdue commitments, "
            f"{result.blockages_open} long-open blockages, "
            f"{result.coordinator_digests} coordinator digests; "
            f"{result.notifications} notifications, {result.digests} digests, "
            f"{result.emails} e-mails sent."
        )
        if result.failed:
            self.stderr.write(f"{result.failed} reminders could not be sent; they are retried.")
