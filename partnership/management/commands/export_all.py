"""python manage.py export_all backup.json.gz: the whole database in one gzipped file."""

import time

from django.core.management.base import BaseCommand

from partnership.backup import export_database


class Command(BaseCommand):
    help = (
        "Write every row of every app (accounts, roles, e-mail addresses, authenticators, the "
        "domain and its history) to one gzipped JSON file; a name with .jsonl gives JSON Lines. "
        "The file holds personal data and password hashes: keep it as safe as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write, e.g. backup.json.gz or backup.jsonl.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        started = time.monotonic()
        counts = export_database(path, using=database)
        if options["verbosity"] >= 2:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {sum(counts.values())} rows of {len(counts)} models to {path} "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
