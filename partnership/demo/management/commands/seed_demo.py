"""``python manage.py seed_demo``: fill the database with a deterministic demo of Rotterdam."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from initiatives.accounts.changes import announce_bulk_write
from initiatives.accounts.models import User
from initiatives.models import Initiative
from partnership.demo import generate
from partnership.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD, demo_users_q
from partnership.demo.generate import DEFAULT_INITIATIVES, DEFAULT_SEED
from partnership.demo.wipe import wipe


class Command(BaseCommand):
    help = (
        "Fill the database with realistic, deterministic demo data for Rotterdam: departments, "
        "policy frameworks, partner organisations, demo users (password "
        f"{DEMO_PASSWORD}) and initiatives spread over three years with their contacts, "
        "commitments, blockages, requests, contracts and value records. The same --seed gives "
        "the same data (dates are counted back from today). "
        "Refuses a database that already holds initiatives or users other than the demo users, "
        "unless told: --force seeds anyway and ADDS to what is there (slugs and e-mail addresses "
        "stay unique; existing demo users are reused); --flush first DELETES every initiative "
        "with everything recorded about it and the demo users (reference data and other users "
        "stay), and with other users present it also needs --force. --if-empty does nothing, "
        "with a message, when initiatives or other users exist (used by `make run`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--initiatives",
            type=int,
            default=DEFAULT_INITIATIVES,
            help=f"How many initiatives (default {DEFAULT_INITIATIVES}); everything else "
            "scales in proportion: about 15 contacts, 3 blockages, 4 commitments and 6 value "
            "records each.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random generator (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only a database without initiatives or other users; "
            "otherwise say so and stop.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though initiatives or non-demo users exist: adds to them.",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete all initiatives, their records and the demo users before seeding.",
        )
        parser.add_argument(
            "--bulk-create",
            action="store_true",
            help="On PostgreSQL, insert with Django's bulk_create instead of COPY (slower; other "
            "databases always use bulk_create).",
        )

    def handle(self, *args, initiatives, seed, if_empty, force, flush, bulk_create, **options):
        if initiatives < 1:
            raise CommandError("--initiatives must be at least 1.")
        existing = Initiative.objects.count()
        others = User.objects.exclude(demo_users_q()).count()
        if if_empty and (existing or others):
            held = (
                f"{existing} initiatives" if existing else f"{others} users that are not demo users"
            )
            self.stdout.write(f"The database already holds {held}; no demo data seeded.")
            return
        if flush and others and not force:
            raise CommandError(
                f"The database holds {others} users that are not demo users; "
                "add --force to flush and seed anyway."
            )
        if not flush and (existing or others) and not force:
            raise CommandError(
                f"The database already holds {existing} initiatives and {others} users that are "
                "not demo users. Use --force to add demo data to it, or --flush to replace the "
                "initiatives, or use an empty database."
            )

        log = self.stdout.write if options.get("verbosity", 1) >= 2 else None
        started = time.perf_counter()
        with transaction.atomic():  # a failed seed after --flush leaves the old data in place
            if flush:
                removed = wipe()
                self.stdout.write(
                    f"Flushed {removed.get(Initiative._meta.label, 0)} initiatives and "
                    f"{removed.get(User._meta.label, 0)} demo users."
                )
            self.stdout.write(f"Seeding {initiatives} initiatives (seed {seed})...")
            result = generate.seed(
                initiatives=initiatives, seed=seed, log=log, use_copy=not bulk_create
            )
            announce_bulk_write()  # rows went in by COPY or bulk_create: no model signals
        elapsed = time.perf_counter() - started  # with the commit and its foreign-key checks
        # Fresh statistics, so the planner uses the indexes at once (stale ones cost 70x on the
        # catalogue query at 10,000 initiatives).
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        width = max(len(label) for label in result.counts) if result.counts else 0
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"  {label:<{width}}  {count:>9,}")
        self.stdout.write(f"  {'rows in all':<{width}}  {sum(result.counts.values()):>9,}")
        self.stdout.write(
            f"Ratings of 4 or 5: {result.satisfied_share:.0%}. "
            f"Done in {elapsed:.1f} s: {result.elapsed - result.insert_seconds:.1f} s generating, "
            f"{result.insert_seconds:.1f} s inserting, {elapsed - result.elapsed:.1f} s "
            "committing (and flushing)."
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Demo logins (password " + DEMO_PASSWORD + "): " + ", ".join(DEMO_LOGINS)
            )
        )
