"""Reads for the audit trail: every change to an initiative and to what is recorded about it.

The rows come from django-simple-history's historical tables. A page is cut from a UNION ALL of
(date, history id, kind, object id) over those tables, ordered newest first, so the database
paginates; then, per kind present on the page, one query fetches the versions of the objects on
the page, so each change is diffed against the version before it (an initiative's themes and asks
too, from simple-history's many-to-many tables, one query each). Related objects are labelled
with one query per related model. The number of queries is the same whatever the number of
changes.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import IntegerField, Value
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Membership
from initiatives.selectors import m2m_versions
from partnership.models import (
    AnchorGrant,
    Blockage,
    CityRequest,
    Commitment,
    Contact,
    Contract,
    Reply,
)
from publicvalue.models import ValueRecord

PER_PAGE = 50


@dataclass(frozen=True)
class AuditedModel:
    key: str
    model: type[models.Model]
    initiative_field: str  # the column of the historical table that names the initiative
    label_field: str  # the field that says which object a row is about

    @property
    def history_model(self):
        return self.model.history.model

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name


AUDITED: tuple[AuditedModel, ...] = (
    AuditedModel("initiative", Initiative, "id", "title"),
    AuditedModel("membership", Membership, "initiative_id", "user"),
    AuditedModel("contact", Contact, "initiative_id", "summary"),
    AuditedModel("commitment", Commitment, "initiative_id", "description"),
    AuditedModel("blockage", Blockage, "initiative_id", "description"),
    AuditedModel("cityrequest", CityRequest, "initiative_id", "title"),
    AuditedModel("contract", Contract, "initiative_id", "description"),
    AuditedModel("reply", Reply, "initiative_id", "body"),
    AuditedModel("valuerecord", ValueRecord, "initiative_id", "narrative"),
    # What the initiative let an anchor institution see, given and taken back (issue 17).
    AuditedModel("anchorgrant", AnchorGrant, "initiative_id", "organisation"),
)
AUDITED_BY_KEY = {a.key: a for a in AUDITED}

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
ARCHIVED, RESTORED = _("archived"), _("restored")


@dataclass
class FieldChange:
    label: str
    old: object
    new: object


@dataclass
class AuditEntry:
    kind: AuditedModel
    history_id: int
    object_id: int
    initiative_id: int | None
    date: dt.datetime
    user: object
    action: str
    action_label: str
    reason: str
    object_label: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    initiative: object = None


def _page_query(*, initiative, kinds, since, until):
    """UNION ALL of (history_date, history_id, kind index, object id) over the audited historical
    tables. Each part filters on an indexed column (initiative_id, history_date)."""
    parts = []
    for index, audited in enumerate(AUDITED):
        if audited not in kinds:
            continue
        qs = audited.history_model.objects.order_by()
        if initiative is not None:
            qs = qs.filter(**{audited.initiative_field: initiative.pk})
        if since is not None:
            qs = qs.filter(history_date__gte=_start_of(since))
        if until is not None:
            qs = qs.filter(history_date__lt=_start_of(until + dt.timedelta(days=1)))
        parts.append(
            qs.annotate(kind_index=Value(index, output_field=IntegerField())).values_list(
                "history_date", "history_id", "kind_index", "id"
            )
        )
    if not parts:
        return None
    first, *rest = parts
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-history_date", "-history_id")


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight in the site's time zone, so the filter can use the index on history_date."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _versions(history_model, object_ids):
    """Every version of the given objects, oldest first per object: one query
    on the indexed object id (a correlated "previous row" subquery lets PostgreSQL walk the
    whole history_date index instead)."""
    versions: dict[int, list] = {}
    rows = (
        history_model.objects.filter(id__in=object_ids)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    for row in rows:
        versions.setdefault(row.id, []).append(row)
    return versions


def _tracked_fields(audited: AuditedModel):
    model_fields = {f.name: f for f in audited.model._meta.concrete_fields}
    return [
        model_fields[f.name]
        for f in audited.model.history.model.tracked_fields
        if f.editable and f.name in model_fields and not f.primary_key
    ]


class _Labeller:
    """Collects foreign-key ids while entries are built, then resolves them in bulk."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = {}
        self.labels: dict[tuple[type[models.Model], object], str] = {}

    def ref(self, model, pk):
        self.wanted.setdefault(model, set()).add(pk)
        return _Ref(model, pk, self)

    def resolve(self):
        for model, pks in self.wanted.items():
            pks.discard(None)
            if not pks:
                continue
            for obj in model._base_manager.filter(pk__in=pks).order_by():
                self.labels[(model, obj.pk)] = _label_for(obj)


def _label_for(obj) -> str:
    """A label that needs no further query (``str()`` of some models follows relations)."""
    for name in ("title", "name", "email"):
        value = getattr(obj, name, "")
        if value:
            return str(value)
    for name in ("description", "summary", "body", "narrative"):
        value = getattr(obj, name, "")
        if value:
            return _short(value)
    return f"#{obj.pk}"


def _short(value, length=80) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= length else text[: length - 1] + "…"


class _Ref:
    """A foreign key shown by the label of what it points to, resolved after the page is built."""

    def __init__(self, model, pk, labeller):
        self.model, self.pk, self.labeller = model, pk, labeller

    def __str__(self):
        if self.pk is None:
            return ""
        return self.labeller.labels.get(
            (self.model, self.pk), _("#%(id)s (deleted)") % {"id": self.pk}
        )


class _RefList:
    """Several references (an initiative's themes) shown as one comma-separated, sorted text."""

    def __init__(self, refs):
        self.refs = refs

    def __str__(self):
        return ", ".join(sorted(str(ref) for ref in self.refs))


def _m2m_changes(audited, row, previous, m2m, labeller) -> list[FieldChange]:
    changes = []
    for m2m_field in audited.history_model._history_m2m_fields:
        new = m2m.get(row.history_id, {}).get(m2m_field.name, set())
        old = m2m.get(previous.history_id, {}).get(m2m_field.name, set()) if previous else set()
        if new == old:
            continue
        model = m2m_field.related_model
        changes.append(
            FieldChange(
                label=m2m_field.verbose_name,
                old=_RefList([labeller.ref(model, pk) for pk in old]) if old else "",
                new=_RefList([labeller.ref(model, pk) for pk in new]) if new else "",
            )
        )
    return changes


def _display(model_field, value, labeller):
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        return labeller.ref(model_field.related_model, value)
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(model_field, models.FileField):
        return getattr(value, "name", value) or ""
    return value


def _changes(audited, row, previous, m2m, labeller) -> list[FieldChange]:
    changes = _field_changes(audited, row, previous, labeller)
    if row.history_type in ("+", "~"):
        changes += _m2m_changes(audited, row, previous, m2m, labeller)
    return changes


def _field_changes(audited, row, previous, labeller) -> list[FieldChange]:
    fields = _tracked_fields(audited)
    if row.history_type == "~" and previous is not None:
        names = {f.name for f in fields}
        delta = row.diff_against(previous, included_fields=names)
        by_name = {f.name: f for f in fields}
        return [
            FieldChange(
                label=by_name[c.field].verbose_name,
                old=_display(by_name[c.field], c.old, labeller),
                new=_display(by_name[c.field], c.new, labeller),
            )
            for c in delta.changes
        ]
    if row.history_type == "+":
        changes = []
        for f in fields:
            value = getattr(row, f.attname)
            if value is None or value == "" or value is False or f.name == "initiative":
                continue
            changes.append(FieldChange(f.verbose_name, "", _display(f, value, labeller)))
        return changes
    return []


def _object_label(audited, row, labeller):
    model_field = audited.model._meta.get_field(audited.label_field)
    value = getattr(row, model_field.attname)
    if model_field.is_relation:
        return labeller.ref(model_field.related_model, value)
    return _short(value) if value else f"#{row.id}"


def _action_label(row, previous):
    """Archiving and restoring are changes of ``archived_at``; they are named as what they are."""
    if row.history_type == "~" and previous is not None and hasattr(row, "archived_at"):
        if previous.archived_at is None and row.archived_at is not None:
            return ARCHIVED
        if previous.archived_at is not None and row.archived_at is None:
            return RESTORED
    return ACTIONS.get(row.history_type, row.history_type)


@dataclass(frozen=True)
class ArchivedItem:
    kind: AuditedModel
    pk: int
    label: str
    archived_at: dt.datetime


def archived_items(*, initiative) -> list[ArchivedItem]:
    """The initiative's archived records (not the initiative itself), newest archived first,
    for a coordinator who may bring them back: one query per kind of record."""
    items = []
    for audited in AUDITED:
        if audited.initiative_field != "initiative_id":
            continue
        if not any(f.name == "archived_at" for f in audited.model._meta.concrete_fields):
            continue
        rows = audited.model._base_manager.filter(initiative=initiative, archived_at__isnull=False)
        items += [ArchivedItem(audited, row.pk, _label_for(row), row.archived_at) for row in rows]
    items.sort(key=lambda item: (item.archived_at, item.pk), reverse=True)
    return items


def audit_page(
    *,
    initiative=None,
    kind_key: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    page_number=1,
    per_page: int = PER_PAGE,
) -> Page:
    """One page of audit entries, newest first, for one initiative or for all of them."""
    kinds = [AUDITED_BY_KEY[kind_key]] if kind_key in AUDITED_BY_KEY else list(AUDITED)
    query = _page_query(initiative=initiative, kinds=kinds, since=since, until=until)
    page = Paginator(query, per_page).get_page(page_number)
    keys = list(page.object_list)

    objects_by_kind: dict[int, set[int]] = {}
    for _date, _history_id, kind_index, object_id in keys:
        objects_by_kind.setdefault(kind_index, set()).add(object_id)

    rows: dict[tuple[int, int], object] = {}
    previous: dict[tuple[int, int], object] = {}
    m2m: dict[int, dict] = {}
    for kind_index, object_ids in objects_by_kind.items():
        audited = AUDITED[kind_index]
        loaded = []
        for versions in _versions(audited.history_model, object_ids).values():
            for position, row in enumerate(versions):
                rows[(kind_index, row.history_id)] = row
                previous[(kind_index, row.history_id)] = (
                    versions[position - 1] if position else None
                )
                loaded.append(row.history_id)
        if audited.history_model._history_m2m_fields:
            m2m[kind_index] = m2m_versions(audited.history_model, loaded)

    labeller = _Labeller()
    entries = []
    for _date, history_id, kind_index, _object_id in keys:
        audited = AUDITED[kind_index]
        row = rows[(kind_index, history_id)]
        initiative_id = getattr(row, audited.initiative_field)
        entries.append(
            AuditEntry(
                kind=audited,
                history_id=history_id,
                object_id=row.id,
                initiative_id=initiative_id,
                date=row.history_date,
                user=row.history_user,
                action=row.history_type,
                action_label=_action_label(row, previous[(kind_index, history_id)]),
                reason=row.history_change_reason or "",
                object_label=_object_label(audited, row, labeller),
                changes=_changes(
                    audited,
                    row,
                    previous[(kind_index, history_id)],
                    m2m.get(kind_index, {}),
                    labeller,
                ),
            )
        )
    labeller.resolve()
    if initiative is None and entries:
        initiatives = {
            pk: {"title": title, "slug": slug}
            for pk, title, slug in Initiative._base_manager.filter(
                pk__in={e.initiative_id for e in entries}
            ).values_list("pk", "title", "slug")
        }
        for entry in entries:
            entry.initiative = initiatives.get(entry.initiative_id)
    page.object_list = entries
    return page
