"""A user deletes their account: their personal data goes, the partnership record stays.

The initiatives' public record and the city's logs are the council's evidence; they keep their
links (``logged_by``, ``author``, ``recorded_by``, ``history_user``), which now point to an
anonymised, inactive account instead of to a person.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.accounts.changes import announce_bulk_write
from initiatives.models import Initiative, Invitation, Membership
from partnership.services.deletion import files_of, remove_files_after_commit
from publicvalue.models import ValueRecord


def anonymous_email(user) -> str:
    return f"deleted-{user.pk}@invalid"


@transaction.atomic
def delete_account(*, user) -> None:
    """Erase ``user``'s personal data and end their memberships, handing on a lead role.

    A lead with other members hands the lead to the longest-standing member; a sole member
    leaves the initiative in place, with no active member: it then waits on the coordinators'
    work list (``initiatives_without_lead``). Invitations the user sent and nobody accepted yet
    are revoked.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    now = timezone.now()
    reason = _("account deleted")
    old_email = user.email

    memberships = Membership.objects.filter(user=user, left_at__isnull=True).select_related(
        "initiative"
    )
    for membership in memberships:
        was_lead = membership.role == Membership.Role.LEAD
        membership.left_at = now
        membership._history_user = user
        membership._change_reason = reason
        membership.save(update_fields=["left_at"])
        if not was_lead:
            continue
        successor = (
            Membership.objects.filter(initiative=membership.initiative_id, left_at__isnull=True)
            .exclude(user=user)
            .order_by("joined_at", "pk")
            .first()
        )
        if successor is not None:
            successor.role = Membership.Role.LEAD
            successor._history_user = user
            successor._change_reason = _("lead handed on: the lead deleted their account")
            successor.full_clean()
            successor.save(update_fields=["role"])

    # A deleted account cannot be anyone's point of contact or coordinator.
    for initiative in Initiative.objects.filter(point_of_contact=user) | Initiative.objects.filter(
        coordinator=user
    ):
        if initiative.point_of_contact_id == user.pk:
            initiative.point_of_contact = None
        if initiative.coordinator_id == user.pk:
            initiative.coordinator = None
        initiative._history_user = user
        initiative._change_reason = reason
        initiative.save(update_fields=["point_of_contact", "coordinator", "updated_at"])

    # Evidence files the user uploaded may show people: they leave storage with the account;
    # the value records themselves stay in the initiative's record, without the attachment.
    with_files = list(ValueRecord.objects.filter(recorded_by=user).exclude(attachment=""))
    files = files_of(ValueRecord, [record.pk for record in with_files])
    for record in with_files:
        record.attachment = ""
        record._history_user = user
        record._change_reason = reason
        # Not full_clean(): erasure must not hinge on an old record meeting today's rules.
        record.save(update_fields=["attachment"])
    remove_files_after_commit(model=ValueRecord, names=files)

    # Nobody may join on the word of someone who is gone: their open invitations are withdrawn.
    Invitation.objects.filter(
        invited_by=user, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    Invitation.objects.filter(email__iexact=old_email).update(email=anonymous_email(user))
    announce_bulk_write(Invitation)  # update() sends no signals
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()

    # Not full_clean(): the address is deliberately undeliverable (RFC 2606's .invalid).
    user.email = anonymous_email(user)
    user.name = ""
    user.phone = ""
    user.phone_visible_to_city = False
    user.last_login = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save(
        update_fields=[
            "email",
            "name",
            "phone",
            "phone_visible_to_city",
            "last_login",
            "is_active",
            "is_staff",
            "is_superuser",
            "password",
        ]
    )
