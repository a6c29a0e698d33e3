"""The value framework, seeded from Rotterdam's Wijkprofiel themes, each dimension mapped to a
broad-prosperity (brede welvaart) theme and a Sustainable Development Goal."""

from decimal import Decimal

from django.db import migrations

DIMENSIONS = [
    # code, group, name, name_en, brede welvaart theme, SDG
    ("wonen", "physical", "Wonen", "Housing", "Wonen", 11),
    ("openbare-ruimte", "physical", "Openbare ruimte", "Public space", "Milieu", 11),
    ("voorzieningen", "physical", "Voorzieningen", "Facilities", "Welzijn", 11),
    ("milieu", "physical", "Milieu", "Environment", "Milieu", 13),
    ("veiligheid", "safety", "Veiligheid", "Safety", "Veiligheid", 16),
    ("zelfredzaamheid", "social", "Zelfredzaamheid", "Self-reliance", "Materiële welvaart", 1),
    ("onderlinge-steun", "social", "Onderlinge steun", "Mutual support", "Sociaal kapitaal", 3),
    ("participatie", "social", "Participatie", "Participation", "Arbeid en vrije tijd", 8),
    ("binding", "social", "Binding met de buurt", "Attachment to the neighbourhood", "Sociaal kapitaal", 11),
]

INDICATORS = [
    # dimension, code, name, name_en, unit, proxy €/unit, source, year
    ("participatie", "vrijwilligersuren", "Vrijwilligersuren", "Volunteer hours", "hours", "15.00",
     "Vervangingswaarde vrijwilligerswerk (Movisie, indicatief)", 2024),
    ("binding", "bereikte-bewoners", "Bereikte bewoners", "Residents reached", "people", None, "", None),
    ("binding", "activiteiten", "Georganiseerde activiteiten", "Activities held", "events", None, "", None),
    ("openbare-ruimte", "groen-beheerd", "Beheerd groen", "Greenery managed", "m2", "2.50",
     "Beheerkosten openbaar groen per m² (gemeentelijke beheerbegroting, indicatief)", 2024),
    ("milieu", "afval-opgehaald", "Opgehaald zwerfafval", "Litter collected", "kg", "0.40",
     "Kosten inzameling zwerfafval per kg (indicatief)", 2024),
    ("onderlinge-steun", "maaltijden", "Geserveerde maaltijden", "Meals served", "meals", "6.00",
     "Kostprijs maaltijdvoorziening (indicatief)", 2024),
    ("zelfredzaamheid", "huishoudens-geholpen", "Geholpen huishoudens", "Households helped", "households", None, "", None),
    ("zelfredzaamheid", "euro-bespaard", "Bespaarde kosten voor bewoners", "Euro saved for residents", "euro", "1.00",
     "Nominaal bedrag", 2024),
    ("veiligheid", "buurtrondes", "Buurtrondes", "Neighbourhood patrols", "events", None, "", None),
    ("voorzieningen", "bezoekers", "Bezoekers van de voorziening", "Visitors of the facility", "people", None, "", None),
    ("wonen", "woningen-verbeterd", "Verbeterde woningen", "Homes improved", "households", None, "", None),
]


def load(apps, schema_editor):
    ValueDimension = apps.get_model("publicvalue", "ValueDimension")
    Indicator = apps.get_model("publicvalue", "Indicator")
    dims = {}
    for order, (code, group, name, name_en, bw, sdg) in enumerate(DIMENSIONS):
        dims[code], _ = ValueDimension.objects.get_or_create(
            code=code,
            defaults={
                "group": group,
                "name": name,
                "name_en": name_en,
                "broad_prosperity_theme": bw,
                "sdg": sdg,
                "order": order,
            },
        )
    for dim, code, name, name_en, unit, proxy, source, year in INDICATORS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "dimension": dims[dim],
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "proxy_value_eur": Decimal(proxy) if proxy else None,
                "proxy_source": source,
                "proxy_year": year,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("publicvalue", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
