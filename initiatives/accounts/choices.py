"""``get_FOO_display()`` without its cost per call, for models whose labels pages show by the
dozen. Here, at the bottom, so that every app's models may use it."""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS: dict = {}


def choice_label(instance, field):
    """What Django's ``_get_FIELD_display`` returns, reading the field's choices from a dict
    built once per field: Django's builds that dict on every call, hashing every choice's lazy
    label (a gettext each), some 25 µs for five choices. The labels stay lazy in the dict, so
    each call still reads the active language. A model opts in with

        def _get_FIELD_display(self, field):
            return choice_label(self, field)
    """
    labels = _LABELS.get(field)
    if labels is None:
        labels = _LABELS[field] = dict(make_hashable(field.flatchoices))
    value = getattr(instance, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)
