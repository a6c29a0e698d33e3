"""Reads for rules on the table: the movement's page, a proposal's record, the council agenda.

Every list is read in a fixed number of queries whatever the number of initiatives, proposals
or blockages: counts are annotated in the database, never counted in Python.
"""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from initiatives import permissions
from initiatives.models import Initiative, Membership
from partnership.models import (
    Blockage,
    PolicyFramework,
    PolicyFrameworkVersion,
    ProposalEvidence,
    ProposalSupport,
    RuleProposal,
)
from partnership.selectors.pillar import count_subquery

TOP_BLOCKING_FRAMEWORKS = 10
ANSWERS_SHOWN = 20
FEED_ITEMS = 30


def agenda_support() -> int:
    """How many supporting initiatives put a proposal on the council's agenda."""
    return settings.PROPOSAL_AGENDA_SUPPORT


def _counted(queryset):
    """Each proposal's supports and linked blockages, counted by correlated subqueries: joined
    and grouped, the two counts would multiply (10,000 supports by each linked blockage)."""
    linked = RuleProposal.blockages.through.objects.filter(ruleproposal_id=OuterRef("pk"))
    return queryset.select_related("policy_framework").annotate(
        support_count=count_subquery(ProposalSupport.objects.filter(proposal=OuterRef("pk"))),
        blockage_count=count_subquery(linked),
    )


def _scoped(queryset, *, area=None, domain: str = ""):
    """Proposals touching an area or domain: a linked blockage or a supporting initiative
    there."""
    if not area and not domain:
        return queryset
    initiative_q = Q()
    if area:
        initiative_q &= Q(area=area)
    if domain:
        initiative_q &= Q(domain=domain)
    initiatives = Initiative.objects.filter(initiative_q)
    blocked = RuleProposal.blockages.through.objects.filter(
        ruleproposal_id=OuterRef("pk"), blockage__initiative__in=initiatives
    )
    supported = ProposalSupport.objects.filter(proposal=OuterRef("pk"), initiative__in=initiatives)
    return queryset.filter(Exists(blocked) | Exists(supported))


def open_proposals(*, area=None, domain: str = ""):
    """Submitted proposals waiting for an answer, most supported first."""
    return _scoped(_counted(RuleProposal.objects.open()), area=area, domain=domain).order_by(
        "-support_count", "answer_due_on", "pk"
    )


def answered_proposals(*, area=None, domain: str = "", limit: int = ANSWERS_SHOWN):
    return list(
        _scoped(
            _counted(RuleProposal.objects.filter(status=RuleProposal.Status.ANSWERED)),
            area=area,
            domain=domain,
        ).order_by("-answered_at", "pk")[:limit]
    )


def council_agenda(today=None):
    """Submitted proposals past their answer term or with enough support: on the council's
    agenda without anyone putting them there."""
    today = today or timezone.localdate()
    return list(
        _counted(RuleProposal.objects.open())
        .filter(Q(answer_due_on__lt=today) | Q(support_count__gte=agenda_support()))
        .order_by("answer_due_on", "pk")
    )


def blocking_frameworks(*, area=None, domain: str = "", limit: int = TOP_BLOCKING_FRAMEWORKS):
    """The frameworks with the most open blockages now (archived ones left out). The open
    blockages are grouped by framework first and the few frameworks on top loaded after (two
    queries): counted per framework, or joined to the frameworks' proposals, they were read
    each twice over (over a second at national scale)."""
    q = Q(
        status__in=Blockage.OPEN_STATUSES,
        archived_at__isnull=True,
        initiative__archived_at__isnull=True,
        policy_framework__isnull=False,
    )
    if area:
        q &= Q(initiative__area=area)
    if domain:
        q &= Q(initiative__domain=domain)
    top = list(
        Blockage.objects.filter(q)
        .values_list("policy_framework_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "policy_framework__name")[:limit]
    )
    open_proposals = RuleProposal.objects.filter(
        policy_framework=OuterRef("pk"), status=RuleProposal.Status.SUBMITTED
    )
    frameworks = (
        PolicyFramework.objects.select_related("department")
        .annotate(open_proposals=count_subquery(open_proposals))
        .in_bulk([pk for pk, _n in top])
    )
    for pk, n in top:
        frameworks[pk].open_blockages = n
    return [frameworks[pk] for pk, _n in top]


def recent_versions(limit: int = 10):
    return list(
        PolicyFrameworkVersion.objects.select_related("framework", "proposal").order_by(
            "-valid_from", "-number"
        )[:limit]
    )


def proposal_for_page(pk: int) -> RuleProposal:
    """One proposal with everything its page shows, in a fixed number of queries; its supports
    are counted and paged apart (``support_counts``, ``named_supports``): a proposal the whole
    movement backs has thousands."""
    return (
        RuleProposal.objects.select_related("policy_framework__department", "author", "answered_by")
        .prefetch_related(
            "co_authors",
            Prefetch("evidence", queryset=ProposalEvidence.objects.order_by("created_at")),
            Prefetch(
                "framework_versions", queryset=PolicyFrameworkVersion.objects.order_by("number")
            ),
        )
        .get(pk=pk)
    )


def _member_initiative_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, left_at__isnull=True).values_list(
            "initiative_id", flat=True
        )
    )


def visible_blockages(user, proposal: RuleProposal) -> tuple[list[dict], int]:
    """The linked blockages as far as ``user`` may see them: the municipality and the
    initiative's members read the blockage; anyone else sees a public initiative's title only;
    the rest is counted, never named. Returns (rows, hidden count)."""
    municipal = permissions.is_municipal(user)
    mine = _member_initiative_ids(user)
    rows, hidden = [], 0
    blockages = proposal.blockages.select_related("initiative", "policy_framework").order_by(
        "raised_on", "pk"
    )
    for blockage in blockages:
        initiative = blockage.initiative
        full = municipal or initiative.pk in mine
        public = initiative.is_public and initiative.archived_at is None
        if not (full or public):
            hidden += 1
            continue
        rows.append({"blockage": blockage, "initiative": initiative, "full": full})
    return rows, hidden


# A support is shown by name when its initiative chose so and is public (and not archived).
_NAMED = Q(show_name=True, initiative__is_public=True, initiative__archived_at__isnull=True)


def support_counts(proposal: RuleProposal) -> tuple[int, int]:
    """(named, others): the supporting initiatives shown by name and the ones only counted, in
    one query."""
    counts = ProposalSupport.objects.filter(proposal=proposal).aggregate(
        named=Count("pk", filter=_NAMED), total=Count("pk")
    )
    return counts["named"], counts["total"] - counts["named"]


def named_supports(proposal: RuleProposal):
    """The supports shown by name, first supporters first (a queryset: the page shows a page)."""
    return (
        ProposalSupport.objects.filter(_NAMED, proposal=proposal)
        .select_related("initiative")
        .only("public_line", "initiative__title", "initiative__slug")
        .order_by("created_at", "pk")
    )


def initiatives_to_support_for(user, proposal: RuleProposal):
    """The user's current initiatives that do not support the proposal yet (a queryset)."""
    if not permissions.can_support_proposals(user):
        return Initiative.objects.none()
    mine = Membership.objects.filter(user=user, left_at__isnull=True).values("initiative_id")
    already = ProposalSupport.objects.filter(proposal=proposal).values("initiative_id")
    return (
        Initiative.objects.filter(pk__in=mine, archived_at__isnull=True)
        .exclude(pk__in=already)
        .order_by("title")
    )


def linkable_blockages(user):
    """The blockages a proposal's author may link: the municipality any open blockage under a
    framework; an initiator those of their own initiatives and the open ones of public
    initiatives (shown by the initiative's name only)."""
    base = Blockage.objects.filter(
        archived_at__isnull=True, initiative__archived_at__isnull=True
    ).select_related("initiative", "policy_framework")
    if permissions.is_municipal(user):
        return base.filter(status__in=Blockage.OPEN_STATUSES).order_by("-raised_on", "pk")
    mine = Membership.objects.filter(user=user, left_at__isnull=True).values("initiative_id")
    return base.filter(
        Q(initiative__in=mine)
        | Q(
            initiative__is_public=True,
            status__in=Blockage.OPEN_STATUSES,
            policy_framework__isnull=False,
        )
    ).order_by("-raised_on", "pk")


def feed_items(limit: int = FEED_ITEMS) -> list[tuple[str, RuleProposal]]:
    """New proposals and answers, newest first: ("submitted" | "answered", proposal)."""
    base = RuleProposal.objects.select_related("policy_framework")
    shown = (RuleProposal.Status.SUBMITTED, RuleProposal.Status.ANSWERED)
    submitted = base.filter(status__in=shown).order_by("-submitted_at")[:limit]
    answered = base.filter(status=RuleProposal.Status.ANSWERED).order_by("-answered_at")[:limit]
    items = [("submitted", p.submitted_at, p) for p in submitted]
    items += [("answered", p.answered_at, p) for p in answered]
    items.sort(key=lambda item: item[1], reverse=True)
    return [(kind, proposal) for kind, _when, proposal in items[:limit]]
