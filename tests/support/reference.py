"""Reference data (areas, roles, departments, themes, kinds of request, the value framework) for
transactional tests: another transactional test may have flushed the database, reference data
included, so they load it again through the data migrations' own (idempotent) loaders."""

from importlib import import_module

from django.apps import apps

REFERENCE_DATA_MIGRATIONS = (
    "initiatives.accounts.migrations.0002_roles_and_departments",
    "initiatives.accounts.migrations.0006_anchor_role",
    "initiatives.migrations.0002_reference_data",
    "partnership.migrations.0002_request_kinds",
    "partnership.migrations.0012_decisions_grounds_figures",
    "publicvalue.migrations.0002_value_framework",
)


def load_reference_data() -> None:
    for module in REFERENCE_DATA_MIGRATIONS:
        import_module(module).load(apps, None)
