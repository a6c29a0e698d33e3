"""Are the writes the server acknowledged in the database? Each carried a unique marker
(``LT<run>-<number>``) in its text; the rows written since the run began are searched for them."""

import re

from django.db import models


def written_models():
    from initiatives.models import StatusChange
    from partnership.models import Blockage, CityRequest, Commitment, Contact, Contract, Reply
    from publicvalue.models import ValueRecord

    return (Reply, Blockage, ValueRecord, Contact, Commitment, CityRequest, Contract, StatusChange)


def baseline() -> dict:
    """The highest key of every table a write can land in, before the run."""
    return {
        model: model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
        for model in written_models()
    }


def stored_markers(run_id: str, since: dict) -> set[str]:
    """The markers of this run found in rows added after ``since``."""
    prefix = f"LT{run_id}-"
    pattern = re.compile(re.escape(prefix) + r"\d{6}")
    found: set[str] = set()
    for model in written_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        condition = models.Q()
        for name in text_fields:
            condition |= models.Q(**{f"{name}__contains": prefix})
        rows = model._base_manager.filter(pk__gt=since[model]).filter(condition)
        for values in rows.values_list(*text_fields):
            for value in values:
                found.update(pattern.findall(value or ""))
    return found


def lost(acknowledged: dict[str, str], run_id: str, since: dict) -> dict[str, str]:
    """The acknowledged writes (marker -> URL name) that are not in the database."""
    found = stored_markers(run_id, since)
    return {marker: name for marker, name in sorted(acknowledged.items()) if marker not in found}
