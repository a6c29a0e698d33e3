"""python manage.py export_all backup.tar: the whole database and the uploaded files it refers
to; a name ending in .json.gz or .jsonl.gz writes the database alone."""

import time

from django.core.management.base import BaseCommand, CommandError

from partnership.backup import BackupError, export_backup


class Command(BaseCommand):
    help = (
        "Write every row of every app (accounts, roles, e-mail addresses, authenticators, the "
        "domain and its history) to one gzipped JSON file; a name with .jsonl gives JSON Lines. "
        "A name ending in .tar also holds the uploaded files the rows refer to (evidence). "
        "The file holds personal data and password hashes: keep it as safe as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="file to write, e.g. backup.tar, backup.jsonl.tar or backup.json.gz"
        )
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--database-only",
            action="store_true",
            help="write the database alone to a .json.gz even though rows refer to files",
        )

    def handle(self, *args, path, database, database_only, **options):
        started = time.monotonic()
        try:
            counts, files, missing = export_backup(
                path, using=database, database_only=database_only
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        for name in missing:
            self.stderr.write(f"  missing from storage, not in the backup: {name}")
        if options["verbosity"] >= 2:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {sum(counts.values())} rows of {len(counts)} models and "
                f"{len(files)} files to {path} "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
