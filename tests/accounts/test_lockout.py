"""SEC-4: failed logins lock that account from that address for a while; every login,
failure, lock-out and logout is logged and listed for admins, who may lift a lock."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

from crm import roles
from tests.conftest import CURRENT_TIME

pytestmark = [pytest.mark.django_db, pytest.mark.rule("SEC-4")]

LOGIN = "/accounts/login/"
HOME = "10.0.0.7"
OTHER = "10.0.0.8"


def _login(client, username, password, address=HOME):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def clock():
    with time_machine.travel(CURRENT_TIME, tick=False) as traveller:
        yield traveller


def test_five_failures_lock_that_account_from_that_address(client, rep, password, clock):
    for _ in range(4):
        assert _login(client, "rep", "wrong").status_code == 200  # the form again, an error
    locked = _login(client, "rep", "wrong")
    assert locked.status_code == 429
    assert "登录已锁定" in locked.content.decode()
    # Even the right password does not open it now, from that address ...
    assert _login(client, "rep", password).status_code == 429
    # ... but the same account from another address, and others from this one, may log in.
    assert _login(client, "rep", password, address=OTHER).status_code == 302
    client.logout()
    # Fifteen minutes later the lock is over.
    clock.shift(dt.timedelta(minutes=15, seconds=1))
    assert _login(client, "rep", password).status_code == 302


def test_the_limit_and_the_lock_are_rule_settings(client, rep, password, set_param, clock):
    set_param("auth.lockout_failures", 2)
    set_param("auth.lockout_minutes", 60)
    _login(client, "rep", "wrong")
    assert _login(client, "rep", "wrong").status_code == 429
    clock.shift(dt.timedelta(minutes=59))
    assert _login(client, "rep", password).status_code == 429
    clock.shift(dt.timedelta(minutes=2))
    assert _login(client, "rep", password).status_code == 302


def test_a_success_clears_the_count(client, rep, password, clock):
    for _ in range(4):
        _login(client, "rep", "wrong")
    assert _login(client, "rep", password).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "rep", "wrong")
    assert _login(client, "rep", password).status_code == 302


def test_every_login_failure_lockout_and_logout_is_logged(client, rep, password, clock):
    _login(client, "rep", password)
    clock.shift(dt.timedelta(minutes=5))
    client.post(reverse("logout"))
    for _ in range(5):
        _login(client, "rep", "wrong")
    login = AccessLog.objects.get(username="rep")
    assert login.ip_address == HOME
    assert login.attempt_time == CURRENT_TIME
    assert login.logout_time == CURRENT_TIME + dt.timedelta(minutes=5)
    failures = AccessFailureLog.objects.filter(username="rep", ip_address=HOME)
    assert failures.count() == 5
    assert failures.filter(locked_out=True).count() == 1


def test_admins_see_the_log_and_lift_a_lock(client, client_for, rep, admin_user, password):
    _login(client, "rep", password, address=OTHER)
    client.logout()
    for _ in range(5):
        _login(client, "rep", "wrong")
    viewer = client_for(admin_user)
    page = viewer.get(reverse("accounts:login_log"))
    assert page.status_code == 200
    assert OTHER in page.content.decode()  # the login
    failures = viewer.get(reverse("accounts:login_log"), {"kind": "failures"}).content.decode()
    assert failures.count(HOME) == 5
    lockouts = viewer.get(reverse("accounts:login_log"), {"kind": "lockouts"}).content.decode()
    assert lockouts.count(HOME) == 1
    locks = viewer.get(reverse("accounts:login_log"), {"kind": "locks"}).content.decode()
    attempt = AccessAttempt.objects.get(username="rep")
    release = reverse("accounts:lock_release", args=[attempt.pk])
    assert release in locks
    assert viewer.post(release).status_code == 302
    viewer.logout()
    assert _login(client, "rep", password).status_code == 302


def test_the_log_is_for_admins_only(client_for, make_user, admin_user):
    for code in (roles.REP, roles.SALES_MANAGER, roles.GENERAL_MANAGER, roles.FINANCE):
        user = make_user(code)
        assert client_for(user).get(reverse("accounts:login_log")).status_code == 403
        assert client_for(user).post(reverse("accounts:lock_release", args=[1])).status_code == 403
    assert (
        client_for(admin_user).post(reverse("accounts:lock_release", args=[999])).status_code == 404
    )


def test_log_page_filters_by_username_and_pages(
    client_for, admin_user, django_assert_max_num_queries
):
    AccessLog.objects.bulk_create(
        AccessLog(
            username=f"user{i % 3}",
            ip_address="10.1.1.1",
            user_agent="ua",
            attempt_time=CURRENT_TIME,
        )
        for i in range(120)
    )
    viewer = client_for(admin_user)
    with django_assert_max_num_queries(12):
        page = viewer.get(reverse("accounts:login_log"), {"username": "user1", "page": 2})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 40
    assert (
        viewer.get(reverse("accounts:login_log"), {"kind": "nonsense", "page": "x"}).status_code
        == 200
    )


def test_a_username_longer_than_any_account_is_refused_and_counted_not_a_server_error(
    client, rep, clock
):
    response = _login(client, "客" * 10_000, "wrong")
    assert response.status_code == 200  # the form again with its error (PostgreSQL too)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "客" * 150
