"""What the browser journeys share: where Chromium is, screen sizes, where screenshots go, and the
checks and steps every journey uses (axe-core, phone width, logging in, the language switch).
The fixtures (browser, page, phone_page) are in tests/browser/conftest.py."""

import functools
import os
import re
import warnings
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - exercised only where the test extra is missing
    expect = sync_playwright = None

BROWSER_EXECUTABLE = os.environ.get("BROWSER_EXECUTABLE", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
FAILURES = OUTPUT / "browser-failures"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# Known violations shown as warnings (not failures) until fixed, each as (axe rule, CSS-selector
# suffix of the offending element). Keep this list short and dated; it is empty now.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


def _known(violation: dict, node: dict) -> bool:
    return any(
        violation["id"] == rule and node["target"][-1].endswith(suffix)
        for rule, suffix in KNOWN_VIOLATIONS
    )


# Pages known to be wider than a phone's screen (warned, not failed); empty now.
KNOWN_OVERFLOW_PATHS: tuple[re.Pattern, ...] = ()


def settle(page) -> None:
    """Wait until the page a click led to has loaded: a click returns once the navigation has
    started, when the new document may not have a body yet to measure or check."""
    page.wait_for_load_state("load")


def overflow_of(page) -> str:
    """'' when the page fits its window, else how wide it is (scrollWidth beyond innerWidth): on
    no screen may the page scroll sideways; wide tables scroll in their own .table-scroll box."""
    settle(page)
    page_width, screen = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if page_width <= screen:
        return ""
    culprits = ", ".join(page.evaluate(WIDEST_JS))
    return f"{path_of(page)} is {page_width} px wide on a {screen} px screen ({culprits})"


# The outermost elements that stick out of the window (not inside a box that scrolls or clips
# them), named by tag and class: where to look when a page is too wide.
WIDEST_JS = """() => {
  const w = window.innerWidth, found = [];
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const parent = el.parentElement;
    if (el.getBoundingClientRect().right <= w + 1) continue;
    const inner = parent && parent !== document.body;
    if (inner && parent.getBoundingClientRect().right > w + 1) continue;
    if (clipped(el)) continue;
    const names = typeof el.className === 'string' ? el.className.trim() : '';
    const cls = names ? '.' + names.split(/\\s+/).join('.') : '';
    found.push(el.tagName.toLowerCase() + cls);
    if (found.length >= 4) break;
  }
  return found;
}"""


def fits_screen_check(page) -> None:
    """Fail when the page scrolls sideways (known pages only warn)."""
    message = overflow_of(page)
    if not message:
        return
    if any(known.match(path_of(page).split("?")[0]) for known in KNOWN_OVERFLOW_PATHS):
        warnings.warn(f"known issue: {message}", stacklevel=3)
    else:
        pytest.fail(message, pytrace=False)


@functools.cache
def _axe_script() -> str:
    """axe.min.js as bundled in the axe-playwright-python package: nothing is downloaded."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def axe_problems(page) -> list[str]:
    """One line per serious or critical axe-core violation of the page as it is now. axe-core is
    put into the page once (checking the same page again at another width reuses it)."""
    settle(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_script())
    response = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for v in response["violations"]:
        if v["impact"] not in ("serious", "critical"):
            continue
        nodes = [n for n in v["nodes"] if not _known(v, n)]
        if len(nodes) < len(v["nodes"]):
            warnings.warn(f"known accessibility issue {v['id']} on {path_of(page)}", stacklevel=2)
        if nodes:
            targets = "; ".join(", ".join(map(str, n["target"])) for n in nodes[:5])
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return lines


def axe_check(page) -> None:
    """Fail on serious or critical axe-core violations of the page as it is now, listing them;
    on a phone-sized page also on anything wider than the screen."""
    if page.viewport_size and page.viewport_size["width"] <= PHONE["width"]:
        fits_screen_check(page)
    bad = axe_problems(page)
    if bad:
        lines = [f"{len(bad)} serious/critical accessibility violation(s) on {page.url}:"]
        lines += [f"- {line}" for line in bad]
        pytest.fail("\n".join(lines), pytrace=False)


def visit(page, url: str) -> None:
    """Open the absolute ``url``, expect no error status, and check the page with axe-core."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    axe_check(page)


def screenshot(page, journey: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{journey}.png"
    page.screenshot(path=str(path), full_page=True, scale="css")
    return path


def log_in(page, live_server, email: str, password: str) -> None:
    """Log in through the real allauth form, as a person would."""
    page.goto(f"{live_server.url}/accounts/login/")
    axe_check(page)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=login]) button[type=submit]").click()
    page.wait_for_load_state()
    # The header names the person (their profile link), no longer their address; on a phone it
    # sits in the folded menu.
    expect(page.locator(".account-nav a[href='/account/profiel/']")).to_be_attached()


def open_menu(page) -> None:
    """On a phone the header's navigation is folded behind the Menu button: open it (on a wide
    screen the button is hidden and the navigation always shown)."""
    button = page.locator(".site-menu > summary")
    if button.is_visible() and page.locator(".site-menu[open]").count() == 0:
        button.click()


def open_filters(page) -> None:
    """On a phone a page's filter fields are folded behind one Filters button: open it."""
    button = page.locator(".filter-fold > summary").first
    if button.is_visible() and page.locator(".filter-fold[open]").count() == 0:
        button.click()


def switch_to_english(page) -> None:
    """Use the header's language switch (a form, no JavaScript) to read the site in English."""
    if page.locator("html").get_attribute("lang") != "en":
        page.locator(".lang-switch button[value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


def path_of(page) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for ``secret`` (waiting out the last seconds of
    a 30-second window, so the code is still valid when the form arrives)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def log_in_with_code(page, live_server, email: str, password: str, secret: str) -> None:
    """Log in with the password and then the code of the authenticator app (staff roles)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=login]) button[type=submit]").click()
    page.wait_for_load_state()
    axe_check(page)
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("form:has(input[name=code]) button[type=submit]:not([form])").click()
    page.wait_for_load_state()
    # Logged in: the header names the person through their profile link (not their address).
    expect(page.locator(".account-nav a[href='/account/profiel/']")).to_be_attached()


def activate_authenticator(page, password: str) -> str:
    """Where staff without a second factor are sent: allauth first asks the password again
    (a fresh login is needed to add a factor), then shows the secret; read it as a person would
    type it into their app, and confirm with the app's code."""
    if "/accounts/reauthenticate/" in page.url:
        axe_check(page)
        page.locator("input[name=password]").fill(password)
        page.locator("form:has(input[name=password]) button[type=submit]:not([form])").click()
        page.wait_for_load_state()
    assert "/accounts/2fa/totp/activate/" in page.url, page.url
    axe_check(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("form:has(input[name=code]) button[type=submit]:not([form])").click()
    page.wait_for_load_state()
    return secret


def log_out(page) -> None:
    page.locator(".account-nav button[type=submit]").click()
    page.wait_for_load_state()
    # Logged out: the header offers to log in, and names nobody.
    expect(page.locator(".account-nav a[href='/account/profiel/']")).to_have_count(0)
    expect(page.locator(".account-nav a[href='/accounts/login/']")).to_be_attached()
