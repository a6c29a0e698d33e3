"""What the browser journeys share: where Chromium is, screen sizes, where screenshots go, and the
checks and steps every journey uses (axe-core, phone width, logging in, the language switch).
The fixtures (browser, page, phone_page) are in tests/browser/conftest.py."""

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


def fits_screen_check(page) -> None:
    """On a phone nothing may make the page scroll sideways; wide tables scroll in .table-scroll."""
    page_width, screen = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if page_width <= screen:
        return
    message = f"{path_of(page)} is {page_width} px wide on a {screen} px screen"
    if any(known.match(path_of(page).split("?")[0]) for known in KNOWN_OVERFLOW_PATHS):
        warnings.warn(f"known issue: {message}", stacklevel=3)
    else:
        pytest.fail(message, pytrace=False)


def axe_check(page) -> None:
    """Fail on serious or critical axe-core violations of the page as it is now, listing them;
    on a phone-sized page also on anything wider than the screen."""
    from axe_playwright_python.sync_playwright import Axe

    if page.viewport_size and page.viewport_size["width"] <= PHONE["width"]:
        fits_screen_check(page)

    results = Axe().run(page)
    bad = []
    for v in results.response["violations"]:
        if v["impact"] not in ("serious", "critical"):
            continue
        nodes = [n for n in v["nodes"] if not _known(v, n)]
        if len(nodes) < len(v["nodes"]):
            warnings.warn(f"known accessibility issue {v['id']} on {path_of(page)}", stacklevel=2)
        if nodes:
            bad.append({**v, "nodes": nodes})
    if bad:
        lines = [f"{len(bad)} serious/critical accessibility violation(s) on {page.url}:"]
        for v in bad:
            targets = "; ".join(", ".join(n["target"]) for n in v["nodes"][:5])
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} -> {targets}")
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
    expect(page.locator(".account-nav")).to_contain_text(email)


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
    expect(page.locator(".account-nav")).to_contain_text(email)


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
    expect(page.locator(".account-nav")).not_to_contain_text("@")
