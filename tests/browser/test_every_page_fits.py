"""Every page the crawler knows, as every role that may see it, on a phone (390 px) and a desktop
(1280 px) in real Chromium: the page never scrolls sideways (wide tables scroll in their own box),
axe-core finds nothing serious or critical, and the Dutch interface shows none of the known
English words or raw codes (the list in tests/support/dutch.py).

One test per role, one browser context per role logged in once by its session cookie; each page
is opened once and checked at both widths by resizing the window; axe-core runs once per page and
width, as the first role that sees it (see ``AXE_DONE``).
The test client first asks which pages the role gets (a 200 with HTML), so a page is opened only
as the roles that may see it.
"""

import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.support.browser import DESKTOP, PHONE, axe_problems, overflow_of
from tests.support.dutch import ALLAUTH_PAGES, leaks_in
from tests.support.hostile import ROLES, build_world, page_urls

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NL = {"HTTP_ACCEPT_LANGUAGE": "nl"}


def _pages_of(world, role: str) -> list[str]:
    """The paths that answer ``role`` with a 200 and HTML: the crawler's pages and allauth's."""
    urls, _unknown = page_urls(world)
    paths = sorted(set(urls.values())) + [reverse(name) for name in ALLAUTH_PAGES]
    client = world.client(role)
    client.raise_request_exception = False
    seen = []
    for path in paths:
        response = client.get(path, **NL)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            seen.append(path)
    return seen


def _session_cookie(world, role: str, url: str) -> list[dict]:
    """The session a force-logged-in test client holds, as a cookie for the browser."""
    client: Client = world.client(role)
    cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    if cookie is None:
        return []
    return [{"name": cookie.key, "value": cookie.value, "url": url}]


# (path, width) already checked by axe-core as another role: axe takes about a second a page,
# and a page differs between roles in its menu and forms, not in its markup patterns. Overflow
# and the Dutch words are checked for every role at both widths.
AXE_DONE: set[tuple[str, str]] = set()


def _check(page, path: str, width: str, problems: list[str]) -> None:
    where = f"{path} at {width}"
    overflow = overflow_of(page)
    if overflow:
        problems.append(f"{where}: {overflow}")
    if (path, width) not in AXE_DONE:
        AXE_DONE.add((path, width))
        problems += [f"{where}: {line}" for line in axe_problems(page)]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_and_a_desktop_reads_dutch_and_passes_axe(
    role, browser, live_server, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    settings.MFA_REQUIRED_FOR_COORDINATORS = False
    started = time.monotonic()
    world = build_world()
    paths = _pages_of(world, role)
    assert len(paths) > 10, "the crawl found suspiciously few pages"

    problems: list[str] = []
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    context.set_default_timeout(15_000)
    context.add_cookies(_session_cookie(world, role, live_server.url))
    page = context.new_page()
    for path in paths:
        response = page.goto(live_server.url + path)
        if response is None or not response.ok:
            problems.append(f"{path}: answered {response and response.status}")
            continue
        page.set_viewport_size(PHONE)
        _check(page, path, "390 px", problems)
        leaks = leaks_in(" ".join(page.locator("body").inner_text().split()))
        if leaks:
            problems.append(f"{path}: English or raw codes {sorted(set(leaks))}")
        page.set_viewport_size(DESKTOP)
        _check(page, path, "1280 px", problems)
    context.close()

    took = time.monotonic() - started
    print(f"\n{role}: {len(paths)} pages at two widths in {took:.0f} s")
    assert not problems, f"{len(problems)} problem(s) as {role}:\n" + "\n".join(problems)
