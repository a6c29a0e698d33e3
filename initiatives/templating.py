"""The project's template backend: Django's, whose check knows the one library we replace.

Settings give ``{% load i18n %}`` our ``initiatives.templatetags.i18n_cached`` (the same tags,
fixed text translated once per language). Django lets ``OPTIONS["libraries"]`` take precedence
over an installed library of the same name, but its check (templates.W003) still warns that the
name is used twice. Here that one replacement is expected; any other name used twice is still
reported.
"""

from django.template.backends.django import DjangoTemplates as DjangosTemplates

REPLACED = {"i18n": "initiatives.templatetags.i18n_cached"}


class DjangoTemplates(DjangosTemplates):
    def _check_for_template_tags_with_the_same_name(self):
        ours = {name for name, path in REPLACED.items() if self.engine.libraries.get(name) == path}
        return [
            warning
            for warning in super()._check_for_template_tags_with_the_same_name()
            if not any(warning.msg.startswith(f"{name!r} is used") for name in ours)
        ]
