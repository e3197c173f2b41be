"""Issue 13, item 7: a session ends after an idle time (default 8 hours, a rule setting),
and failed logins are logged."""

import datetime as dt
import logging

import pytest
import time_machine
from axes.models import AccessFailureLog, AccessLog

from tests.conftest import CURRENT_TIME

pytestmark = [pytest.mark.django_db, pytest.mark.rule("SEC-4")]


@pytest.fixture
def clock():
    with time_machine.travel(CURRENT_TIME, tick=False) as traveller:
        yield traveller


def _login(client, user, password):
    assert client.post("/accounts/login/", {"username": user.username, "password": password})[
        "Location"
    ]


def test_a_session_idle_for_eight_hours_ends(client, rep, password, clock):
    _login(client, rep, password)
    clock.shift(dt.timedelta(hours=7, minutes=59))
    assert client.get("/").status_code == 200  # still in, and the clock starts again
    clock.shift(dt.timedelta(hours=7, minutes=59))
    assert client.get("/").status_code == 200
    clock.shift(dt.timedelta(hours=8, minutes=1))
    response = client.get("/customers/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/customers/"
    assert client.get("/").status_code == 302  # logged out for good
    assert AccessLog.objects.get(username="rep").logout_time == CURRENT_TIME + dt.timedelta(
        hours=24, minutes=-1
    )


def test_the_idle_time_is_a_rule_setting(client, rep, password, set_param, clock):
    set_param("auth.idle_minutes", 30)
    _login(client, rep, password)
    clock.shift(dt.timedelta(minutes=29))
    assert client.get("/").status_code == 200
    clock.shift(dt.timedelta(minutes=31))
    assert client.get("/").status_code == 302


def test_failed_logins_are_logged(client, rep, caplog):
    with caplog.at_level(logging.WARNING, logger="crm.security"):
        client.post(
            "/accounts/login/", {"username": "rep", "password": "nope"}, REMOTE_ADDR="10.9.9.9"
        )
    assert "login failed: username='rep' address=10.9.9.9" in caplog.text
    assert AccessFailureLog.objects.filter(username="rep", ip_address="10.9.9.9").count() == 1
