"""`make run`'s server: it says the address it really serves, and Ctrl-C or SIGTERM stops
the web server and the task worker within 5 seconds."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from crm.management.commands.devserver import STOP_SIGNALS, addrport_parse, probe_url

ROOT = Path(__file__).resolve().parents[2]
STOPPED_WITHIN = 5.0


def test_the_address_is_read_as_runserver_reads_it():
    assert addrport_parse("8111") == ("127.0.0.1", 8111)
    assert addrport_parse("0.0.0.0:8111") == ("0.0.0.0", 8111)
    assert addrport_parse("[::1]:8111") == ("[::1]", 8111)
    with pytest.raises(CommandError):
        addrport_parse("localhost")


def test_a_wildcard_address_is_asked_on_loopback():
    assert probe_url(host="0.0.0.0", port=8111) == "http://127.0.0.1:8111/healthz"
    assert probe_url(host="localhost", port=8111) == "http://localhost:8111/healthz"


def test_ctrl_c_sigterm_and_a_closed_terminal_stop_it_alike():
    # Its children run in sessions of their own, so whichever signal reaches the command
    # (SIGINT from the terminal, SIGTERM, SIGHUP) takes the path the test below times.
    assert set(STOP_SIGNALS) == {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def test_make_run_serves_on_the_host_and_port_it_is_given():
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0", "PORT=8111"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "manage.py devserver --demo 0.0.0.0:8111" in dry_run.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc), whatever session it started."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def worker_env(tmp_path_factory):
    """A development environment on a SQLite file holding the task queue's tables only:
    enough for the worker to start, in seconds rather than a full migrate."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crm.settings",
        "ENV_FILE": os.devnull,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('devserver') / 'dev.sqlite3'}",
        "REDIS_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    script = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', 'auth', verbosity=0); "
        "call_command('migrate', 'django_q', verbosity=0)"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=120)
    return env


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree in /proc")
def test_it_serves_then_stops_the_server_and_the_worker_within_5_seconds(worker_env, tmp_path):
    port = _free_port()
    log = tmp_path / "devserver.log"
    with log.open("w") as out:
        devserver = subprocess.Popen(
            [sys.executable, "manage.py", "devserver", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=worker_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own, as `make run` has in a terminal
        )
    processes: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while f"Serving http://127.0.0.1:{port}/" not in log.read_text():
            assert devserver.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        processes = _descendants(devserver.pid)
        assert len(processes) >= 4  # the server and its reloader, the worker and its sentinel

        started = time.monotonic()
        os.killpg(devserver.pid, signal.SIGTERM)  # as to `make run`'s group
        devserver.wait(timeout=STOPPED_WITHIN + 5)
        while any(_alive(pid) for pid in processes) and time.monotonic() - started < 10:
            time.sleep(0.05)
        took = time.monotonic() - started
    finally:
        for pid in {devserver.pid, *processes, *_descendants(devserver.pid)}:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    assert devserver.returncode == 0, log.read_text()
    assert not [pid for pid in processes if _alive(pid)]
    assert took < STOPPED_WITHIN
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0  # nothing answers there any more
