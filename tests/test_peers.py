"""Finding each other (issue 16): an initiative that a rule blocks chooses to be visible to the
other initiatives that rule blocks, and they write each other through the app, without anyone's
e-mail address being disclosed; the city and the council do not read along."""

import pytest
from django.core import mail
from django.urls import reverse

from partnership.models import PeerListing, PeerMessage
from partnership.services import peers as services
from tests.support import factories as f
from tests.support.mail import run_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(db):
    return f.PolicyFrameworkFactory(name="Tijdelijk gebruik van gemeentegrond")


@pytest.fixture
def ours(initiative, rule):
    f.BlockageFactory(initiative=initiative, policy_framework=rule)
    return initiative


@pytest.fixture
def theirs(rule):
    lead = f.InitiatorFactory(email="zuid@example.org", name="Zeynep Zuid")
    other = f.InitiativeFactory(lead=lead, title="Speeltuin Zuid", slug="speeltuin-zuid")
    f.BlockageFactory(initiative=other, policy_framework=rule)
    return other


def _list(rule):
    return reverse("partnership:peer_list", kwargs={"pk": rule.pk})


def _conversation(listing, van=""):
    url = reverse("partnership:peer_conversation", kwargs={"pk": listing.pk})
    return f"{url}?van={van}" if van else url


def _visible(initiative, rule, note=""):
    lead = initiative.memberships.get(role="lead").user
    return services.peer_listing_set(
        initiative=initiative, framework=rule, by=lead, visible=True, note=note
    )


def test_a_member_makes_the_initiative_visible_and_hides_it_again(member_client, ours, rule):
    url = reverse("partnership:peer_listing", kwargs={"pk": rule.pk})
    data = {
        "prefix": ours.slug,
        f"{ours.slug}-initiative": ours.slug,
        f"{ours.slug}-visible": "on",
        f"{ours.slug}-note": "Wie weet hoe het met de huurprijs zit?",
    }
    response = member_client.post(url, data, follow=True)
    listing = PeerListing.objects.get(initiative=ours, framework=rule)
    assert listing.is_listed and listing.note == "Wie weet hoe het met de huurprijs zit?"
    assert "is zichtbaar voor de andere initiatieven" in response.content.decode()

    data.pop(f"{ours.slug}-visible")
    member_client.post(url, data)
    listing.refresh_from_db()
    assert not listing.is_listed
    # The choice is kept, with its history: hidden, not deleted.
    assert listing.history.count() == 2


def test_only_visible_initiatives_are_listed_with_their_note(member_client, ours, theirs, rule):
    hidden = f.InitiativeFactory(title="Verborgen Buurtkas")
    f.BlockageFactory(initiative=hidden, policy_framework=rule)
    _visible(theirs, rule, note="Samen een voorstel schrijven?")
    elsewhere = f.InitiativeFactory(title="Ander Kader")
    other_rule = f.PolicyFrameworkFactory()
    f.BlockageFactory(initiative=elsewhere, policy_framework=other_rule)
    services.peer_listing_set(initiative=elsewhere, framework=other_rule, by=None, visible=True)

    page = member_client.get(_list(rule)).content.decode()
    assert "Speeltuin Zuid" in page and "Samen een voorstel schrijven?" in page
    assert "Verborgen Buurtkas" not in page and "Ander Kader" not in page
    # Nobody's address or name is on the page.
    assert "zuid@example.org" not in page and "Zeynep" not in page


@pytest.mark.parametrize(
    "role",
    ["other_initiator_client", "civil_servant_client", "council_client", "coordinator_client"],
)
def test_who_no_rule_blocks_does_not_get_in(request, role, ours, theirs, rule):
    listing = _visible(theirs, rule)
    client = request.getfixturevalue(role)
    assert client.get(_list(rule)).status_code == 403
    assert client.get(_conversation(listing)).status_code == 403
    assert client.post(_conversation(listing), {"body": "Hallo"}).status_code == 403
    assert not PeerMessage.objects.exists()


def test_a_member_of_an_initiative_the_rule_does_not_block_does_not_get_in(
    member_client, initiative, rule
):
    f.BlockageFactory(initiative=initiative)  # under another rule
    f.BlockageFactory(policy_framework=rule)  # another initiative's
    assert member_client.get(_list(rule)).status_code == 403


def test_a_message_reaches_the_other_members_without_disclosing_the_senders_address(
    member_client, member, ours, theirs, rule, django_capture_on_commit_callbacks
):
    _visible(ours, rule)
    listing = _visible(theirs, rule)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            _conversation(listing, ours.slug),
            {"sender": ours.slug, "body": "Hoe hebben jullie de grond gekregen?"},
        )
    assert response.status_code == 302
    message = PeerMessage.objects.get()
    assert (message.sender, message.recipient, message.author) == (ours, theirs, member)
    run_digest()  # the day's digest, as the daily command sends it
    sent = [m for m in mail.outbox if "zuid@example.org" in m.to]
    assert len(sent) == 1
    # The subject names no initiative (subjects show in lock screens); the body names the sender.
    assert sent[0].subject == "Een bericht van een initiatief dat op dezelfde regel vastloopt"
    assert "Moestuin Tarwewijk" in sent[0].body
    assert "Hoe hebben jullie de grond gekregen?" in sent[0].body
    assert member.email not in sent[0].body
    answer_url = reverse(
        "partnership:peer_conversation", kwargs={"pk": ours.peer_listings.get().pk}
    )
    assert answer_url in sent[0].body


def test_the_other_side_reads_and_answers_in_the_same_thread(client_for, ours, theirs, rule):
    mine = _visible(ours, rule)
    listing = _visible(theirs, rule)
    services.peer_message_send(
        framework=rule, sender=ours, recipient=theirs, by=None, body="Vraag van de moestuin"
    )
    lead = theirs.memberships.get(role="lead").user
    client = client_for(lead)
    page = client.get(_conversation(mine)).content.decode()
    assert "Vraag van de moestuin" in page
    client.post(_conversation(mine), {"sender": theirs.slug, "body": "Antwoord van de speeltuin"})
    thread = client_for(ours.memberships.get(role="lead").user).get(_conversation(listing))
    body = thread.content.decode()
    assert body.index("Vraag van de moestuin") < body.index("Antwoord van de speeltuin")


def test_writing_needs_ones_own_initiative_to_be_visible(member_client, ours, theirs, rule):
    listing = _visible(theirs, rule)
    response = member_client.post(_conversation(listing), {"sender": ours.slug, "body": "Hoi"})
    assert response.status_code == 200
    assert "Maak je initiatief eerst zichtbaar" in response.content.decode()
    assert not PeerMessage.objects.exists()


def test_an_empty_or_too_long_message_is_refused_at_its_field(member_client, ours, theirs, rule):
    _visible(ours, rule)
    listing = _visible(theirs, rule)
    for body in ["", "x" * 2001]:
        response = member_client.post(_conversation(listing), {"sender": ours.slug, "body": body})
        assert response.status_code == 200
        assert 'id="id_body_error"' in response.content.decode() or "errorlist" in (
            response.content.decode()
        )
    assert not PeerMessage.objects.exists()


def test_once_hidden_nobody_new_can_write_but_the_thread_stays_readable(
    member_client, ours, theirs, rule
):
    _visible(ours, rule)
    listing = _visible(theirs, rule)
    services.peer_message_send(framework=rule, sender=ours, recipient=theirs, by=None, body="Eerst")
    lead = theirs.memberships.get(role="lead").user
    services.peer_listing_set(initiative=theirs, framework=rule, by=lead, visible=False)

    page = member_client.get(_conversation(listing)).content.decode()
    assert "Eerst" in page and "geen nieuwe berichten" in page
    member_client.post(_conversation(listing), {"sender": ours.slug, "body": "Nog eentje"})
    assert PeerMessage.objects.count() == 1
    assert "Speeltuin Zuid" not in member_client.get(_list(rule)).content.decode()


def test_a_hidden_initiative_without_a_thread_is_not_found(member_client, ours, theirs, rule):
    listing = _visible(theirs, rule)
    lead = theirs.memberships.get(role="lead").user
    services.peer_listing_set(initiative=theirs, framework=rule, by=lead, visible=False)
    assert member_client.get(_conversation(listing)).status_code == 404


def test_the_movements_page_shows_the_rules_blocking_ones_own_initiatives(
    member_client, ours, theirs, rule
):
    _visible(theirs, rule)
    page = member_client.get(reverse("partnership:proposal_list")).content.decode()
    assert _list(rule) in page and "1 zichtbaar initiatief" in page


def test_the_peer_list_has_a_bounded_number_of_queries(
    member_client, ours, rule, django_assert_max_num_queries
):
    for n in range(30):
        other = f.InitiativeFactory(title=f"Lotgenoot {n}")
        f.BlockageFactory(initiative=other, policy_framework=rule)
        f.BlockageFactory(initiative=other, policy_framework=rule)
        services.peer_listing_set(initiative=other, framework=rule, by=None, visible=True)
    with django_assert_max_num_queries(14):
        response = member_client.get(_list(rule))
    assert response.content.decode().count("2 knelpunten onder deze regel") == 25


def test_a_visible_choice_needs_the_rule_to_block_the_initiative(initiative, rule, member):
    with pytest.raises(Exception, match="loopt niet vast"):
        services.peer_listing_set(initiative=initiative, framework=rule, by=member, visible=True)
