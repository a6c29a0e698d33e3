"""Export the whole database to one gzipped file and restore it, row for row and field for field.

Django's own serialization, over every model of every installed app: accounts and roles, allauth's
e-mail addresses and authenticators, the domain, and django-simple-history's tables. Primary keys
are kept, so every link survives; only content types and permissions are referred to by natural
key, because ``migrate`` creates those itself and may number them differently. Sessions are left
out: they are short-lived and a restore logs everybody out.

The file is JSON (``.json.gz``, which ``loaddata`` can also read) or, when its name contains
``.jsonl``, JSON Lines, which is read one object at a time and so suits a city-sized database.

Uploaded files (value records' evidence) live in storage, not in the database. A backup whose
name ends in ``.tar`` holds both: ``database.json.gz`` (or ``.jsonl.gz``) and every file a row
refers to under ``media/``; a restore puts the files back after the database is in. A plain
``.json.gz`` is refused while files exist, unless the database alone is asked for.
"""

import datetime as dt
import gzip
import tarfile
import tempfile
from collections import Counter
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import Prefetch
from django.utils.timezone import is_aware

from initiatives.accounts.changes import announce_bulk_write

# Created by ``migrate`` on every database; referred to by natural key instead.
NOT_EXPORTED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "dashboards.dataversion",  # cache keys, not data: the restore bumps them
    "dashboards.tableversion",
    "dashboards.initiativefact",  # derived from the records: the restore derives them again
    "dashboards.involvementday",  # (and the dated facts too)
    "dashboards.involvementspan",
    "dashboards.involvementrank",
    "dashboards.supportday",
    "dashboards.supportspan",
    "partnership.involvement",  # the same
    "dashboards.tally",  # the same: the restore counts them again
    "dashboards.initiativetally",
}
CHUNK = 2000


class BackupError(Exception):
    pass


def _natural_key_models():
    return (ContentType, Permission)


def exported_models() -> list[type[models.Model]]:
    """Every concrete model of every app, parents before children where natural keys need it."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in NOT_EXPORTED
        and model._meta.managed
        and not model._meta.proxy
        and not model._meta.auto_created
    ]


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds (ECMA-262); a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            if isinstance(o, dt.time) and is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


def _format_for(path) -> str:
    return "jsonl" if ".jsonl" in Path(path).name else "json"


MEDIA_PREFIX = "media/"


def is_archive_name(path) -> bool:
    return Path(path).name.endswith(".tar")


def referenced_files(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Names in storage that a row refers to through a FileField, sorted."""
    names = set()
    for model in exported_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.using(using)
                    .exclude(**{field.attname: ""})
                    .values_list(field.attname, flat=True)
                )
    names.discard(None)
    return sorted(names)


def export_backup(path, *, using: str = DEFAULT_DB_ALIAS, database_only: bool = False):
    """Write the backup: a ``.tar`` with the database and the files rows refer to, or the
    database alone. Returns (rows per model, files written, files missing from storage)."""
    if not is_archive_name(path):
        if not database_only and referenced_files(using):
            raise BackupError(
                "The database refers to uploaded files, which a .json.gz cannot hold. Write to "
                "a name ending in .tar to include them, or pass --database-only."
            )
        return export_database(path, using=using), [], []
    inner = "database.jsonl.gz" if ".jsonl" in Path(path).name else "database.json.gz"
    written, missing = [], []
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, "w") as archive:
        database_file = Path(tmp) / inner
        counts = export_database(database_file, using=using)
        archive.add(database_file, arcname=inner)
        for name in referenced_files(using):
            if not default_storage.exists(name):
                missing.append(name)
                continue
            with default_storage.open(name, "rb") as handle:
                info = tarfile.TarInfo(MEDIA_PREFIX + name)
                info.size = default_storage.size(name)
                archive.addfile(info, handle)
            written.append(name)
    return counts, written, missing


def _media_name(member: tarfile.TarInfo) -> str | None:
    """The storage name of a file in the archive; None for what is not a plain file under
    ``media/`` or would climb out of it."""
    if not member.isfile() or not member.name.startswith(MEDIA_PREFIX):
        return None
    name = member.name[len(MEDIA_PREFIX) :]
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts:
        raise BackupError(f"Refusing a file outside the media folder: {member.name!r}")
    return name


def import_backup(path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS):
    """Restore a backup written by ``export_backup``; returns (rows per model, files restored).
    The files are written after the database transaction has committed."""
    if not tarfile.is_tarfile(path):
        return import_database(path, force=force, using=using), []
    restored = []
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, "r") as archive:
        members = archive.getmembers()
        databases = [m for m in members if m.isfile() and m.name.startswith("database.")]
        if len(databases) != 1:
            raise BackupError("The archive holds no database file (database.json.gz).")
        files = [(m, _media_name(m)) for m in members]
        database_file = Path(tmp) / PurePosixPath(databases[0].name).name
        with archive.extractfile(databases[0]) as source, open(database_file, "wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
        counts = import_database(database_file, force=force, using=using)
        for member, name in files:
            if name is None:
                continue
            if default_storage.exists(name):
                default_storage.delete(name)
            with archive.extractfile(member) as source:
                saved = default_storage.save(name, File(source, name=name))
            if saved != name:
                raise BackupError(f"Storage stored {name!r} as {saved!r}.")
            restored.append(name)
    return counts, restored


class _SelectiveNaturalKeys:
    """Natural keys for content types and permissions only: every other link keeps its pk, which
    a restore keeps too (and a natural-key lookup per row would make a large import crawl)."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in _natural_key_models()
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in _natural_key_models()
        super().handle_m2m_field(obj, field)


def _serializer(fmt):
    base = serializers.get_serializer(fmt)
    return type("BackupSerializer", (_SelectiveNaturalKeys, base), {})()


def _rows(model, using):
    queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
    prefetches = []
    for field in model._meta.many_to_many:
        if not field.remote_field.through._meta.auto_created:
            continue  # an explicit through model is exported as a model of its own
        if field.remote_field.model is Permission:
            prefetches.append(
                Prefetch(field.name, Permission.objects.select_related("content_type"))
            )
        else:
            prefetches.append(field.name)
    if prefetches:
        queryset = queryset.prefetch_related(*prefetches)
    return queryset.iterator(chunk_size=CHUNK)


def export_database(path, *, using: str = DEFAULT_DB_ALIAS) -> Counter:
    """Write every exported row to ``path`` (gzipped); return the number of rows per model."""
    counts: Counter = Counter()

    def objects():
        for model in exported_models():
            for obj in _rows(model, using):
                counts[model._meta.label] += 1
                yield obj

    with gzip.open(path, "wt", encoding="utf-8") as stream:
        _serializer(_format_for(path)).serialize(
            objects(), stream=stream, use_natural_foreign_keys=False, cls=_FullPrecisionEncoder
        )
    return counts


def database_has_data(using: str = DEFAULT_DB_ALIAS) -> bool:
    """A database that only ``migrate`` has touched holds reference data but no users and no
    initiatives; anything more is somebody's work that an import must not overwrite unasked."""
    from initiatives.accounts.models import User
    from initiatives.models import Initiative

    return (
        User._base_manager.using(using).exists() or Initiative._base_manager.using(using).exists()
    )


def _open(path):
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _tables(models_list) -> list[str]:
    tables = []
    for model in models_list:
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables.append(through._meta.db_table)
    return tables


def _wipe(models_list, using):
    """Empty the exported tables, including what ``migrate`` put there: the backup's reference
    data replaces it, so a restore is exact even where coordinators changed reference data."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        # Fire pending deferred checks first, so the deletes start from a clean slate.
        connection.check_constraints()
    with connection.cursor() as cursor:
        for table in reversed(_tables(models_list)):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


class _Batch:
    """Inserts deserialized rows a few hundred at a time, as they are (a raw insert, like
    ``loaddata``: no ``auto_now`` or other ``pre_save`` rewriting, no signals, so no new
    history rows), with their many-to-many links. The tables were emptied first, so a plain
    INSERT is right; one statement per row would make a city-sized restore take an hour."""

    SIZE = 500

    def __init__(self, using):
        self.using = using
        self.model = None
        self.objects = []

    def add(self, deserialized):
        model = type(deserialized.object)
        if model is not self.model or len(self.objects) >= self.SIZE:
            self.flush()
            self.model = model
        self.objects.append(deserialized)

    def flush(self):
        if not self.objects:
            return
        model, rows = self.model, [d.object for d in self.objects]
        fields = list(model._meta.local_concrete_fields)
        size = max(1, connections[self.using].ops.bulk_batch_size(fields, rows))
        for start in range(0, len(rows), size):
            model._base_manager.using(self.using)._insert(
                rows[start : start + size], fields=fields, raw=True, using=self.using
            )
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = [
                through(**{f"{source}_id": d.object.pk, f"{target}_id": pk})
                for d in self.objects
                for pk in (d.m2m_data or {}).get(field.name, [])
            ]
            if links:
                through._base_manager.using(self.using).bulk_create(links, batch_size=self.SIZE)
        self.objects = []


def import_database(path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Counter:
    """Restore ``path`` into the database in one transaction; return the rows per model.

    Refuses a database that already has users or initiatives unless ``force``; then everything
    in the exported tables is replaced.
    """
    if not force and database_has_data(using):
        raise BackupError(
            "The database already holds users or initiatives. Import into an empty, migrated "
            "database, or pass --force to replace everything in it."
        )
    models_list = exported_models()
    connection = connections[using]
    # Natural keys of content types resolve through a cache that a flush in this process
    # would have made stale.
    ContentType.objects.clear_cache()
    counts: Counter = Counter()
    with transaction.atomic(using=using):
        _wipe(models_list, using)
        batch = _Batch(using)
        deferred = []
        with connection.constraint_checks_disabled(), _open(path) as stream:
            for obj in serializers.deserialize(
                _format_for(path), stream, using=using, handle_forward_references=True
            ):
                counts[obj.object._meta.label] += 1
                if obj.deferred_fields:
                    deferred.append(obj)  # a natural key not there yet: saved at the end
                else:
                    batch.add(obj)
            batch.flush()
            for obj in deferred:
                obj.save(using=using)
            for obj in deferred:
                obj.save_deferred_fields(using=using)
        connection.check_constraints(table_names=_tables(models_list))
        sequence_sql = connection.ops.sequence_reset_sql(no_style(), models_list)
        if sequence_sql:
            with connection.cursor() as cursor:
                for statement in sequence_sql:
                    cursor.execute(statement)
        announce_bulk_write(using=using)  # raw inserts send no signals
    return counts
