"""Rules on the table: the movement's page of proposals to change a policy framework, one
proposal's record, and the actions on it (issue 16).

Every view finds the proposal (404 when the user may not know a draft exists), then checks the
right for the action (403) through ``initiatives.permissions``; the state machine is kept by
``partnership.services.proposals``.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from initiatives import permissions
from initiatives.forms import MAX_ID
from initiatives.models import Area, Domain, Membership
from partnership.forms.proposals import (
    AnswerForm,
    EvidenceForm,
    FrameworkVersionForm,
    ProposalForm,
    SupportForm,
)
from partnership.models import PolicyFramework, RuleProposal
from partnership.selectors import peers as peer_selectors
from partnership.selectors import proposals as selectors
from partnership.services import proposals as services

PER_PAGE = 25
SUPPORTS_PER_PAGE = 100  # named supporting initiatives on a proposal's page
# Characters XML 1.0 does not allow: a stored control character must not break the feed.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return XML_FORBIDDEN.sub("", str(text))


def _proposal(request, pk: int) -> RuleProposal:
    try:
        proposal = selectors.proposal_for_page(pk)
    except RuleProposal.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_view_proposal(request.user, proposal):
        raise Http404
    return proposal


def _service_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _scope(request) -> tuple[Area | None, str]:
    """The area and domain filters of the movement's page; anything unknown is ignored."""
    area = None
    raw = request.GET.get("area", "")
    if raw.isdigit() and int(raw) <= MAX_ID:
        area = Area.objects.filter(pk=int(raw)).first()
    domain = request.GET.get("domain", "")
    if domain not in Domain.values:
        domain = ""
    return area, domain


@require_safe
def proposal_list(request):
    """The movement's page: open proposals with their support, the rules that block most, the
    answers given, the changes made and the council's agenda. Public."""
    area, domain = _scope(request)
    page = Paginator(selectors.open_proposals(area=area, domain=domain), PER_PAGE).get_page(
        request.GET.get("page")
    )
    ctx = {
        "page": page,
        "proposals": page.object_list,
        "answered": selectors.answered_proposals(area=area, domain=domain),
        "frameworks": selectors.blocking_frameworks(area=area, domain=domain),
        "agenda": selectors.council_agenda(),
        "agenda_support": selectors.agenda_support(),
        "versions": selectors.recent_versions(),
        "areas": Area.objects.order_by("name"),
        "domains": Domain.choices,
        "area": area,
        "domain": domain,
        "today": timezone.localdate(),
        "can_propose": permissions.can_propose_rule_change(request.user),
        "my_frameworks": peer_selectors.frameworks_blocking(request.user),
    }
    return render(request, "partnership/proposal_list.html", ctx)


@require_safe
def proposal_detail(request, pk: int):
    proposal = _proposal(request, pk)
    user = request.user
    blockages, hidden_blockages = selectors.visible_blockages(user, proposal)
    named, unnamed = selectors.support_counts(proposal)
    supports = Paginator(selectors.named_supports(proposal), SUPPORTS_PER_PAGE)
    supports.count = named  # counted already, with the others
    ctx = {
        "proposal": proposal,
        "blockages": blockages,
        "hidden_blockages": hidden_blockages,
        "page": supports.get_page(request.GET.get("page")),
        "unnamed_supports": unnamed,
        "support_count": named + unnamed,
        "blockage_count": len(blockages) + hidden_blockages,
        "past_term": proposal.is_past_term(),
        "on_agenda": proposal.status == RuleProposal.Status.SUBMITTED
        and (proposal.is_past_term() or named + unnamed >= selectors.agenda_support()),
        "can_edit": permissions.can_edit_proposal(user, proposal),
        "can_withdraw": permissions.can_withdraw_proposal(user, proposal),
        "can_support": proposal.status == RuleProposal.Status.SUBMITTED
        and selectors.initiatives_to_support_for(user, proposal).exists(),
        "can_add_evidence": proposal.status != RuleProposal.Status.DRAFT
        and permissions.can_add_proposal_evidence(user),
        "can_answer": proposal.status == RuleProposal.Status.SUBMITTED
        and permissions.can_answer_proposal(user, proposal),
        "can_version": permissions.can_manage_framework_versions(user),
        # Authors are named to each other and to the municipality, not to the public.
        "show_authors": permissions.is_municipal(user)
        or permissions.is_proposal_author(user, proposal),
    }
    return render(request, "partnership/proposal_detail.html", ctx)


def _proposal_form(request, proposal=None):
    user = request.user
    blockages = selectors.linkable_blockages(user)
    full_ids = (
        None
        if permissions.is_municipal(user)
        else set(
            Membership.objects.filter(user=user, left_at__isnull=True).values_list(
                "initiative_id", flat=True
            )
        )
    )
    initial = None
    if proposal is not None:
        initial = {
            "policy_framework": proposal.policy_framework_id,
            "title": proposal.title,
            "current_rule": proposal.current_rule,
            "proposed_change": proposal.proposed_change,
            "reasons": proposal.reasons,
            "blockages": [b.pk for b in proposal.blockages.all()],
            "co_authors": ", ".join(u.email for u in proposal.co_authors.all()),
        }
    form = ProposalForm(request.POST or None, initial=initial, blockages=blockages)
    field = form.fields["blockages"]
    if full_ids is None:
        field.full_ids = _AllIds()
    else:
        field.full_ids = full_ids
    return form


class _AllIds:
    """Every initiative: the municipality reads every blockage."""

    def __contains__(self, item) -> bool:
        return True


@require_http_methods(["GET", "POST"])
@login_required
def proposal_create(request):
    permissions.check(permissions.can_propose_rule_change(request.user))
    form = _proposal_form(request)
    # From a blockage on the partner page: its framework and the blockage itself, chosen.
    framework, blockage = request.GET.get("kader", ""), request.GET.get("knelpunt", "")
    if request.method == "GET" and framework.isdigit() and int(framework) < MAX_ID:
        form.initial["policy_framework"] = int(framework)
    if request.method == "GET" and blockage.isdigit() and int(blockage) < MAX_ID:
        form.initial["blockages"] = [int(blockage)]
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your draft is saved. Submit it when it is ready; until then only you see it."),
            )
            return redirect(proposal)
    return render(request, "partnership/proposal_form.html", {"form": form, "proposal": None})


@require_http_methods(["GET", "POST"])
@login_required
def proposal_edit(request, pk: int):
    proposal = _proposal(request, pk)
    permissions.check(permissions.can_edit_proposal(request.user, proposal))
    form = _proposal_form(request, proposal)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # Keep the linked blockages this editor cannot choose (another author linked them).
        choosable = form.fields["blockages"].queryset
        kept = proposal.blockages.exclude(pk__in=choosable.values("pk"))
        data["blockages"] = [*data["blockages"], *kept]
        try:
            services.proposal_update(proposal=proposal, by=request.user, **data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(proposal)
    ctx = {"form": form, "proposal": proposal}
    return render(request, "partnership/proposal_form.html", ctx)


@require_POST
@login_required
def proposal_submit(request, pk: int):
    proposal = _proposal(request, pk)
    permissions.check(permissions.can_edit_proposal(request.user, proposal))
    try:
        services.proposal_submit(proposal=proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The proposal has been submitted to %(department)s. It is public now.")
            % {"department": proposal.policy_framework.department},
        )
    return redirect(proposal)


@require_POST
@login_required
def proposal_withdraw(request, pk: int):
    proposal = _proposal(request, pk)
    permissions.check(permissions.can_withdraw_proposal(request.user, proposal))
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal has been withdrawn."))
    return redirect(proposal)


@require_http_methods(["GET", "POST"])
@login_required
def proposal_support(request, pk: int):
    proposal = _proposal(request, pk)
    user = request.user
    permissions.check(
        permissions.can_support_proposals(user)
        and Membership.objects.filter(user=user, left_at__isnull=True).exists()
    )
    if proposal.status != RuleProposal.Status.SUBMITTED:
        messages.error(
            request, _("Only a submitted proposal that is not yet answered can be supported.")
        )
        return redirect(proposal)
    initiatives = selectors.initiatives_to_support_for(user, proposal)
    form = SupportForm(request.POST or None, initiatives=initiatives)
    if request.method == "POST" and form.is_valid():
        initiative = form.cleaned_data["initiative"]
        permissions.check(permissions.can_support_for(user, initiative))
        try:
            services.proposal_support(
                proposal=proposal,
                initiative=initiative,
                by=user,
                public_line=form.cleaned_data["public_line"],
                show_name=form.cleaned_data["show_name"],
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(initiative)s now supports this proposal.") % {"initiative": initiative},
            )
            return redirect(proposal)
    ctx = {"proposal": proposal, "form": form, "has_initiatives": initiatives.exists()}
    return render(request, "partnership/proposal_support.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def proposal_evidence(request, pk: int):
    proposal = _proposal(request, pk)
    permissions.check(permissions.can_add_proposal_evidence(request.user))
    if proposal.status == RuleProposal.Status.DRAFT:
        messages.error(request, _("Evidence can be added once the proposal is submitted."))
        return redirect(proposal)
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_add_evidence(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The case has been added to the proposal."))
            return redirect(proposal)
    return render(
        request, "partnership/proposal_evidence.html", {"proposal": proposal, "form": form}
    )


@require_http_methods(["GET", "POST"])
@login_required
def proposal_answer(request, pk: int):
    proposal = _proposal(request, pk)
    permissions.check(permissions.can_answer_proposal(request.user, proposal))
    if proposal.status != RuleProposal.Status.SUBMITTED:
        messages.error(request, _("Only a submitted proposal can be answered, and only once."))
        return redirect(proposal)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_answer(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The answer has been published."))
            return redirect(proposal)
    return render(request, "partnership/proposal_answer.html", {"proposal": proposal, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def framework_version_create(request, pk: int):
    permissions.check(permissions.can_manage_framework_versions(request.user))
    framework = get_object_or_404(PolicyFramework.objects.select_related("department"), pk=pk)
    initial = {}
    chosen = request.GET.get("voorstel", "")
    if chosen.isdigit() and int(chosen) < MAX_ID:
        initial["proposal"] = int(chosen)
    form = FrameworkVersionForm(request.POST or None, initial=initial, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.framework_version_create(
                framework=framework, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)d of %(framework)s has been recorded.")
                % {"number": version.number, "framework": framework},
            )
            if version.proposal_id:
                return redirect(version.proposal)
            return redirect("partnership:proposal_list")
    ctx = {"framework": framework, "form": form, "versions": framework.versions.all()}
    return render(request, "partnership/proposal_framework_version.html", ctx)


class ProposalFeed(Feed):
    """New proposals and answers, as Atom: the movement's agenda in any feed reader."""

    feed_type = Atom1Feed
    title = gettext_lazy("Rules on the table")
    subtitle = gettext_lazy("New proposals to change a policy framework, and the answers.")

    def link(self):
        return reverse("partnership:proposal_list")

    def items(self):
        return selectors.feed_items()

    def item_title(self, item):
        kind, proposal = item
        if kind == "answered":
            title = _("Answered: %(title)s (%(outcome)s)") % {
                "title": proposal.title,
                "outcome": proposal.get_outcome_display(),
            }
        else:
            title = _("New proposal: %(title)s") % {"title": proposal.title}
        return _xml_text(title)

    def item_description(self, item):
        kind, proposal = item
        text = proposal.answer_reasoning if kind == "answered" else proposal.proposed_change
        return _xml_text(text)

    def item_link(self, item):
        return item[1].get_absolute_url()

    def item_guid(self, item):
        kind, proposal = item
        return f"{proposal.get_absolute_url()}#{kind}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        kind, proposal = item
        return proposal.answered_at if kind == "answered" else proposal.submitted_at

    def item_categories(self, item):
        return [_xml_text(item[1].policy_framework)]


proposal_feed = require_safe(ProposalFeed())
