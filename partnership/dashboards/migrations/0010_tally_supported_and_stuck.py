from django.db import migrations


def count(apps, schema_editor):
    # Counted afresh with the new parts: every supported initiative, and every one stuck now
    # per area with the people it reaches and its volunteers.
    from partnership.dashboards.migrations._tally import count

    count(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0009_tally_value_periods"),
    ]

    operations = [
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
