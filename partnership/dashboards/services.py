"""Writes of the dashboards feature: which dashboards a coordinator opens to visitors."""

from django.db import transaction

from partnership.dashboards.models import DashboardSetting
from partnership.dashboards.registry import BY_SLUG


@transaction.atomic
def dashboard_visibility_set(*, public_slugs: set[str], changed_by) -> list[str]:
    """Make exactly ``public_slugs`` public; returns the slugs whose visibility changed."""
    unknown = set(public_slugs) - set(BY_SLUG)
    if unknown:
        raise ValueError(f"Unknown dashboards: {sorted(unknown)}")
    current = {s.slug: s for s in DashboardSetting.objects.select_for_update()}
    changed = []
    for slug in BY_SLUG:
        wanted = slug in public_slugs
        setting = current.get(slug)
        if setting is None:
            if not wanted:
                continue
            setting = DashboardSetting(slug=slug)
        elif setting.is_public == wanted:
            continue
        setting.is_public = wanted
        setting.changed_by = changed_by
        setting.full_clean()
        setting.save()
        changed.append(slug)
    return changed
