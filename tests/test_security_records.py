"""Issue 14: the partnership record belongs to both sides and survives them.

Each side archives only what it wrote, and a coordinator can bring an archived item back (5);
evidence files are in the backup and leave storage with their record (9); an erased account
leaves no initiative unattended, no invitation in its name and no civil-servant work unlisted (11).
"""

import pytest
from django.utils import timezone

from partnership.models import Blockage
from tests import factories as f

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _archive_url(obj):
    return f"/initiatieven/{obj.initiative.slug}/archiveren/{obj._meta.model_name}/{obj.pk}/"


def _restore_url(obj):
    return f"/beheer/herstellen/{obj._meta.model_name}/{obj.pk}/"


# 5. Archiving: each side hides only what it wrote -------------------------------------------


def _citys_records(initiative, member, civil_servant):
    return [
        f.CommitmentFactory(initiative=initiative, logged_by=civil_servant),
        f.BlockageFactory(initiative=initiative, logged_by=civil_servant),
        f.ValueRecordFactory(
            initiative=initiative,
            recorded_by=member,
            verified_by=civil_servant,
            verified_at=timezone.now(),
        ),
    ]


def test_a_member_cannot_archive_the_citys_records(
    member_client, member, civil_servant, initiative
):
    for obj in _citys_records(initiative, member, civil_servant):
        assert member_client.get(_archive_url(obj)).status_code == 403
        assert member_client.post(_archive_url(obj)).status_code == 403
        obj.refresh_from_db()
        assert obj.archived_at is None, obj._meta.model_name
    page = member_client.get(f"/initiatieven/{initiative.slug}/").content.decode()
    assert "De gemeente zoekt binnen vier weken een ruimte." in page


def test_the_municipality_cannot_archive_what_the_initiative_wrote(
    civil_servant_client, coordinator_client, member, initiative
):
    raised = f.BlockageFactory(initiative=initiative, raised_by_role="initiator", logged_by=member)
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=member)
    request = f.CityRequestFactory(initiative=initiative, logged_by=member)
    for client in (civil_servant_client, coordinator_client):
        for obj in (raised, record, request):
            assert client.post(_archive_url(obj)).status_code == 403
            obj.refresh_from_db()
            assert obj.archived_at is None, obj._meta.model_name


def test_a_member_archives_what_the_initiative_wrote_until_the_city_takes_it_up(
    member_client, member, civil_servant, initiative
):
    raised = f.BlockageFactory(initiative=initiative, raised_by_role="initiator", logged_by=member)
    confirmed = f.BlockageFactory(
        initiative=initiative,
        raised_by_role="initiator",
        logged_by=member,
        confirmed_by=civil_servant,
        confirmed_at=timezone.now(),
    )
    request = f.CityRequestFactory(initiative=initiative, logged_by=member)
    considered = f.CityRequestFactory(initiative=initiative, logged_by=member, status="considering")

    for obj in (raised, request):
        assert member_client.post(_archive_url(obj)).status_code == 302
        obj.refresh_from_db()
        assert obj.archived_at is not None
    for obj in (confirmed, considered):
        assert member_client.post(_archive_url(obj)).status_code == 403
        obj.refresh_from_db()
        assert obj.archived_at is None


def test_the_municipality_archives_its_own_records(civil_servant_client, civil_servant, initiative):
    commitment = f.CommitmentFactory(initiative=initiative, logged_by=civil_servant)
    assert civil_servant_client.post(_archive_url(commitment)).status_code == 302
    commitment.refresh_from_db()
    assert commitment.archived_at is not None


def test_a_coordinator_restores_an_archived_item_and_the_trail_shows_both(
    civil_servant_client, civil_servant, coordinator_client, coordinator, member_client, initiative
):
    blockage = f.BlockageFactory(initiative=initiative, description="Vergunning blijft liggen")
    civil_servant_client.post(_archive_url(blockage))
    blockage.refresh_from_db()
    assert blockage.archived_at is not None
    audit_url = f"/initiatieven/{initiative.slug}/geschiedenis/"
    listed = coordinator_client.get(audit_url, **EN)
    assert [i.pk for i in listed.context["archived"]] == [blockage.pk]
    assert _restore_url(blockage) in listed.content.decode()

    response = coordinator_client.post(_restore_url(blockage))

    assert response.status_code == 302 and response["Location"] == audit_url
    blockage.refresh_from_db()
    assert blockage.archived_at is None
    assert Blockage.objects.filter(pk=blockage.pk, archived_at__isnull=True).exists()
    entries = member_client.get(audit_url, **EN).context["page"].object_list
    restored, archived = entries[0], entries[1]
    assert (str(restored.action_label), restored.user) == ("restored", coordinator)
    assert (str(archived.action_label), archived.user) == ("archived", civil_servant)
    assert archived.date <= restored.date
    page = member_client.get(f"/initiatieven/{initiative.slug}/").content.decode()
    assert "Vergunning blijft liggen" in page


@pytest.mark.parametrize(
    "who", ["member_client", "other_initiator_client", "civil_servant_client", "council_client"]
)
def test_only_a_coordinator_restores(request, initiative, who):
    contact = f.ContactFactory(initiative=initiative, archived_at=timezone.now())
    assert request.getfixturevalue(who).post(_restore_url(contact)).status_code == 403
    contact.refresh_from_db()
    assert contact.archived_at is not None


def test_restoring_is_a_post(coordinator_client, initiative):
    contact = f.ContactFactory(initiative=initiative, archived_at=timezone.now())
    assert coordinator_client.get(_restore_url(contact)).status_code == 405
    contact.refresh_from_db()
    assert contact.archived_at is not None
