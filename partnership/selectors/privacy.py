"""What personal data the platform keeps (for the privacy page) and one user's data (for download).

The privacy page and the download are built from this one module, so that what the page
promises and what a user receives cannot drift apart.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Invitation, Membership, StatusChange
from initiatives.permissions import roles_of
from partnership.models import (
    Blockage,
    BlockageHandoff,
    CityRequest,
    ClockAdjustment,
    Commitment,
    Contact,
    Contract,
    Rating,
    Reply,
    RequestStep,
)
from partnership.selectors.audit import AUDITED
from publicvalue.models import ValueRecord

# (what, why, how long): shown on /privacy/. Keep in step with ``personal_data_of`` and with
# ``partnership.services.privacy.delete_account``.
PERSONAL_DATA = (
    (
        _("Your account: e-mail address, name and phone number"),
        _(
            "To log you in, and so that your partners in the initiative and the municipality "
            "can reach you. Only members of your initiatives, civil servants and coordinators "
            "see them; council members and visitors never do."
        ),
        _("As long as you have an account. When you delete your account they are erased."),
    ),
    (
        _("Your roles and, for municipal staff, your department"),
        _("To decide what you may see and do."),
        _("As long as you have an account."),
    ),
    (
        _("Your memberships of initiatives (role, when you joined and left)"),
        _("To know who speaks for an initiative."),
        _(
            "As long as the initiative's record is kept. When you delete your account your "
            "memberships end and your name is removed from them."
        ),
    ),
    (
        _(
            "What you write: replies, blockages you raise, ratings of the city, value records "
            "with their attachments, requests"
        ),
        _("It is the initiative's side of the partnership record that the council relies on."),
        _(
            "As long as the initiative's record is kept. After you delete your account it stays, "
            "linked to an anonymous account instead of to you; the attachments you uploaded are "
            "deleted."
        ),
    ),
    (
        _(
            "What civil servants log: contacts, commitments, blockages, decisions, with who logged "
            "them"
        ),
        _(
            "It is the municipality's record of its public task (GDPR article 6(1)(e)); the "
            "Archives Act (Archiefwet) requires the municipality to keep it."
        ),
        _(
            "According to the municipality's retention schedule. After a civil servant deletes "
            "their account the log stays, linked to an anonymous account."
        ),
    ),
    (
        _("Invitations: the e-mail address someone was invited at"),
        _("To send the invitation and to let the invitee join."),
        _(
            "As long as the initiative's record is kept; erased when the invitee deletes their "
            "account."
        ),
    ),
    (
        _("The audit trail: who changed what and when"),
        _("So that every change can be traced and nothing is lost or altered unseen."),
        _("As long as the record it belongs to is kept."),
    ),
    (
        _("Two-factor authentication secrets"),
        _("To protect the accounts of municipal staff."),
        _("Until you turn two-factor authentication off or delete your account."),
    ),
    (
        _("Login session and counters of failed logins (with your IP address)"),
        _("To keep you logged in and to stop password guessing."),
        _(
            "The session ends when you close the browser or after %(hours)s hours; failed-login "
            "counters are forgotten after five minutes."
        ),
    ),
)


def session_hours() -> int:
    return max(1, round(settings.SESSION_COOKIE_AGE / 3600))


def privacy_rows() -> list[dict]:
    """``PERSONAL_DATA`` in the active language, with the session length filled in."""
    hours = {"hours": session_hours()}
    return [
        {"what": what, "why": why, "how_long": str(how_long) % hours}
        for what, why, how_long in PERSONAL_DATA
    ]


def _rows(queryset, *fields):
    return list(queryset.values(*fields))


def personal_data_of(user) -> dict:
    """Everything the platform holds about ``user`` and everything they logged or wrote.

    One query per section, whatever the number of rows.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    audit_counts = {}
    for audited in AUDITED:
        audit_counts[audited.key] = audited.history_model.objects.filter(history_user=user).count()
    return {
        "generated_at": timezone.now(),
        "account": {
            "email": user.email,
            "name": user.name,
            "phone": user.phone,
            "preferred_contact": user.preferred_contact,
            "phone_visible_to_city": user.phone_visible_to_city,
            "department": str(user.department) if user.department_id else None,
            "roles": sorted(roles_of(user)),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": _rows(
                EmailAddress.objects.filter(user=user).order_by("pk"),
                "email",
                "verified",
                "primary",
            ),
            "two_factor_authentication": sorted(
                Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
        },
        "memberships": _rows(
            Membership.objects.filter(user=user).order_by("joined_at"),
            "initiative__title",
            "initiative__slug",
            "role",
            "joined_at",
            "left_at",
        ),
        "initiatives_registered": _rows(
            Initiative.objects.filter(created_by=user).order_by("created_at"),
            "title",
            "slug",
            "created_at",
        ),
        "replies": _rows(
            Reply.objects.filter(author=user).order_by("created_at"),
            "initiative__title",
            "kind",
            "body",
            "created_at",
        ),
        "ratings": _rows(
            Rating.objects.filter(user=user).order_by("created_at"),
            "initiative__title",
            "blockage_id",
            "request_id",
            "score",
            "comment",
            "created_at",
        ),
        "value_records_recorded": _rows(
            ValueRecord.objects.filter(recorded_by=user).order_by("created_at"),
            "initiative__title",
            "dimension__name",
            "indicator__name",
            "quantity",
            "period_start",
            "period_end",
            "evidence",
            "narrative",
            "link",
            "attachment",
            "created_at",
        ),
        "invitations_sent": _rows(
            Invitation.objects.filter(invited_by=user).order_by("created_at"),
            "initiative__title",
            "email",
            "created_at",
            "accepted_at",
        ),
        "invitations_received": _rows(
            Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user)).order_by(
                "created_at"
            ),
            "initiative__title",
            "email",
            "created_at",
            "accepted_at",
        ),
        "status_changes": _rows(
            StatusChange.objects.filter(changed_by=user).order_by("created_at"),
            "initiative__title",
            "from_status",
            "to_status",
            "changed_on",
            "reason",
        ),
        "logged": {
            "contacts": _rows(
                Contact.objects.filter(logged_by=user).order_by("created_at"),
                "initiative__title",
                "date",
                "channel",
                "department__name",
                "summary",
                "outcome",
                "created_at",
            ),
            "commitments": _rows(
                Commitment.objects.with_outcome().filter(logged_by=user).order_by("created_at"),
                "initiative__title",
                "description",
                "department__name",
                "promised_on",
                "due_on",
                "status",
                "outcome",  # kept on time or kept late (issue 15)
                "created_at",
            ),
            "blockages": _rows(
                Blockage.objects.filter(logged_by=user).order_by("created_at"),
                "initiative__title",
                "description",
                "department__name",
                "category",
                "severity",
                "status",
                "raised_on",
                "created_at",
            ),
            "requests": _rows(
                CityRequest.objects.filter(logged_by=user).order_by("created_at"),
                "initiative__title",
                "kind__code",
                "title",
                "description",
                "submitted_on",
                "status",
                "decision",
                "created_at",
            ),
            "contracts": _rows(
                Contract.objects.filter(logged_by=user).order_by("created_at"),
                "initiative__title",
                "description",
                "amount",
                "start_on",
                "end_on",
                "created_at",
            ),
        },
        "as_civil_servant": _civil_servant_work(user),
        "changes_in_the_audit_trail": audit_counts,
    }


def _civil_servant_work(user) -> dict:
    """What ``user`` did for the municipality besides logging: settled, confirmed, handed off,
    verified, asked, decided, adjusted, and the initiatives assigned to them."""
    return {
        "commitments_settled": _rows(
            Commitment.objects.filter(settled_by=user).order_by("settled_on", "pk"),
            "initiative__title",
            "description",
            "status",
            "settled_on",
            "settlement_note",
        ),
        "blockages_confirmed": _rows(
            Blockage.objects.filter(confirmed_by=user).order_by("confirmed_at", "pk"),
            "initiative__title",
            "description",
            "confirmed_at",
        ),
        "blockages_settled": _rows(
            Blockage.objects.filter(settled_by=user).order_by("settled_on", "pk"),
            "initiative__title",
            "description",
            "status",
            "settled_on",
            "resolution",
        ),
        "blockages_handed_off": _rows(
            BlockageHandoff.objects.filter(handed_by=user).order_by("created_at", "pk"),
            "blockage__initiative__title",
            "blockage__description",
            "from_department__name",
            "to_department__name",
            "handed_on",
            "reason",
        ),
        "value_records_verified": _rows(
            ValueRecord.objects.filter(verified_by=user).order_by("verified_at", "pk"),
            "initiative__title",
            "dimension__name",
            "narrative",
            "verified_at",
        ),
        "value_records_clarification_asked": _rows(
            ValueRecord.objects.filter(clarification_requested_by=user).order_by(
                "clarification_requested_at", "pk"
            ),
            "initiative__title",
            "dimension__name",
            "clarification_request",
            "clarification_requested_at",
        ),
        "request_steps": _rows(
            RequestStep.objects.filter(by=user).order_by("created_at", "pk"),
            "request__initiative__title",
            "request__title",
            "status",
            "decision",
            "on",
            "note",
        ),
        "request_clock_adjustments": _rows(
            ClockAdjustment.objects.filter(by=user).order_by("created_at", "pk"),
            "request__initiative__title",
            "request__title",
            "kind",
            "days",
            "reason",
            "created_at",
        ),
        "initiatives_assigned": [
            {
                "title": title,
                "slug": slug,
                "you_are_point_of_contact": point_of_contact_id == user.pk,
                "you_are_coordinator": coordinator_id == user.pk,
            }
            for title, slug, point_of_contact_id, coordinator_id in Initiative._base_manager.filter(
                Q(point_of_contact=user) | Q(coordinator=user)
            )
            .order_by("created_at", "pk")
            .values_list("title", "slug", "point_of_contact_id", "coordinator_id")
        ],
    }


def personal_data_summary(user) -> dict[str, int]:
    """Counts for the 'my data' page, in a few queries."""
    return {
        "memberships": Membership.objects.filter(user=user).count(),
        "replies": Reply.objects.filter(author=user).count(),
        "ratings": Rating.objects.filter(user=user).count(),
        "value_records": ValueRecord.objects.filter(recorded_by=user).count(),
        "logged": sum(
            model.objects.filter(logged_by=user).aggregate(n=Count("pk"))["n"]
            for model in (Contact, Commitment, Blockage, CityRequest, Contract)
        ),
    }
