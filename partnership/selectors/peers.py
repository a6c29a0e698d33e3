"""Reads for finding each other: the initiatives one rule blocks that chose to be visible, and
the messages between two of them (issue 16)."""

from django.db.models import Count, Prefetch, Q

from initiatives.models import Initiative
from partnership.models import PeerListing, PeerMessage, PolicyFramework


def blocked_initiatives(user, framework: PolicyFramework) -> list[Initiative]:
    """The user's own current initiatives that this rule blocks (a blockage under it, not
    archived), each with its own choice of visibility for the rule in ``own_listing``."""
    if not user.is_authenticated:
        return []
    initiatives = list(
        Initiative.objects.filter(
            memberships__user=user,
            memberships__left_at__isnull=True,
            archived_at__isnull=True,
            blockages__policy_framework=framework,
            blockages__archived_at__isnull=True,
        )
        .distinct()
        .order_by("title")
        .prefetch_related(
            Prefetch(
                "peer_listings",
                queryset=PeerListing.objects.filter(framework=framework),
                to_attr="listings_here",
            )
        )
    )
    for initiative in initiatives:
        initiative.own_listing = next(iter(initiative.listings_here), None)
    return initiatives


def frameworks_blocking(user):
    """The rules that block one of the user's current initiatives: where to find fellows."""
    if not user.is_authenticated:
        return PolicyFramework.objects.none()
    return (
        PolicyFramework.objects.filter(
            blockages__archived_at__isnull=True,
            blockages__initiative__archived_at__isnull=True,
            blockages__initiative__memberships__user=user,
            blockages__initiative__memberships__left_at__isnull=True,
        )
        .annotate(
            listed=Count(
                "peer_listings",
                filter=Q(
                    peer_listings__withdrawn_at__isnull=True,
                    peer_listings__initiative__archived_at__isnull=True,
                ),
                distinct=True,
            )
        )
        .distinct()
        .order_by("name")
    )


def peers(framework: PolicyFramework, *, exclude_ids):
    """The other initiatives this rule blocks that chose to be visible, with how many of their
    blockages it caused; the most recently listed first."""
    return (
        PeerListing.objects.listed()
        .filter(framework=framework)
        .exclude(initiative_id__in=exclude_ids)
        .select_related("initiative__area", "initiative__neighbourhood")
        .annotate(
            blockage_count=Count(
                "initiative__blockages",
                filter=Q(
                    initiative__blockages__policy_framework=framework,
                    initiative__blockages__archived_at__isnull=True,
                ),
            )
        )
        .order_by("-listed_at", "pk")
    )


def listing_for_page(pk: int) -> PeerListing:
    return PeerListing.objects.select_related("initiative__area", "framework").get(pk=pk)


def conversation(framework: PolicyFramework, one: Initiative, other: Initiative):
    """Every message between two initiatives about one rule, oldest first."""
    return (
        PeerMessage.objects.filter(framework=framework)
        .filter(
            Q(sender=one, recipient=other) | Q(sender=other, recipient=one),
        )
        .select_related("sender", "author")
        .order_by("sent_at", "pk")
    )
