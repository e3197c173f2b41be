"""The API sees and does exactly what its user may on the pages (API-1): the same scope
(404 outside it, as for a missing id), the same rules and limits, keyset pages."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from crm import roles
from customers.models import Customer
from deals.models import Payment, PaymentStatus
from pools.models import Ownership, OwnershipReason, ReleaseNote
from tests.customers.factories import CustomerFactory
from tests.deals.factories import grant, make_deal, make_payment
from tests.pools.factories_pool import pool_customer
from tests.visits.factories import VisitTaskFactory
from visits.models import TaskStatus, VisitRecord

NOTE = {"status": "有意向", "contact_details": "周二上午电话", "progress": "已报价"}


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def rep2(make_user):
    return make_user(roles.REP, username="rep2", last_name="陈", first_name="强")


@pytest.mark.rule("API-1")
@pytest.mark.rule("SEAL-2")
def test_a_reps_token_sees_only_their_customers_and_the_pool(api_for, rep, rep2):
    mine = CustomerFactory(owner=rep, name="王秀英")
    theirs = CustomerFactory(owner=rep2, name="李明")
    in_pool = pool_customer(name="赵丽")
    client = api_for(rep)
    body = client.get("/api/customers").json()
    assert {c["id"] for c in body["items"]} == {mine.pk, in_pool.pk}
    assert client.get(f"/api/customers/{mine.pk}").json()["phone"] == mine.phone
    missing = client.get("/api/customers/99999999")
    hidden = client.get(f"/api/customers/{theirs.pk}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert "李明" not in hidden.content.decode()
    mine_only = client.get("/api/customers?owner=mine").json()["items"]
    assert [c["id"] for c in mine_only] == [mine.pk]


@pytest.mark.rule("API-1")
def test_the_customer_list_pages_by_keyset_and_searches(api_for, rep):
    made = [CustomerFactory(owner=rep, name=f"客户{n:02d}") for n in range(5)]
    client = api_for(rep)
    first = client.get("/api/customers?limit=2").json()
    assert [c["id"] for c in first["items"]] == [made[4].pk, made[3].pk]
    second = client.get(f"/api/customers?limit=2&after={first['next_cursor']}").json()
    assert [c["id"] for c in second["items"]] == [made[2].pk, made[1].pk]
    back = client.get(f"/api/customers?limit=2&before={second['previous_cursor']}").json()
    assert back["items"] == first["items"]
    found = client.get("/api/customers", {"q": "客户03"}).json()["items"]
    assert [c["id"] for c in found] == [made[3].pk]


def test_the_customer_list_pins_its_queries(api_for, rep, django_assert_max_num_queries):
    for n in range(30):
        CustomerFactory(owner=rep, name=f"客户{n}")
    client = api_for(rep)
    client.get("/api/customers")
    with django_assert_max_num_queries(8):
        body = client.get("/api/customers?limit=25").json()
    assert len(body["items"]) == 25
    assert body["next_cursor"]


@pytest.mark.rule("API-1")
@pytest.mark.rule("INTAKE-9")
def test_creating_a_customer_checks_duplicates_first(api_for, rep, rep2):
    CustomerFactory(owner=rep2, name="李明", phone="13800138000")
    client = api_for(rep)
    new = {"kind": "person", "name": "李明明", "phone": "138-0013-8000", "source": "referral"}
    refused = post(client, "/api/customers", new)
    assert refused.status_code == 409
    body = refused.json()
    assert body["duplicates"][0]["id"] is None  # another rep's customer: not revealed
    assert body["duplicates"][0]["masked_phone"] == "138****8000"
    assert Customer.objects.filter(name="李明明").count() == 0
    wrong = post(client, "/api/customers", {**new, "confirm_duplicates": "x"})
    assert wrong.status_code == 409
    made = post(client, "/api/customers", {**new, "confirm_duplicates": body["confirm"]})
    assert made.status_code == 201
    customer = Customer.objects.get(pk=made.json()["id"])
    assert customer.phone == "13800138000"
    assert Ownership.objects.get(customer=customer).owner == rep  # POOL-1, as on the page


@pytest.mark.rule("API-1")
def test_creating_a_customer_with_bad_input_answers_the_forms_messages(api_for, rep):
    response = post(api_for(rep), "/api/customers", {"kind": "person", "name": " ", "source": ""})
    assert response.status_code == 400
    assert {"name", "source", "phone"} <= set(response.json()["errors"])
    assert not Customer.objects.exists()


@pytest.mark.rule("API-1")
@pytest.mark.rule("POOL-12")
def test_the_pool_lists_ownerless_customers_masked(api_for, rep, rep2):
    waiting = pool_customer(name="赵丽", phone="13912345678", email="zl@example.com")
    CustomerFactory(owner=rep2)
    items = api_for(rep).get("/api/pool").json()["items"]
    assert [c["id"] for c in items] == [waiting.pk]
    assert items[0]["phone"] == "139****5678"
    assert items[0]["email"] == ""
    assert items[0]["masked"] is True


@pytest.mark.rule("API-1")
@pytest.mark.rule("POOL-5")
def test_a_claim_through_the_api_obeys_the_claim_limits(api_for, rep, set_param):
    set_param("pool.max_claims_per_day", 1)
    first, second = pool_customer(), pool_customer()
    client = api_for(rep)
    claimed = post(client, f"/api/pool/{first.pk}/claim")
    assert claimed.status_code == 200
    assert claimed.json()["owner"]["id"] == rep.pk
    refused = post(client, f"/api/pool/{second.pk}/claim")
    assert refused.status_code == 409
    assert refused.json()["code"] == "max_claims"
    assert "the most allowed in a day" in refused.json()["detail"]
    assert Ownership.objects.get(customer=second).owner is None
    change = first.ownership_changes.get(reason=OwnershipReason.CLAIM)  # POOL-8, as a page claim
    assert change.to_owner == rep
    assert change.changed_by == rep


@pytest.mark.rule("API-1")
def test_claiming_another_reps_customer_answers_404(api_for, rep, rep2):
    theirs = CustomerFactory(owner=rep2)
    assert post(api_for(rep), f"/api/pool/{theirs.pk}/claim").status_code == 404
    assert Ownership.objects.get(customer=theirs).owner == rep2


@pytest.mark.rule("API-1")
@pytest.mark.rule("POOL-6")
def test_release_needs_the_note_and_returns_the_customer(api_for, rep):
    customer = CustomerFactory(owner=rep)
    client = api_for(rep)
    missing = post(client, f"/api/customers/{customer.pk}/release", {**NOTE, "progress": " "})
    assert missing.status_code == 400
    assert "progress" in missing.json()["errors"]
    assert Ownership.objects.get(customer=customer).owner == rep
    done = post(client, f"/api/customers/{customer.pk}/release", NOTE)
    assert done.status_code == 200
    assert done.json()["owner"] is None
    assert ReleaseNote.objects.get(customer=customer).progress == "已报价"


@pytest.mark.rule("API-1")
@pytest.mark.rule("VISIT-6")
def test_my_visit_tasks_and_logging_a_visit_closes_the_task(api_for, rep, rep2):
    customer = CustomerFactory(owner=rep)
    today = timezone.localdate()
    late = VisitTaskFactory(customer=customer, assignee=rep, due_on=today - dt.timedelta(days=2))
    soon = VisitTaskFactory(customer=customer, assignee=rep, due_on=today + dt.timedelta(days=1))
    other = VisitTaskFactory(assignee=rep2)
    client = api_for(rep)
    items = client.get("/api/visits/tasks").json()["items"]
    assert [(t["id"], t["overdue"]) for t in items] == [(late.pk, True), (soon.pk, False)]
    visit = {
        "method": "phone",
        "visited_at": timezone.now().isoformat(),
        "met_whom": "本人",
        "discussed": "产品使用",
        "next_step": "下周回访",
    }
    assert post(client, f"/api/visits/tasks/{other.pk}/log", visit).status_code == 404
    bad = post(client, f"/api/visits/tasks/{late.pk}/log", {**visit, "discussed": ""})
    assert bad.status_code == 400
    assert "discussed" in bad.json()["errors"]
    logged = post(client, f"/api/visits/tasks/{late.pk}/log", visit)
    assert logged.status_code == 201
    assert logged.json()["task_closed_late"] is True
    late.refresh_from_db()
    assert late.status == TaskStatus.DONE
    assert VisitRecord.objects.get(task=late).author == rep


@pytest.mark.rule("API-1")
@pytest.mark.rule("DEAL-1")
def test_deal_payment_and_finance_confirms(api_for, rep, finance, client):
    grant(rep, "deals.add_deal", "deals.add_payment", "deals.view_deal")
    customer = CustomerFactory(owner=rep)
    client = api_for(rep)
    deal = post(
        client,
        "/api/deals",
        {
            "customer": customer.pk,
            "lines": [{"product": "灵芝", "quantity": 2, "unit_price": "150.00"}],
        },
    )
    assert deal.status_code == 201
    deal_id = deal.json()["id"]
    assert Decimal(deal.json()["total"]) == Decimal("300.00")
    too_much = post(
        client,
        f"/api/deals/{deal_id}/payments",
        {"amount": "301", "received_on": timezone.localdate().isoformat(), "method": "transfer"},
    )
    assert too_much.status_code == 400
    assert "amount" in too_much.json()["errors"]
    paid = post(
        client,
        f"/api/deals/{deal_id}/payments",
        {"amount": "300", "received_on": timezone.localdate().isoformat(), "method": "transfer"},
    )
    assert paid.status_code == 201
    assert paid.json()["status"] == PaymentStatus.PENDING
    payment_id = paid.json()["id"]
    assert post(client, f"/api/payments/{payment_id}/confirm").status_code == 403
    finance_client = api_for(finance)
    pending = finance_client.get("/api/payments/pending").json()["items"]
    assert [p["id"] for p in pending] == [payment_id]
    confirmed = post(finance_client, f"/api/payments/{payment_id}/confirm")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == PaymentStatus.CONFIRMED
    again = post(finance_client, f"/api/payments/{payment_id}/confirm")
    assert again.status_code == 409
    assert post(finance_client, "/api/payments/99999999/confirm").status_code == 404
    assert Payment.objects.get(pk=payment_id).confirmed_by == finance


@pytest.mark.rule("API-1")
def test_another_reps_deal_answers_404(api_for, rep, rep2):
    grant(rep, "deals.add_deal", "deals.add_payment", "deals.view_deal")
    theirs = make_deal(customer=CustomerFactory(owner=rep2), rep=rep2)
    make_payment(deal=theirs, amount="10")
    client = api_for(rep)
    assert client.get(f"/api/deals/{theirs.pk}").status_code == 404
    body = {"amount": "1", "received_on": timezone.localdate().isoformat(), "method": "transfer"}
    assert post(client, f"/api/deals/{theirs.pk}/payments", body).status_code == 404
    deal = {
        "customer": theirs.customer_id,
        "lines": [{"product": "x", "quantity": 1, "unit_price": "1"}],
    }
    assert post(client, "/api/deals", deal).status_code == 404


@pytest.mark.rule("API-1")
@pytest.mark.rule("SEC-7")
def test_malformed_input_never_answers_a_server_error(api_for, rep):
    customer = CustomerFactory(owner=rep)
    task = VisitTaskFactory(customer=customer, assignee=rep)
    client = api_for(rep)
    huge = 10**20
    answers = [
        client.get(f"/api/customers/{huge}").status_code,
        client.get("/api/customers/0").status_code,
        post(client, f"/api/pool/{huge}/claim").status_code,
        client.get("/api/customers?limit=-5&after=\x00_1&q=%00").status_code,
        client.post("/api/customers", "{not json", content_type="application/json").status_code,
        post(
            client, "/api/customers", {"name": "a\x00b", "kind": "person", "source": "x"}
        ).status_code,
        post(client, "/api/deals", {"customer": huge, "lines": []}).status_code,
        client.get("/api/visits/tasks?show=\x00&after=zzz").status_code,
    ]
    assert all(status < 500 for status in answers), answers
    naive = post(
        client,
        f"/api/visits/tasks/{task.pk}/log",
        {
            "method": "phone",
            "visited_at": timezone.localtime().replace(tzinfo=None, microsecond=0).isoformat(),
            "met_whom": "本人",
            "discussed": "产品使用",
            "next_step": "下周回访",
        },
    )
    assert naive.status_code == 201
