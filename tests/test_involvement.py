"""The departments involved with each initiative (``Involvement``, issue 20): kept in the same
transaction as every write to contacts, commitments, blockages and hand-offs, and always equal
to its definition, the records themselves (the work list's "waiting for a coordinator" reads
them)."""

import random
import threading

import pytest
from django.conf import settings
from django.utils import timezone

from initiatives.accounts.changes import announce_bulk_write
from initiatives.accounts.models import Department
from initiatives.models import Initiative
from partnership import involvement
from partnership.models import Blockage, BlockageHandoff, Commitment, Contact, Involvement
from partnership.selectors.pillar import annotate_departments_involved
from partnership.services.deletion import archive_item, restore_item
from partnership.services.logging import blockage_handoff, commitment_settle
from tests.support import factories as f
from tests.support.factories import logged_contact as contact
from tests.support.threads import writer_thread

pytestmark = pytest.mark.django_db
ON_POSTGRESQL = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite allows one writer at a time; the case is PostgreSQL's",
)


def stored() -> set[tuple[int, int]]:
    return set(Involvement.objects.values_list("initiative_id", "department_id"))


def recounted() -> set[tuple[int, int]]:
    """The rule read off the records one by one, in Python: the judge."""
    pairs = set()
    for c in Contact.objects.filter(archived_at__isnull=True):
        pairs |= {(c.initiative_id, c.department_id)}
        if c.referred_to_id:
            pairs.add((c.initiative_id, c.referred_to_id))
    for c in Commitment.objects.filter(archived_at__isnull=True):
        pairs.add((c.initiative_id, c.department_id))
    for b in Blockage.objects.filter(archived_at__isnull=True, department__isnull=False):
        pairs.add((b.initiative_id, b.department_id))
    for h in BlockageHandoff.objects.filter(blockage__archived_at__isnull=True):
        pairs.add((h.blockage.initiative_id, h.to_department_id))
        if h.from_department_id:
            pairs.add((h.blockage.initiative_id, h.from_department_id))
    return pairs


def assert_exact():
    pairs = recounted()
    assert stored() == pairs
    assert set(involvement.derived()) == pairs
    # And the partner page's count per initiative (pillar) agrees with the pairs.
    counted = {
        i.pk: i.departments_involved for i in annotate_departments_involved(Initiative.objects)
    }
    per_initiative = {pk: 0 for pk in counted}
    for initiative_id, _d in pairs:
        per_initiative[initiative_id] += 1
    assert counted == per_initiative


@pytest.fixture
def servant(db):
    return f.CivilServantFactory()


def test_a_contact_involves_its_department_and_the_one_it_referred_to(servant):
    initiative = f.InitiativeFactory()
    social, space = f.department("Maatschappelijke Ontwikkeling"), f.department("Stadsbeheer")
    contact(initiative, servant, social, referred_to=space)
    assert stored() == {(initiative.pk, social.pk), (initiative.pk, space.pk)}
    assert_exact()


def test_archiving_the_last_record_of_a_department_ends_its_involvement(servant):
    initiative = f.InitiativeFactory()
    social, space = f.department("Maatschappelijke Ontwikkeling"), f.department("Stadsbeheer")
    first = contact(initiative, servant, social)
    second = contact(initiative, servant, social)
    commitment = f.CommitmentFactory(initiative=initiative, department=space)
    archive_item(obj=first, by=servant)
    assert (initiative.pk, social.pk) in stored()  # the second contact still involves it
    archive_item(obj=second, by=servant)
    archive_item(obj=commitment, by=servant)
    assert stored() == set()
    restore_item(obj=commitment, by=servant)
    assert stored() == {(initiative.pk, space.pk)}
    assert_exact()


def test_a_hand_off_involves_both_ends_until_its_blockage_is_archived(servant):
    initiative = f.InitiativeFactory()
    social, space = f.department("Maatschappelijke Ontwikkeling"), f.department("Stadsbeheer")
    unrouted = f.BlockageFactory(initiative=initiative, department=None)
    assert stored() == set()  # in triage: no department yet
    blockage_handoff(blockage=unrouted, by=servant, to_department=social, reason="Routed.")
    blockage_handoff(blockage=unrouted, by=servant, to_department=space, reason="Handed on.")
    assert stored() == {(initiative.pk, social.pk), (initiative.pk, space.pk)}
    archive_item(obj=Blockage.objects.get(pk=unrouted.pk), by=servant)
    assert stored() == set()
    assert_exact()


def test_a_changed_department_moves_the_involvement(servant):
    initiative = f.InitiativeFactory()
    social, space = f.department("Maatschappelijke Ontwikkeling"), f.department("Stadsbeheer")
    commitment = f.CommitmentFactory(initiative=initiative, department=social)
    commitment.department = space
    commitment.save()
    assert stored() == {(initiative.pk, space.pk)}
    # A save that names none of the fields involvement reads changes nothing.
    commitment_settle(
        commitment=commitment,
        settled_by=servant,
        status=Commitment.Status.KEPT,
        settled_on=timezone.localdate(),
        note="Gedaan.",
    )
    assert_exact()


def test_deleting_records_and_initiatives_takes_their_involvement_along(servant):
    initiative, other = f.InitiativeFactory(), f.InitiativeFactory()
    social, space = f.department("Maatschappelijke Ontwikkeling"), f.department("Stadsbeheer")
    contact(initiative, servant, social)
    blockage = f.BlockageFactory(initiative=initiative, department=space)
    f.BlockageHandoffFactory(blockage=blockage, from_department=space, to_department=social)
    contact(other, servant, social)
    blockage.delete()  # and its hand-off with it
    assert stored() == {(initiative.pk, social.pk), (other.pk, social.pk)}
    initiative.delete()
    assert stored() == {(other.pk, social.pk)}
    assert_exact()


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
    assert stored() == set()  # no signal: nothing followed yet
    announce_bulk_write(Contact)
    assert stored() == {(initiative.pk, social.pk)}
    assert_exact()


@pytest.mark.parametrize("seed", [3, 4])
def test_the_pairs_equal_their_definition_after_any_mix_of_writes(servant, seed):
    """Records created, archived, restored, moved to another department, routed, handed on
    and deleted, at random: after each step the pairs are the records' own."""
    rng = random.Random(seed)
    departments = list(Department.objects.order_by("pk"))
    initiatives = f.InitiativeFactory.create_batch(5)
    records = []

    def pick(choices):
        return rng.choice(choices)

    for _step in range(40):
        action = rng.random()
        initiative = pick(initiatives)
        if action < 0.2 or not records:
            d = pick(departments)
            referred = pick([x for x in departments if x != d]) if rng.random() < 0.3 else None
            records.append(contact(initiative, servant, d, referred_to=referred))
        elif action < 0.3:
            records.append(f.CommitmentFactory(initiative=initiative, department=pick(departments)))
        elif action < 0.4:
            routed = rng.random() < 0.6
            records.append(
                f.BlockageFactory(
                    initiative=initiative, department=pick(departments) if routed else None
                )
            )
        elif action < 0.5:
            open_ones = [r for r in records if isinstance(r, Blockage) and r.pk]
            if open_ones:
                blockage = Blockage.objects.get(pk=pick(open_ones).pk)
                if blockage.is_open:
                    to = pick([x for x in departments if x.pk != blockage.department_id])
                    blockage_handoff(blockage=blockage, by=servant, to_department=to, reason="Op.")
        elif action < 0.65:
            record = pick(records)
            if record.pk:
                record.refresh_from_db()
                (restore_item if record.archived_at else archive_item)(obj=record, by=servant)
        elif action < 0.8:
            record = pick(records)
            if record.pk:
                record.refresh_from_db()
                record.department = pick(departments)
                record.save()
        else:
            record = pick(records)
            if record.pk:
                type(record).objects.filter(pk=record.pk).get().delete()
                record.pk = None
        assert stored() == recounted()
    assert_exact()


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("archive_first", [True, False])
def test_two_writers_of_one_initiative_leave_its_involvement_exact(reference_data, archive_first):
    """One archives the only contact with a department while another logs a new one with it:
    whichever of them writes first, the department is still involved when both committed."""
    servant = f.CivilServantFactory()
    initiative = f.InitiativeFactory()
    social = f.department("Maatschappelijke Ontwikkeling")
    only = contact(initiative, servant, social)
    wrote, done, failures = threading.Event(), threading.Event(), []

    def archive():
        archive_item(obj=Contact.objects.get(pk=only.pk), by=servant)

    def log():
        contact(initiative, servant, social)

    first_write, second_write = (archive, log) if archive_first else (log, archive)

    def write_and_hold():
        """The first writer keeps its transaction open until ``done``."""
        first_write()
        wrote.set()
        done.wait(2)  # the other writer is waiting meanwhile

    first = writer_thread(write_and_hold, failures)
    assert wrote.wait(30)
    second = writer_thread(second_write, failures)
    second.join(0.5)  # time to write (unguarded it would commit now)
    done.set()
    first.join()
    second.join()
    assert not failures
    assert stored() == {(initiative.pk, social.pk)}
    assert stored() == recounted()
