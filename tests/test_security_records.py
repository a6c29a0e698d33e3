"""Issue 14: the partnership record belongs to both sides and survives them.

Each side archives only what it wrote, and a coordinator can bring an archived item back (5);
evidence files are in the backup and leave storage with their record (9); an erased account
leaves no initiative unattended, no invitation in its name and no civil-servant work unlisted (11).
"""

import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from initiatives.models import Invitation, Membership
from partnership.models import Blockage, RequestStep
from publicvalue.models import ValueRecord
from tests.support import factories as f
from tests.support.factories import PASSWORD

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


# 11. Erasing an account leaves no orphans ---------------------------------------------------


def _erase(client_for, user):
    response = client_for(user).post("/account/verwijderen/", {"password": PASSWORD})
    assert response.status_code == 302


def test_an_initiative_that_loses_its_last_member_waits_on_the_coordinators_work_list(
    client_for, member, initiative, coordinator_client, civil_servant_client
):
    led = f.InitiativeFactory(title="Buurtkeuken met een trekker")
    assert (
        coordinator_client.get("/werkvoorraad/").context["without_lead"]["page"].paginator.count
        == 0
    )

    _erase(client_for, member)

    response = coordinator_client.get("/werkvoorraad/", **EN)
    waiting = list(response.context["without_lead"]["page"])
    assert waiting == [initiative]
    assert waiting[0].last_member_left_at is not None
    html = response.content.decode()
    # The section of initiatives without a lead (the intake queue beside it lists others).
    section = html.split('id="without_lead"', 1)[1].split("</section>", 1)[0]
    assert "Initiatives without a lead" in section and initiative.title in section
    assert led.title not in section
    # Civil servants do not get the coordinators' queue.
    assert "without_lead" not in civil_servant_client.get("/werkvoorraad/").context


def test_an_initiative_with_a_member_left_keeps_a_lead_and_stays_off_the_queue(
    client_for, member, initiative, coordinator_client
):
    f.MembershipFactory(initiative=initiative)
    _erase(client_for, member)
    assert (
        coordinator_client.get("/werkvoorraad/").context["without_lead"]["page"].paginator.count
        == 0
    )


def test_invitations_sent_by_an_erased_member_are_revoked_and_refused_clearly(
    client_for, member, initiative, other_initiator, other_initiator_client
):
    pending = Invitation.objects.create(
        initiative=initiative,
        email="ander@example.org",
        token="open-uitnodiging",
        invited_by=member,
    )
    f.MembershipFactory(initiative=initiative)  # someone stays, so the initiative goes on

    _erase(client_for, member)

    pending.refresh_from_db()
    assert pending.revoked_at is not None
    url = "/initiatieven/uitnodiging/open-uitnodiging/"
    shown = other_initiator_client.get(url, **EN)
    assert shown.status_code == 410
    assert "This invitation has been withdrawn" in shown.content.decode()
    posted = other_initiator_client.post(url, **EN)
    assert posted.status_code == 410
    assert not Membership.objects.filter(initiative=initiative, user=other_initiator).exists()


def test_the_personal_data_download_lists_what_a_civil_servant_did(
    civil_servant_client, civil_servant, member, initiative
):
    today = timezone.localdate()
    f.CommitmentFactory(
        initiative=initiative, status="kept", settled_on=today, settled_by=civil_servant
    )
    blockage = f.BlockageFactory(
        initiative=initiative,
        description="Vergunning ligt stil",
        confirmed_by=civil_servant,
        confirmed_at=timezone.now(),
        status="resolved",
        settled_on=today,
        settled_by=civil_servant,
    )
    f.BlockageHandoffFactory(blockage=blockage, handed_by=civil_servant, reason="Beheer")
    f.ValueRecordFactory(
        initiative=initiative,
        recorded_by=member,
        verified_by=civil_servant,
        verified_at=timezone.now(),
    )
    request = f.CityRequestFactory(
        initiative=initiative, status="decided", decision="granted", decided_on=today
    )
    RequestStep.objects.create(
        request=request, status="decided", decision="granted", by=civil_servant
    )
    initiative.point_of_contact = civil_servant
    initiative.save()

    data = json.loads(civil_servant_client.get("/account/gegevens/?format=json").content)

    work = data["as_civil_servant"]
    assert [c["status"] for c in work["commitments_settled"]] == ["kept"]
    assert [b["description"] for b in work["blockages_confirmed"]] == ["Vergunning ligt stil"]
    assert [b["description"] for b in work["blockages_settled"]] == ["Vergunning ligt stil"]
    assert [h["reason"] for h in work["blockages_handed_off"]] == ["Beheer"]
    assert len(work["value_records_verified"]) == 1
    assert [s["decision"] for s in work["request_steps"]] == ["granted"]
    assert work["initiatives_assigned"] == [
        {
            "title": initiative.title,
            "slug": initiative.slug,
            "you_are_point_of_contact": True,
            "you_are_coordinator": False,
        }
    ]


# 9. Evidence files leave storage with their record ------------------------------------------

EVIDENCE = b"%PDF-1.4\n% foto van de buurtavond\n%%EOF\n"


def _record_with_file(initiative, member, filename="foto.pdf"):
    return f.ValueRecordFactory(
        initiative=initiative,
        recorded_by=member,
        attachment=SimpleUploadedFile(filename, EVIDENCE, "application/pdf"),
    )


def test_hard_deleting_a_value_record_removes_its_files(
    tmp_path, settings, coordinator_client, member, initiative, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    record = _record_with_file(initiative, member)
    first = record.attachment.name
    record.attachment = SimpleUploadedFile("tweede.pdf", EVIDENCE, "application/pdf")
    record.save()  # an earlier version's file is the record's too
    second = record.attachment.name
    assert default_storage.exists(first) and default_storage.exists(second)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"/beheer/verwijderen/valuerecord/{record.pk}/", {"reason": "Foto van een kind"}
        )

    assert response.status_code == 302
    assert not default_storage.exists(first)
    assert not default_storage.exists(second)


def test_erasing_an_account_removes_the_files_it_uploaded(
    tmp_path, settings, client_for, member, initiative, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    record = _record_with_file(initiative, member)
    name = record.attachment.name
    others = _record_with_file(initiative, f.MembershipFactory(initiative=initiative).user)

    with django_capture_on_commit_callbacks(execute=True):
        _erase(client_for, member)

    assert not default_storage.exists(name)
    record.refresh_from_db()
    assert not record.attachment and ValueRecord.objects.filter(pk=record.pk).exists()
    assert record.history.latest("history_date").history_change_reason == "account verwijderd"
    assert default_storage.exists(others.attachment.name)
