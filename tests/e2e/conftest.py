"""End-to-end journeys: Debian's chromium driven by Playwright against a live server on PostgreSQL.

Playwright's own browser download cannot work here (no internet): the
browser is ``/usr/bin/chromium`` (``CHROMIUM`` overrides it). ``make test``
runs these tests when that browser exists and says so when it does not; CI
installs it, and a CI run that cannot find it fails rather than skipping.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests
# make there (arranging data, reading rows back) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Once Playwright's event loop runs in this thread, Django hands out a new connection object;
    # give it the snapshot of the migrated rows, so each journey starts from them (serialized_rollback).
    snapshot = getattr(connections["default"], "_test_serialized_contents", None)
    with sync_playwright() as playwright:
        if snapshot is not None:
            connections["default"]._test_serialized_contents = snapshot
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=BROWSER_ARGS)
        yield chromium
        chromium.close()
    with django_db_blocker.unblock():
        _restore_migrated_rows(snapshot)


def _restore_migrated_rows(snapshot):
    """The last journey's flush leaves the tables empty: put the migrated rows back for the next run."""
    from django.contrib.auth.models import Group
    from django.db import connections

    if snapshot and not Group.objects.exists():
        connections["default"].creation.deserialize_db_from_string(snapshot)


@pytest.fixture
def site(live_server, settings, media_root):
    """The live server's base URL, serving uploaded media the way the production web server would."""
    settings.ROOT_URLCONF = "tests.e2e.urls"
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return live_server.url


@pytest.fixture
def new_page(browser, request):
    """Open a page (a fresh browser context: its own cookies) at a viewport; screenshots go to artifacts/e2e/."""
    contexts = []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(request):
    """Save a screenshot named after the test and the screen: artifacts/e2e/<test>/<name>.png.

    ``curated`` names one of the README's screenshots: ``make screenshots`` sets
    ``CURATED_SCREENSHOTS`` to docs/screenshots/, where those are written too.
    """
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    curated_folder = os.environ.get("CURATED_SCREENSHOTS")

    def take(page, name, full_page=True, curated=None):
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        if curated and curated_folder:
            Path(curated_folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(curated_folder) / f"{curated}.png"), full_page=False)
        return path

    return take


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/admin/")


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def accessibility_violations(page, *, impacts=("serious", "critical")):
    """axe-core's WCAG 2.1 AA violations of the page's current state, of the given impacts."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make e2e does)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in results["violations"]
        if v["impact"] in impacts
    ]
