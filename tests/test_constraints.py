"""Rules a user can break are enforced by the database too, not only by forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from initiatives.models import Membership
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def _refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_an_initiative_has_one_lead(initiative):
    _refused_by_database(
        lambda: Membership.objects.create(
            initiative=initiative, user=f.InitiatorFactory(), role=Membership.Role.LEAD
        )
    )


def test_a_lead_who_left_can_be_followed_by_a_new_lead(initiative, member):
    initiative.memberships.filter(user=member).update(left_at="2026-01-01T00:00Z")
    Membership.objects.create(
        initiative=initiative, user=f.InitiatorFactory(), role=Membership.Role.LEAD
    )
    assert initiative.memberships.filter(role="lead").count() == 2


def test_slugs_are_unique(initiative):
    _refused_by_database(lambda: f.InitiativeFactory(slug=initiative.slug))


def test_a_commitment_is_not_settled_before_it_was_made():
    commitment = f.CommitmentFactory()
    commitment.status = "kept"
    commitment.settled_on = commitment.promised_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "settled before it was made" in str(error.value) or error.value.messages
    _refused_by_database(commitment.save)


def test_a_blockage_is_not_settled_before_it_was_raised():
    blockage = f.BlockageFactory()
    blockage.status = "resolved"
    blockage.settled_on = blockage.raised_on - dt.timedelta(days=3)
    _refused_by_database(blockage.save)


def test_a_handoff_goes_to_another_department():
    blockage = f.BlockageFactory()
    _refused_by_database(
        lambda: f.BlockageHandoffFactory(blockage=blockage, to_department=blockage.department)
    )


def test_value_quantities_are_not_negative():
    _refused_by_database(lambda: f.ValueRecordFactory(quantity=Decimal("-1")))


def test_a_value_period_does_not_end_before_it_starts():
    today = dt.date(2026, 6, 1)
    _refused_by_database(
        lambda: f.ValueRecordFactory(period_start=today, period_end=today - dt.timedelta(days=1))
    )


def test_a_rating_is_between_one_and_five():
    from partnership.models import Rating

    blockage = f.BlockageFactory(status="resolved", settled_on=dt.date.today())
    _refused_by_database(
        lambda: Rating.objects.create(
            initiative=blockage.initiative, blockage=blockage, user=f.InitiatorFactory(), score=6
        )
    )


def test_a_request_is_decided_only_with_a_decision():
    request = f.CityRequestFactory()
    request.status = "decided"
    _refused_by_database(request.save)


def test_status_changes_are_rows_not_overwrites(initiative, member):
    from initiatives.models import StatusChange

    StatusChange.objects.create(initiative=initiative, from_status="idea", to_status="active")
    StatusChange.objects.create(initiative=initiative, from_status="active", to_status="paused")
    assert initiative.status_changes.count() == 2
