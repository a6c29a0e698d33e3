"""Intake (issue 15): every new initiative lands in the city's intake queue and gets a named point
of contact within a term in working days; the clock shows on the partner page, the work list and
the movement dashboard; the area's coordinators hear of a registration, the members of their
point of contact."""

from __future__ import annotations

import datetime as dt
import re
import statistics

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from initiatives.models import Area, Initiative
from initiatives.services import initiative_create
from partnership import clock
from partnership.models import IntakeSetting
from partnership.services.intake import intake_term_set
from tests.support import factories as f
from tests.support.factories_dashboards import by_label, get, tables
from tests.support.mail import run_digest

pytestmark = pytest.mark.django_db

URL = "/intake/"
TERM_URL = "/intake/termijn/"


def weekdays_after(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to ``end``, counted one day at a time (the definition,
    independent of the closed form in partnership.clock)."""
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        days += day.weekday() < 5
    return days


def registered_working_days_ago(n: int) -> dt.datetime:
    """A moment at noon on the day ``n`` working days before today."""
    day = timezone.localdate()
    while weekdays_after(day, timezone.localdate()) < n:
        day -= dt.timedelta(days=1)
    # The latest such day: a weekend day before a Monday counts the same as that Monday.
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def waiting(title: str, working_days: int, **kw) -> Initiative:
    return f.InitiativeFactory(
        title=title, created_at=registered_working_days_ago(working_days), **kw
    )


def area(slug: str) -> Area:
    return Area.objects.get(slug=slug)


def queue_titles(response) -> list[str]:
    return [i.title for i, _clock in response.context["rows"]]


# Working days -----------------------------------------------------------------------------


def test_working_days_follow_the_calendar_day_by_day():
    start = dt.date(2026, 2, 20)  # a Friday, across a leap-free February into March
    for offset in range(40):
        day = start + dt.timedelta(days=offset)
        for span in range(25):
            end = day + dt.timedelta(days=span)
            assert clock.working_days_between(day, end) == weekdays_after(day, end)
        for n in range(1, 25):
            due = clock.add_working_days(day, n)
            assert due.weekday() < 5 and weekdays_after(day, due) == n


# The queue --------------------------------------------------------------------------------


def test_the_queue_lists_initiatives_without_a_point_of_contact_longest_waiting_first(
    coordinator_client, civil_servant
):
    waiting("Drie dagen", 3)
    waiting("Twaalf dagen", 12)
    waiting("Met aanspreekpunt", 20, point_of_contact=civil_servant)
    waiting("Gearchiveerd", 30, archived_at=timezone.now())
    waiting("Privé", 1, is_public=False)
    response = coordinator_client.get(URL)
    assert response.status_code == 200
    assert queue_titles(response) == ["Twaalf dagen", "Drie dagen", "Privé"]


def test_each_row_shows_the_days_waiting_and_left_in_working_days(coordinator_client):
    waiting("Zes dagen", 6)
    waiting("Twaalf dagen", 12)
    response = coordinator_client.get(URL)
    clocks = {i.title: c for i, c in response.context["rows"]}
    assert (clocks["Zes dagen"].waited, clocks["Zes dagen"].days_left) == (6, 4)
    assert clocks["Twaalf dagen"].is_late and clocks["Twaalf dagen"].days_over == 2
    body = response.content.decode()
    assert "nog 4 werkdagen" in body
    assert "2 werkdagen over de termijn" in body


def test_the_queue_opens_on_the_coordinators_own_areas(coordinator_client, coordinator):
    area("delfshaven").coordinators.add(coordinator)
    waiting("In Charlois", 2, area=area("charlois"))
    waiting("In Delfshaven", 2, area=area("delfshaven"))
    assert queue_titles(coordinator_client.get(URL)) == ["In Delfshaven"]
    # Ticking no area at all (the form was sent): every area.
    everything = coordinator_client.get(URL, {"gefilterd": "1"})
    assert sorted(queue_titles(everything)) == ["In Charlois", "In Delfshaven"]
    chosen = coordinator_client.get(URL, {"gefilterd": "1", "area": area("charlois").pk})
    assert queue_titles(chosen) == ["In Charlois"]


def test_an_unknown_area_is_an_error_on_the_field_not_a_server_error(coordinator_client):
    response = coordinator_client.get(URL, {"area": "999999"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["area"]


def test_coordinators_get_a_link_to_name_a_point_of_contact(coordinator_client):
    initiative = waiting("Nieuw", 1)
    body = coordinator_client.get(URL).content.decode()
    assert f"/initiatieven/{initiative.slug}/aanspreekpunt/" in body


def test_civil_servants_read_the_queue_without_naming_anyone(civil_servant_client):
    initiative = waiting("Nieuw", 1)
    response = civil_servant_client.get(URL)
    assert queue_titles(response) == ["Nieuw"]
    assert f"/initiatieven/{initiative.slug}/aanspreekpunt/" not in response.content.decode()
    assert (
        civil_servant_client.get(f"/initiatieven/{initiative.slug}/aanspreekpunt/").status_code
        == 403
    )


def test_initiators_council_members_and_visitors_do_not_see_the_queue(
    member_client, council_client, client
):
    assert member_client.get(URL).status_code == 403
    assert council_client.get(URL).status_code == 403
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("n", [3, 30])
def test_the_queue_takes_a_bounded_number_of_queries(
    coordinator_client, n, django_assert_max_num_queries
):
    for i in range(n):
        waiting(f"Initiatief {i}", i % 15)
    # Session, user, roles (3); the coordinator's own areas (1); the count and the page (2);
    # the term (1); the area choices of the filter form (1); the header's unread notifications
    # (1): 9 whatever the number of rows.
    with django_assert_max_num_queries(9):
        response = coordinator_client.get(URL)
    assert len(response.context["rows"]) == min(n, 25)


# The term ---------------------------------------------------------------------------------


def test_the_term_is_ten_working_days_until_a_coordinator_changes_it(
    coordinator_client, coordinator
):
    waiting("Zes dagen", 6)
    assert coordinator_client.get(URL).context["term"] == 10
    response = coordinator_client.post(TERM_URL, {"term_working_days": "5"})
    assert response.status_code == 302
    setting = IntakeSetting.objects.get()
    assert (setting.term_working_days, setting.changed_by) == (5, coordinator)
    body = coordinator_client.get(URL).content.decode()
    assert "1 werkdag over de termijn" in body


@pytest.mark.parametrize("value", ["0", "61", "tien", "", "-3", "1e9"])
def test_a_term_out_of_bounds_is_an_error_on_its_field(coordinator_client, value):
    response = coordinator_client.post(TERM_URL, {"term_working_days": value})
    assert response.status_code == 400
    assert response.context["form"].errors["term_working_days"]
    assert not IntakeSetting.objects.exists()


def test_only_coordinators_change_the_term(civil_servant_client, civil_servant):
    assert civil_servant_client.post(TERM_URL, {"term_working_days": "3"}).status_code == 403
    with pytest.raises(ValidationError, match="coördinator"):
        intake_term_set(term_working_days=3, by=civil_servant)
    assert not IntakeSetting.objects.exists()


# The clock where people look --------------------------------------------------------------


def test_the_initiator_sees_how_long_until_the_term_on_the_partner_page(member_client, member):
    initiative = waiting("Moestuin", 6, lead=member)
    body = member_client.get(initiative.get_absolute_url()).content.decode()
    assert re.search(r"nog niet</span>\s*—\s*<span[^>]*>nog 4 werkdagen", body)


def test_the_partner_page_shows_a_missed_term(member_client, member):
    initiative = waiting("Moestuin", 13, lead=member)
    body = member_client.get(initiative.get_absolute_url()).content.decode()
    assert "3 werkdagen over de termijn" in body


def test_the_initiator_sees_who_their_point_of_contact_is_and_how_to_reach_them(
    member_client, member
):
    person = f.CivilServantFactory(
        name="Petra de Wit", email="petra.dewit@rotterdam.example", phone="010 123 4567"
    )
    initiative = waiting("Moestuin", 2, lead=member, point_of_contact=person)
    for url in (initiative.get_absolute_url(), "/initiatieven/mijn/"):
        body = member_client.get(url).content.decode()
        assert "Petra de Wit" in body, url
        assert str(person.department) in body, url
        assert 'href="mailto:petra.dewit@rotterdam.example"' in body, url
        assert 'href="tel:0101234567"' in body, url
        assert "werkdag" not in body, url  # no clock once someone is named


def test_a_point_of_contact_without_a_name_shows_their_address(member_client, member):
    person = f.CivilServantFactory(name="", email="loket.charlois@rotterdam.example")
    initiative = waiting("Moestuin", 2, lead=member, point_of_contact=person)
    body = member_client.get("/initiatieven/mijn/").content.decode()
    assert body.count("loket.charlois@rotterdam.example") >= 2  # as the name and as the link
    assert initiative.title in body


def test_coordinators_see_the_intake_with_its_clock_in_their_work_list(
    coordinator_client, civil_servant_client
):
    waiting("Zes dagen", 6)
    response = coordinator_client.get("/werkvoorraad/")
    rows = response.context["intake"]["rows"]
    assert [(i.title, c.days_left) for i, c in rows] == [("Zes dagen", 4)]
    assert 'id="intake"' in response.content.decode()
    assert "intake" not in civil_servant_client.get("/werkvoorraad/").context


# Naming the point of contact --------------------------------------------------------------


def test_the_first_assignment_is_recorded_and_the_members_are_told(
    coordinator_client, member, mailoutbox, django_capture_on_commit_callbacks
):
    initiative = waiting("Moestuin", 3, lead=member)
    first, second = (
        f.CivilServantFactory(name="Petra de Wit", email="petra@rotterdam.example"),
        f.CivilServantFactory(name="Karim Bakker", email="karim@rotterdam.example"),
    )
    url = f"/initiatieven/{initiative.slug}/aanspreekpunt/"
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, {"point_of_contact": first.pk, "coordinator": ""})
    initiative.refresh_from_db()
    assigned_at = initiative.point_of_contact_assigned_at
    assert assigned_at is not None and timezone.now() - assigned_at < dt.timedelta(minutes=1)
    told = {m.to[0]: m for m in mailoutbox}
    assert set(told) == {member.email, first.email}
    assert "Petra de Wit" in told[member.email].body
    assert "petra@rotterdam.example" in told[member.email].body
    assert initiative.title not in told[member.email].subject

    # A later change names someone else; the clock keeps the first moment.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, {"point_of_contact": second.pk, "coordinator": ""})
    initiative.refresh_from_db()
    assert initiative.point_of_contact_assigned_at == assigned_at
    assert "Karim Bakker" in {m.to[0]: m for m in mailoutbox}[member.email].body
    assert initiative not in Initiative.objects.filter(point_of_contact__isnull=True)


# A registration reaches the area's coordinators -------------------------------------------


def _register(user, area_slug: str) -> Initiative:
    return initiative_create(
        created_by=user,
        title="Buurtmoestuin",
        summary="Samen tuinieren.",
        area=area(area_slug),
        domain="physical",
    )


def test_a_registration_tells_the_coordinators_of_its_area(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    mine = f.CoordinatorFactory(email="coord.delfshaven@rotterdam.example")
    f.CoordinatorFactory(email="coord.noord@rotterdam.example").coordinated_areas.add(area("noord"))
    area("delfshaven").coordinators.add(mine)
    with django_capture_on_commit_callbacks(execute=True):
        initiative = _register(member, "delfshaven")
    run_digest()  # the day's digest, as the daily command sends it
    assert [m.to for m in mailoutbox] == [[mine.email]]
    message = mailoutbox[0]
    assert "Delfshaven" in message.subject and initiative.title not in message.subject
    assert f"/initiatieven/{initiative.slug}/aanspreekpunt/" in message.body
    assert "10 werkdagen" in message.body


def test_without_coordinators_for_the_area_every_coordinator_hears_of_it(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    a = f.CoordinatorFactory(email="coord.a@rotterdam.example")
    b = f.CoordinatorFactory(email="coord.b@rotterdam.example")
    f.CoordinatorFactory(email="weg@rotterdam.example", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        _register(member, "charlois")
    run_digest()  # the day's digest, as the daily command sends it
    assert sorted(m.to[0] for m in mailoutbox) == sorted([a.email, b.email])


def test_a_registration_rolled_back_tells_nobody(member, mailoutbox):
    f.CoordinatorFactory()
    _register(member, "charlois")  # the test's transaction is never committed
    assert mailoutbox == []


# The dashboard ----------------------------------------------------------------------------


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_the_dashboard_figure_follows_its_definition(coordinator_client, civil_servant):
    today = timezone.localdate()
    cases = [  # registered (calendar days ago), named (calendar days after registration)
        (200, 3),
        (190, 9),
        (180, 14),
        (170, 30),
        (160, None),
        (150, 1),
        (140, 2),
        (2, None),  # still within the term
    ]
    for i, (ago, after) in enumerate(cases):
        registered = today - dt.timedelta(days=ago)
        named = registered + dt.timedelta(days=after) if after is not None else None
        f.InitiativeFactory(
            title=f"Geval {i}",
            area=area("noord"),
            created_at=_moment(registered),
            point_of_contact=civil_servant if named else None,
            point_of_contact_assigned_at=_moment(named) if named else None,
        )
    # Named before the moment was recorded: counted as registered only.
    f.InitiativeFactory(area=area("noord"), point_of_contact=civil_servant)

    # The definition, day by day: working days from registration to the first naming; within
    # the term if at most 10; still waiting past the term if more than 10 have gone by.
    days, waiting_late = [], 0
    for ago, after in cases:
        registered = today - dt.timedelta(days=ago)
        if after is not None:
            days.append(weekdays_after(registered, registered + dt.timedelta(days=after)))
        elif weekdays_after(registered, today) > 10:
            waiting_late += 1
    within = sum(d <= 10 for d in days)
    expected = [
        "Noord",
        str(len(cases) + 1),
        str(len(days)),
        f"{statistics.median(days):.1f}",
        str(within),
        str(len(days) - within),
        str(waiting_late),
        f"{100 * within / (len(days) + waiting_late):.1f}",
    ]
    row = by_label(tables(get(coordinator_client, "beweging"))["time_to_point_of_contact"])["Noord"]
    assert [cell.replace(",", ".") for cell in row] == expected


def test_the_dashboard_hides_small_areas_from_council_members(council_client, civil_servant):
    for i in range(3):
        waiting(f"Klein {i}", 2 + i, area=area("pernis"))
    row = by_label(tables(get(council_client, "beweging"))["time_to_point_of_contact"])["Pernis"]
    assert "3" not in row[1:]


def test_an_area_id_beyond_a_database_integer_is_an_error_not_a_crash(coordinator_client):
    response = coordinator_client.get(URL, {"gefilterd": "1", "area": str(2**70)})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["area"]
