"""/initiatieven/<slug>/: public fields for outsiders, the partner page for members and the city."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from initiatives.accounts.models import Department
from initiatives.models import StatusChange
from partnership.models import (
    Blockage,
    CityRequest,
    ClockAdjustment,
    Contact,
    RefusalGround,
    Reply,
    RequestStep,
)
from partnership.selectors.partner_page import OPEN_SHOWN, TAB_PAGE_SIZE, TABS
from tests.support.factories import (
    BlockageFactory,
    BlockageHandoffFactory,
    CityRequestFactory,
    CivilServantFactory,
    CommitmentFactory,
    ContactFactory,
    CoordinatorFactory,
    MembershipFactory,
    ValueRecordFactory,
)

pytestmark = pytest.mark.django_db

URL = "/initiatieven/moestuin-tarwewijk/"
PARTNER_PAGE = "partnership/partner_page.html"
PUBLIC_PAGE = "initiatives/initiative_public.html"
OUTSIDERS = ["client", "other_initiator_client", "council_client"]
PARTNERS = ["member_client", "civil_servant_client", "coordinator_client"]


def main_of(response) -> str:
    """The page's own content, without the header (which shows the logged-in user's e-mail)."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def template_names(response) -> set[str]:
    return {t.name for t in response.templates}


@pytest.fixture
def co_initiator(initiative):
    return MembershipFactory(
        initiative=initiative, user__email="mede@example.org", user__phone="06-55512345"
    ).user


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_see_the_public_fields_only(request, who, initiative, member, co_initiator):
    ContactFactory(initiative=initiative, summary="Vertrouwelijk gesprek over de huur")
    response = request.getfixturevalue(who).get(URL)
    assert response.status_code == 200
    assert PUBLIC_PAGE in template_names(response)
    assert PARTNER_PAGE not in template_names(response)
    body = main_of(response)
    assert "Moestuin Tarwewijk" in body and initiative.summary in body
    assert "Vertrouwelijk gesprek" not in body
    for person in (member, co_initiator):
        assert person.email not in body
        assert person.phone not in body
        assert escape(person.name) not in body


@pytest.mark.parametrize("who", PARTNERS)
def test_members_and_the_city_see_the_partner_page(request, who, initiative, co_initiator):
    ContactFactory(initiative=initiative, summary="Gesprek over de huur")
    response = request.getfixturevalue(who).get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert PARTNER_PAGE in template_names(response)
    body = main_of(response)
    assert "Gesprek over de huur" in body
    assert "Timeline" in body


@pytest.mark.parametrize("who", PARTNERS)
def test_the_partner_page_shows_the_members_contact_details(
    request, who, member, co_initiator, initiative
):
    # Phones follow each initiator's own choice (tests/test_profiles.py has the whole matrix):
    # the co-initiator lets the city see theirs, nobody else sees it.
    co_initiator.phone_visible_to_city = True
    co_initiator.save()
    body = main_of(request.getfixturevalue(who).get(URL, {"tab": "members"}))
    for person in (member, co_initiator):
        assert person.email in body
        assert escape(person.name) in body
    assert (co_initiator.phone in body) == (who != "member_client")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_private_initiative_is_not_found_for_outsiders(request, who, initiative):
    initiative.is_public = False
    initiative.save()
    assert request.getfixturevalue(who).get(URL).status_code == 404


@pytest.mark.parametrize("who", PARTNERS)
def test_a_private_initiative_is_open_to_members_and_the_city(request, who, initiative):
    initiative.is_public = False
    initiative.save()
    assert request.getfixturevalue(who).get(URL).status_code == 200


@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_archived_initiative_is_not_found_for_outsiders(request, who, initiative):
    initiative.archived_at = timezone.now()
    initiative.save()
    assert request.getfixturevalue(who).get(URL).status_code == 404


def test_an_unknown_slug_is_not_found(client):
    assert client.get("/initiatieven/bestaat-niet/").status_code == 404


def test_a_member_who_left_is_an_outsider_again(client_for, initiative):
    former = MembershipFactory(initiative=initiative, left_at=timezone.now()).user
    response = client_for(former).get(URL)
    assert PUBLIC_PAGE in template_names(response)


@pytest.mark.parametrize(
    "who, can_log, can_speak, can_edit, can_record_value, can_verify_value, is_coordinator",
    [
        ("member_client", False, True, True, True, False, False),
        ("civil_servant_client", True, False, False, True, True, False),
        ("coordinator_client", True, False, False, True, True, True),
    ],
)
def test_it_passes_the_contract_flags_to_the_partials(
    request,
    who,
    can_log,
    can_speak,
    can_edit,
    can_record_value,
    can_verify_value,
    is_coordinator,
    initiative,
):
    ctx = request.getfixturevalue(who).get(URL).context
    assert ctx["initiative"] == initiative
    assert ctx["can_log"] is can_log
    assert ctx["can_speak"] is can_speak
    assert ctx["can_edit"] is can_edit
    assert ctx["can_record_value"] is can_record_value
    assert ctx["can_verify_value"] is can_verify_value
    assert ctx["is_coordinator"] is is_coordinator
    assert ctx["today"] == timezone.localdate()


def test_it_includes_every_features_partials(civil_servant_client, initiative):
    BlockageFactory(initiative=initiative)
    CommitmentFactory(initiative=initiative)
    ContactFactory(initiative=initiative)
    CityRequestFactory(initiative=initiative)
    ValueRecordFactory(initiative=initiative)
    names = template_names(civil_servant_client.get(URL))
    assert {
        "partnership/partner_actions_logging.html",
        "partnership/partner_facts_pillar.html",
        "partnership/item_actions_contact.html",
        "partnership/item_actions_commitment.html",
        "partnership/item_actions_blockage.html",
        "partnership/item_rating.html",
        "partnership/partner_actions_requests.html",
        "partnership/item_actions_request.html",
        "publicvalue/partner_actions_value.html",
        "publicvalue/item_actions_value.html",
    } <= names


def test_the_timeline_mixes_every_kind_newest_first(member_client, initiative):
    today = timezone.localdate()

    def days(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    ContactFactory(initiative=initiative, date=days(50))
    CommitmentFactory(initiative=initiative, promised_on=days(40), due_on=days(-10))
    BlockageFactory(initiative=initiative, raised_on=days(30))
    CityRequestFactory(initiative=initiative, submitted_on=days(20))
    ValueRecordFactory(initiative=initiative, period_start=days(100), period_end=days(10))
    StatusChange.objects.create(
        initiative=initiative, from_status="starting", to_status="active", changed_on=days(5)
    )
    entries = member_client.get(URL, {"tab": "timeline"}).context["page"].object_list
    assert [e.kind for e in entries] == [
        "status",
        "value",
        "request",
        "blockage",
        "commitment",
        "contact",
    ]


def test_open_and_overdue_items_come_first_on_top(member_client, initiative):
    today = timezone.localdate()
    overdue = CommitmentFactory(
        initiative=initiative,
        description="Belofte die te laat is",
        promised_on=today - dt.timedelta(days=30),
        due_on=today - dt.timedelta(days=3),
    )
    blockage = BlockageFactory(initiative=initiative, raised_on=today - dt.timedelta(days=80))
    BlockageFactory(
        initiative=initiative,
        status=Blockage.Status.RESOLVED,
        settled_on=today,
        description="Al opgelost",
    )
    late_request = CityRequestFactory(
        initiative=initiative,
        submitted_on=today - dt.timedelta(days=100),
        deadline=today - dt.timedelta(days=44),
    )
    response = member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    open_items = response.context["summary"].open_items
    assert [e.item for e in open_items] == [late_request, overdue, blockage]
    assert [e.is_overdue for e in open_items] == [True, True, False]
    body = main_of(response)
    top = body.split('id="open-heading"', 1)[1].split('id="recent-heading"', 1)[0]
    assert "Belofte die te laat is" in top
    assert "overdue" in top
    assert "Al opgelost" not in top
    assert "Al opgelost" in body


def _open_commitments(initiative, n: int, *, overdue: int = 0) -> list:
    """n open commitments, promised a day apart (the oldest first), the first ``overdue`` of
    them past their due date."""
    today = timezone.localdate()
    return [
        CommitmentFactory(
            initiative=initiative,
            description=f"Open belofte {k}",
            promised_on=today - dt.timedelta(days=200 - k),
            due_on=today + dt.timedelta(days=-1 if k < overdue else 30),
        )
        for k in range(n)
    ]


def test_the_overview_shows_the_first_open_items_in_full_and_counts_the_rest(
    member_client, initiative
):
    promised = _open_commitments(initiative, OPEN_SHOWN + 3, overdue=2)
    blockage = BlockageFactory(
        initiative=initiative, raised_on=timezone.localdate() - dt.timedelta(days=500)
    )
    response = member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    summary = response.context["summary"]
    # Overdue first, then the oldest: the blockage raised 500 days ago before the commitments.
    expected = [*promised[:2], blockage, *promised[2 : OPEN_SHOWN - 1]]
    assert [e.item for e in summary.open_items] == expected
    body = main_of(response)
    top = body.split('id="open-heading"', 1)[1].split('id="recent-heading"', 1)[0]
    assert f"{OPEN_SHOWN + 4} items are open, 2 overdue." in top
    assert f"The {OPEN_SHOWN} that have waited longest are shown here." in top
    shown = [c for c in promised if f"commitment-{c.pk}" in top]
    assert shown == promised[: OPEN_SHOWN - 1]
    assert "4 more open items:" in top
    assert "?tab=commitments&amp;filter=open#tab-panel" in top
    assert "?tab=blockages&amp;filter=open#tab-panel" in top
    # The summary on top still counts every open item.
    head = body.split('class="partner-summary"', 1)[1].split("</section>", 1)[0]
    assert f"{OPEN_SHOWN + 3} commitments" in head and "1 blockage" in head
    # The newest commitments are open but not shown above: shown in full where they are listed,
    # not as a link to an item that is not on the page.
    recent = body.split('id="recent-heading"', 1)[1]
    assert "Open belofte 12" in recent
    assert f'href="#commitment-{promised[-1].pk}"' not in body


def test_the_overview_costs_the_same_queries_with_3_or_30_open_items(
    member_client, initiative, django_assert_max_num_queries
):
    counts = []
    for n in (3, 27):
        _open_commitments(initiative, n, overdue=1)
        with django_assert_max_num_queries(27) as captured:
            response = member_client.get(URL)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    assert len(response.context["summary"].open_items) == OPEN_SHOWN
    assert response.context["summary"].open_count == 30


def test_it_shows_the_point_of_contact_and_coordinator(member_client, initiative):
    initiative.point_of_contact = CivilServantFactory(name="Petra Aanspreekpunt")
    initiative.coordinator = CoordinatorFactory(name="Karim Begeleider")
    initiative.save()
    body = main_of(member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Petra Aanspreekpunt" in body and "Karim Begeleider" in body


def test_it_marks_a_missing_point_of_contact(member_client, initiative):
    body = main_of(member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))
    assert "none yet" in body


def test_the_partners_voice_is_shown_beside_the_logged_contact(member_client, member, initiative):
    contact = ContactFactory(initiative=initiative, summary="Afspraak: sleutel op vrijdag")
    Reply.objects.create(
        initiative=initiative, contact=contact, author=member, body="Dat is niet wat we afspraken"
    )
    body = main_of(member_client.get(URL))
    assert "Afspraak: sleutel op vrijdag" in body
    assert "Dat is niet wat we afspraken" in body


def test_archived_records_stay_off_the_timeline(member_client, initiative):
    ContactFactory(
        initiative=initiative, summary="Gearchiveerd gesprek", archived_at=timezone.now()
    )
    assert "Gearchiveerd gesprek" not in main_of(member_client.get(URL))


@pytest.mark.parametrize("tab", ["overview", "timeline"])
def test_a_record_archived_between_the_count_and_the_load_is_left_out(
    member_client, initiative, monkeypatch, tab
):
    """The page is counted first, its records loaded after: one archived in between (by someone
    else, at that moment) is dropped from the page, not a 500."""
    from partnership.selectors import partner_page

    CommitmentFactory(initiative=initiative, description="Blijft staan")
    gone = CommitmentFactory(initiative=initiative, description="Net gearchiveerd")
    newest = partner_page._newest

    def then_archive(*args, **kwargs):
        shown = newest(*args, **kwargs)
        type(gone).objects.filter(pk=gone.pk).update(archived_at=timezone.now())
        return shown

    monkeypatch.setattr(partner_page, "_newest", then_archive)
    response = member_client.get(URL, {"tab": tab})
    assert response.status_code == 200
    assert "Blijft staan" in main_of(response)
    assert "Net gearchiveerd" not in main_of(response)


def _fill_timeline(initiative, member, n: int) -> None:
    """n of every kind of record, each with the relations the page shows."""
    civil_servant = CivilServantFactory()
    today = timezone.localdate()
    grounds = list(RefusalGround.objects.all()[:2])
    for _ in range(n):
        contact = ContactFactory(initiative=initiative, logged_by=civil_servant)
        Reply.objects.create(initiative=initiative, contact=contact, author=member, body="Ja")
        commitment = CommitmentFactory(initiative=initiative, logged_by=civil_servant)
        Reply.objects.create(
            initiative=initiative,
            commitment=commitment,
            author=member,
            body="Nee",
            kind=Reply.Kind.DISPUTE,
        )
        blockage = BlockageFactory(initiative=initiative, logged_by=civil_servant)
        BlockageHandoffFactory(blockage=blockage, handed_by=civil_servant)
        Reply.objects.create(initiative=initiative, blockage=blockage, author=member, body="Hm")
        request = CityRequestFactory(
            initiative=initiative,
            status=CityRequest.Status.DECIDED,
            decision=CityRequest.Decision.REFUSED,
            decided_on=today,
        )
        request.grounds.set(grounds)
        RequestStep.objects.create(request=request, status="submitted", by=member)
        ClockAdjustment.objects.create(
            request=request, kind="extension", days=14, reason="Advies nodig", by=civil_servant
        )
        ValueRecordFactory(initiative=initiative, recorded_by=member, verified_by=civil_servant)
        StatusChange.objects.create(
            initiative=initiative, from_status="active", to_status="paused", changed_by=member
        )
    MembershipFactory.create_batch(n, initiative=initiative)


def _partner_page_queries(client, initiative, member, django_assert_max_num_queries, n: int):
    """{tab: queries} for every tab of the page after n more records of every kind."""
    _fill_timeline(initiative, member, n)
    # Session, user, roles; the initiative and its members; the open items (three kinds); then
    # only what the shown tab shows: on the overview the themes and asks, the pillar facts,
    # partners, contracts and the newest entries (a count and a slice), loaded with the open
    # items in full (hand-offs, steps, clock adjustments, grounds, objections; the replies of
    # every kind in one query); on another tab its page: a count, a slice and the page's records
    # with their relations; refusal grounds and ratings where requests or blockages are shown.
    # The overview with every kind shown is the most (27): tight, so that no partial may add
    # a query unnoticed.
    counts = {}
    for tab in TABS:
        with django_assert_max_num_queries(27) as captured:
            response = client.get(URL, {"tab": tab})
        assert response.status_code == 200
        counts[tab] = len(captured.captured_queries)
    return counts


def test_the_partner_page_query_count_does_not_grow_with_the_timeline(
    civil_servant_client, initiative, member, django_assert_max_num_queries
):
    few = _partner_page_queries(
        civil_servant_client, initiative, member, django_assert_max_num_queries, 2
    )
    many = _partner_page_queries(
        civil_servant_client, initiative, member, django_assert_max_num_queries, 10
    )
    # A page holds at most every kind once, whatever the number of records: with 2 of each,
    # every kind is on the page; with 10 of each, the newest page may hold fewer kinds.
    assert all(many[tab] <= few[tab] for tab in TABS), (few, many)


def test_the_member_view_query_count_does_not_grow_either(
    member_client, initiative, member, django_assert_max_num_queries
):
    few = _partner_page_queries(member_client, initiative, member, django_assert_max_num_queries, 2)
    many = _partner_page_queries(
        member_client, initiative, member, django_assert_max_num_queries, 10
    )
    assert all(many[tab] <= few[tab] for tab in TABS), (few, many)


def _many_contacts(initiative, n: int) -> None:
    today = timezone.localdate()
    department = Department.objects.first()
    Contact.objects.bulk_create(
        ContactFactory.build(
            initiative=initiative,
            department=department,
            date=today - dt.timedelta(days=k % 700),
            summary=f"Gesprek nummer {k}",
        )
        for k in range(n)
    )


def test_500_timeline_items_open_with_the_same_queries_as_5_and_render_one_page(
    member_client, initiative, django_assert_max_num_queries
):
    counts = []
    for n in (5, 495):
        _many_contacts(initiative, n)
        with django_assert_max_num_queries(15) as captured:
            response = member_client.get(URL, {"tab": "timeline"})
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    page = response.context["page"]
    assert page.paginator.count == 500
    assert len(page.object_list) == TAB_PAGE_SIZE
    assert main_of(response).count("Gesprek nummer") == TAB_PAGE_SIZE
    overview = main_of(member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))
    assert overview.count("Gesprek nummer") == 5
    assert "The whole timeline (500 entries)" in overview


def test_the_summary_says_what_is_open_overdue_and_asked_of_whom(member_client, initiative):
    today = timezone.localdate()
    CommitmentFactory(
        initiative=initiative,
        department=Department.objects.get(name="Stadsbeheer"),
        promised_on=today - dt.timedelta(days=30),
        due_on=today - dt.timedelta(days=3),
    )
    BlockageFactory(initiative=initiative)
    for tab in TABS:
        body = main_of(member_client.get(URL, {"tab": tab}, HTTP_ACCEPT_LANGUAGE="en"))
        summary = body.split('class="partner-summary"', 1)[1].split("</section>", 1)[0]
        assert "1 blockage" in summary and "1 commitment" in summary
        assert "1 overdue" in summary
        assert "Stadsbeheer: commitment" in summary


def test_the_tabs_are_links_with_the_shown_one_marked(member_client, initiative):
    body = main_of(member_client.get(URL, {"tab": "requests"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<a href="?tab=requests#tab-panel" aria-current="page">Requests</a>' in body
    assert '<a href="?tab=timeline#tab-panel">Timeline</a>' in body
    assert member_client.get(URL, {"tab": "<script>"}).context["tab"] == "overview"


def test_a_tab_filters_by_status(member_client, initiative):
    BlockageFactory(initiative=initiative, description="Nog open")
    BlockageFactory(
        initiative=initiative,
        status=Blockage.Status.RESOLVED,
        settled_on=timezone.localdate(),
        description="Opgelost knelpunt",
    )
    body = main_of(member_client.get(URL, {"tab": "blockages", "filter": "resolved"}))
    assert "Opgelost knelpunt" in body and "Nog open" not in body
    body = main_of(member_client.get(URL, {"tab": "blockages"}))
    assert "Opgelost knelpunt" in body and "Nog open" in body
    odd = member_client.get(URL, {"tab": "blockages", "filter": "x", "page": "-1"})
    assert odd.status_code == 200


def test_a_settled_blockage_is_rated_where_it_is_listed(member_client, initiative):
    blockage = BlockageFactory(
        initiative=initiative, status=Blockage.Status.RESOLVED, settled_on=timezone.localdate()
    )
    body = main_of(member_client.get(URL, {"tab": "blockages"}))
    item = body.split(f'id="blockage-{blockage.pk}"', 1)[1].split("</li>\n", 1)[0]
    assert "rating-form" in item and 'name="score"' in item


@pytest.mark.parametrize("page", ["0", "-1", "x", "999"])
def test_odd_timeline_pages_never_break_the_page(member_client, initiative, page):
    ContactFactory(initiative=initiative)
    assert member_client.get(URL, {"tab": "timeline", "page": page}).status_code == 200
