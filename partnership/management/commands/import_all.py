"""python manage.py import_all backup.json.gz: restore an export_all file, in one transaction."""

import tarfile
import time

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError

from partnership.backup import BackupError, import_backup


class Command(BaseCommand):
    help = (
        "Restore a file written by export_all into a migrated database that holds no users or "
        "initiatives yet (run `migrate` first). Everything is replaced in one transaction; on "
        "any error nothing changes. --force replaces a database that already holds data."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by export_all")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace everything in a database that already holds users or initiatives",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, force, database, **options):
        started = time.monotonic()
        try:
            counts, files = import_backup(path, force=force, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except (DeserializationError, OSError, EOFError, ValueError, tarfile.TarError) as error:
            raise CommandError(f"Could not restore {path}; nothing was changed: {error}") from None
        if options["verbosity"] >= 2:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {sum(counts.values())} rows of {len(counts)} models and "
                f"{len(files)} files from {path} "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
