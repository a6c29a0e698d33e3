"""The initiatives' facts (issue 20): which departments each dealt with, whether it is stuck and
whether the city supported it, kept exact in the same transaction as every write to the records,
so that the figures reading them stay cached after a write that changes no fact."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.utils import timezone

from initiatives.accounts.changes import announce_bulk_write
from partnership.dashboards import cache, facts
from partnership.dashboards.models import InitiativeFact
from partnership.models import Blockage, Commitment, Contact
from partnership.services.deletion import archive_item
from partnership.services.logging import (
    blockage_handoff,
    blockage_log,
    blockage_settle,
    commitment_log,
    commitment_settle,
)
from tests.support import factories as f
from tests.support.factories import logged_contact as contact
from tests.support.threads import writer_thread

pytestmark = pytest.mark.django_db
FACTS = InitiativeFact._meta.db_table
ON_POSTGRESQL = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite allows one writer at a time; the case is PostgreSQL's",
)


def stored(initiative) -> set[tuple[str, str | None]]:
    """The initiative's facts, with department names (as a person would list them)."""
    rows = InitiativeFact.objects.filter(initiative=initiative).values_list(
        "kind", "department__name"
    )
    return set(rows)


def all_derived() -> set[tuple]:
    return set(facts.derived())


def all_stored() -> set[tuple]:
    return set(InitiativeFact.objects.values_list("initiative_id", "kind", "department_id"))


def blockage(initiative, servant, department) -> Blockage:
    return blockage_log(
        initiative=initiative,
        logged_by=servant,
        department=department,
        description="Vergunning loopt vast.",
        severity="high",
        category="other",
    )


@pytest.fixture
def servant(db):
    return f.CivilServantFactory()


def test_every_kind_of_record_adds_and_removes_its_facts(servant):
    initiative = f.InitiativeFactory()
    social, space, land = (
        f.department("Maatschappelijke Ontwikkeling"),
        f.department("Stadsbeheer"),
        f.department("Stadsontwikkeling"),
    )
    first = contact(initiative, servant, social, referred_to=space)
    assert stored(initiative) == {("involves", social.name), ("involves", space.name)}

    promise = commitment_log(
        initiative=initiative,
        logged_by=servant,
        department=land,
        description="Grond bekijken.",
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    stuck = blockage(initiative, servant, social)
    assert ("stuck", None) in stored(initiative)
    assert ("supported", None) not in stored(initiative)

    commitment_settle(
        commitment=promise,
        settled_by=servant,
        status=Commitment.Status.KEPT,
        settled_on=timezone.localdate(),
        note="Gedaan.",
    )
    assert ("supported", None) in stored(initiative)

    # The referral was the only record with Stadsbeheer: archived, the fact goes with it.
    archive_item(obj=first, by=servant)
    assert ("involves", space.name) not in stored(initiative)
    assert ("involves", social.name) in stored(initiative)  # the blockage still holds it

    blockage_settle(
        blockage=stuck,
        by=servant,
        status=Blockage.Status.RESOLVED,
        settled_on=timezone.localdate(),
        resolution="Opgelost.",
    )
    assert stored(initiative) == {
        ("involves", social.name),
        ("involves", land.name),
        ("supported", None),
    }
    assert all_stored() == all_derived()


def test_a_handoff_involves_both_departments_until_its_blockage_is_archived(servant):
    initiative = f.InitiativeFactory()
    social, space = f.department("Maatschappelijke Ontwikkeling"), f.department("Stadsbeheer")
    raised = blockage(initiative, servant, social)
    blockage_handoff(blockage=raised, by=servant, to_department=space, reason="Hun terrein.")
    assert stored(initiative) == {
        ("involves", social.name),
        ("involves", space.name),
        ("stuck", None),
    }
    archive_item(obj=Blockage.objects.get(pk=raised.pk), by=servant)
    assert stored(initiative) == set()


def test_a_record_with_a_known_department_changes_no_fact_and_no_version(servant):
    """Why the facts exist: the figures reading them stay cached after such a write."""
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    contact(initiative, servant, social)
    before = cache.table_versions()
    contact(initiative, servant, social)
    after = cache.table_versions()
    assert after[FACTS] == before[FACTS]
    assert after[Contact._meta.db_table] != before[Contact._meta.db_table]

    contact(initiative, servant, f.department("Stadsbeheer"))
    assert cache.table_versions()[FACTS] != after[FACTS]


def test_deleting_an_initiative_takes_its_facts_along(servant):
    initiative, other = f.InitiativeFactory(), f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    contact(initiative, servant, social)
    contact(other, servant, social)
    initiative.delete()
    assert not InitiativeFact.objects.filter(initiative_id=initiative.pk).exists()
    assert stored(other) == {("involves", social.name)}


def test_a_write_without_signals_derives_them_all_again(servant):
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    Contact.objects.bulk_create(
        [
            Contact(
                initiative=initiative,
                logged_by=servant,
                department=social,
                channel="phone",
                initiated_by="municipality",
                summary="In bulk.",
            )
        ]
    )
    assert stored(initiative) == set()  # no signal: nothing followed yet
    announce_bulk_write(Contact)
    assert stored(initiative) == {("involves", social.name)}
    assert all_stored() == all_derived()


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_initiative_leave_its_facts_exact(reference_data):
    """One archives the only contact with a department while another logs a new one with it:
    whichever commits last, the department is still a fact. Without the per-initiative lock
    the second would compare against facts the first had not yet committed, and lose it."""
    servant = f.CivilServantFactory()
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    only = contact(initiative, servant, social)
    archived, done, failures = threading.Event(), threading.Event(), []

    def archive_and_wait():
        archive_item(obj=Contact.objects.get(pk=only.pk), by=servant)
        archived.set()
        done.wait(2)  # the other writer is waiting on the lock meanwhile

    first = writer_thread(archive_and_wait, failures)
    assert archived.wait(30)
    second = writer_thread(lambda: contact(initiative, servant, social), failures)
    second.join(0.5)  # time to write (without the lock it would commit now)
    done.set()
    first.join()
    second.join()
    assert not failures
    assert stored(initiative) == {("involves", social.name)}
    assert all_stored() == all_derived()
