"""Rules on the table: proposals to change a policy framework, support, evidence, answers and
new versions of a framework (issue 16).

A proposal is a draft until an author submits it; then its answer is due after the framework's
answer term (``answer_term_weeks``). It is answered once, with an outcome and reasons, or
withdrawn by its authors before that. Each initiative supports a proposal at most once.
The permissions are checked by the views (``initiatives.permissions``); these services keep the
state machine and the data whole.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.models import (
    PolicyFramework,
    PolicyFrameworkVersion,
    ProposalEvidence,
    ProposalSupport,
    RuleProposal,
)

Status = RuleProposal.Status


def answer_due_on(submitted_at: dt.datetime, weeks: int) -> dt.date:
    """The day the answer is due: the submission date plus the framework's term in weeks."""
    return timezone.localdate(submitted_at) + dt.timedelta(weeks=weeks)


@transaction.atomic
def proposal_create(
    *,
    by,
    policy_framework,
    title: str,
    current_rule: str,
    proposed_change: str,
    reasons: str,
    blockages=(),
    co_authors=(),
) -> RuleProposal:
    proposal = RuleProposal(
        policy_framework=policy_framework,
        title=title.strip(),
        current_rule=current_rule.strip(),
        proposed_change=proposed_change.strip(),
        reasons=reasons.strip(),
        author=by,
    )
    proposal.full_clean()
    proposal.save()
    proposal.blockages.set(blockages)
    proposal.co_authors.set([u for u in co_authors if u.pk != by.pk])
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal: RuleProposal,
    by,
    policy_framework,
    title: str,
    current_rule: str,
    proposed_change: str,
    reasons: str,
    blockages=None,
    co_authors=None,
) -> RuleProposal:
    """Edit a draft; the history keeps every earlier text."""
    proposal = RuleProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be edited."))
    proposal.policy_framework = policy_framework
    proposal.title = title.strip()
    proposal.current_rule = current_rule.strip()
    proposal.proposed_change = proposed_change.strip()
    proposal.reasons = reasons.strip()
    proposal._change_reason = _("edited by %(name)s") % {"name": by}
    proposal.full_clean()
    proposal.save()
    if blockages is not None:
        proposal.blockages.set(blockages)
    if co_authors is not None:
        author_id = proposal.author_id
        proposal.co_authors.set([u for u in co_authors if u.pk != author_id])
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: RuleProposal, by, now=None) -> RuleProposal:
    """Send a draft to the framework's owning department; the answer term starts now."""
    proposal = (
        RuleProposal.objects.select_for_update()
        .select_related("policy_framework")
        .get(pk=proposal.pk)
    )
    if proposal.status != Status.DRAFT:
        raise ValidationError(_("This proposal has already been submitted."))
    now = now or timezone.now()
    proposal.status = Status.SUBMITTED
    proposal.submitted_at = now
    proposal.answer_due_on = answer_due_on(now, proposal.policy_framework.answer_term_weeks)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: RuleProposal, by) -> RuleProposal:
    proposal = RuleProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted proposal that is not yet answered can be withdrawn.")
        )
    proposal.status = Status.WITHDRAWN
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_support(
    *, proposal: RuleProposal, initiative, by, public_line: str = "", show_name: bool = True
) -> ProposalSupport:
    if proposal.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted proposal that is not yet answered can be supported.")
        )
    support = ProposalSupport(
        proposal=proposal,
        initiative=initiative,
        supported_by=by,
        public_line=public_line.strip(),
        show_name=show_name,
    )
    support.full_clean()
    try:
        with transaction.atomic():
            support.save()
    except IntegrityError as error:  # two members at the same moment
        raise ValidationError(_("This initiative already supports this proposal.")) from error
    return support


@transaction.atomic
def proposal_add_evidence(*, proposal: RuleProposal, by, case_text: str) -> ProposalEvidence:
    if proposal.status == Status.DRAFT:
        raise ValidationError(_("Evidence can be added once the proposal is submitted."))
    evidence = ProposalEvidence(proposal=proposal, civil_servant=by, case_text=case_text.strip())
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def proposal_answer(
    *, proposal: RuleProposal, by, outcome: str, reasoning: str, changes: str = "", now=None
) -> RuleProposal:
    """The department's public, reasoned answer; given once."""
    proposal = RuleProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be answered, and only once."))
    errors = {}
    if outcome not in RuleProposal.Outcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if not reasoning.strip():
        errors["reasoning"] = _("An answer gives its reasons.")
    if outcome in (RuleProposal.Outcome.ADOPTED, RuleProposal.Outcome.PARTLY_ADOPTED) and not (
        changes.strip()
    ):
        errors["changes"] = _("Say what changes, and when.")
    if errors:
        raise ValidationError(errors)
    proposal.status = Status.ANSWERED
    proposal.outcome = outcome
    proposal.answer_reasoning = reasoning.strip()
    proposal.answer_changes = changes.strip()
    proposal.answered_by = by
    proposal.answered_at = now or timezone.now()
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def framework_version_create(
    *, framework, by, valid_from: dt.date, summary: str, proposal=None
) -> PolicyFrameworkVersion:
    """A new version of a framework, numbered after the last one."""
    if proposal is not None and proposal.policy_framework_id != framework.pk:
        raise ValidationError({"proposal": _("This proposal is about another framework.")})
    # Lock the framework, so that two versions made at once do not take the same number.
    PolicyFramework.objects.select_for_update().filter(pk=framework.pk).first()
    last = PolicyFrameworkVersion.objects.filter(framework=framework).aggregate(n=Max("number"))[
        "n"
    ]
    version = PolicyFrameworkVersion(
        framework=framework,
        number=(last or 0) + 1,
        valid_from=valid_from,
        summary=summary.strip(),
        proposal=proposal,
        created_by=by,
    )
    version.full_clean()
    version.save()
    return version
