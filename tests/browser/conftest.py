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

import pytest

from tests.support.browser import (
    BROWSER_EXECUTABLE,
    CHROMIUM_ARGS,
    DESKTOP,
    FAILURES,
    PHONE,
    sync_playwright,
)
from tests.support.reference import load_reference_data

# Playwright's sync API runs an event loop in this thread; Django would refuse ORM calls from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Transactional tests elsewhere in the suite flush the database; put the reference data back
    before each journey."""
    load_reference_data()
