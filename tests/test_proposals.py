"""Rules on the table (issue 16): proposals to change a policy framework, support by
initiatives, evidence, the department's answer within a term, framework versions, the
movement's page, the council agenda and the Atom feed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partnership.models import PolicyFrameworkVersion, ProposalSupport, RuleProposal
from partnership.services import proposals as services
from tests.support import factories as f
from tests.support import factories_proposals as fp

pytestmark = pytest.mark.django_db

LIST = reverse("partnership:proposal_list")


def _detail(p):
    return reverse("partnership:proposal_detail", kwargs={"pk": p.pk})


def _url(name, p):
    return reverse(f"partnership:{name}", kwargs={"pk": p.pk})


# --- the model and services -----------------------------------------------------------------


def test_submitting_sets_the_answer_term_from_the_framework(member):
    framework = f.PolicyFrameworkFactory(answer_term_weeks=6)
    proposal = fp.draft(author=member, framework=framework)
    assert proposal.status == "draft" and proposal.answer_due_on is None
    when = timezone.now()
    services.proposal_submit(proposal=proposal, by=member, now=when)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert proposal.answer_due_on == timezone.localdate(when) + dt.timedelta(weeks=6)


def test_the_default_answer_term_is_eight_weeks(member):
    proposal = fp.submitted(author=member)
    assert proposal.answer_due_on == timezone.localdate() + dt.timedelta(weeks=8)


def test_edits_of_a_draft_are_kept_in_the_history(member):
    proposal = fp.draft(author=member)
    services.proposal_update(
        proposal=proposal,
        by=member,
        policy_framework=proposal.policy_framework,
        title="Grond voor initiatieven",
        current_rule=proposal.current_rule,
        proposed_change=proposal.proposed_change,
        reasons=proposal.reasons,
    )
    titles = list(proposal.history.order_by("history_date").values_list("title", flat=True))
    assert titles == ["Grond voor een euro", "Grond voor initiatieven"]


def test_a_submitted_proposal_can_no_longer_be_edited(member):
    proposal = fp.submitted(author=member)
    with pytest.raises(ValidationError):
        services.proposal_update(
            proposal=proposal,
            by=member,
            policy_framework=proposal.policy_framework,
            title="Anders",
            current_rule="a",
            proposed_change="b",
            reasons="c",
        )


def test_an_initiative_supports_a_proposal_once(member, initiative):
    proposal = fp.submitted(author=member)
    fp.support(proposal, initiative, by=member)
    with pytest.raises(ValidationError):
        fp.support(proposal, initiative, by=member)
    assert ProposalSupport.objects.filter(proposal=proposal).count() == 1


def test_an_answer_is_given_once_with_reasons(member, civil_servant):
    proposal = fp.submitted(author=member)
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(
            proposal=proposal, by=civil_servant, outcome="adopted", reasoning=""
        )
    assert "reasoning" in error.value.error_dict and "changes" in error.value.error_dict
    services.proposal_answer(
        proposal=proposal,
        by=civil_servant,
        outcome="not_adopted",
        reasoning="De grondprijs ligt vast in de nota grondbeleid.",
    )
    proposal.refresh_from_db()
    assert proposal.status == "answered" and proposal.answered_by == civil_servant
    with pytest.raises(ValidationError):
        services.proposal_answer(
            proposal=proposal, by=civil_servant, outcome="adopted", reasoning="x", changes="y"
        )


def test_framework_versions_are_numbered_in_turn(member, coordinator):
    proposal = fp.submitted(author=member)
    framework = proposal.policy_framework
    first = services.framework_version_create(
        framework=framework, by=coordinator, valid_from=dt.date(2025, 1, 1), summary="Eerste."
    )
    second = services.framework_version_create(
        framework=framework,
        by=coordinator,
        valid_from=dt.date(2026, 1, 1),
        summary="Symbolische huur.",
        proposal=proposal,
    )
    assert (first.number, second.number) == (1, 2)
    other = f.PolicyFrameworkFactory()
    with pytest.raises(ValidationError):
        services.framework_version_create(
            framework=other,
            by=coordinator,
            valid_from=dt.date(2026, 1, 1),
            summary="x",
            proposal=proposal,
        )


# --- who sees what -----------------------------------------------------------------------------


def test_a_draft_is_seen_by_its_authors_and_the_municipality_only(
    client, member, other_initiator, civil_servant, council_member
):
    co_author = f.InitiatorFactory(email="mede@example.org")
    proposal = fp.draft(author=member, co_authors=[co_author])
    for user, status in (
        (member, 200),
        (co_author, 200),
        (civil_servant, 200),
        (other_initiator, 404),
        (council_member, 404),
    ):
        client.force_login(user)
        assert client.get(_detail(proposal)).status_code == status, user
    client.logout()
    assert client.get(_detail(proposal)).status_code == 404
    assert proposal.title not in client.get(LIST).content.decode()


def test_a_submitted_proposal_is_public(client, member):
    proposal = fp.submitted(author=member)
    response = client.get(_detail(proposal))
    assert response.status_code == 200
    assert proposal.proposed_change in response.content.decode()
    assert member.email not in response.content.decode()


def test_linked_blockages_show_only_what_the_reader_may_see(client, member, civil_servant):
    public = f.InitiativeFactory(title="Speeltuin Oud-Charlois")
    private = f.InitiativeFactory(title="Geheime Buurtkas", is_public=False)
    shown = f.BlockageFactory(initiative=public, description="Huur verdubbeld door taxatie.")
    hidden = f.BlockageFactory(initiative=private, description="Privé knelpunt beschreven.")
    proposal = fp.submitted(author=civil_servant, blockages=[shown, hidden])

    html = client.get(_detail(proposal)).content.decode()
    assert "Speeltuin Oud-Charlois" in html
    assert "Huur verdubbeld" not in html  # title only for the public
    assert "Geheime Buurtkas" not in html and "Privé knelpunt" not in html
    assert "1 knelpunt van een initiatief dat niet openbaar is" in html

    client.force_login(civil_servant)
    html = client.get(_detail(proposal)).content.decode()
    assert "Geheime Buurtkas" in html and "Privé knelpunt" in html


def test_supporters_are_named_only_when_they_chose_to_be(client, member, initiative):
    proposal = fp.submitted(author=member)
    fp.support(proposal, initiative, by=member, public_line="Wij betalen nu 4000 euro huur.")
    shy = f.InitiativeFactory(title="Stille Tuin")
    fp.support(proposal, shy, show_name=False)
    private = f.InitiativeFactory(title="Besloten Kring", is_public=False)
    fp.support(proposal, private)
    html = client.get(_detail(proposal)).content.decode()
    assert "Moestuin Tarwewijk" in html and "Wij betalen nu 4000 euro huur." in html
    assert "Stille Tuin" not in html and "Besloten Kring" not in html
    assert "2 initiatieven die niet genoemd willen worden" in html


def test_a_proposal_the_movement_backs_lists_its_supporters_a_page_at_a_time(client, member):
    """A proposal with thousands of supporting initiatives: every one counted, a hundred named
    per page (first supporters first), the rest a page further."""
    from partnership.views.proposals import SUPPORTS_PER_PAGE

    proposal = fp.submitted(author=member)
    named = [f.InitiativeFactory(title=f"Steuner {n:03d}") for n in range(SUPPORTS_PER_PAGE + 2)]
    for initiative in named:
        fp.support(proposal, initiative)
    fp.support(proposal, f.InitiativeFactory(title="Stille Tuin"), show_name=False)
    html = client.get(_detail(proposal)).content.decode()
    assert f"{SUPPORTS_PER_PAGE + 3}</dd>" in html  # every supporting initiative counted
    assert "Steuner 000" in html and f"Steuner {SUPPORTS_PER_PAGE - 1:03d}" in html
    assert f"Steuner {SUPPORTS_PER_PAGE:03d}" not in html
    assert "Pagina 1 van 2" in html and "1 initiatief dat niet genoemd wil worden" in html
    second = client.get(_detail(proposal), {"page": 2}).content.decode()
    assert f"Steuner {SUPPORTS_PER_PAGE + 1:03d}" in second and "Steuner 000" not in second
    assert client.get(_detail(proposal), {"page": "x' OR 1=1"}).status_code == 200


# --- the actions -------------------------------------------------------------------------------


def test_an_initiator_writes_and_submits_a_proposal(member_client, member, initiative):
    framework = f.PolicyFrameworkFactory(name="Nota grondbeleid")
    blockage = f.BlockageFactory(initiative=initiative, policy_framework=framework)
    response = member_client.post(
        reverse("partnership:proposal_create"),
        {
            "policy_framework": framework.pk,
            "title": "Grond voor een euro",
            "current_rule": "Marktprijs.",
            "proposed_change": "Symbolische huur.",
            "reasons": "Onbetaalbaar.",
            "blockages": [blockage.pk],
            "co_authors": "",
        },
    )
    proposal = RuleProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(proposal)
    assert proposal.status == "draft" and list(proposal.blockages.all()) == [blockage]
    member_client.post(_url("proposal_submit", proposal))
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and proposal.submitted_at is not None


def test_a_co_author_edits_but_another_initiator_may_not(client, member, other_initiator):
    co_author = f.InitiatorFactory(email="mede@example.org")
    proposal = fp.draft(author=member, co_authors=[co_author])
    client.force_login(co_author)
    assert client.get(_url("proposal_edit", proposal)).status_code == 200
    client.force_login(other_initiator)
    assert client.get(_url("proposal_edit", proposal)).status_code == 404
    client.force_login(member)
    fp_proposal = fp.submitted(author=member)
    assert client.get(_url("proposal_edit", fp_proposal)).status_code == 403


def test_a_council_member_cannot_write_a_proposal(council_client):
    assert council_client.get(reverse("partnership:proposal_create")).status_code == 403


def test_a_member_supports_on_behalf_of_the_initiative_once(member_client, member, initiative):
    proposal = fp.submitted(author=f.CivilServantFactory())
    url = _url("proposal_support", proposal)
    data = {"initiative": initiative.pk, "public_line": "Ook wij.", "show_name": "on"}
    assert member_client.post(url, data).status_code == 302
    assert proposal.supports.get().initiative == initiative
    response = member_client.get(url)
    assert "Al je initiatieven steunen dit voorstel al." in response.content.decode()
    member_client.post(url, data)
    assert proposal.supports.count() == 1


def test_a_member_cannot_support_for_an_initiative_they_are_not_in(
    member_client, member, initiative
):
    proposal = fp.submitted(author=member)
    elsewhere = f.InitiativeFactory()
    response = member_client.post(_url("proposal_support", proposal), {"initiative": elsewhere.pk})
    assert response.status_code == 200 and not proposal.supports.exists()


def test_civil_servants_and_council_members_cannot_support(
    civil_servant_client, council_client, member
):
    proposal = fp.submitted(author=member)
    assert civil_servant_client.get(_url("proposal_support", proposal)).status_code == 403
    assert council_client.get(_url("proposal_support", proposal)).status_code == 403


def test_a_civil_servant_adds_an_anonymised_case(civil_servant_client, member_client, member):
    proposal = fp.submitted(author=member)
    text = "Een buurthuis moest 12.000 euro borg betalen."
    assert member_client.get(_url("proposal_evidence", proposal)).status_code == 403
    civil_servant_client.post(_url("proposal_evidence", proposal), {"case_text": text})
    assert proposal.evidence.get().case_text == text


def test_the_owning_department_answers_and_others_may_not(client, member, civil_servant):
    proposal = fp.submitted(author=member)  # the framework is owned by Stadsontwikkeling
    elsewhere = f.CivilServantFactory(department=f.department("Maatschappelijke Ontwikkeling"))
    client.force_login(elsewhere)
    assert client.get(_url("proposal_answer", proposal)).status_code == 403
    client.force_login(civil_servant)
    response = client.post(
        _url("proposal_answer", proposal),
        {"outcome": "partly_adopted", "reasoning": "Deels.", "changes": "Per 1 juli 2026."},
    )
    assert response.status_code == 302
    client.logout()
    html = client.get(_detail(proposal)).content.decode()
    assert "gedeeltelijk overgenomen" in html and "Per 1 juli 2026." in html


def test_a_coordinator_records_a_new_version_linked_to_the_proposal(
    coordinator_client, civil_servant_client, member
):
    proposal = fp.submitted(author=member)
    url = reverse(
        "partnership:framework_version_create", kwargs={"pk": proposal.policy_framework_id}
    )
    assert civil_servant_client.get(url).status_code == 403
    response = coordinator_client.post(
        url, {"valid_from": "2026-07-01", "summary": "Symbolische huur.", "proposal": proposal.pk}
    )
    assert response.status_code == 302
    version = PolicyFrameworkVersion.objects.get()
    assert version.proposal == proposal and version.number == 1


# --- the movement's page, the agenda and the feed ----------------------------------------------


def test_the_agenda_holds_proposals_past_their_term_or_with_enough_support(
    client, member, settings
):
    settings.PROPOSAL_AGENDA_SUPPORT = 2
    late = fp.submitted(author=member, days_ago=60, title="Te laat beantwoord")
    supported = fp.submitted(author=member, title="Breed gesteund")
    quiet = fp.submitted(author=member, title="Nog stil")
    for _ in range(2):
        fp.support(supported, f.InitiativeFactory())
    fp.support(quiet, f.InitiativeFactory())
    from partnership.selectors.proposals import council_agenda

    assert {p.pk for p in council_agenda()} == {late.pk, supported.pk}
    html = client.get(LIST).content.decode()
    agenda = html.split('id="agenda-heading"')[1].split("</section>")[0]
    assert "Te laat beantwoord" in agenda and "Breed gesteund" in agenda
    assert "Nog stil" not in agenda


def test_the_movement_page_shows_support_answers_and_the_rules_that_block_most(client, member):
    grond = f.PolicyFrameworkFactory(name="Nota grondbeleid")
    aanbesteding = f.PolicyFrameworkFactory(name="Aanbestedingsbeleid")
    for _ in range(3):
        f.BlockageFactory(policy_framework=grond)
    f.BlockageFactory(policy_framework=aanbesteding)
    f.BlockageFactory(
        policy_framework=aanbesteding, status="resolved", settled_on=timezone.localdate()
    )
    proposal = fp.submitted(author=member, framework=grond)
    fp.submitted(author=member, framework=grond, title="Tweede voorstel over grond")
    fp.support(proposal, f.InitiativeFactory())
    answered = fp.submitted(author=member, framework=aanbesteding, title="Kleine opdrachten")
    services.proposal_answer(
        proposal=answered, by=member, outcome="adopted", reasoning="Goed idee.", changes="Nu."
    )
    response = client.get(LIST)
    html = response.content.decode()
    frameworks = response.context["frameworks"]
    assert [(fw.name, fw.open_blockages) for fw in frameworks] == [
        ("Nota grondbeleid", 3),
        ("Aanbestedingsbeleid", 1),
    ]
    assert [p.support_count for p in response.context["proposals"]] == [1, 0]
    assert "Kleine opdrachten" in html and "overgenomen" in html


def test_the_movement_page_filters_by_area(client, member):
    charlois = f.InitiativeFactory()
    from initiatives.models import Area

    elsewhere_area = Area.objects.exclude(slug="charlois").first()
    elsewhere = f.InitiativeFactory(area=elsewhere_area, neighbourhood=None)
    here = fp.submitted(
        author=member, title="Hier", blockages=[f.BlockageFactory(initiative=charlois)]
    )
    fp.submitted(author=member, title="Daar", blockages=[f.BlockageFactory(initiative=elsewhere)])
    response = client.get(LIST, {"area": charlois.area_id})
    assert [p.pk for p in response.context["proposals"]] == [here.pk]
    assert client.get(LIST, {"area": "9" * 30, "domain": "xyz"}).status_code == 200


def test_the_movement_page_reads_in_a_fixed_number_of_queries(
    client, member, django_assert_max_num_queries
):
    for i in range(12):
        proposal = fp.submitted(
            author=member, title=f"Voorstel {i}", blockages=[f.BlockageFactory()]
        )
        fp.support(proposal, f.InitiativeFactory())
        if i % 3 == 0:
            services.proposal_answer(
                proposal=proposal, by=member, outcome="not_adopted", reasoning="Nee."
            )
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_a_proposal_page_reads_in_a_fixed_number_of_queries(
    client, member, django_assert_max_num_queries
):
    proposal = fp.submitted(author=member, blockages=[f.BlockageFactory() for _ in range(8)])
    for _ in range(8):
        fp.support(proposal, f.InitiativeFactory())
    client.force_login(member)
    with django_assert_max_num_queries(16):
        assert client.get(_detail(proposal)).status_code == 200


def test_the_atom_feed_lists_new_proposals_and_answers(client, member):
    proposal = fp.submitted(author=member, title="Grond voor een euro")
    services.proposal_answer(
        proposal=proposal, by=member, outcome="referred", reasoning="De raad beslist."
    )
    fp.draft(author=member, title="Geheim concept")
    response = client.get(reverse("partnership:proposal_feed"))
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/atom+xml"
    )
    assert "Nieuw voorstel: Grond voor een euro" in body
    assert "Beantwoord: Grond voor een euro" in body
    assert "Geheim concept" not in body


# --- the council dashboard "Regels op tafel" ---------------------------------------------------

RULES = "regels-op-tafel"


def _rules_city(member, coordinator, civil_servant):
    """A framework changed a year ago after an adopted proposal, with fewer blockages since;
    a proposal answered late, one waiting past its term, one waiting within it."""
    today = timezone.localdate()
    grond = f.PolicyFrameworkFactory(name="Nota grondbeleid", answer_term_weeks=8)
    changed_on = today - dt.timedelta(days=200)
    for days in (250, 300, 320, 380):  # before the change (the window is 200 days)
        f.BlockageFactory(
            policy_framework=grond, raised_on=changed_on - dt.timedelta(days=days % 200 + 1)
        )
    f.BlockageFactory(policy_framework=grond, raised_on=changed_on + dt.timedelta(days=30))
    adopted = fp.submitted(
        author=member, framework=grond, days_ago=300, title="Grond voor een euro"
    )
    for _ in range(3):
        fp.support(adopted, f.InitiativeFactory())
    services.proposal_answer(
        proposal=adopted,
        by=civil_servant,
        outcome="adopted",
        reasoning="Goed onderbouwd.",
        changes="Nieuwe nota.",
        now=timezone.now() - dt.timedelta(days=220),  # 80 days after submission: late
    )
    services.framework_version_create(
        framework=grond,
        by=coordinator,
        valid_from=changed_on,
        summary="Symbolische huur.",
        proposal=adopted,
    )
    fp.submitted(author=member, framework=grond, days_ago=70, title="Te laat")
    fp.submitted(author=member, framework=grond, days_ago=5, title="Vers")
    fp.draft(author=member, framework=grond, title="Concept telt niet")


def test_the_rules_dashboard_shows_status_terms_support_and_before_after(
    coordinator_client, member, coordinator, civil_servant
):
    from tests.support.factories_dashboards import by_label, get, tables

    # As a coordinator: a council member sees "< 5" for figures resting on so few (issue 18).
    _rules_city(member, coordinator, civil_servant)
    found = tables(get(coordinator_client, RULES))
    status = by_label(found["rules_by_framework"])["Nota grondbeleid"]
    assert status[1:] == ["2", "1", "0", "0", "0", "0", "3"]
    timing = by_label(found["rules_answer_time"])["Nota grondbeleid"]
    assert timing[1:6] == ["8", "0", "1", "1", "1"]
    support = by_label(found["rules_support"])["Grond voor een euro"]
    assert support[2] == "3"
    changes = by_label(found["rules_changes"])["Nota grondbeleid"]
    assert changes[1:] == ["1", "1", "1"]
    ((label, row),) = by_label(found["rules_before_after"]).items()
    assert label.startswith("Nota grondbeleid v1") and row[1:4] == ["200", "4", "1"]


def test_the_rules_dashboard_exports_what_it_shows(
    council_client, member, coordinator, civil_servant
):
    from tests.support.factories_dashboards import get

    _rules_city(member, coordinator, civil_servant)
    response = get(council_client, RULES, "figure=rules_before_after&format=csv")
    assert response.status_code == 200 and "Nota grondbeleid v1" in response.content.decode()
    response = get(council_client, RULES, "figure=rules_support&format=xlsx")
    assert response.status_code == 200


def test_the_rules_dashboard_is_for_council_and_city_only(client, member_client):
    assert client.get(f"/dashboard/{RULES}/").status_code == 302
    assert member_client.get(f"/dashboard/{RULES}/").status_code == 403


def test_the_rules_dashboard_reads_in_a_fixed_number_of_queries(
    council_client, member, coordinator, civil_servant, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support.factories_dashboards import get

    _rules_city(member, coordinator, civil_servant)
    counts = []
    for more in (0, 10):
        for i in range(more):
            proposal = fp.submitted(author=member, title=f"Extra {i}")
            fp.support(proposal, f.InitiativeFactory())
        cache.clear()
        with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as ctx:
            assert get(council_client, RULES).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# --- the demo seed ----------------------------------------------------------------------------


def test_the_demo_holds_proposals_answered_within_and_past_term_and_a_changed_framework():
    from partnership.demo import generate
    from partnership.demo.proposals import CHANGED_FRAMEWORK

    generate.seed(initiatives=30)
    today = timezone.localdate()
    answered = RuleProposal.objects.filter(status="answered")
    on_time = [p for p in answered if timezone.localdate(p.answered_at) <= p.answer_due_on]
    late = [p for p in answered if timezone.localdate(p.answered_at) > p.answer_due_on]
    assert on_time and late
    assert RuleProposal.objects.filter(status="submitted", answer_due_on__lt=today).exists()
    assert RuleProposal.objects.filter(status="submitted", answer_due_on__gte=today).exists()
    version = PolicyFrameworkVersion.objects.get(framework__name=CHANGED_FRAMEWORK)
    assert version.proposal.outcome == "adopted"
    assert today - dt.timedelta(days=400) < version.valid_from < today - dt.timedelta(days=300)
    assert ProposalSupport.objects.exists()


def test_only_a_submitted_proposal_is_withdrawn_and_then_stays_public(client, member):
    draft = fp.draft(author=member)
    with pytest.raises(ValidationError):
        services.proposal_withdraw(proposal=draft, by=member)
    proposal = fp.submitted(author=member)
    client.force_login(member)
    client.post(_url("proposal_withdraw", proposal))
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    client.logout()
    assert client.get(_detail(proposal)).status_code == 200
    assert proposal.title not in client.get(LIST).content.decode()


def test_a_control_character_in_a_proposal_does_not_break_the_feed(client, member):
    fp.submitted(author=member, title="Grond\x0b voor een euro")
    response = client.get(reverse("partnership:proposal_feed"))
    assert response.status_code == 200 and "Grond voor een euro" in response.content.decode()
