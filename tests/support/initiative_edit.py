"""The edit page of the standing ``initiative`` fixture and a post that keeps every field of an
initiative as it is, with overrides: for tests/test_initiative_edit.py and the regressions."""

URL = "/initiatieven/moestuin-tarwewijk/bewerken/"


def form_data(initiative, **overrides) -> dict:
    data = {
        "title": initiative.title,
        "summary": initiative.summary,
        "description": initiative.description,
        "domain": initiative.domain,
        "themes": [str(t.pk) for t in initiative.themes.all()],
        "area": str(initiative.area_id),
        "neighbourhood": str(initiative.neighbourhood_id or ""),
        "legal_form": initiative.legal_form,
        "volunteers": str(initiative.volunteers),
        "people_reached": str(initiative.people_reached),
        "started_on": initiative.started_on.isoformat() if initiative.started_on else "",
        "website": initiative.website,
        "asks": [str(a.pk) for a in initiative.asks.all()],
        "is_public": "on" if initiative.is_public else "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""} | {
        k: v for k, v in overrides.items() if v == ""
    }
