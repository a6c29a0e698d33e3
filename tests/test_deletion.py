"""Nothing a council may need is lost: users archive; only coordinators delete, with a reason that
stays in the audit trail."""

import pytest
from django.core.exceptions import ValidationError

from partnership.models import Blockage, Contact, Reply
from partnership.services.deletion import archive_item, hard_delete_item
from publicvalue.models import ValueRecord
from tests.support import factories as f

pytestmark = pytest.mark.django_db

REASON = "Dubbel ingevoerd door een tikfout"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _delete_url(obj):
    return f"/beheer/verwijderen/{obj._meta.model_name}/{obj.pk}/"


def _archive_url(obj):
    return f"/initiatieven/{obj.initiative.slug}/archiveren/{obj._meta.model_name}/{obj.pk}/"


def test_a_coordinator_deletes_with_a_reason_that_stays_in_the_history(
    coordinator_client, coordinator, initiative
):
    contact = f.ContactFactory(initiative=initiative, summary="Per ongeluk dubbel")

    response = coordinator_client.post(_delete_url(contact), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"] == f"/initiatieven/{initiative.slug}/geschiedenis/"
    assert not Contact.objects.filter(pk=contact.pk).exists()
    last = Contact.history.filter(id=contact.pk).latest("history_date")
    assert (last.history_type, last.history_change_reason, last.history_user) == (
        "-",
        REASON,
        coordinator,
    )
    assert last.summary == "Per ongeluk dubbel"


def test_the_deletion_and_its_reason_show_in_the_audit_trail(
    coordinator_client, member_client, initiative
):
    blockage = f.BlockageFactory(initiative=initiative)
    coordinator_client.post(_delete_url(blockage), {"reason": REASON})

    response = member_client.get(f"/initiatieven/{initiative.slug}/geschiedenis/", **EN)

    entry = response.context["page"].object_list[0]
    assert (entry.kind.key, entry.action, entry.reason) == ("blockage", "-", REASON)
    assert REASON in response.content.decode()


@pytest.mark.parametrize(
    "factory",
    [
        f.ContactFactory,
        f.CommitmentFactory,
        f.BlockageFactory,
        f.ValueRecordFactory,
        f.CityRequestFactory,
        f.ContractFactory,
    ],
)
def test_each_kind_of_item_can_be_deleted_by_a_coordinator(coordinator_client, initiative, factory):
    obj = factory(initiative=initiative)
    assert coordinator_client.get(_delete_url(obj)).status_code == 200
    assert coordinator_client.post(_delete_url(obj), {"reason": REASON}).status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    assert type(obj).history.filter(id=obj.pk, history_type="-").get().history_change_reason == (
        REASON
    )


@pytest.mark.parametrize("reason", ["", "te kort", "          x         ", "x" * 101])
def test_a_deletion_needs_a_reason_of_ten_to_a_hundred_characters(
    coordinator_client, initiative, reason
):
    contact = f.ContactFactory(initiative=initiative)
    response = coordinator_client.post(_delete_url(contact), {"reason": reason}, **EN)
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_replies_deleted_with_their_subject_keep_the_reason(coordinator, initiative, member):
    contact = f.ContactFactory(initiative=initiative)
    reply = Reply.objects.create(
        initiative=initiative, contact=contact, body="Niet zo", author=member
    )

    hard_delete_item(obj=contact, by=coordinator, reason=REASON)

    gone = Reply.history.get(id=reply.pk, history_type="-")
    assert (gone.history_change_reason, gone.history_user) == (REASON, coordinator)


def test_the_service_refuses_a_deletion_without_a_reason(coordinator, initiative):
    contact = f.ContactFactory(initiative=initiative)
    with pytest.raises(ValidationError):
        hard_delete_item(obj=contact, by=coordinator, reason="  ")
    assert Contact.objects.filter(pk=contact.pk).exists()


@pytest.mark.parametrize(
    "who", ["member_client", "other_initiator_client", "civil_servant_client", "council_client"]
)
def test_only_coordinators_may_delete(request, initiative, who):
    blockage = f.BlockageFactory(initiative=initiative)
    user_client = request.getfixturevalue(who)
    assert user_client.get(_delete_url(blockage)).status_code == 403
    assert user_client.post(_delete_url(blockage), {"reason": REASON}).status_code == 403
    assert Blockage.objects.filter(pk=blockage.pk).exists()


def test_visitors_are_asked_to_log_in_before_deleting(client, initiative):
    blockage = f.BlockageFactory(initiative=initiative)
    response = client.post(_delete_url(blockage), {"reason": REASON})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Blockage.objects.filter(pk=blockage.pk).exists()


@pytest.mark.parametrize(
    "path",
    ["initiative/1/", "reply/1/", "user/1/", "contact/999999/", "contact/99999999999999999999/"],
)
def test_what_cannot_be_deleted_is_not_found(coordinator_client, initiative, path):
    assert (
        coordinator_client.post("/beheer/verwijderen/" + path, {"reason": REASON}).status_code
        == 404
    )


# Archiving


def test_a_member_archives_an_item_which_is_kept(member_client, member, initiative):
    record = f.ValueRecordFactory(initiative=initiative, recorded_by=member)

    response = member_client.post(_archive_url(record))

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.archived_at is not None
    assert ValueRecord.objects.active_records().filter(pk=record.pk).count() == 0
    last = record.history.latest("history_date")
    assert last.history_user == member and last.history_type == "~"


@pytest.mark.parametrize("who", ["civil_servant_client", "coordinator_client"])
def test_the_municipality_may_archive_its_records(request, initiative, who):
    commitment = f.CommitmentFactory(initiative=initiative)
    assert request.getfixturevalue(who).get(_archive_url(commitment)).status_code == 200
    assert request.getfixturevalue(who).post(_archive_url(commitment)).status_code == 302
    commitment.refresh_from_db()
    assert commitment.archived_at is not None


@pytest.mark.parametrize("who", ["other_initiator_client", "council_client"])
def test_others_may_not_archive(request, initiative, who):
    commitment = f.CommitmentFactory(initiative=initiative)
    assert request.getfixturevalue(who).post(_archive_url(commitment)).status_code == 403
    commitment.refresh_from_db()
    assert commitment.archived_at is None


def test_archiving_in_a_private_initiative_does_not_exist_for_outsiders(
    other_initiator_client, member
):
    private = f.InitiativeFactory(lead=member, is_public=False)
    contact = f.ContactFactory(initiative=private)
    assert other_initiator_client.post(_archive_url(contact)).status_code == 404


def test_an_item_of_another_initiative_cannot_be_archived_through_this_one(
    member_client, initiative
):
    elsewhere = f.ContactFactory()
    url = f"/initiatieven/{initiative.slug}/archiveren/contact/{elsewhere.pk}/"
    assert member_client.post(url).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.archived_at is None


@pytest.mark.parametrize("rest", ["contact/99999999999999999999/", "nonsense/1/", "user/1/"])
def test_archiving_something_unknown_is_not_found(member_client, initiative, rest):
    url = f"/initiatieven/{initiative.slug}/archiveren/{rest}"
    assert member_client.post(url).status_code == 404


def test_archiving_twice_keeps_the_first_date(civil_servant, initiative):
    contact = f.ContactFactory(initiative=initiative)
    archive_item(obj=contact, by=civil_servant)
    first = contact.archived_at
    archive_item(obj=contact, by=civil_servant)
    contact.refresh_from_db()
    assert contact.archived_at == first
    assert contact.history.count() == 2
