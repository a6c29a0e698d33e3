"""Helpers for rules on the table: proposals in each state, supports and framework versions."""

import datetime as dt

from django.utils import timezone

from partnership.models import ProposalSupport, RuleProposal
from partnership.services import proposals as services
from tests.support import factories as f


def draft(*, author, framework=None, blockages=(), co_authors=(), title="Grond voor een euro"):
    return services.proposal_create(
        by=author,
        policy_framework=framework or f.PolicyFrameworkFactory(),
        title=title,
        current_rule="Gemeentegrond wordt verhuurd tegen de marktprijs.",
        proposed_change="Initiatieven met maatschappelijke waarde betalen een symbolisch bedrag.",
        reasons="Moestuinen en speeltuinen kunnen de marktprijs niet betalen.",
        blockages=blockages,
        co_authors=co_authors,
    )


def submitted(*, author, days_ago: int = 0, **kwargs) -> RuleProposal:
    proposal = draft(author=author, **kwargs)
    when = timezone.now() - dt.timedelta(days=days_ago)
    return services.proposal_submit(proposal=proposal, by=author, now=when)


def support(proposal, initiative, by=None, **kwargs) -> ProposalSupport:
    if by is None:
        by = f.InitiatorFactory()
        f.MembershipFactory(initiative=initiative, user=by)
    return services.proposal_support(proposal=proposal, initiative=initiative, by=by, **kwargs)
