# ruff: noqa: E501  (whole Dutch sentences read better unbroken)
"""Dutch words for the demo: names, initiatives, and what civil servants and initiators write.

Only data lives here; ``generate`` combines it with a seeded random generator. The texts are
written the way they would be typed into the platform by Rotterdam civil servants and volunteers.
"""

from dataclasses import dataclass, field

# --- People ---------------------------------------------------------------------------------
# A Rotterdam mix: Dutch, Surinamese, Antillean, Cape Verdean, Turkish, Moroccan, Polish names.

FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Carla",
    "Daan",
    "Els",
    "Fatima",
    "Gerrit",
    "Hanneke",
    "Ilse",
    "Jeroen",
    "Karin",
    "Lars",
    "Marieke",
    "Nadia",
    "Olga",
    "Pieter",
    "Quirine",
    "Rachid",
    "Sanne",
    "Thijs",
    "Ursula",
    "Vincent",
    "Wendy",
    "Yusuf",
    "Zeynep",
    "Ahmed",
    "Bouchra",
    "Cor",
    "Dewi",
    "Emre",
    "Femke",
    "Gloria",
    "Hasan",
    "Ingrid",
    "Jamal",
    "Kees",
    "Latifa",
    "Mohamed",
    "Nienke",
    "Orlando",
    "Petra",
    "Ricardo",
    "Samira",
    "Tamara",
    "Usha",
    "Vera",
    "Wim",
    "Xiomara",
    "Youssef",
    "Zoë",
    "Ayşe",
    "Bart",
    "Chantal",
    "Dirk",
    "Esra",
    "Floor",
    "Guus",
    "Henk",
    "Ivana",
    "Joyce",
    "Khadija",
    "Lucas",
    "Miriam",
    "Noor",
    "Oscar",
    "Priya",
    "Rutger",
    "Soufiane",
    "Truus",
    "Ümit",
    "Agnieszka",
    "Tomasz",
    "Djamila",
    "Edson",
    "Maria",
    "Rinus",
    "Mirjam",
    "Hatice",
    "Stefan",
    "Kim",
    "Lotte",
    "Mustafa",
    "Nicole",
    "Ruud",
    "Sevda",
    "Tim",
    "Yvonne",
    "Ilias",
    "Shanti",
]

LAST_NAMES = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Kok",
    "van Dijk",
    "Verhoeven",
    "Schouten",
    "van der Linden",
    "Koster",
    "El Amrani",
    "Bouzid",
    "Yılmaz",
    "Kaya",
    "Demir",
    "Öztürk",
    "Ramdin",
    "Sewdien",
    "Martina",
    "Pinas",
    "Tavares",
    "Fortes",
    "Lopes",
    "Kowalski",
    "Nowak",
    "Wiśniewska",
    "Haddou",
    "Ouali",
    "Benali",
    "Ait Taleb",
    "Doornbos",
    "Kuijpers",
    "van Rijn",
    "Zwart",
    "Hoogendoorn",
    "Ligthart",
    "Groenewegen",
    "Sterk",
    "Boender",
    "Kraaijeveld",
    "Verbeek",
    "Oosterhout",
    "Snijders",
    "Amrani",
    "Chaouch",
    "Rodrigues",
    "Soekhai",
    "Jagroep",
    "Mahabier",
    "Rosalia",
    "Gomes",
]

# --- Places ---------------------------------------------------------------------------------

STREETS = {
    "Centrum": ["Witte de Withstraat", "Nieuwe Binnenweg", "Meent", "Karel Doormanstraat"],
    "Charlois": ["Dorpsweg", "Wolphaertsbocht", "Boergoensevliet", "Pleinweg", "Mijnsherenlaan"],
    "Delfshaven": ["Schiedamseweg", "Mathenesserweg", "Beukelsdijk", "Vierambachtsstraat"],
    "Feijenoord": ["Beijerlandselaan", "Groene Hilledijk", "Putselaan", "Afrikaanderplein"],
    "Hillegersberg-Schiebroek": ["Straatweg", "Grindweg", "Peppelweg", "Argonautenweg"],
    "Hoek van Holland": ["Prins Hendrikstraat", "Strandweg"],
    "Hoogvliet": ["Binnenban", "Middenbaan"],
    "IJsselmonde": ["Keizerswaard", "Spinozaweg", "Kreekhuizenlaan"],
    "Kralingen-Crooswijk": ["Oudedijk", "Goudsesingel", "Boezemsingel", "Crooswijksestraat"],
    "Noord": ["Zwart Janstraat", "Bergweg", "Noordmolenstraat", "Zaagmolenkade", "Bergselaan"],
    "Overschie": ["Overschiese Dorpsstraat", "Kleinpolderplein", "Delftweg"],
    "Pernis": ["Pastoriedijk"],
    "Prins Alexander": ["Hesseplaats", "Prinsenlaan", "Ommoordseweg"],
    "Rozenburg": ["Raadhuisplein", "Molenweg"],
}

# Rough share of initiatives per area (bigger and busier areas hold more).
AREA_WEIGHTS = {
    "Centrum": 7,
    "Charlois": 11,
    "Delfshaven": 12,
    "Feijenoord": 12,
    "Hillegersberg-Schiebroek": 5,
    "Hoek van Holland": 1.5,
    "Hoogvliet": 4,
    "IJsselmonde": 7,
    "Kralingen-Crooswijk": 9,
    "Noord": 10,
    "Overschie": 3,
    "Pernis": 1,
    "Prins Alexander": 8,
    "Rozenburg": 1.5,
}

# --- The municipality -------------------------------------------------------------------------

# (name, cluster, weight in the social domain, weight in the physical domain, description)
DEPARTMENTS = [
    ("Grondzaken", "Stadsontwikkeling", 0.4, 5, "Uitgifte, verhuur en verkoop van gemeentegrond."),
    ("Vastgoed", "Stadsontwikkeling", 2.5, 4, "Beheer en verhuur van gemeentelijk vastgoed."),
    ("Vergunningen", "Stadsontwikkeling", 1, 4, "Omgevings-, evenementen- en APV-vergunningen."),
    ("Gebiedsontwikkeling", "Stadsontwikkeling", 0.4, 2.5, "Gebiedsvisies en ontwikkelprojecten."),
    ("Ruimte en Wonen", "Stadsontwikkeling", 0.4, 1.5, "Ruimtelijke plannen en woonbeleid."),
    ("Openbare ruimte", "Stadsbeheer", 0.8, 6, "Inrichting en beheer van straten en pleinen."),
    ("Afval en reiniging", "Stadsbeheer", 0.4, 2.5, "Inzameling, zwerfafval en schone straten."),
    ("Groen en spelen", "Stadsbeheer", 0.8, 5, "Parken, plantsoenen, bomen en speelplekken."),
    ("Wijkteams", "Maatschappelijke Ontwikkeling", 6, 0.3, "Wijkteams voor zorg en ondersteuning."),
    (
        "Subsidies",
        "Maatschappelijke Ontwikkeling",
        4,
        2,
        "Subsidieloket, ook bewonersinitiatieven.",
    ),
    ("Sport en Cultuur", "Maatschappelijke Ontwikkeling", 3, 0.8, "Sportaccommodaties en cultuur."),
    ("Jeugd en Onderwijs", "Maatschappelijke Ontwikkeling", 3, 0.4, "Jeugdbeleid en scholen."),
    (
        "Zorg en Welzijn",
        "Maatschappelijke Ontwikkeling",
        5,
        0.3,
        "Welzijnswerk, ouderen, mantelzorg.",
    ),
    ("Participatie en Werk", "Werk en Inkomen", 2.5, 0.4, "Werk, participatie en social return."),
    ("Schuldhulpverlening", "Werk en Inkomen", 1.5, 0, "Hulp bij geldzaken en schulden."),
    ("Gebiedsorganisatie", "Dienstverlening", 6, 6, "Wijknetwerkers en gebiedsnetwerkers."),
    ("Publiekszaken", "Dienstverlening", 0.5, 0.5, "Stadswinkels en het contactcentrum 14 010."),
    (
        "Inkoop en aanbesteding",
        "Bestuurs- en Concernondersteuning",
        0.6,
        1,
        "Inkoop en aanbesteden.",
    ),
    ("Juridische Zaken", "Bestuurs- en Concernondersteuning", 0.3, 0.6, "Juridisch advies."),
    (
        "Privacy en informatiebeveiliging",
        "Bestuurs- en Concernondersteuning",
        0.4,
        0.1,
        "Functionaris gegevensbescherming en privacyadvies.",
    ),
]

# The first line an initiative usually meets, per domain.
FIRST_LINE = {
    "social": ["Gebiedsorganisatie", "Wijkteams", "Subsidies"],
    "physical": ["Gebiedsorganisatie", "Openbare ruimte", "Groen en spelen"],
}

# (name, category, owning department, description)
FRAMEWORKS = [
    (
        "Grondprijsbeleid",
        "land",
        "Grondzaken",
        "Gemeentegrond wordt tegen een marktconforme grondprijs uitgegeven of verhuurd.",
    ),
    (
        "Erfpacht- en gronduitgiftebeleid",
        "land",
        "Grondzaken",
        "Voorwaarden voor uitgifte van grond in erfpacht of verkoop.",
    ),
    (
        "Beleidsregel tijdelijk gebruik gemeentegrond",
        "land",
        "Grondzaken",
        "Braakliggende terreinen alleen tijdelijk en opzegbaar in gebruik.",
    ),
    (
        "Vastgoedbeleid: marktconforme huur",
        "real_estate",
        "Vastgoed",
        "Gemeentelijk vastgoed wordt tegen marktconforme huur verhuurd; korting is staatssteun.",
    ),
    (
        "Accommodatiebeleid maatschappelijk vastgoed",
        "real_estate",
        "Vastgoed",
        "Welke maatschappelijke partij welk gebouw mag gebruiken en tegen welk tarief.",
    ),
    (
        "Verkoopstrategie gemeentelijk vastgoed",
        "real_estate",
        "Vastgoed",
        "Panden die niet strategisch zijn worden verkocht aan de hoogste bieder.",
    ),
    (
        "Aanbestedingsbeleid",
        "procurement",
        "Inkoop en aanbesteding",
        "Opdrachten boven de drempel worden openbaar aanbesteed.",
    ),
    (
        "Inkoopvoorwaarden en social return",
        "procurement",
        "Inkoop en aanbesteding",
        "Algemene inkoopvoorwaarden met eisen aan leveranciers.",
    ),
    (
        "Beheerkader openbare ruimte",
        "public_space",
        "Openbare ruimte",
        "Beeldkwaliteit en beheerniveaus voor straten, pleinen en groen.",
    ),
    (
        "Rotterdamse Stijl (inrichting openbare ruimte)",
        "public_space",
        "Openbare ruimte",
        "Standaardmaterialen en inrichtingsregels voor de buitenruimte.",
    ),
    (
        "Groenbeheerplan",
        "public_space",
        "Groen en spelen",
        "Hoe en door wie plantsoenen, bomen en speelplekken worden onderhouden.",
    ),
    (
        "Afvalstoffenverordening",
        "public_space",
        "Afval en reiniging",
        "Regels voor inzameling, opslag en afvoer van afval.",
    ),
    (
        "Gebiedsvisie Rotterdam-Zuid",
        "area_development",
        "Gebiedsontwikkeling",
        "Ontwikkelrichting voor de wijken op Zuid.",
    ),
    (
        "Gebiedsvisie Delfshaven",
        "area_development",
        "Gebiedsontwikkeling",
        "Toekomstbeeld voor Bospolder-Tussendijken, Spangen en omgeving.",
    ),
    (
        "Gebiedsplan Centrum",
        "area_development",
        "Gebiedsontwikkeling",
        "Plannen voor de binnenstad en de havenkwartieren.",
    ),
    (
        "Subsidieregeling bewonersinitiatieven",
        "subsidy",
        "Subsidies",
        "Kleine bijdragen voor activiteiten van bewoners, via de wijkraad.",
    ),
    (
        "Algemene subsidieverordening",
        "subsidy",
        "Subsidies",
        "Algemene regels voor aanvraag, verlening en verantwoording van subsidies.",
    ),
    (
        "Omgevingsplan",
        "permit",
        "Vergunningen",
        "Wat waar gebouwd en gebruikt mag worden (voorheen het bestemmingsplan).",
    ),
    (
        "Evenementenvergunning",
        "permit",
        "Vergunningen",
        "Vergunningplicht voor evenementen in de openbare ruimte.",
    ),
    (
        "Algemene Plaatselijke Verordening (APV)",
        "permit",
        "Vergunningen",
        "Openbare orde, standplaatsen, terrassen en gebruik van de straat.",
    ),
    (
        "Brandveilig gebruik (gebruiksmelding)",
        "permit",
        "Vergunningen",
        "Brandveiligheidseisen bij gebruik van een gebouw door groepen.",
    ),
    (
        "Aansprakelijkheid en verzekering",
        "liability",
        "Juridische Zaken",
        "Wie aansprakelijk is bij gebruik van gemeentelijke ruimte en grond.",
    ),
    (
        "Vrijwilligersverzekering",
        "liability",
        "Juridische Zaken",
        "Dekking van vrijwilligers bij activiteiten in de stad.",
    ),
    (
        "AVG-privacyregels",
        "privacy",
        "Privacy en informatiebeveiliging",
        "Delen van persoonsgegevens van deelnemers en cliënten.",
    ),
    (
        "VOG-eis voor vrijwilligers",
        "other",
        "Jeugd en Onderwijs",
        "Verklaring Omtrent het Gedrag voor wie met kinderen of kwetsbare mensen werkt.",
    ),
    (
        "Beleidsregel Right to Challenge",
        "other",
        "Gebiedsorganisatie",
        "Hoe bewoners een gemeentelijke taak met budget kunnen overnemen.",
    ),
]

# The frameworks that keep initiatives stuck for months, with their weight.
STUCK_FRAMEWORKS = [
    ("Grondprijsbeleid", 5),
    ("Vastgoedbeleid: marktconforme huur", 5),
    ("Aanbestedingsbeleid", 3),
    ("Beleidsregel tijdelijk gebruik gemeentegrond", 1),
    ("Accommodatiebeleid maatschappelijk vastgoed", 1),
]

# The pillar-to-post trail: who hands a stuck blockage to whom.
STUCK_TRAILS = {
    "land": [
        "Gebiedsorganisatie",
        "Grondzaken",
        "Gebiedsontwikkeling",
        "Juridische Zaken",
        "Grondzaken",
        "Vastgoed",
    ],
    "real_estate": [
        "Gebiedsorganisatie",
        "Vastgoed",
        "Zorg en Welzijn",
        "Vastgoed",
        "Juridische Zaken",
        "Subsidies",
    ],
    "procurement": [
        "Openbare ruimte",
        "Inkoop en aanbesteding",
        "Juridische Zaken",
        "Inkoop en aanbesteding",
        "Participatie en Werk",
    ],
}

# (name, kind, anchor institution, website)
PARTNERS = [
    ("Woonstad Rotterdam", "housing", True, "https://www.woonstadrotterdam.nl"),
    ("Havensteder", "housing", True, "https://www.havensteder.nl"),
    ("Vestia", "housing", True, ""),
    ("Woonbron", "housing", True, "https://www.woonbron.nl"),
    ("Com·wonen", "housing", True, "https://www.comwonen.nl"),
    ("Stichting BOOR", "school", True, "https://www.stichtingboor.nl"),
    ("PCBO Rotterdam", "school", True, ""),
    ("LMC Voortgezet Onderwijs", "school", True, "https://www.lmc-vo.nl"),
    ("Albeda", "school", True, "https://www.albeda.nl"),
    ("Zadkine", "school", True, "https://www.zadkine.nl"),
    ("Erasmus Universiteit Rotterdam", "university", True, "https://www.eur.nl"),
    ("Hogeschool Rotterdam", "university", True, "https://www.hogeschoolrotterdam.nl"),
    ("Hogeschool Inholland Rotterdam", "university", True, ""),
    ("Laurens", "care", True, "https://www.laurens.nl"),
    ("Humanitas Rotterdam", "care", True, ""),
    ("Aafje", "care", True, ""),
    ("Pameijer", "care", True, ""),
    ("Antes", "care", True, ""),
    ("Erasmus MC", "care", True, "https://www.erasmusmc.nl"),
    ("Maasstad Ziekenhuis", "care", True, ""),
    ("Oranje Fonds", "fund", False, "https://www.oranjefonds.nl"),
    ("Kansfonds", "fund", False, "https://www.kansfonds.nl"),
    ("Stichting Bevordering van Volkskracht", "fund", False, ""),
    ("VSB Fonds", "fund", False, ""),
    ("Stichting DOEN", "fund", False, ""),
    ("Eneco", "company", False, ""),
    ("Havenbedrijf Rotterdam", "company", False, ""),
    ("Rabobank Rotterdam", "company", False, ""),
    ("Bouwbedrijf Van der Spek (demo)", "company", False, ""),
    ("Voedselbank Rotterdam", "other", False, ""),
    ("Rotterdamse Milieucentrale", "other", False, ""),
    ("Opzoomer Mee", "other", False, ""),
]

# --- Initiatives ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """A kind of initiative: how it is named, what it does, what it asks and what it is worth."""

    names: tuple[str, ...]
    noun: str  # with article, used in sentences: "de moestuin"
    domain: str
    themes: tuple[str, ...]
    asks: tuple[str, ...]
    summaries: tuple[str, ...]
    indicators: tuple[str, ...]
    uses: tuple[str, ...] = ()  # land, building, public_space
    requests: tuple[str, ...] = ("subsidie",)
    partner_kinds: tuple[str, ...] = ("fund",)
    description: str = ""
    extra: dict = field(default_factory=dict)


CONCEPTS = [
    Concept(
        ("Moestuin", "Buurtmoestuin", "Samentuin"),
        "de moestuin",
        "physical",
        ("groen-en-klimaat", "voedsel"),
        ("land", "advice", "money"),
        (
            "Buurtbewoners kweken samen groente en kruiden op een braakliggend stuk grond in {wijk}.",
            "Een moestuin waar jong en oud uit {wijk} samen zaaien, wieden en oogsten.",
        ),
        ("groen-beheerd", "vrijwilligersuren", "bereikte-bewoners"),
        ("land", "public_space"),
        ("grond", "zelfbeheer", "subsidie"),
        ("housing", "school", "fund"),
    ),
    Concept(
        ("Buurtkeuken", "Kookclub", "Wijkkeuken"),
        "de buurtkeuken",
        "social",
        ("voedsel", "zorg-en-welzijn"),
        ("space", "money"),
        (
            "Elke week koken vrijwilligers een gezonde maaltijd voor buurtgenoten in {wijk}.",
            "Samen koken en eten tegen eenzaamheid, voor iedereen uit {wijk} die aanschuift.",
        ),
        ("maaltijden", "bereikte-bewoners", "vrijwilligersuren"),
        ("building",),
        ("gebouw", "subsidie"),
        ("care", "housing", "fund"),
    ),
    Concept(
        ("Taalcafé", "Taalmaatjes", "Praathuis"),
        "het taalcafé",
        "social",
        ("jeugd-en-onderwijs", "werk-en-inkomen"),
        ("space", "network"),
        (
            "Nieuwe Rotterdammers oefenen Nederlands met vrijwilligers uit {wijk}.",
            "Wekelijkse taaltafels en taalmaatjes voor wie de taal wil leren in {wijk}.",
        ),
        ("bereikte-bewoners", "vrijwilligersuren", "activiteiten"),
        ("building",),
        ("gebouw", "subsidie"),
        ("school", "university", "fund"),
    ),
    Concept(
        ("Huiswerkklas", "Huiswerkbegeleiding", "Studieclub"),
        "de huiswerkklas",
        "social",
        ("jeugd-en-onderwijs",),
        ("space", "money"),
        (
            "Studenten helpen kinderen uit {wijk} na schooltijd met hun huiswerk.",
            "Een rustige plek en een vaste begeleider voor scholieren uit {wijk}.",
        ),
        ("bereikte-bewoners", "vrijwilligersuren"),
        ("building",),
        ("gebouw", "subsidie"),
        ("school", "university"),
    ),
    Concept(
        ("Repair Café", "Reparatiecafé"),
        "het repair café",
        "physical",
        ("groen-en-klimaat", "werk-en-inkomen"),
        ("space",),
        (
            "Eens per maand repareren vrijwilligers in {wijk} kapotte spullen in plaats van ze weg te gooien.",
            "Handige buurtgenoten maken fietsen, lampen en kleding weer heel.",
        ),
        ("afval-opgehaald", "bezoekers", "euro-bespaard"),
        ("building",),
        ("gebouw", "subsidie"),
        ("housing", "company"),
    ),
    Concept(
        ("Buurtkamer", "Huiskamer van de wijk", "Ontmoetingsplek"),
        "de buurtkamer",
        "social",
        ("zorg-en-welzijn",),
        ("space", "money", "network"),
        (
            "Een open huiskamer in {wijk} waar buren elkaar ontmoeten, koffie drinken en elkaar helpen.",
            "Een laagdrempelige ontmoetingsplek voor ouderen en alleenstaanden in {wijk}.",
        ),
        ("bezoekers", "activiteiten", "vrijwilligersuren"),
        ("building",),
        ("gebouw", "subsidie"),
        ("care", "housing"),
    ),
    Concept(
        ("Buurthuis in zelfbeheer", "Wijkcentrum", "Buurthuis"),
        "het buurthuis",
        "social",
        ("zorg-en-welzijn", "cultuur"),
        ("space", "right-to-challenge", "money"),
        (
            "Bewoners runnen zelf het buurthuis in {wijk}, met activiteiten voor alle leeftijden.",
            "Na de sluiting namen bewoners het buurthuis in {wijk} over.",
        ),
        ("bezoekers", "activiteiten", "vrijwilligersuren"),
        ("building",),
        ("gebouw", "right-to-challenge", "subsidie"),
        ("housing", "care", "fund"),
    ),
    Concept(
        ("Opzoomeren", "Opzoomerstraat", "Straatfeest"),
        "de straatactie",
        "physical",
        ("veiligheid", "groen-en-klimaat"),
        ("permit", "money"),
        (
            "Bewoners van de {straat} maken hun straat samen schoner, groener en gezelliger.",
            "Een straat in {wijk} die samen opzoomert: geveltuinen, een straatfeest en een opruimdag.",
        ),
        ("activiteiten", "bereikte-bewoners", "afval-opgehaald"),
        ("public_space",),
        ("subsidie", "zelfbeheer"),
        ("other", "housing"),
    ),
    Concept(
        ("Geveltuinen", "Groene gevels"),
        "de geveltuinen",
        "physical",
        ("groen-en-klimaat",),
        ("permit", "advice"),
        (
            "Bewoners van {wijk} halen tegels uit de stoep en planten geveltuinen.",
            "Meer groen en minder hitte in de {straat} door geveltuinen en boomspiegels.",
        ),
        ("groen-beheerd", "huishoudens-geholpen"),
        ("public_space",),
        ("zelfbeheer", "subsidie"),
        ("housing", "other"),
    ),
    Concept(
        ("Zwerfafvalteam", "Schoonmaakploeg", "Prikploeg"),
        "het zwerfafvalteam",
        "physical",
        ("groen-en-klimaat", "veiligheid"),
        ("advice", "network"),
        (
            "Vrijwilligers prikken elke zaterdag zwerfafval in {wijk}.",
            "Een vaste ploeg houdt de singels en pleinen in {wijk} schoon.",
        ),
        ("afval-opgehaald", "vrijwilligersuren"),
        ("public_space",),
        ("zelfbeheer", "right-to-challenge"),
        ("company", "other"),
    ),
    Concept(
        ("Tiny Forest", "Buurtbos", "Voedselbos"),
        "het buurtbos",
        "physical",
        ("groen-en-klimaat",),
        ("land", "advice"),
        (
            "Bewoners en een basisschool planten een klein bos op een grasveld in {wijk}.",
            "Een voedselbos met fruitbomen en struiken op een plek in {wijk} die nu leeg ligt.",
        ),
        ("groen-beheerd", "activiteiten"),
        ("land", "public_space"),
        ("grond", "zelfbeheer"),
        ("school", "fund", "company"),
    ),
    Concept(
        ("Speeltuinvereniging", "Speeltuin", "Speelplein"),
        "de speeltuin",
        "physical",
        ("jeugd-en-onderwijs", "sport-en-bewegen"),
        ("land", "money", "right-to-challenge"),
        (
            "Ouders uit {wijk} beheren de buurtspeeltuin en organiseren activiteiten voor kinderen.",
            "Een veilige speelplek in {wijk}, beheerd door een vereniging van ouders.",
        ),
        ("bezoekers", "groen-beheerd", "vrijwilligersuren"),
        ("land", "public_space"),
        ("zelfbeheer", "right-to-challenge", "subsidie"),
        ("housing", "fund"),
    ),
    Concept(
        ("Energiecoöperatie", "Zonnedak", "Energiecafé"),
        "de energiecoöperatie",
        "physical",
        ("energie", "groen-en-klimaat"),
        ("space", "advice", "permit"),
        (
            "Bewoners van {wijk} leggen samen zonnepanelen op een groot dak en delen de opbrengst.",
            "Energiecoaches uit {wijk} helpen buren hun energierekening omlaag te brengen.",
        ),
        ("huishoudens-geholpen", "euro-bespaard"),
        ("building",),
        ("gebouw", "subsidie"),
        ("company", "housing"),
    ),
    Concept(
        ("Klussendienst", "Buurtklusjes", "Klusteam"),
        "de klussendienst",
        "social",
        ("zorg-en-welzijn", "wonen"),
        ("money", "network"),
        (
            "Vrijwilligers doen kleine klussen bij ouderen en mensen met een beperking in {wijk}.",
            "Een lampje ophangen, een kraan vervangen: buren helpen buren in {wijk}.",
        ),
        ("huishoudens-geholpen", "woningen-verbeterd", "vrijwilligersuren"),
        (),
        ("subsidie",),
        ("housing", "care"),
    ),
    Concept(
        ("Schuldhulpmaatjes", "Geldmaatjes", "Thuisadministratie"),
        "de geldmaatjes",
        "social",
        ("werk-en-inkomen", "zorg-en-welzijn"),
        ("network", "advice"),
        (
            "Getrainde vrijwilligers helpen gezinnen in {wijk} hun administratie op orde te krijgen.",
            "Maatjes die meekijken bij rekeningen en brieven, voordat schulden oplopen.",
        ),
        ("huishoudens-geholpen", "euro-bespaard"),
        (),
        ("subsidie",),
        ("fund", "company"),
    ),
    Concept(
        ("Buurtmoeders", "Vrouwencentrum", "Moedercafé"),
        "de buurtmoeders",
        "social",
        ("zorg-en-welzijn", "jeugd-en-onderwijs"),
        ("money", "space"),
        (
            "Moeders uit {wijk} zoeken gezinnen op die de weg naar hulp en school niet vinden.",
            "Een ontmoetingsplek voor vrouwen in {wijk}, met voorlichting en taalles.",
        ),
        ("bereikte-bewoners", "huishoudens-geholpen"),
        ("building",),
        ("subsidie", "gebouw"),
        ("care", "school", "fund"),
    ),
    Concept(
        ("Sport op het plein", "Buurtsport", "Wandelvoetbal"),
        "de buurtsport",
        "social",
        ("sport-en-bewegen", "jeugd-en-onderwijs"),
        ("permit", "money"),
        (
            "Jongeren uit {wijk} organiseren elke woensdag sport op het Cruijff Court.",
            "Bewegen voor ouderen en jongeren in {wijk}, in de buitenlucht.",
        ),
        ("bereikte-bewoners", "activiteiten"),
        ("public_space",),
        ("subsidie", "zelfbeheer"),
        ("school", "company"),
    ),
    Concept(
        ("Wijkfestival", "Zomerfestival", "Buurtfeest"),
        "het wijkfestival",
        "social",
        ("cultuur",),
        ("permit", "money"),
        (
            "Een jaarlijks festival in {wijk} met muziek, eten en optredens van buurtgenoten.",
            "Cultuur van en voor de wijk: een festival op het plein in {wijk}.",
        ),
        ("bezoekers", "activiteiten", "vrijwilligersuren"),
        ("public_space",),
        ("subsidie",),
        ("company", "fund"),
    ),
    Concept(
        ("Wijktheater", "Buurtkoor", "Muziekles"),
        "het wijktheater",
        "social",
        ("cultuur", "jeugd-en-onderwijs"),
        ("space", "money"),
        (
            "Buurtgenoten uit {wijk} maken samen voorstellingen over hun eigen verhalen.",
            "Gratis muziekles en een koor voor kinderen en volwassenen in {wijk}.",
        ),
        ("bezoekers", "activiteiten"),
        ("building",),
        ("gebouw", "subsidie"),
        ("school", "fund"),
    ),
    Concept(
        ("Kledingbank", "Weggeefwinkel", "Ruilwinkel"),
        "de weggeefwinkel",
        "social",
        ("werk-en-inkomen", "groen-en-klimaat"),
        ("space",),
        (
            "Een winkel in {wijk} waar alles gratis is: wat je niet meer nodig hebt, helpt een ander.",
            "Kleding en spullen voor gezinnen met een krappe beurs in {wijk}.",
        ),
        ("huishoudens-geholpen", "afval-opgehaald", "euro-bespaard"),
        ("building",),
        ("gebouw",),
        ("housing", "other"),
    ),
    Concept(
        ("Voedseluitgifte", "Buurtsupermarkt", "Voedselhulp"),
        "de voedseluitgifte",
        "social",
        ("voedsel", "werk-en-inkomen"),
        ("space", "network"),
        (
            "Vrijwilligers delen wekelijks pakketten uit aan huishoudens in {wijk}.",
            "Een uitgiftepunt waar gezinnen uit {wijk} met waardigheid boodschappen halen.",
        ),
        ("huishoudens-geholpen", "maaltijden"),
        ("building",),
        ("gebouw", "subsidie"),
        ("other", "company"),
    ),
    Concept(
        ("Buurtpreventie", "Buurtwacht"),
        "de buurtpreventie",
        "physical",
        ("veiligheid",),
        ("advice", "network"),
        (
            "Bewoners lopen 's avonds rondes door {wijk} en melden wat niet in orde is.",
            "Een buurtpreventieteam dat samen met politie en gemeente {wijk} veiliger maakt.",
        ),
        ("buurtrondes", "vrijwilligersuren"),
        ("public_space",),
        ("subsidie",),
        ("housing",),
    ),
    Concept(
        ("Dakakker", "Daktuin", "Groen dak"),
        "de dakakker",
        "physical",
        ("groen-en-klimaat", "voedsel"),
        ("space", "permit"),
        (
            "Op een plat dak in {wijk} groeien groenten, bloemen en kruiden.",
            "Een groen dak dat regenwater vasthoudt en buurtgenoten een plek geeft.",
        ),
        ("groen-beheerd", "activiteiten"),
        ("building",),
        ("gebouw", "subsidie"),
        ("housing", "company"),
    ),
    Concept(
        ("Fietsenwerkplaats", "Fietsschool"),
        "de fietsenwerkplaats",
        "social",
        ("werk-en-inkomen", "sport-en-bewegen"),
        ("space",),
        (
            "Jongeren leren in {wijk} fietsen repareren; vrouwen leren er fietsen.",
            "Een werkplaats waar fietsen een tweede leven krijgen en mensen werkervaring opdoen.",
        ),
        ("bereikte-bewoners", "vrijwilligersuren"),
        ("building",),
        ("gebouw", "subsidie"),
        ("company", "school"),
    ),
    Concept(
        ("Mantelzorgcafé", "Ontmoetingscafé dementie"),
        "het mantelzorgcafé",
        "social",
        ("zorg-en-welzijn",),
        ("space", "network"),
        (
            "Mantelzorgers uit {wijk} vinden elkaar en even rust.",
            "Een maandelijkse middag voor mensen met dementie en hun naasten in {wijk}.",
        ),
        ("bereikte-bewoners", "activiteiten"),
        ("building",),
        ("subsidie",),
        ("care",),
    ),
    Concept(
        ("Digitaal spreekuur", "Computerhulp"),
        "het digitale spreekuur",
        "social",
        ("zorg-en-welzijn", "werk-en-inkomen"),
        ("space",),
        (
            "Vrijwilligers helpen buurtgenoten in {wijk} met DigiD, toeslagen en formulieren.",
            "Hulp bij de computer en de telefoon voor ouderen in {wijk}.",
        ),
        ("huishoudens-geholpen", "vrijwilligersuren"),
        ("building",),
        ("subsidie",),
        ("school", "company"),
    ),
    Concept(
        ("Jongerenwerkplaats", "Jongerenplatform"),
        "de jongerenwerkplaats",
        "social",
        ("jeugd-en-onderwijs", "werk-en-inkomen"),
        ("space", "money"),
        (
            "Jongeren uit {wijk} organiseren zelf activiteiten, leren ondernemen en vinden stages.",
            "Een plek van en voor jongeren in {wijk}, met studio, werkplaats en coaching.",
        ),
        ("bereikte-bewoners", "activiteiten"),
        ("building",),
        ("gebouw", "subsidie", "right-to-challenge"),
        ("school", "company", "fund"),
    ),
    Concept(
        ("Wijkcoöperatie", "Buurtbedrijf"),
        "de wijkcoöperatie",
        "social",
        ("werk-en-inkomen", "zorg-en-welzijn"),
        ("right-to-challenge", "money", "network"),
        (
            "Bewoners van {wijk} nemen taken over van de gemeente en houden het geld in de wijk.",
            "Een coöperatie die buurtgenoten werk geeft in schoonmaak, groen en zorg in {wijk}.",
        ),
        ("bereikte-bewoners", "euro-bespaard", "vrijwilligersuren"),
        ("public_space",),
        ("right-to-challenge", "subsidie"),
        ("housing", "fund", "company"),
    ),
    Concept(
        ("Stadsboerderij", "Kinderboerderij"),
        "de stadsboerderij",
        "physical",
        ("groen-en-klimaat", "jeugd-en-onderwijs"),
        ("land", "right-to-challenge"),
        (
            "Vrijwilligers houden de kinderboerderij in {wijk} open voor scholen en gezinnen.",
            "Dieren, een tuin en een werkplek voor mensen met afstand tot werk in {wijk}.",
        ),
        ("bezoekers", "groen-beheerd", "vrijwilligersuren"),
        ("land", "building"),
        ("right-to-challenge", "grond"),
        ("school", "care"),
    ),
    Concept(
        ("Speelstraat", "Autovrije zondag"),
        "de speelstraat",
        "physical",
        ("jeugd-en-onderwijs", "veiligheid"),
        ("permit",),
        (
            "Op zondagmiddag is de {straat} autovrij en spelen kinderen op straat.",
            "Bewoners maken van hun straat in {wijk} een veilige speelstraat.",
        ),
        ("activiteiten", "bereikte-bewoners"),
        ("public_space",),
        ("zelfbeheer",),
        ("other",),
    ),
    Concept(
        ("Wandelclub", "Beweegmaatjes"),
        "de wandelclub",
        "social",
        ("sport-en-bewegen", "zorg-en-welzijn"),
        ("network",),
        (
            "Elke dinsdag wandelt een groep buurtgenoten door {wijk} en drinkt daarna koffie.",
            "Beweegmaatjes voor mensen die niet alleen naar buiten durven.",
        ),
        ("bereikte-bewoners", "activiteiten"),
        (),
        ("subsidie",),
        ("care",),
    ),
    Concept(
        ("Buurtkrant", "Wijkradio"),
        "de buurtkrant",
        "social",
        ("cultuur",),
        ("money",),
        (
            "Vrijwilligers maken een krant over en voor {wijk}, huis aan huis bezorgd.",
            "Een wijkradio met verhalen en nieuws uit {wijk}.",
        ),
        ("bereikte-bewoners", "vrijwilligersuren"),
        (),
        ("subsidie",),
        ("company", "fund"),
    ),
    Concept(
        ("Naaiatelier", "Textielwerkplaats"),
        "het naaiatelier",
        "social",
        ("werk-en-inkomen", "cultuur"),
        ("space",),
        (
            "Vrouwen uit {wijk} naaien samen, leren een vak en verkopen wat ze maken.",
            "Een atelier waar buurtgenoten kleding herstellen en leren naaien.",
        ),
        ("bereikte-bewoners", "vrijwilligersuren"),
        ("building",),
        ("gebouw", "subsidie"),
        ("school", "company"),
    ),
    Concept(
        ("Pluktuin", "Bloemenweide"),
        "de pluktuin",
        "physical",
        ("groen-en-klimaat",),
        ("land", "permit"),
        (
            "Een strook gras in {wijk} wordt een bloemrijke pluktuin voor bijen en buren.",
            "Bewoners zaaien en onderhouden een bloemenweide langs de {straat}.",
        ),
        ("groen-beheerd", "activiteiten"),
        ("land", "public_space"),
        ("zelfbeheer", "grond"),
        ("housing", "school"),
    ),
    Concept(
        ("Waterplein", "Regentuin"),
        "de regentuin",
        "physical",
        ("groen-en-klimaat", "wonen"),
        ("advice", "permit"),
        (
            "Bewoners van {wijk} vangen regenwater op in tuinen en tonnen tegen wateroverlast.",
            "Een regentuin op het binnenterrein, samen aangelegd met de woningcorporatie.",
        ),
        ("groen-beheerd", "huishoudens-geholpen"),
        ("public_space",),
        ("zelfbeheer", "subsidie"),
        ("housing", "university"),
    ),
]

# --- What civil servants log --------------------------------------------------------------------

CONTACT_SUMMARIES = [
    "Kennismaking met de initiatiefnemers over {noun}.",
    "Gesprek over de plannen voor {noun} en wat er van de gemeente nodig is.",
    "Telefonische vraag over de mogelijkheden voor {noun} in {wijk}.",
    "Bezoek ter plaatse bij {noun}; rondgang met twee vrijwilligers.",
    "E-mail met vragen over subsidie en de voorwaarden daarvan.",
    "Overleg over een geschikte locatie voor {noun}.",
    "Vraag van de initiatiefnemers naar de stand van zaken.",
    "Afstemming over de vergunning die {noun} nodig heeft.",
    "Gesprek over de huurprijs van de ruimte die {noun} wil gebruiken.",
    "Overleg met de wijknetwerker en de corporatie over {noun}.",
    "De initiatiefnemers meldden zich bij het loket met een vraag over grond in {wijk}.",
    "Evaluatie van het afgelopen halfjaar van {noun}.",
    "Vraag over verzekering van vrijwilligers bij activiteiten.",
    "Overleg over beheer en onderhoud na oplevering.",
    "De initiatiefnemers vroegen om een contactpersoon bij de gemeente.",
    "Presentatie van {noun} aan de wijkraad van {wijk}.",
    "Gesprek over samenwerking met de school en de corporatie.",
    "Vervolggesprek: wat is er gebeurd met de eerdere afspraken?",
]

CONTACT_OUTCOMES = [
    "Afgesproken dat de gemeente binnen twee weken terugbelt.",
    "De initiatiefnemers sturen een begroting; daarna volgt een besluit.",
    "Uitgelegd welke stappen nodig zijn; de wijknetwerker begeleidt.",
    "Positief ontvangen; voorstel voor een vervolgafspraak.",
    "Nog geen antwoord mogelijk: de vraag ligt bij een andere afdeling.",
    "Verwezen naar het subsidieloket voor de aanvraag.",
    "Locatie bekeken; geschikt, maar eerst moet de huur worden geregeld.",
    "Afspraak gemaakt voor een gesprek met de beheerder.",
    "De gemeente zoekt uit wie eigenaar is van het terrein.",
    "Toegezegd het plan intern voor te leggen.",
    "Geen vervolg nodig; de vraag is beantwoord.",
    "De initiatiefnemers zijn teleurgesteld over de doorlooptijd.",
    "",
    "",
]

REFERRAL_OUTCOMES = [
    "Doorverwezen naar {to}: daar ligt de beslissing.",
    "Deze vraag hoort bij {to}; contactgegevens doorgegeven.",
    "Doorgestuurd naar {to}, omdat het om gemeentelijk eigendom gaat.",
    "Verwezen naar {to} voor de voorwaarden.",
]

COMMITMENTS = [
    "De gemeente stuurt een conceptovereenkomst voor het gebruik van het terrein.",
    "De wijknetwerker regelt een gesprek met {dept}.",
    "De gemeente zoekt uit of er een ruimte beschikbaar is voor {noun}.",
    "De gemeente laat weten welke vergunning nodig is en wat die kost.",
    "De gemeente levert aanhangers en prikkers voor de opruimactie.",
    "{dept} beoordeelt het plan en geeft schriftelijk antwoord.",
    "De gemeente plaatst twee extra afvalbakken bij {noun}.",
    "De gemeente vraagt de huurprijs op bij Vastgoed en koppelt die terug.",
    "Het subsidiebesluit wordt voor de zomer genomen.",
    "De gemeente stelt een vast aanspreekpunt aan voor {noun}.",
    "De gemeente zorgt voor een watertappunt bij de tuin.",
    "De beheerder komt kijken naar de staat van het speelterrein.",
    "De gemeente organiseert een overleg met de corporatie en de school.",
    "De gemeente laat de bomen snoeien voordat het festival begint.",
    "De gemeente geeft uitsluitsel over verlenging van het gebruik.",
]

SETTLEMENT_NOTES = {
    "kept": [
        "Gedaan zoals afgesproken.",
        "Uitgevoerd; de initiatiefnemers zijn geïnformeerd.",
        "Afgerond, iets later dan gepland.",
        "",
    ],
    "broken": [
        "Niet gelukt: de afdeling had geen capaciteit.",
        "Niet nagekomen; de medewerker is vertrokken.",
        "Niet gebeurd, zonder bericht aan de initiatiefnemers.",
    ],
    "withdrawn": [
        "Ingetrokken: het plan van het initiatief is veranderd.",
        "Ingetrokken na overleg; er is een andere oplossing gevonden.",
    ],
}

BLOCKAGES = {
    "land": [
        "De grond mag alleen tegen een marktconforme prijs worden verhuurd; dat kan {noun} niet betalen.",
        "Het terrein is gereserveerd voor toekomstige woningbouw en mag niet langer dan een jaar worden gebruikt.",
        "Niemand weet wie over het stukje grond gaat: Grondzaken, Stadsbeheer of de corporatie.",
        "Voor een gebruiksovereenkomst is een taxatie nodig die maanden op zich laat wachten.",
    ],
    "real_estate": [
        "Het leegstaande pand mag alleen tegen marktconforme huur worden verhuurd.",
        "Het buurthuis staat op de verkooplijst; een huurcontract langer dan een jaar kan niet.",
        "Korting op de huur zou staatssteun zijn, zegt Vastgoed; Maatschappelijke Ontwikkeling wil wel.",
        "De sleutel van het pand ligt al maanden bij een beheerder die niet reageert.",
    ],
    "procurement": [
        "Het onderhoud van het plantsoen moet worden aanbesteed; een bewonersgroep kan niet inschrijven.",
        "De opdracht past niet in het raamcontract, dus de gemeente kan het initiatief niet betalen.",
        "Voor het overnemen van de taak is een aanbesteding nodig waar de coöperatie niet aan kan voldoen.",
    ],
    "public_space": [
        "De geveltuinen passen niet in het beheerkader; Stadsbeheer wil de tegels terug.",
        "Picknicktafels in het park mogen niet, want ze staan niet in het standaardprogramma.",
        "Het onderhoud na oplevering is niet geregeld, dus de aanleg wordt uitgesteld.",
    ],
    "area_development": [
        "Het plan past niet in de gebiedsvisie; de plek is over vijf jaar bestemd voor woningbouw.",
        "Zolang het gebiedsplan niet vastligt, wil niemand een besluit nemen over de locatie.",
    ],
    "subsidy": [
        "De subsidie wordt pas na afloop uitbetaald; de vrijwilligers moeten alles voorschieten.",
        "De aanvraag past niet in de regeling, omdat het initiatief geen rechtspersoon is.",
        "De verantwoording voor een subsidie van 500 euro kost meer tijd dan de activiteit zelf.",
    ],
    "permit": [
        "Voor het festival is een evenementenvergunning nodig met een beveiligingsplan dat duizenden euro's kost.",
        "De bestemming van het pand staat ontmoeting niet toe volgens het omgevingsplan.",
        "Een gebruiksmelding brandveiligheid is nodig voor meer dan vijftig bezoekers.",
    ],
    "liability": [
        "De gemeente wil dat het initiatief een eigen aansprakelijkheidsverzekering afsluit.",
        "Onduidelijk wie aansprakelijk is als een kind zich bezeert op de zelfgebouwde speeltoestellen.",
    ],
    "privacy": [
        "Het wijkteam mag geen namen van deelnemers delen, dus doorverwijzen lukt niet.",
        "Het initiatief mag de deelnemerslijst niet delen met de subsidieverlener.",
    ],
    "other": [
        "Alle vrijwilligers moeten een VOG aanvragen; de kosten en de tijd schrikken mensen af.",
        "De initiatiefnemers weten niet bij wie ze moeten zijn; niemand voelt zich eigenaar.",
        "Het plan ligt al maanden op een bureau zonder dat iemand het oppakt.",
    ],
}

HANDOFF_REASONS = [
    "Dit gaat over gemeentelijk eigendom; {to} beslist.",
    "Valt buiten ons beleidsterrein; overgedragen aan {to}.",
    "Voor de juridische vraag doorgezet naar {to}.",
    "{to} beheert het budget hiervoor.",
    "Teruggelegd bij {to}: daar is het oorspronkelijk begonnen.",
    "Op verzoek van de wijknetwerker doorgezet naar {to}.",
]

RESOLUTIONS = {
    "resolved": [
        "Opgelost: er is een gebruiksovereenkomst met een maatschappelijk tarief gesloten.",
        "Opgelost na overleg tussen de afdelingen; het initiatief kan verder.",
        "De vergunning is verleend met aangepaste voorwaarden.",
        "De gemeente heeft de kosten op zich genomen.",
        "Opgelost: de beheerder heeft ingestemd met het plan.",
    ],
    "worked_around": [
        "Omzeild: de corporatie stelt een ruimte beschikbaar.",
        "Het initiatief heeft zelf een andere locatie gevonden.",
        "Een fonds betaalt nu wat de gemeente niet kon betalen.",
        "Het plan is kleiner gemaakt zodat het binnen de regels past.",
    ],
    "unresolved": [
        "Gesloten zonder oplossing: de regel blijft staan.",
        "Niet opgelost; het initiatief heeft het plan opgegeven.",
        "Gesloten: geen afdeling wilde de beslissing nemen.",
    ],
}

# --- Requests -------------------------------------------------------------------------------

REQUEST_TITLES = {
    "gebouw": [
        "Gebruik van de leegstaande school aan de {straat}",
        "Ruimte in het wijkgebouw voor {noun}",
        "Huur van het voormalige buurthuis in {wijk}",
        "Een lokaal voor {noun}",
    ],
    "grond": [
        "Braakliggend terrein aan de {straat}",
        "Stuk grond naast de speeltuin in {wijk}",
        "Gebruik van het grasveld bij de {straat} voor {noun}",
    ],
    "zelfbeheer": [
        "Zelfbeheer van het plantsoen aan de {straat}",
        "Zelfbeheer van de boomspiegels in {wijk}",
        "Beheer van het speelplein door bewoners",
    ],
    "subsidie": [
        "Subsidie voor {noun}",
        "Bijdrage voor materialen en activiteiten van {noun}",
        "Startsubsidie voor {noun} in {wijk}",
        "Subsidie voor het komende seizoen",
    ],
    "right-to-challenge": [
        "Right to Challenge: onderhoud van het groen in {wijk}",
        "Right to Challenge: beheer van het buurthuis",
        "Right to Challenge: schoonhouden van de straten in {wijk}",
        "Right to Challenge: welzijnsactiviteiten voor ouderen in {wijk}",
    ],
}

REQUEST_DESCRIPTIONS = [
    "Wij vragen dit om {noun} in {wijk} te kunnen voortzetten en uitbreiden.",
    "Met deze aanvraag kan {noun} een vaste plek en een stabiele basis krijgen.",
    "De buurt vraagt hier al jaren om; met deze steun kunnen wij het zelf organiseren.",
]

RTC_TASKS = [
    "Het onderhoud van het openbaar groen in de wijk, nu uitgevoerd door een aannemer.",
    "Het beheer en de openstelling van het buurthuis, nu door een welzijnsorganisatie.",
    "Het schoonhouden van straten en pleinen in de wijk.",
    "Activiteiten tegen eenzaamheid voor ouderen, nu ingekocht bij een welzijnsorganisatie.",
]

RTC_SUPPORT = [
    "Meer dan driehonderd handtekeningen van buurtbewoners en steun van de wijkraad.",
    "Steun van de corporatie, twee scholen en de ondernemersvereniging.",
    "Een peiling onder de buren: vier op de vijf steunen het plan.",
]

RTC_CAPACITY = [
    "Een vaste kern van twaalf vrijwilligers en twee betaalde krachten.",
    "Een coöperatie met een bestuur, een boekhouder en ervaring met vergelijkbare opdrachten.",
    "Ervaren vrijwilligers, ondersteund door een opbouwwerker.",
]

RTC_VALUE = [
    "Het werk wordt gedaan door buurtbewoners, die er werkervaring mee opdoen.",
    "Meer betrokkenheid en minder vandalisme, want de buurt beheert het zelf.",
    "Het geld blijft in de wijk en de buurt bepaalt wat er gebeurt.",
]

DECISION_REASONS = {
    "granted": [
        "Toegekend; de aanvraag past binnen de regeling.",
        "Toegekend voor een periode van twee jaar.",
        "Toegekend zoals gevraagd.",
    ],
    "conditional": [
        "Toegekend onder voorwaarde van een verzekering en een beheerplan.",
        "Toegekend voor een lager bedrag dan gevraagd.",
        "Toegekend, mits het initiatief elk halfjaar rapporteert.",
    ],
    "refused": [
        "Afgewezen op de genoemde gronden; bezwaar is mogelijk binnen zes weken.",
        "Afgewezen. De gemeente biedt een gesprek aan over alternatieven.",
        "Afgewezen na intern advies.",
    ],
    "withdrawn": [
        "Ingetrokken door het initiatief.",
        "Ingetrokken; het initiatief heeft elders ruimte gevonden.",
    ],
}

STEP_NOTES = {
    "submitted": ["Aanvraag ontvangen.", "Ontvangstbevestiging verstuurd."],
    "considering": [
        "In behandeling genomen.",
        "Advies gevraagd aan de vakafdeling.",
        "Aanvullende stukken ontvangen; in behandeling.",
    ],
}

CLOCK_REASONS = {
    "suspension": [
        "Opgeschort: wachten op aanvullende gegevens van het initiatief.",
        "Opgeschort: de begroting ontbrak.",
    ],
    "extension": [
        "Verdaagd: advies van een andere afdeling is nodig.",
        "Verdaagd: de aanvraag is complex en vraagt meer tijd.",
    ],
}

CONTRACTS = [
    "Onderhoud van het buurtpark",
    "Schoonhouden van het winkelgebied",
    "Catering voor wijkbijeenkomsten",
    "Beheer van de speelplek",
    "Organisatie van de burendag",
    "Taalles voor statushouders",
    "Maaltijden voor de dagbesteding",
    "Onderhoud van de boomspiegels",
    "Beheer van het buurthuis",
    "Fietsreparatie voor de stadswinkel",
]

# --- The partner's voice -----------------------------------------------------------------------

CONTACT_ANSWERS = [
    "Dank voor het gesprek. Wij wachten nu op het voorstel.",
    "Dit klopt niet helemaal: wij hebben gevraagd om een ruimte, niet om subsidie.",
    "Fijn dat u langskwam. Wanneer horen we meer?",
    "Aanvulling: de corporatie wil ook meedoen.",
    "We hebben al drie keer hetzelfde verhaal verteld aan drie afdelingen.",
    "Goed overleg, dank u wel.",
]

COMMITMENT_DISPUTES = [
    "Dit is niet wat er is afgesproken: de gemeente zou het zelf regelen.",
    "De gemeente zegt dat dit gedaan is, maar wij hebben niets ontvangen.",
    "Wij hebben nooit ingestemd met intrekking van deze toezegging.",
    "De datum klopt niet; er is ons twee weken beloofd.",
]

COMMITMENT_ANSWERS = [
    "Jammer dat dit niet gelukt is. Wij hadden erop gerekend.",
    "Dank, dit helpt ons echt verder.",
    "We horen graag wanneer het wel kan.",
]

BLOCKAGE_CONFIRMATIONS = [
    "Bevestigd: dit knelpunt herkennen wij; we zoeken uit wie erover gaat.",
    "Bevestigd en doorgezet naar de verantwoordelijke afdeling.",
    "Herkend. De regel laat weinig ruimte, maar we kijken naar een uitzondering.",
]

BLOCKAGE_ANSWERS = [
    "Wij wachten hier nu al maanden op.",
    "Elke afdeling verwijst naar een andere.",
    "Dank voor het meedenken; de oplossing werkt voor ons.",
]

RATING_COMMENTS = {
    "high": [
        "Goed geholpen, snel en duidelijk.",
        "Eindelijk iemand die doorpakt.",
        "Prettige samenwerking met de wijknetwerker.",
        "",
    ],
    "mid": ["Het is gelukt, maar het duurde lang.", "Redelijk, veel heen en weer.", ""],
    "low": [
        "Van het kastje naar de muur gestuurd.",
        "Niemand voelde zich verantwoordelijk.",
        "Beloftes zijn niet nagekomen.",
        "Veel te lang gewacht op een antwoord.",
        "",
    ],
}

# --- Value ------------------------------------------------------------------------------------

VALUE_NARRATIVES = {
    "vrijwilligersuren": "Gemiddeld {v} vrijwilligers, elke week een paar uur.",
    "bereikte-bewoners": "Geteld via de intekenlijsten van de activiteiten.",
    "activiteiten": "Activiteiten volgens onze agenda.",
    "groen-beheerd": "Oppervlakte van de tuin en de plantvakken, opgemeten met de beheerder.",
    "afval-opgehaald": "Gewogen bij de milieustraat.",
    "maaltijden": "Geteld aan de hand van de boodschappenlijst en de aanmeldingen.",
    "huishoudens-geholpen": "Huishoudens die we minstens drie keer hebben geholpen.",
    "euro-bespaard": "Besparing op energie en rekeningen, berekend met de huishoudens.",
    "buurtrondes": "Rondes volgens het logboek van het team.",
    "bezoekers": "Bezoekers geteld bij de deur.",
    "woningen-verbeterd": "Woningen waar we kleine verbeteringen hebben gedaan.",
}

VALUE_STORIES = {
    "wonen": "Buren kennen elkaar weer en houden een oogje in het zeil bij de ouderen in de flat.",
    "openbare-ruimte": "Het pleintje was een hondenuitlaatplek; nu spelen er weer kinderen.",
    "voorzieningen": "Er is weer een plek in de wijk waar je zonder afspraak binnen kunt lopen.",
    "milieu": "Minder zwerfafval en meer groen: de straat is zichtbaar veranderd.",
    "veiligheid": "Bewoners zeggen dat ze zich 's avonds veiliger voelen op straat.",
    "zelfredzaamheid": "Een moeder vertelde dat ze dankzij de hulp haar eerste baan vond.",
    "onderlinge-steun": "Een buurman die al jaren alleen was, komt nu elke week en helpt zelf mee.",
    "participatie": "Twee deelnemers zijn doorgestroomd naar betaald werk.",
    "binding": "Mensen uit verschillende culturen vieren nu samen feest op het plein.",
}

DEADWEIGHT_REASONS = [
    "Een deel van de bezoekers zou ook naar het buurthuis zijn gegaan.",
    "Een deel van dit groen zou de gemeente ook hebben onderhouden.",
    "Sommige huishoudens hadden ook zonder ons hulp gevonden.",
]

ATTRIBUTION_REASONS = [
    "Het wijkteam en de corporatie dragen ook bij.",
    "De school organiseert de helft van de activiteiten.",
    "Een fonds betaalt de materialen.",
]

CLARIFICATION_REQUESTS = [
    "Kunt u aangeven hoe de bezoekers zijn geteld?",
    "Is dit aantal per jaar of over de hele periode?",
]

DESCRIPTION_SENTENCES = [
    "We begonnen met een paar buren en een idee; inmiddels doen er {v} vrijwilligers mee.",
    "Iedereen is welkom, ongeacht leeftijd of achtergrond.",
    "We werken samen met de school, de corporatie en het wijkteam.",
    "We willen graag groeien, maar hebben daarvoor een vaste plek nodig.",
    "De gemeente denkt mee, maar de regels maken het soms lastig.",
    "Alles gebeurt door vrijwilligers; de kosten betalen we uit giften en kleine subsidies.",
    "Bewoners die eerst alleen kwamen kijken, helpen nu zelf mee.",
    "Ons doel: een wijk waar mensen naar elkaar omkijken.",
]

# Issue 15: what partners ask, and how a point of contact routes a blockage raised with
# "I don't know".
CONTACT_QUESTIONS = [
    "Wanneer horen we of we de ruimte aan de Schiekade mogen gebruiken?",
    "Wie is bij jullie de contactpersoon voor de vergunning? We weten niet bij wie we moeten zijn.",
    "Kunnen jullie laten weten welke voorwaarden er voor de huur gelden?",
    "Moeten we de aanvraag opnieuw indienen, of loopt de oude nog?",
    "Geldt de afspraak over de sleutel ook voor de zaterdagen?",
]

ROUTING_REASONS = [
    "Het initiatief wist niet bij wie dit hoort; het gaat over de regel die {to} beheert.",
    "Doorgestuurd door het aanspreekpunt: {to} gaat over deze grond.",
    "Na een telefoontje met het initiatief: dit is een vraag voor {to}.",
    "{to} is eigenaar van het beleidskader waar het om draait.",
]

CONTRACT_DISPUTES = [
    "Het bedrag klopt niet: we hebben de helft ontvangen.",
    "Deze opdracht is nooit aan ons gegeven; het ging om een andere stichting.",
    "De looptijd is korter dan afgesproken.",
]

CONTRACT_DISPUTE_ANSWERS = [
    "Klopt, het bedrag is gecorrigeerd naar wat er is betaald.",
    "We hebben het nagekeken: de registratie klopt. We bellen je om het toe te lichten.",
    "De einddatum is aangepast aan de afspraak.",
]

# Issue 15: decisions that hold up and can be challenged.
CONTRADICTION_EXPLANATIONS = {
    "cost": [
        "De begroting van het initiatief mist de verzekering en de afschrijving van het "
        "materieel; met die posten erbij kost de uitvoering meer dan nu.",
        "Naast de begroting komen de kosten van toezicht door de gemeente, die bij eigen "
        "uitvoering vervallen; per saldo is het duurder.",
        "Het budget dekt één seizoen; het contract loopt drie jaar en de prijzen in de "
        "begroting zijn niet geïndexeerd.",
    ],
    "support": [
        "De handtekeningen komen grotendeels van buiten de straat waar het om gaat; de direct "
        "omwonenden zijn overwegend tegen.",
        "Bij de bewonersavond bleek de steun voorwaardelijk: voor het plan, niet voor het "
        "beheer door deze groep.",
    ],
    "capacity": [
        "De vrijwilligers zijn alleen in de weekenden beschikbaar; de taak vraagt inzet op "
        "werkdagen.",
        "Het genoemde aantal vrijwilligers is er nu, maar een vaste coördinator voor de "
        "komende jaren ontbreekt.",
    ],
}
OBJECTION_GROUNDS = [
    "De gemeente weigert op kosten, maar onze begroting ligt onder wat de gemeente nu "
    "uitgeeft. Dat staat in ons eigen verzoek.",
    "Het besluit noemt onvoldoende draagvlak, maar wij hebben honderden handtekeningen uit de "
    "wijk ingeleverd.",
    "Het terrein is volgens het besluit niet beschikbaar, terwijl het al twee jaar leegstaat.",
    "De voorwaarden bij de toekenning maken het project onuitvoerbaar; wij vragen ze te "
    "heroverwegen.",
    "Het besluit gaat niet in op wat wij in het gesprek met de afdeling hebben toegelicht.",
]
OBJECTION_LATE_REASONS = [
    "De brief is naar het oude adres van onze penningmeester gestuurd.",
    "Onze contactpersoon lag in het ziekenhuis in de weken na het besluit.",
]
OBJECTION_ANSWERS = {
    "well_founded": [
        "Na heroverweging is het bezwaar gegrond: de kosten vallen lager uit dan nu. Het "
        "verzoek wordt alsnog toegekend.",
        "Gegrond: het terrein is beschikbaar. De afdeling neemt een nieuw besluit.",
    ],
    "partly": [
        "Deels gegrond: de voorwaarde over de openingstijden vervalt, de overige blijven.",
        "Deels gegrond: het draagvlak is aangetoond, maar de aansprakelijkheid is nog niet "
        "geregeld.",
    ],
    "unfounded": [
        "Ongegrond: ook met de cijfers van het initiatief blijft de uitvoering duurder, zie de "
        "toelichting bij het besluit.",
        "Ongegrond: de aanbestedingsregels laten gunning zonder uitvraag niet toe.",
    ],
    "withdrawn": [
        "Ingetrokken na een goed gesprek met de afdeling; we zoeken samen een andere plek.",
        "Ingetrokken: de gemeente heeft een nieuw voorstel gedaan.",
    ],
}
