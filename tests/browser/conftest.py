"""Headless Debian chromium for browser tests (playwright cannot download a browser here)."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the live server and the
# test's own database calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session", autouse=True)
def serial_live_server_on_sqlite():
    """On SQLite the live server answers one request at a time.

    The test database is in memory there, so Django hands the live server the test's own
    connection; its threaded server would use that one connection from several threads when
    the browser loads a page and its htmx panels at once ("bad parameter or other API
    misuse"). A serial server queues them, and says `Connection: close` so none waits on
    a kept-alive one.
    """
    from django.core.servers.basehttp import WSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    if connection.vendor != "sqlite":
        yield
        return

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            # LiveServerThread.run() already gives its thread the shared connection.
            super().__init__(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", SerialWSGIServer)
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM=...)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "locale": "zh-CN"}


@pytest.fixture
def live_db(transactional_db):
    """The live server's database, with the role groups a flush between tests removes."""
    from crm.roles import sync_roles

    sync_roles()
