"""The known English words and raw codes that the Dutch interface must not show, and how to find
them in a page's visible text: shared by tests/test_dutch_interface.py (test client) and
tests/browser/test_every_page_fits.py (real Chromium)."""

import re
from html.parser import HTMLParser

# Whole words (case-sensitive unless marked) that the Dutch pages must not show.
LEAKS = [
    # raw role codes
    "civil_servant",
    "council_member",
    r"\bcoordinator\b(?!@)",  # not the test users' addresses
    r"\binitiator\b(?!@)",
    # English field and model names in history and audit diffs
    r"\bcommitment\b",
    r"\bauthor\b",
    r"(?i)\bcreated at\b",
    r"(?i)\bverified by\b",
    r"(?i)\brecorded by\b",
    r"(?i)\bchanged by\b",
    r"(?i)\bsettled by\b",
    r"(?i)\bDeadweight\b",
    r"\bwebsite:",
    "Bevestigings e-mail",
    # the formal form of address beside the app's "je"
    r"\b[Uu]w?\b",
    # "Aanmelden" meant both log in and register an initiative
    r"\bAanmelden\b",
    r"\bAfmelden\b",
    # common English words of third-party templates
    r"\bSign (?:In|Up|Out)\b",
    r"\bPassword\b",
    r"\bForgot\b",
    r"\bRemember Me\b",
]
PATTERNS = [re.compile(leak) for leak in LEAKS]

ALLAUTH_PAGES = (
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_logout",
    "account_change_password",
    "account_email",
    "account_email_verification_sent",
    "mfa_index",
    "mfa_activate_totp",
)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def leaks_in(text: str) -> list[str]:
    return [match.group(0) for pattern in PATTERNS for match in pattern.finditer(text)]
