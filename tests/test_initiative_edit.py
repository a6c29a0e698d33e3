"""/initiatieven/<slug>/bewerken/: members edit their initiative; every version is kept."""

import pytest

from initiatives.models import Area, Initiative, Membership, Theme
from initiatives.services import initiative_update
from tests.support.factories import MembershipFactory
from tests.support.initiative_edit import URL, form_data

pytestmark = pytest.mark.django_db


def test_a_member_edits_and_the_change_is_kept_in_history(member_client, member, initiative):
    green = Theme.objects.get(slug="groen-en-klimaat")
    response = member_client.post(
        URL, form_data(initiative, volunteers="12", themes=[str(green.pk)])
    )
    assert response.status_code == 302
    assert response["Location"] == "/initiatieven/moestuin-tarwewijk/"
    initiative.refresh_from_db()
    assert initiative.volunteers == 12
    assert list(initiative.themes.all()) == [green]
    assert initiative.updated_by == member
    latest = initiative.history.latest()
    assert latest.history_user == member
    assert latest.history_change_reason == "edited"
    delta = latest.diff_against(latest.prev_record, excluded_fields=["updated_by"])
    assert delta.changed_fields == ["themes", "volunteers"]  # one version holds both


def test_the_slug_stays_when_the_title_changes(member_client, initiative):
    member_client.post(URL, form_data(initiative, title="Moestuin De Tarwe"))
    initiative.refresh_from_db()
    assert (initiative.title, initiative.slug) == ("Moestuin De Tarwe", "moestuin-tarwewijk")


def test_a_co_initiator_may_edit(client_for, initiative):
    co = MembershipFactory(initiative=initiative).user
    assert client_for(co).get(URL).status_code == 200


@pytest.mark.parametrize(
    "who",
    ["other_initiator_client", "civil_servant_client", "council_client", "coordinator_client"],
)
def test_others_may_not_edit(request, who, initiative):
    client = request.getfixturevalue(who)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(initiative, title="Gekaapt")).status_code == 403
    initiative.refresh_from_db()
    assert initiative.title == "Moestuin Tarwewijk"


def test_a_visitor_is_sent_to_log_in(client, initiative):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


@pytest.mark.parametrize("who", ["other_initiator_client", "council_client"])
def test_outsiders_of_a_private_initiative_get_not_found(request, who, initiative):
    initiative.is_public = False
    initiative.save()
    assert request.getfixturevalue(who).get(URL).status_code == 404


def test_errors_are_shown_next_to_the_field(member_client, initiative):
    response = member_client.post(
        URL,
        form_data(initiative, title="", website="geen url", volunteers="-3"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["This field is required."]
    assert errors["website"] == ["Enter a valid URL."]
    assert "greater than or equal to 0" in errors["volunteers"][0]
    body = response.content.decode()
    assert "<h1>Edit Moestuin Tarwewijk</h1>" in body
    initiative.refresh_from_db()
    assert initiative.title == "Moestuin Tarwewijk"


def test_errors_are_shown_in_dutch(member_client, initiative):
    response = member_client.post(URL, form_data(initiative, website="geen url"))
    assert response.context["form"].errors["website"] == ["Voer een geldige URL in."]


def test_a_neighbourhood_must_lie_in_the_area(member_client, initiative):
    noord = Area.objects.get(slug="noord")
    response = member_client.post(
        URL, form_data(initiative, area=str(noord.pk)), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "is not in Noord" in response.context["form"].errors["neighbourhood"][0]


def test_the_history_section_lists_who_changed_which_fields(member_client, member, initiative):
    initiative_update(initiative=initiative, changed_by=member, volunteers=20, summary="Nieuw")
    response = member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    history = response.context["history"]
    assert history[0].who == member
    assert sorted(history[0].fields) == ["number of volunteers", "summary"]
    body = response.content.decode()
    assert "History" in body and "number of volunteers" in body


def test_the_history_is_bounded_and_its_queries_do_not_grow(
    member_client, member, initiative, django_assert_max_num_queries
):
    themes = list(Theme.objects.all()[:3])
    for n in range(30):
        initiative_update(
            initiative=initiative, changed_by=member, volunteers=n, themes=themes[: n % 3]
        )
    # Session, user, roles; initiative + members; form choices (area, neighbourhood, themes,
    # asks); the initiative's themes and asks; the history (one query with its users) and the
    # themes and asks of its versions (one query each).
    with django_assert_max_num_queries(15):
        response = member_client.get(URL)
    assert len(response.context["history"]) == 20


def test_the_service_refuses_fields_that_are_not_editable(member, initiative):
    with pytest.raises(TypeError):
        initiative_update(initiative=initiative, changed_by=member, slug="iets-anders")
    assert Initiative.objects.get(pk=initiative.pk).slug == "moestuin-tarwewijk"


def test_the_edit_page_history_names_a_change_of_themes(member_client, member, initiative):
    green = Theme.objects.get(slug="groen-en-klimaat")
    initiative_update(initiative=initiative, changed_by=member, themes=[green])
    initiative_update(initiative=initiative, changed_by=member, volunteers=7)

    history = member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").context["history"]

    assert [entry.fields for entry in history[:2]] == [["number of volunteers"], ["themes"]]


def test_a_save_on_top_of_someone_elses_is_refused_and_shows_their_change(
    member_client, client_for, initiative
):
    """Two people open the edit page; the first saves; the second's save (started from the old
    version) is refused, shows the first one's value, and overwrites nothing."""
    co = MembershipFactory(initiative=initiative, role=Membership.Role.CO_INITIATOR).user
    other_client = client_for(co)
    first = member_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    second = other_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    version = first.context["form"]["version"].value()
    assert version and second.context["form"]["version"].value() == version

    saved = member_client.post(
        URL, form_data(initiative, title="Moestuin De Tarwe", version=version)
    )
    assert saved.status_code == 302
    stale = other_client.post(
        URL,
        form_data(initiative, volunteers="40", version=version),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert stale.status_code == 200
    body = stale.content.decode()
    assert "Someone else saved this initiative while you were editing it" in body
    assert "Moestuin De Tarwe" in body  # the other person's change, shown
    initiative.refresh_from_db()
    assert initiative.title == "Moestuin De Tarwe"
    assert initiative.volunteers != 40

    # Having seen it, saving again from the refreshed form keeps the second person's values.
    again = stale.context["form"]["version"].value()
    assert again != version
    resaved = other_client.post(URL, form_data(initiative, volunteers="40", version=again))
    assert resaved.status_code == 302
    initiative.refresh_from_db()
    assert initiative.volunteers == 40
