from django.db import migrations


def count(apps, schema_editor):
    # The tally counted afresh with its new parts: every supported initiative, and every one
    # stuck now per area with the people it reaches and its volunteers.
    from partnership.dashboards.tally import rebuild_in_migration

    rebuild_in_migration(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0009_tally_value_periods"),
    ]

    operations = [
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
