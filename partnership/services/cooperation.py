"""Cooperation with anchor institutions and contracts given to initiatives (inbesteden)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.dates import check_dates, date_problem
from initiatives.models import InitiativePartner, PartnerOrganisation
from partnership.models import AnchorGrant, Contract, Pledge
from partnership.selectors.anchor import linked_anchor_organisations


@transaction.atomic
def initiative_partner_link(
    *,
    initiative,
    cooperation: str,
    organisation: PartnerOrganisation | None = None,
    new_name: str = "",
    new_kind: str = "",
    new_is_anchor: bool = False,
    since=None,
    note: str = "",
) -> InitiativePartner:
    """Link a partner organisation to an initiative with the form of cooperation.

    Either an existing organisation is chosen or a new one is named; a name that already exists
    (in any letter case) is reused, so the list of organisations does not fill with duplicates.
    """
    new_name = new_name.strip()
    if organisation is not None and new_name:
        raise ValidationError(
            {"new_name": _("Choose an existing organisation or name a new one, not both.")}
        )
    if organisation is None:
        if not new_name:
            raise ValidationError(
                {"organisation": _("Choose an organisation or give the name of a new one.")}
            )
        organisation = PartnerOrganisation.objects.filter(name__iexact=new_name).first()
        if organisation is None:
            if not new_kind:
                raise ValidationError({"new_kind": _("Say what kind of organisation it is.")})
            organisation = PartnerOrganisation(
                name=new_name, kind=new_kind, is_anchor_institution=new_is_anchor
            )
            organisation.full_clean()
            organisation.save()
    check_dates(
        past={"since": since},
        future_messages={"since": _("The cooperation cannot start in the future.")},
    )
    link = InitiativePartner(
        initiative=initiative,
        organisation=organisation,
        cooperation=cooperation,
        since=since,
        note=note.strip(),
    )
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def contract_record(
    *,
    initiative,
    description: str,
    amount,
    start_on,
    by,
    end_on=None,
    awarded_by_department=None,
    awarded_by_organisation: PartnerOrganisation | None = None,
    contribution: str = Contract.Contribution.CONTRACT,
) -> Contract:
    """Record a contract or assignment the city or an anchor institution gave an initiative."""
    errors: dict[str, str] = {}
    if (awarded_by_department is None) == (awarded_by_organisation is None):
        errors["awarded_by_department"] = _(
            "Say who awarded it: a municipal department or an anchor institution (one of them)."
        )
    elif awarded_by_organisation is not None and not awarded_by_organisation.is_anchor_institution:
        errors["awarded_by_organisation"] = _("This organisation is not an anchor institution.")
    if amount is not None and amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    for field, value in (("start_on", start_on), ("end_on", end_on)):
        problem = date_problem(value, past_only=False)
        if problem:
            errors[field] = problem
    if end_on is not None and start_on is not None and end_on < start_on:
        errors["end_on"] = _("The end date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)
    contract = Contract(
        initiative=initiative,
        description=description.strip(),
        amount=amount,
        start_on=start_on,
        end_on=end_on,
        awarded_by_department=awarded_by_department,
        awarded_by_organisation=awarded_by_organisation,
        contribution=contribution,
        logged_by=by,
    )
    contract.full_clean()
    contract.save()
    return contract


@transaction.atomic
def contract_dispute(*, contract: Contract, by, reason: str) -> Contract:
    """A member of the initiative disputes what an anchor institution recorded about it; the
    record stays, with the initiative's words beside it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is not right.")})
    if contract.disputed_at is not None:
        raise ValidationError(_("This record has already been disputed."))
    contract.dispute = reason
    contract.disputed_at = timezone.now()
    contract._history_user = by
    contract.full_clean()
    contract.save(update_fields=["dispute", "disputed_at"])
    return contract


@transaction.atomic
def contract_dispute_answer(*, contract: Contract, by, answer: str) -> Contract:
    """The awarding department answers a dispute of its record, beside the partner's words;
    the dispute leaves the department's "waiting for a first answer" list."""
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write your answer.")})
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.disputed_at is None:
        raise ValidationError(_("This record has not been disputed."))
    if contract.dispute_answered_at is not None:
        raise ValidationError(_("This dispute has already been answered."))
    contract.dispute_answer = answer
    contract.dispute_answered_at = timezone.now()
    contract.dispute_answered_by = by
    contract._history_user = by
    contract.full_clean()
    contract.save(update_fields=["dispute_answer", "dispute_answered_at", "dispute_answered_by"])
    return contract


@transaction.atomic
def pledge_set(
    *, organisation, year: int, by, amount=None, purchasing_share=None, note: str = ""
) -> Pledge:
    """Set the yearly pledge of an anchor institution, or of the city (``organisation`` None);
    a second pledge for the same year replaces the first, its history kept."""
    pledge = Pledge.objects.filter(organisation=organisation, year=year).first() or Pledge(
        organisation=organisation, year=year
    )
    pledge.amount = amount
    pledge.purchasing_share = purchasing_share
    pledge.note = note.strip()
    pledge.set_by = by
    pledge._history_user = by
    pledge.full_clean()
    pledge.save()
    return pledge


@transaction.atomic
def anchor_grant_set(
    *,
    initiative,
    organisation: PartnerOrganisation,
    by,
    lead_contact: bool,
    value_records: bool,
    member_count: bool,
) -> AnchorGrant:
    """A member lets one anchor institution linked to the initiative see more than the public
    fields, or takes it back (everything off). Every change is kept in the grant's history."""
    if not linked_anchor_organisations(initiative).filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not an anchor institution of yours.")}
        )
    grant = AnchorGrant.objects.select_for_update().filter(
        initiative=initiative, organisation=organisation
    ).first() or AnchorGrant(initiative=initiative, organisation=organisation)
    grant.lead_contact = lead_contact
    grant.value_records = value_records
    grant.member_count = member_count
    grant.changed_by = by
    grant.changed_at = timezone.now()
    grant._history_user = by
    grant.full_clean()
    grant.save()
    return grant
