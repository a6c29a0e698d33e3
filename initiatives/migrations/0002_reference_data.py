"""Reference data every installation needs: Rotterdam's areas and neighbourhoods, themes, asks."""

import json
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data" / "rotterdam.json"

THEMES = [
    ("groen-en-klimaat", "Groen en klimaat", "Green and climate"),
    ("zorg-en-welzijn", "Zorg en welzijn", "Care and wellbeing"),
    ("jeugd-en-onderwijs", "Jeugd en onderwijs", "Youth and education"),
    ("cultuur", "Cultuur", "Culture"),
    ("sport-en-bewegen", "Sport en bewegen", "Sport"),
    ("voedsel", "Voedsel", "Food"),
    ("werk-en-inkomen", "Werk en inkomen", "Work and income"),
    ("wonen", "Wonen", "Housing"),
    ("veiligheid", "Veiligheid", "Safety"),
    ("energie", "Energie", "Energy"),
]

ASKS = [
    ("money", "Geld", "Money"),
    ("space", "Ruimte of een gebouw", "Space or a building"),
    ("land", "Grond", "Land"),
    ("permit", "Vergunning", "Permit"),
    ("advice", "Advies", "Advice"),
    ("network", "Netwerk", "Network"),
    ("right-to-challenge", "Een taak overnemen (Right to Challenge)", "Taking over a task (Right to Challenge)"),
]


def load(apps, schema_editor):
    Area = apps.get_model("initiatives", "Area")
    Neighbourhood = apps.get_model("initiatives", "Neighbourhood")
    Theme = apps.get_model("initiatives", "Theme")
    CityAsk = apps.get_model("initiatives", "CityAsk")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    used = set()
    for area_name, hoods in data["areas"].items():
        area, _ = Area.objects.get_or_create(slug=slugify(area_name), defaults={"name": area_name})
        for hood in hoods:
            slug = slugify(hood)
            if slug in used or Area.objects.filter(slug=slug).exclude(pk=area.pk).exists():
                slug = f"{slugify(area_name)}-{slug}"
            used.add(slug)
            Neighbourhood.objects.get_or_create(area=area, name=hood, defaults={"slug": slug})
    for slug, name, name_en in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en})
    for order, (code, name, name_en) in enumerate(ASKS):
        CityAsk.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
