"""`make run`: the development web server and a task worker, started and stopped together.

Each child runs in a session of its own, so Ctrl-C (SIGINT to the terminal's foreground
group) or SIGTERM (to `make run`'s group) reaches this process only, and it stops each
child the way that child expects, within STOP_TIMEOUT seconds:

- the worker (django-q2's `qcluster`) gets one SIGTERM on its main process and stops its
  processes in about a second. A signal to its whole group also reaches its sentinel, which
  then dies while the main process waits for it forever (django-q2 issue #346): that is how
  `make run` used to leave a worker running after SIGTERM.
- the web server (`runserver` and its autoreloader) gets SIGTERM on its group.

Whatever still runs after that is killed. The address is printed once the server has
answered a request on it, so it is the address really served.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

STOP_TIMEOUT = 3.0  # seconds the children get to stop before they are killed
READY_TIMEOUT = 120.0  # seconds the server gets to answer its first request
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def addrport_parse(addrport: str) -> tuple[str, int]:
    """ "HOST:PORT" or "PORT" (on 127.0.0.1), as runserver reads it."""
    host, sep, port = addrport.rpartition(":")
    if not port.isdigit():
        raise CommandError(f"{addrport!r} is not HOST:PORT or PORT")
    return (host if sep and host else "127.0.0.1"), int(port)


def probe_url(*, host: str, port: int) -> str:
    """Where to ask whether the server answers: a wildcard address is asked on loopback."""
    local = {"0.0.0.0": "127.0.0.1", "[::]": "[::1]", "0": "127.0.0.1"}.get(host, host)
    return f"http://{local}:{port}/healthz"


def _answers(url: str) -> bool:
    # No proxy: the server is on this machine whatever http_proxy says.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    """`sig` to every process of the child's session (its pid is the group's id)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group is gone
        os.killpg(process.pid, sig)


class Command(BaseCommand):
    help = (
        "Run the development web server and a task worker together; Ctrl-C or SIGTERM "
        "stops both within a few seconds."
    )
    # The web server's own process runs the checks; this one only starts and stops.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="First migrate, set up the schedules and load the demo data (make run).",
        )

    def handle(self, *args, addrport: str, demo: bool, **options):
        host, port = addrport_parse(addrport)
        if demo:
            # In this process: each command of its own would start Django again (2-3 s).
            call_command("migrate", interactive=False)
            call_command("setup_schedules")
            call_command("load_demo")
            connections.close_all()
        self.stop_signal = None
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._on_signal)
        worker = self._start("qcluster")
        server = self._start("runserver", f"{host}:{port}")
        children = {"task worker": worker, "web server": server}
        try:
            if self._wait_until_served(probe_url(host=host, port=port), children):
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Serving http://{host}:{port}/ with a task worker: log in there as "
                        "one of the demo users. Ctrl-C stops both."
                    )
                )
            while self.stop_signal is None and self._ended(children) is None:
                time.sleep(0.1)
        finally:
            ended = self._ended(children)
            self._stop(worker=worker, server=server)
        if self.stop_signal is None and ended is not None:
            name, code = ended
            raise CommandError(f"The {name} stopped (exit status {code}), so the other did too.")

    def _on_signal(self, signum, frame) -> None:
        self.stop_signal = self.stop_signal or signum

    def _start(self, *command: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), *command],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    @staticmethod
    def _ended(children: dict[str, subprocess.Popen]) -> tuple[str, int] | None:
        for name, process in children.items():
            if process.poll() is not None:
                return name, process.returncode
        return None

    def _wait_until_served(self, url: str, children: dict[str, subprocess.Popen]) -> bool:
        deadline = time.monotonic() + READY_TIMEOUT
        while self.stop_signal is None and self._ended(children) is None:
            if _answers(url):
                return True
            if time.monotonic() > deadline:
                self.stderr.write(f"The web server did not answer {url} in {READY_TIMEOUT:.0f} s.")
                return False
            time.sleep(0.2)
        return False

    def _stop(self, *, worker: subprocess.Popen, server: subprocess.Popen) -> None:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)  # its main process only: see the module doc
        _signal_group(server, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in (worker, server):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(deadline - time.monotonic(), 0))
        # Whatever is left in either group (a worker busy with a task, a reloaded server).
        for process in (worker, server):
            _signal_group(process, signal.SIGKILL)
            process.wait()
