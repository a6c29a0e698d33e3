"""Django's ``i18n`` template library, with fixed text translated once per language.

Settings register this module under the name ``i18n``, so every ``{% load i18n %}`` gets it:
the same tags and filters as Django's, the same output. Only two things are cheaper:

- ``{% translate "Menu" %}`` of fixed text: Django makes a lazy string, resolves it, looks up
  the active language and escapes the result on every render (about 25 µs); the partner page
  renders over a hundred. Here the node keeps its text per language (and autoescape), as
  gettext gave it the first time.
- ``{% blocktranslate %}`` rebuilds its message id from its tokens on every render; here the ids
  are built once per node (they depend on the tokens only) and, without a plural or a message
  context, the translation kept per language. Its values are resolved, escaped and put in as
  before; with a plural, gettext is asked every time (the count differs).

The kept texts are forgotten when the settings that choose the catalogues change (tests); in a
running server the catalogues only change with a restart, which empties them too.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import render_value_in_context
from django.templatetags import i18n as django_i18n
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

_TRANSLATION_SETTINGS = {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}
_generation = [0]  # which catalogues the kept texts came from


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:
    if setting in _TRANSLATION_SETTINGS:
        _generation[0] += 1


class TranslateNode(django_i18n.TranslateNode):
    """``{% translate %}``; of fixed text without filters, translated once per language."""

    def render(self, context):
        expression = self.filter_expression
        if self.noop or self.message_context or expression.filters or not expression.is_var:
            return super().render(context)
        if getattr(expression.var, "lookups", True) is not None:  # a variable, not fixed text
            return super().render(context)
        key = (get_language(), context.autoescape, _generation[0])
        kept = self.__dict__.setdefault("_kept", {})
        value = kept.get(key)
        if value is None:  # as Django's render makes it
            expression.var.translate = True
            value = render_value_in_context(expression.resolve(context), context)
            is_safe = isinstance(value, SafeData)
            value = value.replace("%%", "%")
            value = kept[key] = mark_safe(value) if is_safe else value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


class BlockTranslateNode(django_i18n.BlockTranslateNode):
    """``{% blocktranslate %}`` whose message ids are built once; without a plural or a
    message context, its translation kept per language too."""

    def render_token_list(self, tokens):
        kept = self.__dict__.setdefault("_ids", {})
        ids = kept.get(id(tokens))
        if ids is None:
            ids = kept[id(tokens)] = super().render_token_list(tokens)
        message, names = ids
        return message, list(names)  # Django extends the list it gets back

    def render(self, context, nested=False):
        if nested or self.plural or self.message_context:
            return super().render(context, nested)
        message, names = self.render_token_list(self.singular)
        key = (get_language(), _generation[0])
        kept = self.__dict__.setdefault("_kept", {})
        translated = kept.get(key)
        if translated is None:
            translated = kept[key] = gettext(message)
        values = {name: value.resolve(context) for name, value in self.extra_context.items()}
        default = context.template.engine.string_if_invalid
        data = {}
        for name in names:
            if name in values:
                value = values[name]
            elif name in context:
                value = context[name]
            else:
                value = default % name if "%s" in default else default
            data[name] = render_value_in_context(value, context)
        try:
            result = translated % data
        except (KeyError, ValueError):  # a broken translation: Django's way (the message id)
            return super().render(context, nested)
        if self.asvar:
            context[self.asvar] = SafeString(result)
            return ""
        return result


def _faster(compile_function, node_class):
    def compile_tag(parser, token):
        node = compile_function(parser, token)
        node.__class__ = node_class  # the same attributes, a faster render
        return node

    return compile_tag


for _name in ("translate", "trans"):
    register.tags[_name] = _faster(django_i18n.do_translate, TranslateNode)
for _name in ("blocktranslate", "blocktrans"):
    register.tags[_name] = _faster(django_i18n.do_block_translate, BlockTranslateNode)
