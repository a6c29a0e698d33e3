"""Roles as groups, and the municipal clusters as departments."""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations
from django.utils.text import slugify

ROLES = ["initiator", "civil_servant", "council_member", "coordinator"]
DATA = Path(settings.BASE_DIR) / "initiatives" / "data" / "rotterdam.json"


def load(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Department = apps.get_model("accounts", "Department")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    clusters = json.loads(DATA.read_text(encoding="utf-8"))["clusters"]
    for name in clusters:
        Department.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
