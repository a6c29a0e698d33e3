"""export_all / import_all round-trip the whole database: every row, every field, every link."""

import datetime as dt
import gzip
import io
import tarfile
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from initiatives import models as im
from initiatives.accounts import models as am
from partnership import models as pm
from partnership.backup import exported_models
from partnership.dashboards import models as dm
from publicvalue import models as vm
from tests.support import factories as f

pytestmark = pytest.mark.django_db

# Every model the project has today gets rows in the dataset below, so that no comparison is
# vacuous; models added later are still compared, whatever rows they hold.
MUST_HAVE_ROWS = {
    "admin.LogEntry",
    "auth.Group",
    "account.EmailAddress",
    "account.EmailConfirmation",
    "mfa.Authenticator",
    "initiatives.Area",
    "initiatives.Neighbourhood",
    "initiatives.Theme",
    "initiatives.CityAsk",
    "initiatives.PartnerOrganisation",
    "initiatives.HistoricalInitiative",
    "initiatives.HistoricalInitiative_themes",
    "initiatives.HistoricalInitiative_asks",
    "initiatives.Initiative",
    "initiatives.StatusChange",
    "initiatives.HistoricalMembership",
    "initiatives.Membership",
    "initiatives.Invitation",
    "initiatives.InitiativePartner",
    "publicvalue.ValueDimension",
    "publicvalue.Indicator",
    "publicvalue.HistoricalValueRecord",
    "publicvalue.ValueRecord",
    "partnership.Department",
    "partnership.User",
    "partnership.PolicyFramework",
    "partnership.HistoricalContact",
    "partnership.Contact",
    "partnership.HistoricalCommitment",
    "partnership.Commitment",
    "partnership.HistoricalBlockage",
    "partnership.Blockage",
    "partnership.BlockageHandoff",
    "partnership.RequestKind",
    "partnership.RefusalGround",
    "partnership.HistoricalCityRequest",
    "partnership.CityRequest",
    "partnership.RequestStep",
    "partnership.ClockAdjustment",
    "partnership.HistoricalContract",
    "partnership.Contract",
    "partnership.HistoricalReply",
    "partnership.Reply",
    "partnership.Rating",
    "partnership.ReminderLog",
    "partnership.DashboardSetting",
}


def _varied_dataset():
    """Users of every role, initiatives with every kind of record, edits (history), M2M links,
    custom permissions, null and non-ASCII values, decimals and JSON."""
    lead = f.InitiatorFactory(email="lead@example.org", name="Fatma Öztürk")
    co = f.InitiatorFactory()
    servant = f.CivilServantFactory()
    coordinator = f.CoordinatorFactory()
    f.CouncilMemberFactory()
    servant.user_permissions.add(Permission.objects.get(codename="view_contact"))
    Group.objects.get(name="coordinator").permissions.add(
        Permission.objects.get(codename="change_department")
    )
    EmailConfirmation.objects.create(
        email_address=EmailAddress.objects.get(user=co), key="k" * 64, sent=timezone.now()
    )
    Authenticator.objects.create(
        user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    LogEntry.objects.log_actions(
        user_id=coordinator.pk,
        queryset=am.Department.objects.filter(slug="stadsbeheer"),
        action_flag=2,
        change_message="renamed",
        single_object=True,
    )

    theme = im.Theme.objects.first()
    partner = f.PartnerOrganisationFactory(name="Woonstad Rotterdam")
    initiative = f.InitiativeFactory(
        lead=lead, themes=[theme], description="Groen & ‘samen’ — met één tuin", website=""
    )
    initiative.asks.add(im.CityAsk.objects.get(code="land"))
    initiative.point_of_contact = servant
    initiative.volunteers = 14
    initiative.save()
    f.InitiativeFactory(is_public=False, neighbourhood=None, started_on=None)
    im.Membership.objects.create(initiative=initiative, user=co)
    im.StatusChange.objects.create(
        initiative=initiative, from_status="idea", to_status="active", changed_by=lead
    )
    im.Invitation.objects.create(
        initiative=initiative, email="buur@example.org", token="abc", invited_by=lead
    )
    im.InitiativePartner.objects.create(
        initiative=initiative,
        organisation=partner,
        cooperation="funding",
        since=dt.date(2024, 3, 1),
    )

    contact = f.ContactFactory(
        initiative=initiative, logged_by=servant, referred_to=f.department("Stadsbeheer")
    )
    commitment = f.CommitmentFactory(initiative=initiative, logged_by=servant)
    commitment.status = pm.Commitment.Status.KEPT
    commitment.settled_on = timezone.localdate()
    commitment.save()
    blockage = f.BlockageFactory(initiative=initiative, status="resolved")
    f.BlockageHandoffFactory(blockage=blockage, handed_by=servant)
    request = f.CityRequestFactory(initiative=initiative, amount_requested=Decimal("1234.56"))
    request.grounds.add(pm.RefusalGround.objects.first())
    pm.RequestStep.objects.create(request=request, status="submitted", by=lead)
    pm.ClockAdjustment.objects.create(request=request, kind="extension", days=14, reason="Advies")
    f.ContractFactory(initiative=initiative)
    pm.Reply.objects.create(initiative=initiative, contact=contact, body="Klopt niet", author=lead)
    pm.Rating.objects.create(initiative=initiative, blockage=blockage, user=lead, score=3)
    pm.ReminderLog.objects.create(key="commitment:1", recipients="a@example.org")
    dm.DashboardSetting.objects.create(slug="beweging", is_public=True, changed_by=coordinator)
    f.ValueRecordFactory(initiative=initiative, recorded_by=lead, quantity=Decimal("12.50"))
    f.ValueRecordFactory(
        initiative=initiative,
        indicator=None,
        dimension=vm.ValueDimension.objects.first(),
        quantity=None,
    )
    contact.delete()  # a deletion in the history, with its replies
    kept = f.ContactFactory(initiative=initiative, summary="Blijft staan", outcome="")
    pm.Reply.objects.create(initiative=initiative, contact=kept, body="Dank", author=co)


def _value(model, field, obj):
    if field.many_to_many:
        related = getattr(obj, field.name).all()
        if field.related_model is Permission:
            return sorted(p.natural_key() for p in related.select_related("content_type"))
        return sorted(related.values_list("pk", flat=True))
    value = getattr(obj, field.attname)
    if field.is_relation and field.related_model is ContentType and value is not None:
        return ContentType.objects.filter(pk=value).values_list("app_label", "model").get()
    if hasattr(value, "name") and not isinstance(value, str):  # files
        return value.name
    return value


def _snapshot() -> dict:
    """For every exported model: {pk: {field: value}} over concrete fields and M2M."""
    snapshot = {}
    for model in exported_models():
        fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
        fields = [
            field
            for field in fields
            if not (field.many_to_many and not field.remote_field.through._meta.auto_created)
        ]
        snapshot[model._meta.label] = {
            obj.pk: {field.name: _value(model, field, obj) for field in fields}
            for obj in model._base_manager.all()
        }
    return snapshot


def _flush():
    connection.check_constraints()  # fire pending deferred checks before TRUNCATE (PostgreSQL)
    call_command("flush", interactive=False, verbosity=0)


EVIDENCE = b"%PDF-1.4\n% telling van vrijwilligersuren\n%%EOF\n"


def test_a_restore_holds_every_row_and_every_field(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _varied_dataset()
    record = f.ValueRecordFactory(
        attachment=SimpleUploadedFile("telling.pdf", EVIDENCE, "application/pdf")
    )
    name = record.attachment.name
    before = _snapshot()
    empty = {label for label, rows in before.items() if not rows}
    assert not (MUST_HAVE_ROWS & empty), f"dataset misses {sorted(MUST_HAVE_ROWS & empty)}"
    path = tmp_path / "backup.tar"

    call_command("export_all", str(path), verbosity=0)
    _flush()
    default_storage.delete(name)  # the files are lost with the server, too
    assert am.User.objects.count() == 0 and im.Area.objects.count() == 0
    call_command("import_all", str(path), verbosity=0)

    after = _snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    restored = vm.ValueRecord.objects.get(pk=record.pk).attachment
    with restored.open("rb") as handle:
        assert handle.read() == EVIDENCE


def test_a_database_only_file_is_refused_while_rows_refer_to_files(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    f.ValueRecordFactory(attachment=SimpleUploadedFile("telling.pdf", EVIDENCE))
    with pytest.raises(CommandError, match=r"\.tar"):
        call_command("export_all", str(tmp_path / "backup.json.gz"), verbosity=0)
    call_command("export_all", str(tmp_path / "backup.json.gz"), "--database-only", verbosity=0)
    assert (tmp_path / "backup.json.gz").exists()


def test_an_archive_with_a_file_outside_the_media_folder_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    f.InitiativeFactory(title="Blijft")
    path = tmp_path / "backup.tar"
    call_command("export_all", str(path), verbosity=0)
    with tarfile.open(path, "a") as archive:
        info = tarfile.TarInfo("media/../../buiten.txt")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"nee"))
    with pytest.raises(CommandError, match="outside the media folder"):
        call_command("import_all", str(path), "--force", verbosity=0)
    assert not (tmp_path / "buiten.txt").exists()


def test_json_lines_round_trip_too(tmp_path):
    _varied_dataset()
    before = _snapshot()
    path = tmp_path / "backup.jsonl.gz"
    call_command("export_all", str(path), verbosity=0)
    with gzip.open(path, "rt") as stream:
        assert stream.readline().startswith('{"model": ')
    _flush()
    call_command("import_all", str(path), verbosity=0)
    assert _snapshot() == before


def test_the_file_is_gzipped_json_without_sessions_content_types_or_permissions(tmp_path):
    f.InitiativeFactory(lead=f.InitiatorFactory())
    path = tmp_path / "backup.json.gz"
    call_command("export_all", str(path), verbosity=0)
    with gzip.open(path, "rt") as stream:
        text = stream.read()
    assert text.startswith("[")
    for label in ('"sessions.session"', '"contenttypes.contenttype"', '"auth.permission"'):
        assert label not in text
    assert '"account.emailaddress"' in text and '"initiatives.historicalinitiative"' in text


def test_new_rows_after_a_restore_get_fresh_ids(tmp_path):
    initiative = f.InitiativeFactory()
    path = tmp_path / "backup.json.gz"
    call_command("export_all", str(path), verbosity=0)
    _flush()
    call_command("import_all", str(path), verbosity=0)
    newer = f.InitiativeFactory()
    assert newer.pk > initiative.pk
    assert newer.history.get().history_id > initiative.history.get().history_id


def test_it_refuses_to_import_over_existing_data_unless_forced(tmp_path):
    f.InitiativeFactory(title="Uit de backup")
    path = tmp_path / "backup.json.gz"
    call_command("export_all", str(path), verbosity=0)
    f.InitiativeFactory(title="Na de backup")

    with pytest.raises(CommandError, match="--force"):
        call_command("import_all", str(path), verbosity=0)
    assert im.Initiative.objects.filter(title="Na de backup").exists()

    call_command("import_all", str(path), "--force", verbosity=0)
    assert list(im.Initiative.objects.values_list("title", flat=True)) == ["Uit de backup"]


def test_a_freshly_migrated_database_counts_as_empty(tmp_path):
    f.InitiativeFactory(title="Uit de backup")
    path = tmp_path / "backup.json.gz"
    call_command("export_all", str(path), verbosity=0)
    im.Initiative.objects.all().delete()
    im.Initiative.history.all().delete()
    am.User.objects.all().delete()
    # Reference data from the migrations is still there; it is replaced by the backup's.
    assert im.Area.objects.exists()
    call_command("import_all", str(path), verbosity=0)
    assert im.Initiative.objects.get().title == "Uit de backup"


def test_a_broken_file_changes_nothing(tmp_path):
    f.InitiativeFactory(title="Blijft")
    path = tmp_path / "broken.json.gz"
    with gzip.open(path, "wt") as stream:
        stream.write('[{"model": "initiatives.area", "pk": 1, "fields": {"name": ')
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_all", str(path), "--force", verbosity=0)
    assert im.Initiative.objects.get().title == "Blijft"


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_all", str(tmp_path / "nope.json.gz"), verbosity=0)
