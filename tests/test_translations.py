"""Every string the code marks for translation has a Dutch translation in locale/nl.

The msgids the code uses are collected by Django's own makemessages, run on a copy of the sources in
a temporary directory (so the real catalogue is never rewritten); they are compared with the entries
of locale/nl/LC_MESSAGES/django.po that carry a non-empty, non-fuzzy msgstr.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.support import po

ROOT = Path(settings.BASE_DIR)
SOURCES = ["templates", "initiatives", "publicvalue", "partnership"]
CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _msgids_in_code(tmp_path: Path) -> set[tuple[str | None, str]]:
    copy = tmp_path / "src"
    for name in SOURCES:
        shutil.copytree(
            ROOT / name,
            copy / name,
            ignore=shutil.ignore_patterns("__pycache__", "migrations", "*.pyc", "locale"),
        )
    (copy / "locale").mkdir()
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", locale=["nl"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(cwd)
    return {entry.key for entry in po.parse(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_msgid_the_code_uses_has_a_dutch_translation(tmp_path):
    used = _msgids_in_code(tmp_path)
    assert len(used) > 500, "makemessages found suspiciously few strings"
    translated = {entry.key for entry in po.parse(CATALOGUE) if entry.translated}
    missing = sorted(used - translated, key=lambda key: (key[0] or "", key[1]))
    assert not missing, "untranslated msgids (msgctxt, msgid):\n" + "\n".join(map(repr, missing))


def test_the_catalogue_has_no_fuzzy_or_empty_translations():
    untranslated = [entry.msgid for entry in po.parse(CATALOGUE) if not entry.translated]
    assert not untranslated, untranslated
