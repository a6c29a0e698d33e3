"""Rules on the table in the demo city: proposals to change the frameworks that block most,
supported by initiatives, answered within or past their term, and one framework changed last
year (the temporary use of municipal land) under which fewer blockages arose since.

Written after the initiatives, through the services (a few dozen rows), with dates in the past.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count

from initiatives.accounts.models import User
from initiatives.models import Membership
from partnership import models as pm
from partnership.services import proposals as services

# The framework changed last year, and how long ago its new version became valid. The seed
# raises fewer blockages under it since that day (see ``Seeder.write_blockages``).
CHANGED_FRAMEWORK = "Beleidsregel tijdelijk gebruik gemeentegrond"
CHANGED_DAYS_AGO = 330
# Share of the blockages under the changed framework that no longer arise after the change.
PREVENTED_SHARE = 0.9

# (framework, title, current rule, proposed change, reasons, submitted days ago,
#  (outcome, days after submission, reasoning, what changes when) or None, support weight)
PROPOSALS = [
    (
        CHANGED_FRAMEWORK,
        "Tijdelijk gebruik van braakliggende grond voor minstens vijf jaar",
        "Braakliggende gemeentegrond wordt alleen tijdelijk en per maand opzegbaar in gebruik "
        "gegeven.",
        "Initiatieven die een braakliggend terrein beheren krijgen een gebruiksovereenkomst van "
        "minstens vijf jaar, met een opzegtermijn van zes maanden.",
        "Moestuinen en speelplekken investeren jaren in grond en vrijwilligers; een maandelijkse "
        "opzegging maakt subsidie en vrijwilligers werven onmogelijk.",
        420,
        (
            "adopted",
            50,
            "De huidige regel was bedoeld voor kortlopende evenementen. Voor maatschappelijke "
            "initiatieven op braakliggende grond is een langere termijn redelijk zolang er geen "
            "ontwikkelplan is.",
            "De beleidsregel is aangepast: gebruik voor vijf jaar met zes maanden opzegtermijn, "
            "geldig sinds de nieuwe versie van de beleidsregel.",
        ),
        1.0,
    ),
    (
        "Grondprijsbeleid",
        "Maatschappelijke grondprijs voor buurtinitiatieven",
        "Gemeentegrond wordt tegen een marktconforme grondprijs uitgegeven of verhuurd.",
        "Initiatieven met aantoonbare maatschappelijke waarde betalen een symbolische huur "
        "voor grond zonder andere bestemming.",
        "Een moestuin of buurtplein kan geen marktprijs betalen; de waarde voor de buurt is "
        "groter dan de gemiste huur.",
        200,
        (
            "partly_adopted",
            75,
            "Een symbolische huur voor alle initiatieven past niet binnen de regels voor "
            "staatssteun. Voor grond zonder andere bestemming kan een korting tot 80% wel.",
            "Vanaf het tweede kwartaal geldt een korting tot 80% op de grondprijs voor "
            "initiatieven met een vastgelegde maatschappelijke waarde.",
        ),
        2.5,
    ),
    (
        "Vastgoedbeleid: marktconforme huur",
        "Korting op huur van leegstaand maatschappelijk vastgoed",
        "Gemeentelijk vastgoed wordt tegen marktconforme huur verhuurd; korting is staatssteun.",
        "Leegstaande gemeentelijke panden worden aan initiatieven verhuurd tegen de "
        "exploitatiekosten, zolang ze leegstaan.",
        "Panden staan maanden leeg terwijl buurthuizen en huiskamers geen ruimte vinden; "
        "leegstand kost de stad zelf ook geld.",
        120,
        None,  # past its term: on the council's agenda
        3.0,
    ),
    (
        "Aanbestedingsbeleid",
        "Kleine opdrachten onderhands gunnen aan buurtinitiatieven",
        "Opdrachten boven 50.000 euro worden meervoudig onderhands of openbaar aanbesteed.",
        "Opdrachten voor groenonderhoud en schoonmaak in de eigen buurt tot 100.000 euro mogen "
        "onderhands aan een buurtinitiatief worden gegund (inbesteden).",
        "Buurtinitiatieven kunnen niet meedingen tegen grote aannemers, terwijl zij het werk "
        "met buurtbewoners doen en de wijk erbij wint.",
        150,
        (
            "referred",
            40,
            "De drempels liggen vast in het inkoopbeleid dat de raad heeft vastgesteld. Het "
            "college legt het voorstel met een advies aan de raad voor.",
            "",
        ),
        1.5,
    ),
    (
        "Accommodatiebeleid maatschappelijk vastgoed",
        "Voorrang voor initiatieven bij de verdeling van buurthuizen",
        "Maatschappelijke partijen met een subsidierelatie krijgen voorrang bij de verdeling van "
        "ruimte in buurthuizen.",
        "Bewonersinitiatieven zonder subsidie krijgen gelijke toegang tot ruimte in buurthuizen.",
        "Nieuwe initiatieven vallen steeds buiten de boot omdat vaste huurders voorgaan.",
        90,
        (
            "not_adopted",
            45,
            "De ruimte in buurthuizen is beperkt en al verdeeld via meerjarige afspraken. We "
            "bekijken het bij de herziening in twee jaar opnieuw.",
            "",
        ),
        0.8,
    ),
    (
        "Grondprijsbeleid",
        "Geen grondprijs voor tijdelijke buurttuinen op wachtlocaties",
        "Ook tijdelijk gebruik van grond die op ontwikkeling wacht kost een marktconforme "
        "vergoeding.",
        "Wachtlocaties worden om niet aan buurttuinen gegeven tot de bouw begint.",
        "De grond ligt er toch; beheer door bewoners voorkomt verloedering en dumpingen.",
        30,
        None,  # waiting, within its term
        1.2,
    ),
    (
        "Aanbestedingsbeleid",
        "Sociale waarde meewegen bij gunning",
        "Bij gunning weegt de prijs voor minstens 60% mee.",
        "Bij opdrachten in de openbare ruimte weegt de maatschappelijke waarde voor 30% mee.",
        "Initiatieven leveren werk én buurtcontact; dat telt nu nergens mee.",
        12,
        None,
        0.6,
    ),
]

SUPPORT_LINES = [
    "Wij lopen hier al twee jaar tegenaan.",
    "Zonder deze wijziging stopt onze tuin volgend jaar.",
    "Onze vrijwilligers willen zekerheid.",
    "Dit zou ons huurcontract redden.",
    "",
    "",
]
EVIDENCE_CASES = [
    "Een bewonersgroep in Noord moest na acht maanden een braakliggend terrein verlaten; de "
    "grond ligt er nu weer ongebruikt bij.",
    "Een buurthuis in Zuid stond negen maanden leeg terwijl twee initiatieven in de wijk een "
    "ruimte zochten.",
    "Een initiatief kon een opdracht voor groenonderhoud niet aannemen omdat het bedrag net "
    "boven de drempel lag.",
]


def _moment(seeder, day) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=seeder.tz)


def write_proposals(seeder, plans) -> None:
    """The proposals, their supports, evidence, answers and the changed framework."""
    today = seeder.today
    frameworks = seeder.framework_by_name
    initiators = seeder.initiator_ids
    public = [p for p in plans if p.is_public]
    users = User.objects.in_bulk(
        {initiators[0], *seeder.coordinator_ids[:1], *seeder.all_servants[:3]}
    )
    coordinator = users[seeder.coordinator_ids[0]]
    for index, spec in enumerate(PROPOSALS):
        name, title, rule, change, reasons, days_ago, answer, weight = spec
        framework = frameworks[name]
        author_id = initiators[0] if index % 3 != 2 else seeder.all_servants[0]
        author = users.get(author_id) or User.objects.get(pk=author_id)
        linked = list(
            pm.Blockage.objects.filter(policy_framework=framework)
            .order_by("-raised_on", "pk")
            .values_list("pk", flat=True)[: 3 + index % 4]
        )
        proposal = services.proposal_create(
            by=author,
            policy_framework=framework,
            title=title,
            current_rule=rule,
            proposed_change=change,
            reasons=reasons,
            blockages=linked,
        )
        submitted_on = today - timedelta(days=days_ago)
        pm.RuleProposal.objects.filter(pk=proposal.pk).update(
            created_at=_moment(seeder, submitted_on - timedelta(days=3))
        )
        proposal = services.proposal_submit(
            proposal=proposal, by=author, now=_moment(seeder, submitted_on)
        )
        count = min(len(public), max(1, round(weight * seeder.scale(10, 1))))
        supporters = seeder.rng.sample(public, count) if public else []
        seeder.bulk(
            pm.ProposalSupport,
            [
                pm.ProposalSupport(
                    proposal_id=proposal.pk,
                    initiative_id=p.pk,
                    supported_by_id=initiators[p.lead],
                    public_line=seeder.pick(SUPPORT_LINES),
                    show_name=seeder.rng.random() < 0.8,
                    created_at=_moment(
                        seeder, submitted_on + timedelta(days=seeder.between(0, days_ago // 2))
                    ),
                )
                for p in supporters
            ],
        )
        if index < len(EVIDENCE_CASES):
            services.proposal_add_evidence(
                proposal=proposal, by=users[seeder.all_servants[0]], case_text=EVIDENCE_CASES[index]
            )
            seeder.counts[pm.ProposalEvidence._meta.label] += 1
        if answer is not None:
            outcome, after, reasoning, changes = answer
            answered_on = min(today, submitted_on + timedelta(days=after))
            servant = seeder.servant(framework.department_id)
            answerer = users.get(servant) or User.objects.get(pk=servant)
            services.proposal_answer(
                proposal=proposal,
                by=answerer,
                outcome=outcome,
                reasoning=reasoning,
                changes=changes,
                now=_moment(seeder, answered_on),
            )
            if name == CHANGED_FRAMEWORK:
                services.framework_version_create(
                    framework=framework,
                    by=coordinator,
                    valid_from=today - timedelta(days=CHANGED_DAYS_AGO),
                    summary=changes,
                    proposal=proposal,
                )
                seeder.counts[pm.PolicyFrameworkVersion._meta.label] += 1
        seeder.counts[pm.RuleProposal._meta.label] += 1


PEER_NOTES = [
    "Wij zoeken al een jaar een stuk grond; wie heeft tips over de huurprijs?",
    "Graag samen een voorstel schrijven om deze regel te veranderen.",
    "Onze aanvraag liep vast op de aanbesteding. Hoe hebben jullie dat opgelost?",
    "We willen ervaringen delen over de verzekering van vrijwilligers.",
    "",
]
PEER_MESSAGES = [
    (
        "Hoi! Wij lopen ook vast op deze regel. Hebben jullie al met de afdeling gesproken?",
        "Ja, twee keer. Het helpt om de kosten van de gemeente zelf naast je plan te leggen.",
    ),
    (
        "Zullen we samen een regelvoorstel indienen? Met meer initiatieven telt het zwaarder.",
        "Goed idee, wij steunen het. Wij kunnen ons verhaal als voorbeeld aanleveren.",
    ),
]
PEER_FRAMEWORKS = 4


def write_peers(seeder) -> None:
    """Finding each other: about a third of the initiatives the most blocking rules hold up are
    visible to the others (always including the demo initiator's), and some wrote each other."""
    top = list(
        pm.PolicyFramework.objects.annotate(n=Count("blockages"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .values_list("pk", flat=True)[:PEER_FRAMEWORKS]
    )
    pairs = (
        pm.Blockage.objects.filter(policy_framework__in=top, initiative__archived_at__isnull=True)
        .values_list("policy_framework_id", "initiative_id")
        .distinct()
        .order_by("policy_framework_id", "initiative_id")
    )
    demo_initiatives = set(
        Membership.objects.filter(user_id=seeder.initiator_ids[0]).values_list(
            "initiative_id", flat=True
        )
    )
    existing = set(pm.PeerListing.objects.values_list("framework_id", "initiative_id"))
    listings, listed = [], {}
    for framework_id, initiative_id in pairs:
        if (framework_id, initiative_id) in existing:
            continue
        if initiative_id not in demo_initiatives and seeder.rng.random() > 0.35:
            continue
        days_ago = seeder.between(1, 200)
        listings.append(
            pm.PeerListing(
                framework_id=framework_id,
                initiative_id=initiative_id,
                note=seeder.pick(PEER_NOTES),
                listed_at=_moment(seeder, seeder.today - timedelta(days=days_ago)),
            )
        )
        listed.setdefault(framework_id, []).append((initiative_id, days_ago))
    seeder.bulk(pm.PeerListing, listings)
    messages = []
    for framework_id, members in listed.items():
        for (one, one_days), (other, other_days) in zip(members[::2], members[1::2], strict=False):
            start = min(one_days, other_days)
            question, answer = seeder.pick(PEER_MESSAGES)
            for offset, (sender, recipient, body) in enumerate(
                [(one, other, question), (other, one, answer)]
            ):
                day = seeder.today - timedelta(days=max(0, start - 1 - offset * 2))
                messages.append(
                    pm.PeerMessage(
                        framework_id=framework_id,
                        sender_id=sender,
                        recipient_id=recipient,
                        body=body,
                        sent_at=_moment(seeder, day),
                    )
                )
    seeder.bulk(pm.PeerMessage, messages)
