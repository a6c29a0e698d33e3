"""The role of anchor institution staff, as a group like the other roles."""

from django.db import migrations


def load(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="anchor")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_user_organisation")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
