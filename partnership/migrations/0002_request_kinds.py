"""The kinds of request with their decision terms and refusal grounds."""

from django.db import migrations

KINDS = [
    # code, name, name_en, term days, right to challenge, collective good
    ("gebouw", "Gebruik van een gemeentelijk gebouw", "Use of a municipal building", 56, False, "building"),
    ("grond", "Gebruik van gemeentelijke grond", "Use of a municipal plot of land", 56, False, "land"),
    ("zelfbeheer", "Zelfbeheer van openbare ruimte", "Self-management of public space", 56, False, "public_space"),
    ("subsidie", "Subsidie", "Subsidy", 56, False, "budget"),
    ("right-to-challenge", "Right to Challenge", "Right to Challenge", 84, True, "budget"),
]

GROUNDS = [
    # code, name, name_en, kinds it applies to
    ("niet-beschikbaar", "Het gebouw of de grond is niet beschikbaar", "The building or land is not available", ["gebouw", "grond"]),
    ("bestemmingsplan", "Strijdig met het omgevingsplan", "Conflicts with the zoning plan", ["gebouw", "grond", "zelfbeheer"]),
    ("veiligheid", "Veiligheid of aansprakelijkheid niet geborgd", "Safety or liability not ensured", ["gebouw", "grond", "zelfbeheer", "right-to-challenge"]),
    ("budget", "Geen budget beschikbaar", "No budget available", ["subsidie", "right-to-challenge"]),
    ("subsidievoorwaarden", "Voldoet niet aan de subsidievoorwaarden", "Does not meet the subsidy conditions", ["subsidie"]),
    ("draagvlak", "Onvoldoende draagvlak in de wijk", "Insufficient support in the neighbourhood", ["zelfbeheer", "right-to-challenge"]),
    ("capaciteit", "Onvoldoende capaciteit of continuïteit", "Insufficient capacity or continuity", ["right-to-challenge", "zelfbeheer"]),
    ("aanbesteding", "Aanbestedingsregels staan gunning niet toe", "Procurement rules do not allow the award", ["right-to-challenge"]),
    ("kosten", "Hogere kosten dan de huidige uitvoering", "Higher cost than the current provision", ["right-to-challenge"]),
    ("marktconforme-huur", "Marktconforme huur vereist", "Market rent required", ["gebouw", "grond"]),
]


def load(apps, schema_editor):
    RequestKind = apps.get_model("partnership", "RequestKind")
    RefusalGround = apps.get_model("partnership", "RefusalGround")
    kinds = {}
    for code, name, name_en, days, rtc, good in KINDS:
        kinds[code], _ = RequestKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "decision_term_days": days,
                "is_right_to_challenge": rtc,
                "collective_good": good,
            },
        )
    for code, name, name_en, kind_codes in GROUNDS:
        ground, _ = RefusalGround.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
        ground.kinds.add(*[kinds[c] for c in kind_codes])


class Migration(migrations.Migration):
    dependencies = [("partnership", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
