"""Reads on initiatives, each carrying the joins and annotations its page needs."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives import permissions
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative, Invitation, Membership, Theme
from initiatives.services import INVITATION_VALID_DAYS

HISTORY_LIMIT = 20
CHANGE_REASONS = {
    "registered": _("registered"),
    "edited": _("edited"),
    "status": _("status changed"),
}


def initiatives_with_members() -> QuerySet[Initiative]:
    """Initiatives with their place and ``current_members`` (and their users) prefetched, so
    that every permission check on a page (``permissions.member_ids``) reuses one query."""
    current = Membership.objects.filter(left_at__isnull=True).select_related("user")
    return Initiative.objects.with_place().prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_members")
    )


def visible_initiative_or_404(user, slug: str, queryset=None, *, find=None) -> Initiative:
    """THE look-up of an initiative by slug for a view: the initiative from ``queryset``
    (default: with its current members, see ``initiatives_with_members``) or, for a page that
    reads it its own way, ``find(slug)`` (None when there is none), or 404 when it does not
    exist or the user may not know that it exists (``permissions.check_visible``)."""
    if find is not None:
        initiative = find(slug)
        if initiative is None:
            raise Http404("No Initiative matches the given query.")
    else:
        if queryset is None:
            queryset = initiatives_with_members()
        initiative = get_object_or_404(queryset, slug=slug)
    permissions.check_visible(user, initiative)
    return initiative


def catalogue_filter(params) -> InitiativeFilter:
    """The public catalogue: public, non-archived initiatives, filtered, searched and sorted.

    Invalid filter values are left out of the query (and shown as errors on the form), so any
    query string gives a page. The list itself is two queries (count, page) plus one prefetch of
    themes; the default sort uses the ``created_at`` index.
    """
    queryset = (
        Initiative.objects.public()
        .with_place()
        .only(
            "pk",
            "title",
            "slug",
            "summary",
            "status",
            "domain",
            "created_at",
            "area__name",
            "area__slug",
            "neighbourhood__name",
            "neighbourhood__slug",
        )
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    )
    return InitiativeFilter(params, queryset=queryset)


@dataclass
class HistoryEntry:
    when: object
    who: object
    reason: str
    fields: list[str]


def m2m_history_models(history_model) -> list[tuple]:
    """(field, simple-history's table of it) for each many-to-many field kept with every
    version of a model (an initiative's themes and asks); empty for other models."""
    return [
        (field, getattr(history_model, field.name).model)
        for field in getattr(history_model, "_history_m2m_fields", ())
    ]


def m2m_versions(history_model, history_ids) -> dict[int, dict[str, set]]:
    """The related ids in each version, for the many-to-many fields whose history is kept (an
    initiative's themes and asks): {history id: {field name: ids}}, one query per field.
    ``diff_against`` would ask the database twice per field for every pair of versions."""
    out: dict[int, dict[str, set]] = {history_id: {} for history_id in history_ids}
    for field, m2m_history in m2m_history_models(history_model):
        target = field.m2m_reverse_field_name()
        rows = m2m_history.objects.filter(history_id__in=history_ids).values_list(
            "history_id", f"{target}_id"
        )
        for history_id, pk in rows:
            out[history_id].setdefault(field.name, set()).add(pk)
    return out


def initiative_history(initiative: Initiative, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The latest changes to an initiative: who, when and which fields, newest first.

    One query for the last ``limit`` + 1 historical rows and one per kept many-to-many field;
    each version is compared in memory with the one before it.
    """
    records = list(
        initiative.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    m2m_fields = [f.name for f in Initiative.history.model._history_m2m_fields]
    related = m2m_versions(Initiative.history.model, [r.history_id for r in records])
    labels = {
        f.name: str(f.verbose_name)
        for f in Initiative._meta.get_fields()
        if f.concrete or f.many_to_many
    }
    entries = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        if previous is None:
            changed = []
        else:
            delta = record.diff_against(previous, excluded_fields=["updated_by", *m2m_fields])
            changed = [labels.get(name, name) for name in delta.changed_fields]
            changed += [
                labels[name]
                for name in m2m_fields
                if related[record.history_id].get(name) != related[previous.history_id].get(name)
            ]
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                reason=CHANGE_REASONS.get(
                    record.history_change_reason or "", record.get_history_type_display()
                ),
                fields=changed,
            )
        )
    return entries


def pending_invitations(initiative: Initiative) -> list[Invitation]:
    """Invitations of the initiative that can still be accepted: not used, not withdrawn and not
    expired; newest first, with who sent them (one query)."""
    since = timezone.now() - dt.timedelta(days=INVITATION_VALID_DAYS)
    return list(
        initiative.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, created_at__gte=since
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )
