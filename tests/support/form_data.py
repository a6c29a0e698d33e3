"""Valid form data for the create forms that several test files post (a contact, a value
record), so that no test module imports another."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from initiatives.accounts.models import Department
from publicvalue.models import Evidence
from tests.support import factories as f

TODAY = timezone.localdate()


def new_url(initiative):
    return reverse("partnership:contact_new", kwargs={"slug": initiative.slug})


def contact_data(**overrides):
    data = {
        "date": (TODAY - dt.timedelta(days=2)).isoformat(),
        "channel": "meeting",
        "department": Department.objects.get(name="Stadsontwikkeling").pk,
        "initiated_by": "initiative",
        "summary": "Kennismaking over de moestuin.",
        "outcome": "We zoeken samen een plek.",
        "referred_to": "",
    }
    data.update(overrides)
    return data


def create_url(initiative) -> str:
    return reverse("publicvalue:value_record_create", args=[initiative.slug])


def form_data(**changes) -> dict:
    """A valid record: 40 volunteer hours last month, counted by the initiative."""
    indicator = f.indicator("vrijwilligersuren")
    data = {
        "dimension": indicator.dimension_id,
        "indicator": indicator.pk,
        "quantity": "40",
        "period_start": (TODAY - dt.timedelta(days=30)).isoformat(),
        "period_end": (TODAY - dt.timedelta(days=1)).isoformat(),
        "evidence": Evidence.COUNTED,
        "narrative": "Elke zaterdag in de moestuin.",
        "link": "",
        "deadweight_pct": "0",
        "deadweight_reason": "",
        "attribution_pct": "0",
        "attribution_reason": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def blockage_data(**overrides):
    data = {
        "department": Department.objects.get(name="Stadsontwikkeling").pk,
        "policy_framework": "",
        "category": "land",
        "description": "De grondprijs maakt de moestuin onbetaalbaar.",
        "severity": "high",
        "raised_on": TODAY.isoformat(),
    }
    data.update(overrides)
    return data


def commitment_data(**overrides):
    data = {
        "description": "De gemeente zoekt binnen vier weken een ruimte.",
        "department": Department.objects.get(name="Stadsontwikkeling").pk,
        "promised_on": TODAY.isoformat(),
        "due_on": (TODAY + dt.timedelta(days=28)).isoformat(),
    }
    data.update(overrides)
    return data
