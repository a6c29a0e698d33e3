"""The intake: the city's term to name a point of contact, set by coordinators.

Naming the point of contact itself is ``logging.initiative_assign``, which also records when the
first one was named (the intake clock stops there)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from initiatives import permissions
from partnership.models import IntakeSetting

SETTING_PK = 1


@transaction.atomic
def intake_term_set(*, term_working_days: int, by) -> IntakeSetting:
    """Change the term; only coordinators may (also checked by the view)."""
    if not permissions.is_coordinator(by):
        raise ValidationError(_("Only a coordinator can change the intake term."))
    setting = IntakeSetting.objects.select_for_update().filter(pk=SETTING_PK).first()
    if setting is None:
        setting = IntakeSetting(pk=SETTING_PK)
    setting.term_working_days = term_working_days
    setting.changed_by = by
    setting.full_clean()
    setting.save()
    return setting
