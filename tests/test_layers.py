"""The layers are kept by machine: import-linter's contracts (``make lint``) see imports, and this
test sees the imports in disguise that it cannot: a model looked up by name through the app
registry, or reached through another model's relation, outside migrations."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("initiatives", "publicvalue", "partnership")
DISGUISED = (
    re.compile(r"\bapps\.get_model\("),
    re.compile(r"get_field\([^)]*\)\s*\.\s*related_model"),
)


def app_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_the_apps_are_found():
    assert len(list(app_sources())) > 50


def test_no_model_is_looked_up_by_name_outside_migrations():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in app_sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(pattern.search(line) for pattern in DISGUISED)
    ]
    assert not found, "import the model (if the layers allow it) instead of:\n" + "\n".join(found)


def test_the_accounts_models_have_no_relation_to_an_app_above_them():
    """A foreign key is a dependency too: a user pointing up to a partner organisation would tie
    the bottom app's schema to the initiatives app. Such links live above, beside their target."""
    from django.apps import apps as registry

    allowed = {"accounts", "auth", "contenttypes"}
    upward = [
        f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"
        for model in registry.get_app_config("accounts").get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and field.related_model is not None
        and field.related_model._meta.app_label not in allowed
    ]
    assert not upward, upward
