"""The cheaper translate, blocktranslate and url tags (initiatives/templatetags/i18n_cached.py
and url_once.py) must write what Django's own write: every page as every role, in Dutch and in
English, each of their nodes rendered both ways and compared. What they keep must follow the
language, the script prefix and the URL configuration."""

from collections import Counter

import pytest
from django.template import Context, Template, defaulttags, engines
from django.templatetags import i18n as django_i18n
from django.test import override_settings
from django.urls import NoReverseMatch, get_script_prefix, set_script_prefix
from django.utils import translation
from django.utils.safestring import SafeData

from initiatives.templatetags import i18n_cached, url_once
from initiatives.templating import DjangoTemplates
from tests.support import hostile
from tests.support.hostile import EN, MARKUP, crawl, rolled_back

pytestmark = pytest.mark.django_db

OURS = {
    i18n_cached.TranslateNode: django_i18n.TranslateNode,
    i18n_cached.BlockTranslateNode: django_i18n.BlockTranslateNode,
    url_once.URLNode: defaulttags.URLNode,
}


@pytest.fixture
def compared(monkeypatch):
    """Each of our nodes renders as ours, then as Django's; both outputs are kept if they
    differ (in text, in being marked safe, or in the variable ``as`` sets)."""
    rendered, differences = Counter(), []

    def both_ways(ours, djangos):
        def render(self, context, *args):
            def once(render_with):
                text = render_with(self, context, *args)
                kept = context.get(self.asvar) if getattr(self, "asvar", None) else None
                return text, isinstance(text, SafeData), kept, isinstance(kept, SafeData)

            mine, theirs = once(ours), once(djangos.render)
            rendered[djangos.__name__] += 1
            if mine != theirs:
                differences.append((djangos.__name__, mine, theirs))
            return mine[0]

        return render

    for node_class, djangos in OURS.items():
        monkeypatch.setattr(node_class, "render", both_ways(node_class.render, djangos))
    return rendered, differences


def test_every_template_uses_the_cheaper_tags():
    engine = engines["django"].engine
    assert engine.template_libraries["i18n"] is i18n_cached.register
    node = Template("{% load i18n %}{% translate 'Menu' %}{% url 'home' %}").nodelist
    assert [type(n) for n in node if not isinstance(n, defaulttags.LoadNode)] == [
        i18n_cached.TranslateNode,
        url_once.URLNode,
    ]


@pytest.mark.parametrize("headers", [EN, {"HTTP_ACCEPT_LANGUAGE": "nl"}], ids=["en", "nl"])
def test_every_page_says_what_djangos_own_tags_say(compared, django_db_blocker, headers):
    rendered, differences = compared
    with hostile.world_in_transaction(django_db_blocker) as world, rolled_back():
        crawl(world, headers=headers)
    assert differences == []
    assert rendered["TranslateNode"] > 1000
    assert rendered["BlockTranslateNode"] > 100
    assert rendered["URLNode"] > 1000


def test_fixed_text_follows_the_language_it_is_rendered_in():
    template = Template(
        '{% load i18n %}{% translate "Log out" %}|{% translate "Log out" as x %}{{ x }}'
    )
    said = []
    for language in ("nl", "en", "nl"):
        with translation.override(language):
            said.append(template.render(Context()))
    assert said == ["Uitloggen|Uitloggen", "Log out|Log out", "Uitloggen|Uitloggen"]


def test_values_in_a_translated_sentence_are_escaped_in_either_language():
    template = Template(
        "{% load i18n %}{% blocktranslate with department=name %}Commitment by {{ department }}"
        "{% endblocktranslate %}"
    )
    for language, sentence in (("nl", "Toezegging van"), ("en", "Commitment by")):
        with translation.override(language):
            said = template.render(Context({"name": MARKUP}))
        assert said.startswith(sentence)
        assert MARKUP not in said and "&lt;" in said


def test_a_kept_path_follows_the_script_prefix():
    template = Template("{% url 'home' %}")
    before = get_script_prefix()
    try:
        assert template.render(Context()) == "/"
        set_script_prefix("/rotterdam/")
        assert template.render(Context()) == "/rotterdam/"
    finally:
        set_script_prefix(before)
    assert template.render(Context()) == "/"


def test_a_path_that_does_not_exist_is_an_error_unless_kept_as_a_variable():
    assert Template("{% url 'no-such-page' as x %}[{{ x }}]").render(Context()) == "[]"
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-page' %}").render(Context())


def test_a_kept_path_follows_the_url_configuration():
    template = Template("{% url 'home' %}")
    assert template.render(Context()) == "/"
    with override_settings(ROOT_URLCONF="tests.support.other_urls"):
        assert template.render(Context()) == "/elsewhere/"
    assert template.render(Context()) == "/"


def test_the_check_still_reports_any_other_library_name_used_twice():
    backend = DjangoTemplates(
        {
            "NAME": "checked",
            "DIRS": [],
            "APP_DIRS": True,
            "OPTIONS": {
                "libraries": {
                    "i18n": "initiatives.templatetags.i18n_cached",
                    "fold": "initiatives.templatetags.url_once",
                }
            },
        }
    )
    warnings = backend.check()
    assert [w.id for w in warnings] == ["templates.W003"]
    assert warnings[0].msg.startswith("'fold' is used")


def test_a_path_with_arguments_is_kept_per_argument():
    template = Template("{% url 'partnership:initiative_detail' slug %}")
    paths = [template.render(Context({"slug": slug})) for slug in ("a", "b", "a")]
    assert paths == ["/initiatieven/a/", "/initiatieven/b/", "/initiatieven/a/"]
