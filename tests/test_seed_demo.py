"""The demo seed: deterministic, safe on real data, and every row valid by the model's own rules."""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.db.models import Count, Q
from django.utils import timezone

from initiatives.accounts.models import User
from initiatives.models import Initiative, Membership, Theme
from initiatives.permissions import (
    CIVIL_SERVANT,
    COORDINATOR,
    COUNCIL_MEMBER,
    INITIATOR,
    roles_of,
)
from initiatives.services import initiative_update
from partnership.demo import generate
from partnership.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD
from partnership.models import (
    Blockage,
    BlockageHandoff,
    CityRequest,
    Commitment,
    Contact,
    Rating,
    Reply,
    RequestStep,
)
from publicvalue.models import ValueRecord
from tests.support.factories import InitiatorFactory

pytestmark = pytest.mark.django_db

SMALL = 20


def seed_demo(*args) -> str:
    out = StringIO()
    call_command("seed_demo", "--initiatives", str(SMALL), *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """What a seed produced, without database ids or the moment it ran."""
    models = [
        Initiative,
        Membership,
        Contact,
        Commitment,
        Blockage,
        BlockageHandoff,
        CityRequest,
        RequestStep,
        Reply,
        Rating,
        ValueRecord,
        User,
    ]
    return {
        "counts": {m.__name__: m.objects.count() for m in models},
        "initiatives": list(
            Initiative.objects.order_by("slug").values_list(
                "slug", "title", "status", "started_on", "area__name", "is_public", "volunteers"
            )
        ),
        "contacts": list(
            Contact.objects.order_by("initiative__slug", "date", "summary").values_list(
                "initiative__slug", "date", "department__name", "summary"
            )
        ),
        "users": sorted(User.objects.values_list("email", flat=True)),
    }


def test_the_same_seed_gives_the_same_city_twice():
    seed_demo()
    first = snapshot()
    seed_demo("--flush")
    assert snapshot() == first
    assert first["counts"]["Initiative"] == SMALL


def test_another_seed_gives_another_city():
    seed_demo()
    first = snapshot()
    seed_demo("--flush", "--seed", "7")
    assert snapshot()["initiatives"] != first["initiatives"]


def test_everything_scales_with_the_number_of_initiatives():
    generate.seed(initiatives=SMALL)
    initiators = User.objects.filter(groups__name=INITIATOR)
    small = Contact.objects.count(), ValueRecord.objects.count(), initiators.count()
    call_command("seed_demo", "--initiatives", str(4 * SMALL), "--flush", stdout=StringIO())
    large = Contact.objects.count(), ValueRecord.objects.count(), initiators.count()
    for before, after in zip(small, large, strict=True):
        assert 2.5 < after / before < 6


def test_proportions_per_initiative_are_those_of_a_city():
    generate.seed(initiatives=100)
    per = {
        name: model.objects.count() / 100
        for name, model in [
            ("contacts", Contact),
            ("blockages", Blockage),
            ("commitments", Commitment),
            ("values", ValueRecord),
            ("requests", CityRequest),
        ]
    }
    assert 11 < per["contacts"] < 19
    assert 2 < per["blockages"] < 4
    assert 3 < per["commitments"] < 5
    assert 4.5 < per["values"] < 7.5
    assert 0.25 < per["requests"] < 0.9
    assert 0.8 < Initiative.objects.filter(is_public=True).count() / 100 < 0.97


@pytest.mark.parametrize("email", list(DEMO_LOGINS))
def test_each_demo_user_logs_in_with_the_published_password(client, email):
    seed_demo()
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].email == email


def test_demo_users_have_their_roles():
    seed_demo()
    roles = {email: roles_of(User.objects.get(email=email)) for email in DEMO_LOGINS}
    assert roles["initiatiefnemer@example.org"] == {INITIATOR}
    assert roles["ambtenaar@example.org"] == {CIVIL_SERVANT}
    assert roles["raadslid@example.org"] == {COUNCIL_MEMBER}
    assert roles["coordinator@example.org"] == {COORDINATOR}
    coordinator = User.objects.get(email="coordinator@example.org")
    assert coordinator.is_staff and coordinator.has_perm("initiatives.change_initiative")
    assert User.objects.filter(groups__name=CIVIL_SERVANT).count() >= 20  # one per department


def test_the_demo_initiator_has_several_initiatives_with_work_waiting():
    seed_demo()
    user = User.objects.get(email="initiatiefnemer@example.org")
    mine = Initiative.objects.for_member(user)
    assert mine.count() >= 3
    assert mine.filter(memberships__user=user, memberships__role="lead").count() >= 2
    assert mine.filter(is_public=False).exists()
    assert Commitment.objects.overdue().filter(initiative__in=mine).exists()
    assert Blockage.objects.filter(initiative__in=mine, status__in=Blockage.OPEN_STATUSES).exists()


def test_the_demo_civil_servant_works_where_blockages_are_open():
    seed_demo()
    user = User.objects.get(email="ambtenaar@example.org")
    assert user.department.parent.name == "Stadsontwikkeling"
    assert Blockage.objects.filter(
        department=user.department, status__in=Blockage.OPEN_STATUSES
    ).exists()


def test_some_initiatives_are_stuck_for_months_at_land_real_estate_or_procurement():
    generate.seed(initiatives=100)
    stuck = Blockage.objects.filter(
        status__in=Blockage.OPEN_STATUSES,
        raised_on__lte=timezone.localdate() - timedelta(days=90),
        handoffs__isnull=False,
    ).distinct()
    assert stuck.filter(category__in=["land", "real_estate", "procurement"]).count() >= 3
    most_blocking = (
        stuck.values("policy_framework__name").annotate(n=Count("pk")).order_by("-n").first()
    )
    assert most_blocking["policy_framework__name"] in {
        "Grondprijsbeleid",
        "Vastgoedbeleid: marktconforme huur",
        "Aanbestedingsbeleid",
    }


def test_multi_department_initiatives_have_a_coordinator_or_visibly_lack_one():
    generate.seed(initiatives=100)
    multi = Initiative.objects.annotate(
        departments=Count("contacts__department", distinct=True)
    ).filter(departments__gte=2)
    assert multi.filter(coordinator__isnull=False).exists()
    assert multi.filter(coordinator__isnull=True).exists()


def test_about_forty_percent_of_ratings_are_satisfied():
    generate.seed(initiatives=100)
    ratings = Rating.objects.aggregate(
        all=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4))
    )
    assert 0.3 < ratings["satisfied"] / ratings["all"] < 0.5


def test_the_demo_has_an_inventory_an_anchor_and_pledges(client):
    """Issue 17: items in every area, the anchor institution's login, pledges to set against."""
    seed_demo()
    from initiatives.models import Area
    from partnership.models import InventoryItem, Pledge

    assert InventoryItem.objects.values("area").distinct().count() == Area.objects.count()
    assert InventoryItem.objects.filter(kind="task", current_yearly_cost__isnull=False).exists()
    anchor = User.objects.get(email="anker@example.org")
    assert anchor.anchor_staff.organisation is not None and "anchor" in roles_of(anchor)
    assert Pledge.objects.filter(organisation=None).exists()
    assert Pledge.objects.exclude(organisation=None).exists()
    client.force_login(anchor)
    assert client.get("/mijn-organisatie/").status_code == 200


def test_every_seeded_row_passes_the_models_own_validation():
    """The database enforces the constraints on insert; full_clean adds choices, lengths and
    the unique and conditional constraints, row by row."""
    generate.seed(initiatives=8)
    for label in [
        "initiatives.Initiative",
        "initiatives.StatusChange",
        "initiatives.Membership",
        "initiatives.InitiativePartner",
        "initiatives.PartnerOrganisation",
        "accounts.Department",
        "accounts.User",
        "partnership.PolicyFramework",
        "partnership.Contact",
        "partnership.Commitment",
        "partnership.Blockage",
        "partnership.BlockageHandoff",
        "partnership.CityRequest",
        "partnership.RequestStep",
        "partnership.ClockAdjustment",
        "partnership.Contract",
        "partnership.InventoryItem",
        "partnership.Pledge",
        "partnership.Reply",
        "partnership.Rating",
        "publicvalue.ValueRecord",
    ]:
        for obj in apps.get_model(label).objects.all():
            obj.full_clean()


def test_seeded_records_keep_the_rules_of_time_and_place():
    seed_demo()
    assert not Commitment.objects.filter(settled_on__isnull=False, status="open").exists()
    assert not Blockage.objects.filter(
        status__in=Blockage.SETTLED, settled_on__isnull=True
    ).exists()
    assert not Blockage.objects.filter(
        status__in=Blockage.OPEN_STATUSES, settled_on__isnull=False
    ).exists()
    for blockage in Blockage.objects.prefetch_related("handoffs"):
        trail = list(blockage.handoffs.all())
        if trail:
            assert trail[-1].to_department_id == blockage.department_id
            assert all(h.handed_on >= blockage.raised_on for h in trail)
    assert (
        not Membership.objects.values("initiative")
        .annotate(leads=Count("pk", filter=Q(role="lead", left_at__isnull=True)))
        .exclude(leads=1)
        .exists()
    )
    for request in CityRequest.objects.prefetch_related("steps"):
        steps = [s.status for s in request.steps.all()]
        assert steps[0] == "submitted"
        assert (steps[-1] == "decided") == (request.status == "decided")
        assert (request.status == "decided") == bool(request.decision)
    assert not Initiative.objects.filter(status_changes__isnull=True).exists()
    for initiative in Initiative.objects.prefetch_related("status_changes"):
        latest = max(initiative.status_changes.all(), key=lambda c: (c.changed_on, c.created_at))
        assert latest.to_status == initiative.status


def test_if_empty_seeds_an_empty_database_and_leaves_it_alone_the_second_time():
    assert "Seeding" in seed_demo("--if-empty")
    before = snapshot()["counts"]
    output = seed_demo("--if-empty")
    assert "no demo data seeded" in output
    assert snapshot()["counts"] == before


def test_if_empty_does_not_seed_beside_real_users():
    InitiatorFactory(email="echt@example.net")
    assert "no demo data seeded" in seed_demo("--if-empty")
    assert not Initiative.objects.exists()


def test_it_refuses_a_database_that_holds_initiatives():
    seed_demo()
    with pytest.raises(CommandError, match="--force"):
        seed_demo()
    assert Initiative.objects.count() == SMALL


def test_it_refuses_a_database_with_real_users_unless_forced():
    InitiatorFactory(email="echt@example.net")
    with pytest.raises(CommandError):
        seed_demo()
    with pytest.raises(CommandError):
        seed_demo("--flush")
    assert not Initiative.objects.exists()
    seed_demo("--force")
    assert Initiative.objects.count() == SMALL
    assert User.objects.filter(email="echt@example.net").exists()


def test_force_adds_to_what_is_there_with_unique_slugs():
    seed_demo()
    seed_demo("--force")
    assert Initiative.objects.count() == 2 * SMALL
    assert User.objects.filter(email="initiatiefnemer@example.org").count() == 1


def test_flush_replaces_the_demo_but_keeps_real_users():
    seed_demo()
    real = InitiatorFactory(email="echt@example.net")
    edited = Initiative.objects.order_by("pk").first()
    initiative_update(initiative=edited, changed_by=real, themes=list(Theme.objects.all()[:2]))
    seed_demo("--flush", "--force")
    assert Initiative.objects.count() == SMALL
    assert User.objects.filter(pk=real.pk).exists()
    # The kept themes of the versions went with the versions of the deleted initiatives.
    history = Initiative.history.model
    kept_themes = history.themes.model.objects
    assert not kept_themes.exclude(history_id__in=history.objects.values("history_id")).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is used on PostgreSQL only")
def test_bulk_create_and_copy_give_the_same_rows():
    """PostgreSQL loads with COPY; bulk_create (every other database) must give the same."""
    generate.seed(initiatives=5, use_copy=False)
    first = snapshot()
    call_command("seed_demo", "--initiatives", "5", "--flush", stdout=StringIO())
    assert snapshot() == first


def test_the_summary_lists_counts_and_time():
    output = seed_demo()
    assert "partnership.Contact" in output
    assert "Done in" in output


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is used on PostgreSQL only")
def test_with_copy_every_foreign_key_is_still_checked_once_at_the_end(monkeypatch):
    """The per-row checks are off during the COPYs (a fifth of the time at scale); the check at
    the end finds a row that points at nothing, and the seed leaves nothing behind."""
    write_chunk = generate.Seeder.write_chunk

    def write_chunk_and_break_a_key(self, plans):
        write_chunk(self, plans)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE partnership_contact SET department_id = 999999999 "
                "WHERE id = (SELECT min(id) FROM partnership_contact)"
            )

    monkeypatch.setattr(generate.Seeder, "write_chunk", write_chunk_and_break_a_key)
    with pytest.raises(IntegrityError, match="department"):
        generate.seed(initiatives=5)
    assert not Initiative.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is used on PostgreSQL only")
def test_after_a_seed_with_copy_the_per_row_checks_are_on_again():
    generate.seed(initiatives=5)
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
