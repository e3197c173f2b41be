"""The one role check of record pages (crm/lib/scoping.py)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from crm import roles
from crm.lib.scoping import may, role_required

pytestmark = pytest.mark.django_db


def _is_named_rep(*, user) -> bool:
    return user.username == "rep"


@role_required("crm.view_team_members", _is_named_rep)
def page(request):
    return HttpResponse("ok")


def _open(user):
    request = RequestFactory().get("/")
    request.user = user
    return page(request)


def test_a_user_holding_one_of_the_permissions_opens_the_page(make_user):
    assert _open(make_user(roles.SUPERVISOR)).status_code == 200


def test_a_check_of_the_user_counts_as_well(rep):
    assert _open(rep).status_code == 200


def test_anyone_else_is_refused_before_the_view_runs(make_user):
    with pytest.raises(PermissionDenied):
        _open(make_user(roles.FINANCE))


def test_may_answers_the_same_question_for_templates_and_services(make_user, rep):
    finance = make_user(roles.FINANCE)
    assert may(finance, "deals.confirm_payment")
    assert not may(finance, "crm.view_team_members", _is_named_rep)
    assert may(rep, "crm.view_team_members", _is_named_rep)


def test_a_page_for_nobody_is_a_mistake():
    with pytest.raises(ValueError, match="at least one"):
        role_required()


def test_another_reps_customer_page_answers_404_as_a_missing_one(client_for, rep, make_user):
    from django.urls import reverse

    from tests.customers.factories import CustomerFactory

    theirs = CustomerFactory(owner=make_user(roles.REP, username="other"))
    client = client_for(rep)
    missing = client.get(reverse("customers:customer_detail", args=[theirs.pk + 1000]))
    hidden = client.get(reverse("customers:customer_detail", args=[theirs.pk]))
    assert (missing.status_code, hidden.status_code) == (404, 404)
