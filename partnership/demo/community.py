"""The demo's inventory (*wat kunnen we overnemen*), the anchor institution's demo account and the
yearly pledges (issue 17). Written after the initiatives, with its own random generator, so the
rest of the demo city is the same with or without it."""

import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Sum
from django.db.models.functions import ExtractYear

from initiatives import models as im
from initiatives.accounts import models as am
from initiatives.permissions import ANCHOR
from partnership import models as pm
from partnership.demo import texts
from partnership.demo.accounts import DEMO_PASSWORD

ANCHOR_EMAIL = "anker@example.org"
ANCHOR_NAME = "Anouk de Wit"
ANCHOR_ORGANISATION = "Woonstad Rotterdam"
ITEMS_PER_300 = 280

Kind = pm.InventoryItem.Kind
Condition = pm.InventoryItem.Condition
Status = pm.InventoryItem.Status

# kind: (title, description, size in m² (low, high) or None, conditions, yearly cost (low, high),
# owning department)
TEMPLATES = {
    Kind.LAND: [
        (
            "Braakliggend kavel aan de {street}",
            "Een onbebouwd kavel tussen de woningen. Geschikt voor een tijdelijke moestuin, "
            "een pluktuin of een ontmoetingsplek zolang er niet gebouwd wordt.",
            (300, 2400),
            (Condition.USE, Condition.LEASE),
            (400, 3500),
            "Grondzaken",
        ),
        (
            "Groenstrook langs de {street}",
            "Een strook gemeentegroen die nu alleen gemaaid wordt. Bewoners kunnen er bloemen, "
            "struiken of een insectentuin aanleggen en die zelf onderhouden.",
            (150, 900),
            (Condition.USE, Condition.MANAGEMENT),
            (800, 4500),
            "Groen en spelen",
        ),
        (
            "Voormalige speelplek {street}",
            "Een opgeheven speelplek met verharding en een hek. De toestellen zijn weg; de plek "
            "wacht op een nieuwe bestemming die de buurt zelf mag voorstellen.",
            (200, 800),
            (Condition.USE, Condition.LEASE),
            (300, 2000),
            "Groen en spelen",
        ),
        (
            "Hoekkavel bij de {street}",
            "Een hoekkavel van de gemeente, deels verhard. Voor een tijdelijk paviljoen, een "
            "buurtkas of opslag van een initiatief, met een gebruiksovereenkomst per jaar.",
            (250, 1500),
            (Condition.LEASE, Condition.USE),
            (500, 6000),
            "Grondzaken",
        ),
    ],
    Kind.BUILDING: [
        (
            "Leegstaand buurthuis aan de {street}",
            "Een buurthuis met een grote zaal, een keuken en twee kleinere ruimtes. Sinds het "
            "vertrek van de welzijnsorganisatie staat het leeg; de gemeente zoekt een "
            "bewonersorganisatie die het open houdt.",
            (250, 600),
            (Condition.MANAGEMENT, Condition.LEASE),
            (18000, 65000),
            "Vastgoed",
        ),
        (
            "Lokalen in de voormalige school {street}",
            "Drie lokalen op de begane grond van een voormalig schoolgebouw, met eigen ingang. "
            "Geschikt voor huiswerkbegeleiding, een repaircafé of een taalhuis.",
            (120, 400),
            (Condition.LEASE, Condition.USE),
            (9000, 32000),
            "Vastgoed",
        ),
        (
            "Bedrijfsruimte onder de flat aan de {street}",
            "Een plint van een portiekflat, nu leeg en dichtgetimmerd. Met een "
            "maatschappelijke huur beschikbaar voor een initiatief dat de straat levendiger maakt.",
            (60, 220),
            (Condition.LEASE,),
            (4000, 15000),
            "Vastgoed",
        ),
        (
            "Ruimte in het wijkgebouw {street}",
            "Een ruimte in een wijkgebouw dat de gemeente deelt met andere huurders. Gebruik "
            "van de gezamenlijke keuken en zaal in overleg.",
            (40, 150),
            (Condition.USE, Condition.LEASE),
            (3000, 12000),
            "Vastgoed",
        ),
    ],
    Kind.TASK: [
        (
            "Onderhoud van het buurtpark {place}",
            "Maaien, snoeien, zwerfafval ruimen en kleine reparaties in het buurtpark. Nu "
            "uitbesteed aan een aannemer; bewoners kunnen het met het Right to Challenge "
            "overnemen, met het budget dat de gemeente er nu aan besteedt.",
            (2000, 15000),
            (Condition.RIGHT_TO_CHALLENGE, Condition.MANAGEMENT),
            (15000, 90000),
            "Groen en spelen",
        ),
        (
            "Beheer van het wijkcentrum {place}",
            "Openen en sluiten, de zaalverhuur en de agenda van het wijkcentrum. Het beheer "
            "ligt nu bij de gemeente; een bewonersorganisatie kan het overnemen.",
            None,
            (Condition.MANAGEMENT, Condition.RIGHT_TO_CHALLENGE),
            (25000, 80000),
            "Vastgoed",
        ),
        (
            "Beheer van de speeltuin aan de {street}",
            "Dagelijks toezicht, openingstijden en klein onderhoud van een omheinde speeltuin. "
            "Een speeltuinvereniging kan dit zelf doen, met een vergoeding.",
            (800, 3500),
            (Condition.MANAGEMENT, Condition.RIGHT_TO_CHALLENGE),
            (8000, 40000),
            "Groen en spelen",
        ),
        (
            "Schoonhouden van de {street} en omgeving",
            "Het schoonhouden van straten, pleinen en de randen van het groen. Buurtbewoners "
            "kunnen het samen doen, als werkervaringsplek of met vrijwilligers.",
            None,
            (Condition.RIGHT_TO_CHALLENGE,),
            (6000, 30000),
            "Afval en reiniging",
        ),
        (
            "Onderhoud van de gemeenschappelijke tuin {place}",
            "Het onderhoud van een binnentuin of plantsoen tussen de woningen, samen met de "
            "woningcorporatie. Nu in een onderhoudscontract van de gemeente.",
            (400, 2500),
            (Condition.MANAGEMENT, Condition.RIGHT_TO_CHALLENGE),
            (4000, 20000),
            "Groen en spelen",
        ),
    ],
}
AVAILABILITY = [
    "Direct beschikbaar",
    "Per 1 januari",
    "Vanaf het voorjaar",
    "Na afloop van het huidige contract",
    "Tijdelijk, voor ten minste vijf jaar",
]
CONDITIONS_TEXT = {
    Condition.USE: "Gebruiksovereenkomst; de gemeente blijft eigenaar.",
    Condition.LEASE: "Maatschappelijke huur; onderhoud binnen in overleg.",
    Condition.MANAGEMENT: "Beheerovereenkomst met een jaarlijkse vergoeding.",
    Condition.RIGHT_TO_CHALLENGE: "Overname met het Right to Challenge, met het huidige budget.",
}


def _money(rng: random.Random, low: int, high: int, step: int = 100) -> Decimal:
    return Decimal(round(rng.uniform(low, high) / step) * step)


def write(seeder) -> None:
    """The inventory, the anchor account and the pledges; each only when not there yet."""
    rng = random.Random(seeder.rng.random())
    _inventory(seeder, rng)
    _anchor_account(seeder)
    _contributions(seeder, rng)
    _pledges(seeder, rng)


def _inventory(seeder, rng: random.Random) -> None:
    if pm.InventoryItem.objects.exists():
        return
    departments = dict(am.Department.objects.values_list("name", "pk"))
    total = seeder.scale(ITEMS_PER_300, 2 * len(seeder.areas))
    kinds = [Kind.LAND, Kind.BUILDING, Kind.TASK]
    items = []
    for index in range(total):
        area = seeder.areas[index % len(seeder.areas)]
        hoods = list(area.neighbourhoods.all())
        hood = rng.choice(hoods) if hoods else None
        street = rng.choice(texts.STREETS.get(area.name, ["Dorpsstraat"]))
        kind = rng.choices(kinds, [30, 35, 35])[0]
        title, description, size, conditions, cost, department = rng.choice(TEMPLATES[kind])
        place = hood.name if hood else area.name
        condition = rng.choice(conditions)
        status = rng.choices(
            [Status.AVAILABLE, Status.UNDER_REQUEST, Status.TAKEN_ON, Status.WITHDRAWN],
            [70, 12, 12, 6],
        )[0]
        items.append(
            pm.InventoryItem(
                kind=kind,
                title=title.format(street=street, place=place),
                description=description,
                area_id=area.pk,
                neighbourhood_id=hood.pk if hood else None,
                address=f"{street} {rng.randint(1, 180)}, Rotterdam",
                size=f"{rng.randint(*size)} m²" if size else "",
                condition=condition,
                conditions_text=CONDITIONS_TEXT[condition],
                current_yearly_cost=_money(rng, *cost) if rng.random() < 0.85 else None,
                availability=rng.choice(AVAILABILITY),
                status=status,
                department_id=departments.get(department),
            )
        )
    seeder.bulk(pm.InventoryItem, items)


def _anchor_account(seeder) -> None:
    if am.User.objects.filter(email=ANCHOR_EMAIL).exists():
        return
    organisation = im.PartnerOrganisation.objects.get(name=ANCHOR_ORGANISATION)
    user = am.User.objects.create(
        email=ANCHOR_EMAIL,
        name=ANCHOR_NAME,
        phone="010-4401234",
        password=make_password(DEMO_PASSWORD),
    )
    user.groups.add(Group.objects.get(name=ANCHOR))
    im.AnchorStaff.objects.create(user=user, organisation=organisation)
    EmailAddress.objects.create(user=user, email=ANCHOR_EMAIL, verified=True, primary=True)
    seeder.counts[am.User._meta.label] += 1


def _contributions(seeder, rng: random.Random) -> None:
    """Some of the anchor institutions' contracts are purchases, space or staff time."""
    kinds = [
        pm.Contract.Contribution.PURCHASE,
        pm.Contract.Contribution.SPACE,
        pm.Contract.Contribution.STAFF_TIME,
    ]
    ids = list(
        pm.Contract.objects.filter(
            awarded_by_organisation__isnull=False, contribution=pm.Contract.Contribution.CONTRACT
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen: dict[str, list[int]] = {kind: [] for kind in kinds}
    for pk in ids:
        if rng.random() < 0.6:
            chosen[rng.choice(kinds)].append(pk)
    for kind, pks in chosen.items():
        pm.Contract.objects.filter(pk__in=pks).update(contribution=kind)


def _pledges(seeder, rng: random.Random) -> None:
    """Last year's and this year's pledge of the city and of about two in three anchor
    institutions: around what they recorded, some ahead of it and some behind."""
    years = [seeder.today.year - 1, seeder.today.year]
    known = set(pm.Pledge.objects.values_list("organisation_id", "year"))
    recorded = {
        (org, year): amount
        for org, year, amount in pm.Contract.objects.filter(archived_at__isnull=True)
        .annotate(year=ExtractYear("start_on"))
        .values_list("awarded_by_organisation_id", "year")
        .annotate(total=Sum("amount"))
        .values_list("awarded_by_organisation_id", "year", "total")
    }
    anchors = im.PartnerOrganisation.objects.filter(is_anchor_institution=True).order_by("name")
    pledges = []
    for year in years:
        for organisation in [None, *anchors]:
            org_id = organisation.pk if organisation else None
            if (org_id, year) in known or (organisation and rng.random() > 0.65):
                continue
            base = recorded.get((org_id, year)) or Decimal(rng.randint(5, 40) * 1000)
            amount = (base * Decimal(str(round(rng.uniform(0.7, 1.8), 2)))).quantize(
                Decimal("1000")
            )
            share = None
            if organisation and organisation.kind == "housing" and rng.random() < 0.6:
                share = Decimal(rng.randint(2, 10))
            note = (
                "Uit het collegeprogramma: meer opdrachten aan initiatieven (inbesteden)."
                if organisation is None
                else "Belofte uit het convenant Rotterdamse ankerinstellingen."
            )
            pledges.append(
                pm.Pledge(
                    organisation=organisation,
                    year=year,
                    amount=max(amount, Decimal("1000")),
                    purchasing_share=share,
                    note=note,
                )
            )
    seeder.bulk(pm.Pledge, pledges)
