"""WORK-2: the list of deals and payments for sales managers and finance: scoped like a
deal's page, sortable by date or total on keyset paging, filtered by what is owed or
waits for finance, a capped total and a pinned query count."""

from decimal import Decimal

import pytest
from django.urls import reverse

from crm import roles
from deals.views import PAGE_SIZE
from tests.customers.factories import CustomerFactory
from tests.deals.factories import make_deal, make_payment, pay_confirmed

pytestmark = [pytest.mark.django_db, pytest.mark.rule("WORK-2")]
LIST = reverse("deals:deal_list")


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager")


def _ids(response) -> list[int]:
    return [deal.pk for deal in response.context["page"].rows]


def test_finance_and_the_manager_see_every_deal_a_rep_only_their_customers(
    client_for, rep, make_user, manager, finance
):
    other = make_user(roles.REP, username="rep2")
    mine = make_deal(customer=CustomerFactory(owner=rep), rep=rep)
    theirs = make_deal(customer=CustomerFactory(owner=other), rep=other)
    assert set(_ids(client_for(finance).get(LIST))) == {mine.pk, theirs.pk}
    assert set(_ids(client_for(manager).get(LIST))) == {mine.pk, theirs.pk}
    assert _ids(client_for(rep).get(LIST)) == [mine.pk]


def test_the_menu_has_the_list_for_managers_and_finance_only(client_for, rep, manager, finance):
    for user, shown in ((manager, True), (finance, True), (rep, False)):
        content = client_for(user).get(reverse("dashboard")).content.decode()
        assert ('data-nav="deals"' in content) is shown


def test_a_doctor_may_not_open_it(client_for, make_user):
    doctor = make_user(roles.SERVICE_DOCTOR)
    assert client_for(doctor).get(LIST).status_code == 403


def test_it_shows_paid_owed_and_pending_and_filters_on_them(client_for, rep, finance):
    customer = CustomerFactory(owner=rep, name="欠款客户")
    owing = make_deal(customer=customer, rep=rep, total="1000.00")
    pay_confirmed(deal=owing, amount="400.00", finance=finance)
    pending = make_deal(customer=CustomerFactory(owner=rep), rep=rep, total="500.00")
    make_payment(deal=pending, amount="500.00")
    paid = make_deal(customer=CustomerFactory(owner=rep), rep=rep, total="200.00")
    pay_confirmed(deal=paid, amount="200.00", finance=finance)
    client = client_for(finance)
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    rows = {deal.pk: deal for deal in response.context["page"].rows}
    assert rows[owing.pk].paid == Decimal("400.00")
    assert rows[owing.pk].balance == Decimal("600.00")
    assert rows[pending.pk].pending == 1
    content = response.content.decode()
    assert "¥600.00" in content
    assert "1 to confirm" in content
    assert set(_ids(client.get(LIST, {"show": "owing"}))) == {owing.pk, pending.pk}
    assert _ids(client.get(LIST, {"show": "pending"})) == [pending.pk]
    assert _ids(client.get(LIST, {"q": "欠款客户"})) == [owing.pk]


def test_it_sorts_by_total_through_keyset_pages(client_for, rep, finance):
    customer = CustomerFactory(owner=rep)
    deals = [
        make_deal(customer=customer, rep=rep, total=f"{100 + i % 7}.00")
        for i in range(PAGE_SIZE + 4)
    ]
    client = client_for(finance)
    first = client.get(LIST, {"sort": "-total"})
    second = client.get(f"{LIST}?{first.context['next_query']}")
    seen = first.context["page"].rows + second.context["page"].rows
    assert len({d.pk for d in seen}) == len(deals)
    totals = [d.total for d in seen]
    assert totals == sorted(totals, reverse=True)
    ascending = client.get(LIST, {"sort": "total"}).context["page"].rows
    assert ascending[0].total == Decimal("100.00")


def test_it_keeps_a_few_queries_and_a_capped_total(
    client_for, rep, finance, set_param, django_assert_max_num_queries
):
    for _ in range(PAGE_SIZE + 2):
        deal = make_deal(customer=CustomerFactory(owner=rep), rep=rep)
        make_payment(deal=deal, amount="10.00")
    client = client_for(finance)
    with django_assert_max_num_queries(11):  # on a cold cache
        response = client.get(LIST)
    assert response.context["page"].has_next
    assert response.context["total"].count == PAGE_SIZE + 2
    set_param("lists.total_cap", 10)
    assert 'data-total="10+"' in client.get(LIST).content.decode()
    with django_assert_max_num_queries(10):
        client.get(f"{LIST}?{response.context['next_query']}")
