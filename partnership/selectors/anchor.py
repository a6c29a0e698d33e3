"""Reads for anchor institutions: which initiatives they work with, and what more than the
public fields an initiative has let them see (its consent, ``AnchorGrant``)."""

from django.db.models import Count, Q

from initiatives.models import Initiative, Membership, PartnerOrganisation
from partnership.models import AnchorGrant, Contract
from publicvalue.models import ValueRecord


def linked_anchor_organisations(initiative):
    """Anchor institutions that work with the initiative: a partner link or a record of theirs."""
    linked = Q(initiative_links__initiative=initiative) | Q(
        contracts__initiative=initiative, contracts__archived_at__isnull=True
    )
    return (
        PartnerOrganisation.objects.filter(is_anchor_institution=True)
        .filter(pk__in=PartnerOrganisation.objects.filter(linked).values("pk"))
        .order_by("name")
    )


def anchor_initiatives(organisation):
    """The public initiatives an anchor institution works with (public fields only)."""
    linked = Q(partner_links__organisation=organisation) | Q(
        contracts__awarded_by_organisation=organisation
    )
    return (
        Initiative.objects.public()
        .filter(pk__in=Initiative.objects.filter(linked).values("pk"))
        .select_related("area", "neighbourhood")
        .only("pk", "slug", "title", "summary", "area__name", "neighbourhood__name")
        .order_by("title")
    )


def grants_of_initiative(initiative) -> dict[int, AnchorGrant]:
    """The initiative's consents, by organisation id."""
    return {g.organisation_id: g for g in AnchorGrant.objects.filter(initiative=initiative)}


def granted_extras(organisation, initiatives) -> dict[int, dict]:
    """What each initiative lets this organisation see beyond the public fields, by initiative
    id: only while granted, read afresh on every page (four queries whatever the number)."""
    ids = [i.pk for i in initiatives]
    grants = {
        g.initiative_id: g
        for g in AnchorGrant.objects.filter(organisation=organisation, initiative_id__in=ids)
        if g.grants_anything
    }
    if not grants:
        return {}
    extras = {pk: {"grant": grant} for pk, grant in grants.items()}
    contact_ids = [pk for pk, g in grants.items() if g.lead_contact]
    for membership in Membership.objects.filter(
        initiative_id__in=contact_ids, role=Membership.Role.LEAD, left_at__isnull=True
    ).select_related("user"):
        extras[membership.initiative_id]["lead"] = membership.user
    count_ids = [pk for pk, g in grants.items() if g.member_count]
    for row in (
        Membership.objects.filter(initiative_id__in=count_ids, left_at__isnull=True)
        .values("initiative_id")
        .annotate(n=Count("pk"))
    ):
        extras[row["initiative_id"]]["members"] = row["n"]
    for pk in count_ids:
        extras[pk].setdefault("members", 0)
    value_ids = [pk for pk, g in grants.items() if g.value_records]
    for record in (
        ValueRecord.objects.filter(initiative_id__in=value_ids, archived_at__isnull=True)
        .select_related("indicator", "dimension")
        .order_by("-period_end", "-pk")
    ):
        extras[record.initiative_id].setdefault("values", []).append(record)
    return extras


def own_contributions(organisation):
    return (
        Contract.objects.filter(
            awarded_by_organisation=organisation,
            archived_at__isnull=True,
            initiative__is_public=True,
            initiative__archived_at__isnull=True,
        )
        .select_related("initiative")
        .order_by("-start_on", "-pk")
    )
