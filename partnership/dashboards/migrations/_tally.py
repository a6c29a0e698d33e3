"""What the tally's migrations share (not a migration: its name starts with "_")."""


def count(apps, schema_editor):
    """The tally of the records as they are when the migration runs, from its historical
    models: a migration that adds parts or columns counts it afresh."""
    from partnership.dashboards.tally import MODELS, rebuild

    app_of = {"ValueRecord": "publicvalue", "Blockage": "partnership", "Commitment": "partnership"}
    app_of |= {"Rating": "partnership"}
    models = {name: apps.get_model(app_of.get(name, "dashboards"), name) for name in MODELS}
    rebuild(models=models, using=schema_editor.connection.alias)
