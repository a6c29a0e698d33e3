"""The audit trail: every change to an initiative and its records, readable by its members and
by coordinators, with who, when and what changed."""

import datetime as dt

import pytest
from django.utils import timezone

from initiatives.models import Membership
from initiatives.services import initiative_update
from partnership.models import Commitment, Contact
from partnership.selectors.audit import audit_page
from tests.support import factories as f

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _url(initiative):
    return f"/initiatieven/{initiative.slug}/geschiedenis/"


def _change_contact(contact, user, **fields):
    for name, value in fields.items():
        setattr(contact, name, value)
    contact._history_user = user
    contact.save()


def test_a_member_reads_who_changed_what_and_when(member_client, initiative, civil_servant):
    contact = f.ContactFactory(initiative=initiative, summary="Eerste gesprek")
    _change_contact(contact, civil_servant, summary="Eerste gesprek over de tuin")

    response = member_client.get(_url(initiative), **EN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Eerste gesprek over de tuin" in html
    entry = response.context["page"].object_list[0]
    assert entry.kind.key == "contact"
    assert entry.action == "~"
    assert entry.user == civil_servant
    assert [(str(c.label), c.old, c.new) for c in entry.changes] == [
        ("summary", "Eerste gesprek", "Eerste gesprek over de tuin")
    ]
    assert "Eerste gesprek</del>" in html and "Eerste gesprek over de tuin</ins>" in html


def test_it_lists_changes_to_every_kind_of_record_newest_first(coordinator_client, initiative):
    f.MembershipFactory(initiative=initiative)
    f.ContactFactory(initiative=initiative)
    commitment = f.CommitmentFactory(initiative=initiative)
    blockage = f.BlockageFactory(initiative=initiative)
    f.CityRequestFactory(initiative=initiative)
    f.ContractFactory(initiative=initiative)
    f.ValueRecordFactory(initiative=initiative)
    from partnership.models import Reply

    Reply.objects.create(initiative=initiative, blockage=blockage, body="Klopt niet")
    commitment.status = Commitment.Status.KEPT
    commitment.settled_on = timezone.localdate()
    commitment.save()
    initiative.volunteers = 12
    initiative.save()
    f.ContactFactory()  # another initiative's: not in this trail

    page = coordinator_client.get(_url(initiative)).context["page"]

    kinds = [e.kind.key for e in page.object_list]
    assert set(kinds) == {
        "initiative",
        "membership",
        "contact",
        "commitment",
        "blockage",
        "cityrequest",
        "contract",
        "reply",
        "valuerecord",
    }
    assert kinds[0] == "initiative"
    dates = [e.date for e in page.object_list]
    assert dates == sorted(dates, reverse=True)
    assert all(e.initiative_id == initiative.pk for e in page.object_list)
    volunteers = page.object_list[0].changes
    assert [(c.old, c.new) for c in volunteers] == [(8, 12)]


def test_foreign_keys_and_choices_are_shown_by_their_labels(member_client, initiative):
    contact = f.ContactFactory(initiative=initiative, channel=Contact.Channel.PHONE)
    _change_contact(
        contact, None, channel=Contact.Channel.VISIT, department=f.department("Stadsbeheer")
    )

    entry = member_client.get(_url(initiative), **EN).context["page"].object_list[0]

    shown = {str(c.label): (str(c.old), str(c.new)) for c in entry.changes}
    assert shown == {
        "channel": ("phone", "site visit"),
        "department": ("Stadsontwikkeling", "Stadsbeheer"),
    }


def test_a_creation_lists_the_values_it_was_created_with(member_client, initiative):
    f.CommitmentFactory(initiative=initiative, description="Een ruimte binnen vier weken")

    entry = member_client.get(_url(initiative), **EN).context["page"].object_list[0]

    assert entry.action == "+"
    assert ("what was promised", "", "Een ruimte binnen vier weken") in [
        (str(c.label), c.old, c.new) for c in entry.changes
    ]


def test_it_pages_through_many_changes(member_client, initiative):
    contact = f.ContactFactory(initiative=initiative)
    for n in range(60):
        _change_contact(contact, None, outcome=f"stap {n}")

    first = member_client.get(_url(initiative)).context["page"]
    second = member_client.get(_url(initiative) + "?page=2").context["page"]

    assert first.paginator.count == 60 + 1 + 2  # changes, the contact's creation, the membership
    assert len(first.object_list) == 50
    assert first.object_list[0].changes[0].new == "stap 59"
    assert second.object_list[0].changes[0].new == "stap 9"
    seen_first = {(e.kind.key, e.history_id) for e in first.object_list}
    seen_second = {(e.kind.key, e.history_id) for e in second.object_list}
    assert seen_first.isdisjoint(seen_second)
    assert len(seen_first | seen_second) == 63


def _theme(slug):
    from initiatives.models import Theme

    return Theme.objects.get(slug=slug)


def test_a_change_of_themes_and_asks_is_one_version_with_both(member_client, member, initiative):
    from initiatives.models import CityAsk

    green, culture = _theme("groen-en-klimaat"), _theme("cultuur")
    ask = CityAsk.objects.order_by("pk").first()
    initiative_update(initiative=initiative, changed_by=member, themes=[green])
    initiative_update(initiative=initiative, changed_by=member, themes=[green, culture], asks=[ask])

    response = member_client.get(_url(initiative), **EN)
    entries = [e for e in response.context["page"].object_list if e.kind.key == "initiative"]
    latest = entries[0]
    assert latest.action == "~" and latest.user == member
    changes = {str(c.label): (str(c.old), str(c.new)) for c in latest.changes}
    assert changes == {
        "themes": (green.name, ", ".join(sorted([green.name, culture.name]))),
        "asks of the city": ("", ask.name),
    }
    # Two edits, two versions: set() does not add versions of its own.
    assert initiative.history.filter(history_type="~").count() == 2


def test_a_registration_lists_its_themes(member_client, member):
    from initiatives.models import Area
    from initiatives.services import initiative_create

    green = _theme("groen-en-klimaat")
    created = initiative_create(
        created_by=member,
        title="Buurtmoestuin",
        summary="Groente voor de straat",
        area=Area.objects.order_by("pk").first(),
        domain="physical",
        themes=[green],
    )

    assert created.history.count() == 1
    entry = member_client.get(_url(created), **EN).context["page"].object_list[-1]
    assert entry.kind.key == "initiative" and entry.action == "+"
    assert ("themes", "", green.name) in [
        (str(c.label), str(c.old), str(c.new)) for c in entry.changes
    ]


@pytest.mark.parametrize("changes", [3, 15])
def test_the_initiative_trail_runs_a_bounded_number_of_queries(
    member_client, member, initiative, civil_servant, django_assert_max_num_queries, changes
):
    for _ in range(changes):
        contact = f.ContactFactory(initiative=initiative, logged_by=civil_servant)
        _change_contact(
            contact, civil_servant, outcome="bijgewerkt", referred_to=f.department("Stadsbeheer")
        )
        commitment = f.CommitmentFactory(initiative=initiative)
        commitment.status = Commitment.Status.BROKEN
        commitment.save()
        f.ValueRecordFactory(initiative=initiative, recorded_by=member)
        f.MembershipFactory(initiative=initiative)
        initiative_update(
            initiative=initiative, changed_by=member, themes=[_theme("cultuur")] * (_ % 2)
        )
    # session, user, roles, initiative, membership check, count, page, then per kind on the
    # page: its rows and their previous versions, and one query per related model labelled.
    with django_assert_max_num_queries(25):
        response = member_client.get(_url(initiative))
    assert response.status_code == 200


@pytest.mark.parametrize("changes", [3, 15])
def test_the_audit_log_runs_a_bounded_number_of_queries(
    coordinator_client, django_assert_max_num_queries, changes
):
    for _ in range(changes):
        initiative = f.InitiativeFactory(lead=f.InitiatorFactory())
        blockage = f.BlockageFactory(initiative=initiative)
        blockage.status = "escalated"
        blockage.save()
        f.CityRequestFactory(initiative=initiative)
        f.ContractFactory(initiative=initiative)
    with django_assert_max_num_queries(25):
        response = coordinator_client.get("/beheer/audit/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(50, changes * 6)


def test_the_audit_log_filters_by_model_and_date(coordinator_client, initiative):
    contact = f.ContactFactory(initiative=initiative)
    f.CommitmentFactory(initiative=initiative)
    old = contact.history.get()
    old.history_date = timezone.now() - dt.timedelta(days=40)
    old.save()

    contacts = coordinator_client.get("/beheer/audit/?model=contact").context["page"]
    assert [e.kind.key for e in contacts.object_list] == ["contact"]

    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    recent = coordinator_client.get(f"/beheer/audit/?since={since}").context["page"]
    assert {e.kind.key for e in recent.object_list} == {"commitment", "membership", "initiative"}

    both = coordinator_client.get(f"/beheer/audit/?model=contact&since={since}").context["page"]
    assert both.paginator.count == 0


@pytest.mark.parametrize(
    "query",
    [
        "?model=nonsense",
        "?since=gisteren",
        "?until=2024-13-45",
        "?page=abc",
        "?page=99999",
        "?since=2025-05-01&until=2025-01-01",
        "?model=%00&since=%ff",
        "?since=0001-01-01",
        "?until=9999-12-31",
        "?since=0001-01-01&until=0001-01-01",
    ],
)
def test_bad_filters_show_an_error_or_are_ignored_never_a_server_error(
    coordinator_client, initiative, query
):
    f.ContactFactory(initiative=initiative)
    response = coordinator_client.get("/beheer/audit/" + query)
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1


def test_the_audit_log_links_each_change_to_its_initiative(coordinator_client, initiative):
    f.ContactFactory(initiative=initiative)
    html = coordinator_client.get("/beheer/audit/").content.decode()
    assert f'href="/initiatieven/{initiative.slug}/geschiedenis/"' in html


def test_markup_in_a_change_renders_as_text(member_client, initiative):
    f.ContactFactory(initiative=initiative, summary='<script>alert("x")</script>')
    html = member_client.get(_url(initiative)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


# Who may read the trail.


def test_visitors_are_asked_to_log_in(client, initiative):
    response = client.get(_url(initiative))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "who", ["other_initiator_client", "civil_servant_client", "council_client"]
)
def test_others_who_may_see_the_initiative_are_refused(request, initiative, who):
    assert request.getfixturevalue(who).get(_url(initiative)).status_code == 403


def test_a_private_initiative_does_not_exist_for_outsiders(other_initiator_client, member):
    private = f.InitiativeFactory(lead=member, is_public=False)
    assert other_initiator_client.get(_url(private)).status_code == 404


def test_a_former_member_no_longer_reads_the_trail(client_for, initiative):
    former = f.InitiatorFactory()
    Membership.objects.create(initiative=initiative, user=former, left_at=timezone.now())
    assert client_for(former).get(_url(initiative)).status_code == 403


def test_an_unknown_initiative_is_a_404(member_client):
    assert member_client.get("/initiatieven/bestaat-niet/geschiedenis/").status_code == 404


@pytest.mark.parametrize(
    "who", ["member_client", "other_initiator_client", "civil_servant_client", "council_client"]
)
def test_only_coordinators_read_the_audit_log(request, who):
    assert request.getfixturevalue(who).get("/beheer/audit/").status_code == 403


def test_visitors_are_asked_to_log_in_for_the_audit_log(client):
    assert client.get("/beheer/audit/").status_code == 302


def test_the_audit_page_for_the_whole_city_is_empty_without_changes():
    page = audit_page(kind_key="contract")
    assert page.paginator.count == 0
    assert page.object_list == []
