"""Django's ``{% url %}`` tag, a path without arguments reversed once per process.

The navigation and footer of every page name about fifteen paths with ``{% url 'name' %}``;
Django resolves each anew on every render (tens of µs). A path without arguments depends only
on the URL configuration, the script prefix, the namespace of the current app and the language,
so the node keeps it under those. The settings add this library to the template builtins after
Django's own, so its ``url`` is the one every template uses; with arguments it is Django's.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

_generation = [0]  # which URL configuration the kept paths came from


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGE_CODE", "LANGUAGES"}:
        _generation[0] += 1


class URLNode(defaulttags.URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:  # as Django's URLNode finds it
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        key = (
            view_name,
            current_app,
            get_script_prefix(),
            get_urlconf(),
            get_language(),
            _generation[0],
        )
        kept = self.__dict__.setdefault("_kept", {})
        url = kept.get(key)
        if url is None:
            try:
                url = kept[key] = reverse(view_name, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise
                url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = URLNode  # the same attributes, the path kept
    return node
