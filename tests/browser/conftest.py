"""Real headless Chromium (Debian's package) driven by Playwright against pytest-django's live
server.

Without Chromium or the playwright package the browser tests are skipped with a message; with
``REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail instead, so CI can never pass by skipping.
``BROWSER_EXECUTABLE`` points at another Chromium (``/nonexistent`` simulates a machine without
one).
"""

import os
import re
import shutil
import warnings
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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

# Every test module here sets ``pytestmark`` to the ``browser`` marker and
# ``django_db(transaction=True, serialized_rollback=True)``.
# The live server needs a committed database, and the reference data from data migrations (areas,
# roles, departments, ...) must be restored for each test after the previous one's flush.


def _missing_browser() -> str | None:
    if sync_playwright is None:
        return "playwright is not installed: pip install -e '.[test]'"
    if not os.path.exists(BROWSER_EXECUTABLE):
        return f"Chromium not installed at {BROWSER_EXECUTABLE}: apt-get install chromium"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = _missing_browser()
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {missing}", pytrace=False)
        pytest.skip(missing)
    shutil.rmtree(FAILURES, ignore_errors=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=BROWSER_EXECUTABLE, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _open(browser, **options):
    """A fresh context (own cookies) and page; the CSP stays on (axe-core is injected through the
    DevTools protocol, which the policy does not block), and any CSP violation fails the test."""
    context = browser.new_context(locale="nl-NL", **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and page.problems.append(msg.text),
    )
    page.on(
        "response",
        lambda r: r.status >= 500 and page.problems.append(f"{r.status} from {r.url}"),
    )
    return context, page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


def _close(request, context, page):
    """Close the context; after a failed test keep the page's screenshot and HTML for reading."""
    if getattr(request.node, "browser_failed", False) and not page.is_closed():
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(FAILURES / f"{name}.png"), full_page=True, scale="css")
        (FAILURES / f"{name}.html").write_text(page.content())
    context.close()
    assert not page.problems, "CSP violations or server errors:\n" + "\n".join(page.problems)


@pytest.fixture
def page(request, browser, live_server):
    context, page = _open(browser, viewport=DESKTOP)
    yield page
    _close(request, context, page)


@pytest.fixture
def phone_page(request, browser, live_server):
    context, page = _open(
        browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3
    )
    yield page
    _close(request, context, page)


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


REFERENCE_DATA_MIGRATIONS = (
    "initiatives.accounts.migrations.0002_roles_and_departments",
    "initiatives.migrations.0002_reference_data",
    "partnership.migrations.0002_request_kinds",
    "publicvalue.migrations.0002_value_framework",
)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Transactional tests elsewhere in the suite flush the database, reference data included;
    the data migrations' own loaders (idempotent) put areas, roles, departments, themes, kinds of
    request and the value framework back before each journey."""
    from importlib import import_module

    from django.apps import apps

    for module in REFERENCE_DATA_MIGRATIONS:
        import_module(module).load(apps, None)
