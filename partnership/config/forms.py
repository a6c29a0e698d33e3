"""The form renderer: Django's own widget, label and error templates written out by Jinja2.

Every form field on a page is a handful of small templates (the label, the widget, its
attributes, each option of a select): with Django's template language that was a third of the
time of a form page and a good part of every page with a form on it. Django ships the same
templates for Jinja2 (``django/forms/jinja2``), which it tests to give the same HTML, and Jinja2
compiles them to Python. A template that exists only for Django's template language (a
third-party widget, the admin's) is rendered with it, as before. ``tests/test_form_renderer.py``
compares both renderers' output on the app's forms.
"""

from pathlib import Path

import django.forms
import jinja2
from django.forms.renderers import BaseRenderer, DjangoTemplates
from django.template import TemplateDoesNotExist
from django.template.backends.jinja2 import Jinja2
from django.utils.functional import cached_property

DJANGO_FORMS = "django/forms/"


class FormRenderer(BaseRenderer):
    @cached_property
    def jinja2(self) -> Jinja2:
        return Jinja2(
            {
                "APP_DIRS": False,
                "DIRS": [Path(django.forms.__file__).parent / "jinja2"],
                "NAME": "djangoforms-jinja2",
                # An attribute a template names but the widget lacks is left out, as the
                # template language does (not written out as DEBUG's Undefined would).
                "OPTIONS": {"undefined": jinja2.Undefined, "auto_reload": False},
            }
        )

    @cached_property
    def django_templates(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        if template_name.startswith(DJANGO_FORMS):
            try:
                return self.jinja2.get_template(template_name)
            except TemplateDoesNotExist:
                pass
        return self.django_templates.get_template(template_name)
