"""Hostile input, part 3: what is stored comes back as text, everywhere.

Every text field of every model of the three apps (titles, descriptions, names of areas, themes,
departments, frameworks, kinds, indicators, people ...) is filled with markup that starts like a
spreadsheet formula and carries a control character. Then every page is opened as every role
(the crawl of tests/support/hostile.py), every figure of every dashboard is downloaded as CSV and
XLSX, and the public register as CSV: no page shows the markup as markup, no download holds a
cell a spreadsheet would run, no download fails. Dates far in the past and future, which the forms
accept for a start date or a contact, do not break the dashboards either.

tests/test_dashboard_exports.py and tests/test_register.py test the neutralising functions and
one formula each; this file tests every stored text field through every page and download.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone
from openpyxl import load_workbook

from initiatives.models import InitiativePartner, StatusChange
from partnership.dashboards.registry import DASHBOARDS
from partnership.models import ClockAdjustment, PeerMessage, Pledge, Rating, Reply
from partnership.services import peers
from partnership.services import proposals as proposals_services
from tests.support import factories as f
from tests.support import factories_proposals as proposals
from tests.support.hostile import (
    EN,
    UNESCAPED,
    assert_no_raw_markup,
    crawl,
    rolled_back,
    world_in_transaction,
)

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Internal fields that no user writes and that name things in URLs or the system.
NOT_USER_TEXT = {
    ("Invitation", "token"),
    ("User", "password"),
    ("ReminderLog", "key"),
    ("FormSubmission", "token"),
    ("FormSubmission", "result_url"),
    # The dashboards' tally: keys the code writes from ids, days and choices, never text.
    *((model, name) for model in ("Tally", "InitiativeTally") for name in ("part", "key", "day")),
}


def payload(prefix: str, tag: str) -> str:
    """Markup that starts like a formula and holds a control character a spreadsheet refuses."""
    return f"{prefix}cmd|' /C calc'!A0\x0b<script>alert('{tag}')</script>"


def user_text_fields():
    """(model, field) for every free-text column of the three apps."""
    for app in ("accounts", "initiatives", "partnership", "publicvalue", "dashboards"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for fld in model._meta.concrete_fields:
                if (
                    isinstance(fld, models.CharField | models.TextField)
                    and not isinstance(fld, models.SlugField | models.EmailField | models.URLField)
                    and not fld.choices
                    and (model.__name__, fld.name) not in NOT_USER_TEXT
                ):
                    yield model, fld


def poison_every_text_field() -> int:
    """Fill every user text field of every row with the payload; return how many were set."""
    count = 0
    for index, (model, fld) in enumerate(user_text_fields()):
        prefix = FORMULA_STARTS[index % len(FORMULA_STARTS)]
        for pk in model._base_manager.values_list("pk", flat=True):
            value = payload(prefix, f"{model.__name__}.{fld.name}.{pk}")
            if fld.max_length:
                value = value[: fld.max_length]
            model._base_manager.filter(pk=pk).update(**{fld.name: value})
            count += 1
    return count


def add_the_rows_the_world_lacks(world) -> None:
    """A row for every model that holds text, so that every text field is shown somewhere."""
    initiative, member = world.initiative, world.users["member"]
    co_member = initiative.memberships.exclude(user=member).first().user
    servant = world.users["civil_servant"]
    StatusChange.objects.create(
        initiative=initiative, from_status="starting", to_status="active", reason="x"
    )
    organisation = f.PartnerOrganisationFactory()
    InitiativePartner.objects.create(
        initiative=initiative, organisation=organisation, cooperation="funding", note="x"
    )
    f.ContractFactory(
        initiative=initiative, awarded_by_organisation=organisation, awarded_by_department=None
    )
    f.BlockageHandoffFactory(blockage=world.blockage, handed_by=servant)
    Pledge.objects.create(organisation=organisation, year=2026, amount=1000, note="x")
    Reply.objects.create(initiative=initiative, contact=world.contact, body="x", author=member)
    Reply.objects.create(
        initiative=initiative, commitment=world.commitment, body="x", author=member
    )
    Rating.objects.create(
        initiative=initiative,
        blockage=world.settled_blockage,
        user=co_member,
        score=2,
        comment="x",
    )
    ClockAdjustment.objects.create(
        request=world.considered_request, kind="extension", days=5, reason="x", by=servant
    )
    world.record.clarification_request = "x"
    world.record.deadweight_reason = "x"
    world.record.save()
    world.commitment.settlement_note = "x"
    world.commitment.save()
    # Notifications: the member's own, and one in the civil servant's department mailbox.
    f.NotificationFactory(recipient=member, body="x", last_error="x")
    f.NotificationFactory(recipient=None, department=servant.department, email="", body="x")
    # Finding each other: the member's initiative visible too, and a message each way.
    rule = world.blockage.policy_framework
    fellow = world.peer_listing.initiative
    peers.peer_listing_set(initiative=initiative, framework=rule, by=member, visible=True, note="x")
    PeerMessage.objects.create(
        framework=rule, sender=initiative, recipient=fellow, author=member, body="x"
    )
    PeerMessage.objects.create(framework=rule, sender=fellow, recipient=initiative, body="x")
    # Rules on the table: support with a public line, a case, a version of the framework.
    proposals.support(world.proposal, initiative, by=member, public_line="x")
    proposals_services.proposal_add_evidence(proposal=world.proposal, by=servant, case_text="x")
    proposals_services.framework_version_create(
        framework=world.proposal.policy_framework,
        by=world.users["coordinator"],
        valid_from=timezone.localdate(),
        summary="x",
        proposal=world.proposal,
    )


@pytest.fixture(scope="module")
def poisoned(django_db_setup, django_db_blocker):
    with world_in_transaction(django_db_blocker) as world:
        add_the_rows_the_world_lacks(world)
        world.poisoned_count = poison_every_text_field()
        yield world


def test_every_model_with_text_has_a_row_to_poison(poisoned):
    empty = sorted(
        {
            model.__name__
            for model, _ in user_text_fields()
            if not model._base_manager.exists() and model.__name__ != "ReminderLog"
        }
    )
    assert empty == []
    assert poisoned.poisoned_count > 100


def test_every_page_shows_stored_markup_as_text_to_every_role(poisoned, django_db_blocker):
    seen = []

    def check(path, role, response):
        assert_no_raw_markup(response, f"{path} as {role}")
        seen.append(path)

    with rolled_back():
        result = crawl(poisoned, on_page=check)
    assert result.failures == []
    assert len(set(seen)) > 40
    # The markup did reach the pages (escaped), or this test would prove nothing.
    partner_page = poisoned.client("member").get(f"/initiatieven/{poisoned.initiative.slug}/")
    assert "&lt;script&gt;alert(&#x27;Initiative.title" in partner_page.content.decode()


def _csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _runnable(cell) -> bool:
    """A text cell a spreadsheet would run as a formula (numbers may well be negative)."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def _figures():
    return [(board.slug, figure.key) for board in DASHBOARDS for figure in board.figures]


def test_every_figure_downloads_with_stored_formulas_neutralised(poisoned):
    council = poisoned.client("council")
    shown = []
    for slug, key in _figures():
        with rolled_back():
            path = f"/dashboard/{slug}/?figure={key}&format="
            rows = _csv_rows(council.get(path + "csv", **EN))
            assert not [c for row in rows for c in row if _runnable(c)], (slug, key, "csv")
            response = council.get(path + "xlsx", **EN)
            assert response.status_code == 200, (slug, key)
            book = load_workbook(io.BytesIO(response.content))
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (slug, key, cell.value)
                        assert not _runnable(cell.value), (slug, key, cell.value)
            shown += [c for row in rows for c in row if "alert(" in c]
    # Stored names did reach the downloads (quoted), or this test would prove nothing.
    assert any(c.startswith("'") for c in shown)


def test_the_register_download_neutralises_every_stored_formula(poisoned):
    with rolled_back():
        rows = _csv_rows(poisoned.client("visitor").get("/verzoeken/", {"format": "csv"}))
    cells = [c for row in rows[1:] for c in row]
    assert any("alert(" in c for c in cells)
    assert not [c for c in cells if _runnable(c)]


def test_my_data_download_is_json_not_a_page(poisoned):
    with rolled_back():
        response = poisoned.client("member").get("/account/gegevens/", {"format": "json"})
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("year", [1, 9999])
def test_dates_far_away_that_forms_accept_do_not_break_the_dashboards(poisoned, year):
    """A start date is optional and may lie ahead; a contact or blockage may be dated long ago.
    Nothing stops a typo like 0001 or 9999; the dashboards still answer."""
    day = dt.date(year, 6, 15)
    council = poisoned.client("council")
    with rolled_back():
        poisoned.initiative.__class__.objects.filter(pk=poisoned.initiative.pk).update(
            started_on=day
        )
        department = poisoned.blockage.department  # the factories' default is found by name
        f.ContactFactory(initiative=poisoned.initiative, date=day, department=department)
        f.BlockageFactory(
            initiative=poisoned.initiative,
            department=department,
            policy_framework=poisoned.blockage.policy_framework,
            raised_on=min(day, timezone.localdate()),
        )
        f.ValueRecordFactory(initiative=poisoned.initiative, period_start=day, period_end=day)
        for board in DASHBOARDS:
            response = council.get(f"/dashboard/{board.slug}/", **EN)
            assert response.status_code == 200, board.slug
            assert not any(marker in response.content.decode() for marker in UNESCAPED)
            for figure in board.figures:
                download = council.get(
                    f"/dashboard/{board.slug}/", {"figure": figure.key, "format": "xlsx"}
                )
                assert download.status_code == 200, (board.slug, figure.key)
