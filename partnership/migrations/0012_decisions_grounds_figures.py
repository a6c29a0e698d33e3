"""The three grounds seeded by 0002 that rest on a request's own figures say so.

A data migration because the grounds themselves are reference data made by a migration; a
database that already has them must learn which figures they rest on, too.
"""

from django.db import migrations

FIGURES = {"kosten": "cost", "draagvlak": "support", "capaciteit": "capacity"}


def forwards(apps, schema_editor):
    RefusalGround = apps.get_model("partnership", "RefusalGround")
    for code, figures in FIGURES.items():
        RefusalGround.objects.filter(code=code, rests_on="").update(rests_on=figures)


load = forwards  # the tests' reference-data loader (tests/support/reference.py) calls ``load``


def backwards(apps, schema_editor):
    RefusalGround = apps.get_model("partnership", "RefusalGround")
    RefusalGround.objects.filter(code__in=FIGURES).update(rests_on="")


class Migration(migrations.Migration):
    dependencies = [('partnership', '0011_decisions')]
    operations = [migrations.RunPython(forwards, backwards)]
