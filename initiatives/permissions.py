"""Who may do what: the one place where roles and object rules are decided.

Roles (who someone is) are Django groups created by the accounts app's migration and read in
``initiatives.accounts.roles``; this module re-exports them and adds the rules on objects (what
someone may do with an initiative and its records). It sits in the lowest app so that every app
can import it, and depends only on the roles and memberships.

Views check these through ``role_required`` or the ``get_*_or_404`` helpers; templates receive the
results for display only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from initiatives.accounts.memo import memo
from initiatives.accounts.roles import (
    ANCHOR,
    CIVIL_SERVANT,
    COORDINATOR,
    COUNCIL_MEMBER,
    INITIATOR,
    ROLE_LABELS,
    ROLES,
    can_edit_value_framework,
    can_manage_users,
    can_read_dashboards,
    has_role,
    is_coordinator,
    is_council_member,
    is_municipal,
    role_required,
    roles_of,
)

__all__ = [  # the roles, re-exported so that views import one module for every check
    "CIVIL_SERVANT",
    "COORDINATOR",
    "COUNCIL_MEMBER",
    "INITIATOR",
    "ANCHOR",
    "ROLE_LABELS",
    "ROLES",
    "can_edit_value_framework",
    "can_manage_users",
    "can_read_dashboards",
    "has_role",
    "anchor_organisation",
    "is_anchor",
    "is_coordinator",
    "is_council_member",
    "is_municipal",
    "role_required",
    "roles_of",
]


ANCHOR_ORGANISATION_MEMO = "anchor_organisation"


def anchor_organisation(user):
    """The partner organisation an anchor institution's staff member works for, or None; read
    once per request. The link lives in this app (``AnchorStaff``), not on the user."""
    if not user.is_authenticated or not has_role(user, ANCHOR):
        return None

    def compute():
        from initiatives.models import AnchorStaff

        link = AnchorStaff.objects.select_related("organisation").filter(user=user).first()
        return link.organisation if link else None

    return memo(user, ANCHOR_ORGANISATION_MEMO, compute)


def is_anchor(user) -> bool:
    """Staff of an anchor institution with the role AND an organisation to speak for."""
    return anchor_organisation(user) is not None


MEMBER_IDS_MEMO = "member_ids"


def member_ids(initiative) -> set[int]:
    """Ids of current members; uses a prefetched ``current_members`` list when present."""
    prefetched = getattr(initiative, "current_members", None)
    if prefetched is not None:
        return {m.user_id for m in prefetched}
    # Kept on the initiative like a prefetch: a view asks several checks of the same object.
    return memo(
        initiative,
        MEMBER_IDS_MEMO,
        lambda: set(
            initiative.memberships.filter(left_at__isnull=True).values_list("user_id", flat=True)
        ),
    )


def is_member(user, initiative) -> bool:
    return user.is_authenticated and user.pk in member_ids(initiative)


def is_lead(user, initiative) -> bool:
    return (
        user.is_authenticated
        and initiative.memberships.filter(user=user, role="lead", left_at__isnull=True).exists()
    )


def can_view_initiative(user, initiative) -> bool:
    """Public initiatives are seen by all; private ones only by members and the municipality."""
    if initiative.archived_at is not None:
        return is_municipal(user) or is_member(user, initiative)
    return initiative.is_public or is_municipal(user) or is_member(user, initiative)


def can_view_partner_page(user, initiative) -> bool:
    """The full record (contacts, commitments, blockages, personal data): members and the city."""
    return is_municipal(user) or is_member(user, initiative)


def can_see_personal_data(user, initiative) -> bool:
    return can_view_partner_page(user, initiative)


def can_see_phone(viewer, person) -> bool:
    """Whether ``viewer`` may read ``person``'s phone number.

    One's own, always. The city's staff (civil servants, coordinators) give theirs as a work
    number to whoever deals with them. Anyone else's (an initiator's) only the city sees, and only
    when that person chose so; other initiators, anchor staff and council members never do.
    For a list of people, fetch them with ``prefetch_related("groups")``: no query per row.
    """
    if not viewer.is_authenticated or not person.phone:
        return False
    if viewer.pk == person.pk or is_municipal(person):
        return True
    return person.phone_visible_to_city and is_municipal(viewer)


def can_reassign_commitment(user, commitment) -> bool:
    """The department's own civil servants and any coordinator hand a commitment to another
    owner within that department."""
    if is_coordinator(user):
        return True
    return is_municipal(user) and user.department_id == commitment.department_id


def can_edit_initiative(user, initiative) -> bool:
    return is_member(user, initiative)


def can_log_for_initiative(user, initiative) -> bool:
    """Contacts, commitments, hand-offs and settlements are logged by the municipality."""
    return is_municipal(user)


def can_speak_for_initiative(user, initiative) -> bool:
    """Raise a blockage, answer a contact, dispute a commitment, record value: members."""
    return is_member(user, initiative)


def can_grant_anchor_access(user, initiative) -> bool:
    """Let an anchor institution see more than the public fields: the initiative's own choice,
    so its members only (not the city, which may not consent for a partner)."""
    return is_member(user, initiative)


def can_record_value(user, initiative) -> bool:
    return is_member(user, initiative) or is_municipal(user)


def can_verify_value(user) -> bool:
    return is_municipal(user)


def can_assign_coordinator(user) -> bool:
    return is_coordinator(user)


def can_read_intake(user) -> bool:
    """The intake queue: civil servants read it, coordinators also name points of contact."""
    return is_municipal(user)


def can_set_intake_term(user) -> bool:
    return is_coordinator(user)


def check_visible(user, initiative) -> None:
    """404 for what must not be known to exist."""
    if not can_view_initiative(user, initiative):
        raise Http404


def check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def can_change_status(user, initiative) -> bool:
    """Members and the municipality record the initiative's status changes."""
    return is_member(user, initiative) or is_municipal(user)


def can_invite(user, initiative) -> bool:
    """Any current member may invite a co-initiator."""
    return is_member(user, initiative)


def can_submit_request(user, initiative) -> bool:
    """Requests, withdrawals and partner links: members for their initiative, or the
    municipality registering on its behalf."""
    return is_member(user, initiative) or is_municipal(user)


def can_edit_value_record(user, record, initiative) -> bool:
    """Whoever recorded a value record may correct it until the municipality verifies it."""
    return (
        record.verified_at is None
        and record.recorded_by_id is not None
        and record.recorded_by_id == user.pk
        and can_record_value(user, initiative)
    )


def can_read_audit_trail(user, initiative) -> bool:
    """The change history of an initiative: its members and coordinators (partners see what the
    city changed; civil servants work from the partner page, not from the audit trail)."""
    return is_coordinator(user) or is_member(user, initiative)


def written_by_initiative(obj) -> bool:
    """Whether an item of an initiative's record was written by the initiative itself (a
    blockage its member raised, a request or value record one of its members, past or present,
    submitted) rather than by the municipality. Contacts, commitments and contracts are always
    the city's: only the municipality logs them."""
    name = obj._meta.model_name
    if name == "blockage":
        return obj.raised_by_role == "initiator"
    author_id = {"cityrequest": "logged_by_id", "valuerecord": "recorded_by_id"}.get(name)
    if author_id is None:
        return False
    author_id = getattr(obj, author_id)
    return author_id is not None and obj.initiative.memberships.filter(user_id=author_id).exists()


def taken_up_by_city(obj) -> bool:
    """Whether the municipality has acted on what the initiative wrote: a blockage confirmed,
    escalated or settled, a request under consideration or decided, a value record verified."""
    name = obj._meta.model_name
    if name == "blockage":
        return obj.confirmed_at is not None or obj.status != "open"
    if name == "cityrequest":
        return obj.status != "submitted"
    if name == "valuerecord":
        return obj.verified_at is not None
    return True


def can_archive_item(user, initiative, obj) -> bool:
    """Archiving hides an item without losing it, and each side hides only what it wrote: a
    member what the initiative wrote while the city has not acted on it yet, the municipality
    the city's own records. The other side's records can be disputed, never hidden."""
    if written_by_initiative(obj):
        return is_member(user, initiative) and not taken_up_by_city(obj)
    return is_municipal(user)


def can_restore_item(user) -> bool:
    """Bringing an archived item back: coordinators only."""
    return is_coordinator(user)


def can_hard_delete(user) -> bool:
    """Hard deletion, always with a reason kept in the history: coordinators only."""
    return is_coordinator(user)


def can_add_inventory_item(user) -> bool:
    """The inventory is kept by coordinators and the departments that own what is on offer."""
    return is_municipal(user)


def can_edit_inventory_item(user, item) -> bool:
    """Coordinators edit any item; a civil servant the items of their own department."""
    if is_coordinator(user):
        return True
    return (
        is_municipal(user)
        and item.department_id is not None
        and item.department_id == getattr(user, "department_id", None)
    )


def can_see_competing_requests(user) -> bool:
    """Which initiatives ask for the same item, and how far their requests are: the city."""
    return is_municipal(user)


# --- rules on the table: proposals to change a policy framework (issue 16) -------------------


def can_propose_rule_change(user) -> bool:
    """Initiators, civil servants and coordinators write proposals; council members judge them."""
    return user.is_authenticated and has_role(user, INITIATOR, CIVIL_SERVANT, COORDINATOR)


def is_proposal_author(user, proposal) -> bool:
    """The author or a co-author (reads a prefetched ``co_authors`` when present)."""
    if not user.is_authenticated:
        return False
    if proposal.author_id == user.pk:
        return True
    return any(u.pk == user.pk for u in proposal.co_authors.all())


def can_view_proposal(user, proposal) -> bool:
    """Submitted proposals are public; a draft is seen by its authors and the municipality."""
    if proposal.status != "draft":
        return True
    return is_municipal(user) or is_proposal_author(user, proposal)


def can_edit_proposal(user, proposal) -> bool:
    """A draft is edited, submitted or withdrawn by its authors."""
    return proposal.status == "draft" and is_proposal_author(user, proposal)


def can_withdraw_proposal(user, proposal) -> bool:
    """A submitted proposal not yet answered; a draft is simply left (it was never public)."""
    return proposal.status == "submitted" and is_proposal_author(user, proposal)


def can_support_proposals(user) -> bool:
    """Support comes from initiatives, through their members; the city (civil servants,
    coordinators) and the council do not support, they weigh."""
    return (
        user.is_authenticated
        and has_role(user, INITIATOR)
        and not has_role(user, CIVIL_SERVANT, COORDINATOR, COUNCIL_MEMBER)
    )


def can_support_for(user, initiative) -> bool:
    return can_support_proposals(user) and is_member(user, initiative)


def can_add_proposal_evidence(user) -> bool:
    """Anonymised cases from the city's own practice: civil servants and coordinators."""
    return is_municipal(user)


def can_answer_proposal(user, proposal) -> bool:
    """The framework's owning department answers; a coordinator may answer for it."""
    if is_coordinator(user):
        return True
    return (
        has_role(user, CIVIL_SERVANT)
        and user.department_id is not None
        and user.department_id == proposal.policy_framework.department_id
    )


def can_manage_framework_versions(user) -> bool:
    return is_coordinator(user)


def can_find_peers(user, blocked_initiatives) -> bool:
    """The initiatives' own network (issue 16): a member of an initiative that a rule blocks
    finds, and writes to, the others it blocks that chose to be visible. Neither the city nor
    the council reads it; ``blocked_initiatives`` are the user's own, blocked by the rule."""
    return user.is_authenticated and has_role(user, INITIATOR) and bool(blocked_initiatives)


# --- decisions that can be challenged (issue 15) ---------------------------------------------


def can_decide_request(user, city_request) -> bool:
    """Only the deciding department decides a request; a coordinator may decide for it. A
    request without a deciding department yet is decided by a coordinator (who can first let
    a department take it into consideration, which makes it that department's)."""
    if is_coordinator(user):
        return True
    return (
        has_role(user, CIVIL_SERVANT)
        and getattr(user, "department_id", None) is not None
        and user.department_id == city_request.department_id
    )


def can_lodge_objection(user, initiative) -> bool:
    """An objection is the initiative's: its current members lodge it."""
    return is_member(user, initiative)


def can_handle_objection(user, objection) -> bool:
    """The owning department (any of its civil servants), the person it was assigned to, or a
    coordinator answers an objection."""
    if is_coordinator(user):
        return True
    if not has_role(user, CIVIL_SERVANT):
        return False
    if objection.owner_id is not None and objection.owner_id == user.pk:
        return True
    return getattr(user, "department_id", None) == objection.department_id


def can_assign_objection(user) -> bool:
    """Coordinators assign an objection to a person or another department."""
    return is_coordinator(user)
