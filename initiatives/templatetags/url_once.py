"""Django's ``{% url %}`` tag, each path reversed once per process.

The navigation and footer of every page name about fifteen paths with ``{% url 'name' %}``,
and the partner page's items as many with the initiative's slug; Django resolves each anew on
every render (tens of µs). A path depends only on its name and arguments, the URL
configuration, the script prefix, the namespace of the current app and the language, so it is
kept under those (the most recent few thousand, so a crawl of every initiative cannot fill the
memory). Arguments other than text and whole numbers go to Django's tag as before. The settings
add this library to the template builtins after Django's own, so its ``url`` is the one every
template uses.
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

KEPT = 8192


@lru_cache(maxsize=KEPT)
def _reversed(view_name, args, kwargs, current_app, prefix, urlconf, language) -> str:
    """The path, as ``reverse`` gives it while the last four are in force (they are part of
    the key only)."""
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def reversed_path(view_name: str, args: tuple = (), kwargs: tuple = (), current_app=None) -> str:
    """``reverse()``, kept: ``args`` and the values of ``kwargs`` (sorted (name, value) pairs)
    text or whole numbers."""
    return _reversed(
        view_name, args, kwargs, current_app, get_script_prefix(), get_urlconf(), get_language()
    )


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGE_CODE", "LANGUAGES"}:
        _reversed.cache_clear()


def _plain(values) -> bool:
    return all(type(value) in (str, int) for value in values)


class URLNode(defaulttags.URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((k, v.resolve(context)) for k, v in self.kwargs.items()))
        if not _plain(args) or not _plain(v for _k, v in kwargs):
            return super().render(context)
        view_name = self.view_name.resolve(context)
        if type(view_name) is not str:
            return super().render(context)
        try:  # as Django's URLNode finds it
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reversed_path(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = URLNode  # the same attributes, the path kept
    return node
