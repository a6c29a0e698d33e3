"""Addresses that a page builds many times (an initiative's, once per row of a list), without a
full ``reverse()`` for each: the address is reversed once per URL configuration, script prefix
and language with a placeholder slug, and the slug put in its place. A slug with anything but
the characters a slug path converter accepts goes through ``reverse()`` as before."""

import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_PLACEHOLDER = "slug-placeholder-0"
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_templates: dict[tuple, str] = {}


def initiative_url(initiative) -> str:
    """``reverse("partnership:initiative_detail", kwargs={"slug": initiative.slug})``."""
    slug = initiative.slug
    if not _PLAIN_SLUG.fullmatch(slug or ""):
        return reverse("partnership:initiative_detail", kwargs={"slug": slug})
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    template = _templates.get(key)
    if template is None:
        template = reverse("partnership:initiative_detail", kwargs={"slug": _PLACEHOLDER})
        _templates[key] = template
    return template.replace(_PLACEHOLDER, slug, 1)
