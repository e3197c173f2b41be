"""The demo set: one login per role, Chinese names, safe to load twice."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_USERS as DEMO_SECOND_FACTOR
from crm.demo import DEMO_PASSWORD, USERS
from crm.models import Region, StaffProfile, Team
from crm.roles import ROLES
from customers.models import AccessRequest, ArchiveCard, CardCheckout, Customer, Survey
from deals.models import Deal, Payment, PaymentStatus

pytestmark = pytest.mark.django_db


def counts():
    User = get_user_model()
    return (
        User.objects.count(),
        Team.objects.count(),
        Region.objects.count(),
        StaffProfile.objects.count(),
        StaffProfile.history.count(),
        Customer.objects.count(),
        Survey.objects.count(),
        ArchiveCard.objects.count(),
        CardCheckout.objects.count(),
        AccessRequest.objects.count(),
        Deal.objects.count(),
        Payment.objects.count(),
    )


def test_loading_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first


def test_there_is_a_demo_login_for_every_role():
    call_command("load_demo")
    held = {code for user in USERS for code in user.roles}
    assert held == {role.code for role in ROLES}


def test_the_command_prints_every_login_with_its_password(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for user in USERS:
        assert user.username in out
    assert DEMO_PASSWORD in out


@pytest.mark.parametrize("username", [u.username for u in USERS])
def test_each_demo_user_logs_in_and_sees_the_dashboard(client, username):
    call_command("load_demo")
    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    if username in DEMO_SECOND_FACTOR:
        # SEC-5: the second step, with the code `manage.py demo_otp_code` prints.
        assert response.request["PATH_INFO"] == reverse("accounts:otp_verify")
        code = io.StringIO()
        call_command("demo_otp_code", username, stdout=code)
        response = client.post(
            reverse("accounts:otp_verify"), {"code": code.getvalue().strip()}, follow=True
        )
    assert response.status_code == 200
    assert response.context["panels"], username


def test_the_demo_shows_every_step_of_the_paperwork(frozen_now):
    call_command("load_demo")
    assert Survey.objects.filter(status="submitted").count() == 2  # waiting for the manager
    assert Survey.objects.filter(status="sealed").count() == 1
    assert AccessRequest.objects.filter(status="pending").count() == 1
    statuses = sorted(ArchiveCard.objects.values_list("status", flat=True))
    assert statuses == ["draft", "in_custody", "in_custody", "in_custody", "submitted"]
    (lent,) = CardCheckout.objects.all()
    assert lent.returned_at is None
    assert lent.due_on < frozen_now.date()  # overdue today


def test_the_demo_has_confirmed_sales_and_payments_waiting_for_finance():
    call_command("load_demo")
    assert Payment.objects.filter(status=PaymentStatus.CONFIRMED).exists()
    assert Payment.objects.filter(status=PaymentStatus.PENDING).exists()
