"""Webhooks (API-2): an admin registers a URL for events; each delivery is signed with
HMAC-SHA256, sent after commit by the task queue, retried with backoff and logged.

A real HTTP receiver on 127.0.0.1 (an ephemeral port, in a thread) takes the deliveries;
the task queue runs inline in tests (Q_CLUSTER sync=True).
"""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import datetime as dt
import hashlib
import hmac
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.db import transaction

from api.models import Delivery, DeliveryStatus, Webhook, WebhookEvent
from api.services import webhook_create, webhook_emit
from api.tasks import webhook_sweep
from crm.schedules import SCHEDULES
from deals.services import payment_confirm
from pools.bulk import pool_claim_many
from pools.services import pool_claim, pool_expiry_run
from tests.conftest import CURRENT_TIME, SHANGHAI
from tests.deals.factories import make_deal, make_payment
from tests.pools.factories_pool import owned_customer, pool_customer  # noqa: F401
from tests.visits.factories import VisitTaskFactory
from visits.tasks import reminders_daily

pytestmark = pytest.mark.django_db
NOW = CURRENT_TIME


class Receiver:
    """What the local receiver got, and the statuses it answers with (last one repeats)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = [200]
        self.lock = threading.Lock()
        self.url = ""

    def answer(self) -> int:
        with self.lock:
            return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]


@pytest.fixture
def receiver():
    got = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with got.lock:
                got.requests.append({"headers": self.headers, "body": body})
            self.send_response(got.answer())
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    got.url = f"http://127.0.0.1:{server.server_port}/hook"
    yield got
    server.shutdown()
    server.server_close()


@pytest.fixture
def hook(receiver, admin_user):
    return webhook_create(
        url=receiver.url, events=[str(e) for e in WebhookEvent], by=admin_user, now=NOW
    )


def verified(hook, request) -> dict:
    """The body of a request after checking its signature as a receiver would."""
    headers, body = request["headers"], request["body"]
    timestamp = headers["X-CRM-Timestamp"]
    expected = hmac.new(
        hook.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(headers["X-CRM-Signature"], f"sha256={expected}")
    return json.loads(body)


@pytest.mark.rule("API-2")
def test_a_claim_is_delivered_after_commit_with_a_valid_signature(
    hook, receiver, rep, frozen_now, django_capture_on_commit_callbacks
):
    customer = pool_customer(name="北方药房")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pool_claim(customer=customer, user=rep, now=frozen_now)
        assert receiver.requests == []  # nothing before the commit
    assert callbacks
    (request,) = receiver.requests
    body = verified(hook, request)
    assert request["headers"]["X-CRM-Event"] == "customer.claimed"
    assert request["headers"]["X-CRM-Timestamp"] == str(int(frozen_now.timestamp()))
    assert body["event"] == "customer.claimed"
    assert body["data"]["customer"] == {"id": customer.pk, "name": "北方药房"}
    assert body["data"]["to_owner"] == rep.pk
    delivery = Delivery.objects.get()
    assert request["headers"]["X-CRM-Delivery"] == str(delivery.event_id) == body["id"]
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempt_log.get().status_code == 200


@pytest.mark.rule("API-2")
def test_a_wrong_secret_does_not_verify(
    hook, receiver, rep, frozen_now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pool_claim(customer=pool_customer(), user=rep, now=frozen_now)
    hook.secret = "whsec_someone-else"
    with pytest.raises(AssertionError):
        verified(hook, receiver.requests[0])


@pytest.mark.rule("API-2")
def test_nothing_is_sent_when_the_transaction_rolls_back(
    hook, receiver, rep, frozen_now, django_capture_on_commit_callbacks
):
    customer = pool_customer()

    def claim_then_fail():
        with transaction.atomic():
            pool_claim(customer=customer, user=rep, now=frozen_now)
            raise RuntimeError("the page failed after the claim")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        claim_then_fail()
    assert receiver.requests == []
    assert not Delivery.objects.exists()


@pytest.mark.rule("API-2")
def test_a_failing_receiver_is_retried_with_backoff_until_delivered(
    hook, receiver, rep, django_capture_on_commit_callbacks
):
    receiver.statuses = [500, 500, 200]
    with time_machine.travel(NOW, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            pool_claim(customer=pool_customer(), user=rep, now=NOW)
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            DeliveryStatus.PENDING,
            1,
            500,
        )
        assert delivery.next_attempt_at == NOW + dt.timedelta(minutes=1)
        traveller.move_to(NOW + dt.timedelta(seconds=59))
        assert webhook_sweep() == 0  # not due yet
        traveller.move_to(NOW + dt.timedelta(minutes=1))
        assert webhook_sweep() == 1
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == NOW + dt.timedelta(minutes=1 + 5)
        traveller.move_to(NOW + dt.timedelta(minutes=6))
        webhook_sweep()
        assert webhook_sweep() == 0  # delivered: nothing left to send
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 3
    log = list(delivery.attempt_log.order_by("number").values_list("number", "status_code", "at"))
    assert log == [
        (1, 500, NOW),
        (2, 500, NOW + dt.timedelta(minutes=1)),
        (3, 200, NOW + dt.timedelta(minutes=6)),
    ]
    assert len(receiver.requests) == 3
    assert len({r["headers"]["X-CRM-Delivery"] for r in receiver.requests}) == 1


@pytest.mark.rule("API-2")
def test_after_the_last_attempt_the_delivery_fails(
    hook, receiver, rep, set_param, django_capture_on_commit_callbacks
):
    set_param("api.webhook_attempts", 2)
    receiver.statuses = [503]
    with time_machine.travel(NOW, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            pool_claim(customer=pool_customer(), user=rep, now=NOW)
        traveller.move_to(NOW + dt.timedelta(minutes=1))
        webhook_sweep()
        traveller.move_to(NOW + dt.timedelta(days=1))
        assert webhook_sweep() == 0
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        DeliveryStatus.FAILED,
        2,
        "HTTP 503",
    )


@pytest.mark.rule("API-2")
def test_an_unreachable_receiver_is_logged_as_an_error(
    admin_user, rep, frozen_now, django_capture_on_commit_callbacks
):
    webhook_create(
        url="http://127.0.0.1:9/nobody", events=["customer.claimed"], by=admin_user, now=NOW
    )
    with django_capture_on_commit_callbacks(execute=True):
        pool_claim(customer=pool_customer(), user=rep, now=frozen_now)
    delivery = Delivery.objects.get()
    attempt = delivery.attempt_log.get()
    assert attempt.status_code is None
    assert attempt.error
    assert delivery.status == DeliveryStatus.PENDING


@pytest.mark.rule("API-2")
def test_a_redirect_counts_as_a_failed_attempt(
    hook, receiver, rep, frozen_now, django_capture_on_commit_callbacks
):
    receiver.statuses = [302]
    with django_capture_on_commit_callbacks(execute=True):
        pool_claim(customer=pool_customer(), user=rep, now=frozen_now)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == (DeliveryStatus.PENDING, 302)
    assert len(receiver.requests) == 1


@pytest.mark.rule("API-2")
def test_a_paused_webhook_keeps_its_deliveries_until_it_is_active_again(
    hook, receiver, rep, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        Webhook.objects.filter(pk=hook.pk).update(is_active=False)
        with django_capture_on_commit_callbacks(execute=True):
            webhook_emit(event="customer.claimed", key="9", data={}, now=NOW)
        assert not Delivery.objects.exists()  # a paused webhook gets no new events
        Webhook.objects.filter(pk=hook.pk).update(is_active=True)
        with django_capture_on_commit_callbacks(execute=True):
            webhook_emit(event="customer.claimed", key="10", data={}, now=NOW)
            Webhook.objects.filter(pk=hook.pk).update(is_active=False)
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)
        assert webhook_sweep() == 0
        Webhook.objects.filter(pk=hook.pk).update(is_active=True)
        assert webhook_sweep() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert len(receiver.requests) == 1


@pytest.mark.rule("API-2")
def test_the_same_event_emitted_twice_makes_one_delivery(
    hook, receiver, frozen_now, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            webhook_emit(event="customer.claimed", key="7:x", data={"n": 1}, now=frozen_now)
    assert Delivery.objects.count() == 1
    assert len(receiver.requests) == 1


@pytest.mark.rule("API-2")
def test_two_workers_never_send_the_same_attempt(hook, receiver, frozen_now):
    from api.services import delivery_send

    with transaction.atomic():
        webhook_emit(event="customer.claimed", key="8", data={}, now=frozen_now)
    delivery = Delivery.objects.get()
    assert delivery_send(delivery_id=delivery.pk, now=frozen_now) == DeliveryStatus.DELIVERED
    assert delivery_send(delivery_id=delivery.pk, now=frozen_now) is None
    assert len(receiver.requests) == 1


@pytest.mark.rule("API-2")
def test_only_the_events_a_webhook_chose_are_sent(
    admin_user, receiver, rep, frozen_now, django_capture_on_commit_callbacks
):
    webhook_create(url=receiver.url, events=["payment.confirmed"], by=admin_user, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        pool_claim(customer=pool_customer(), user=rep, now=frozen_now)
    assert receiver.requests == []


@pytest.mark.rule("API-2")
def test_a_bulk_claim_sends_one_event_per_customer(
    hook, receiver, rep, frozen_now, django_capture_on_commit_callbacks
):
    customers = [pool_customer() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        pool_claim_many(customer_ids=[c.pk for c in customers], user=rep, now=frozen_now)
    got = sorted(verified(hook, r)["data"]["customer"]["id"] for r in receiver.requests)
    assert got == sorted(c.pk for c in customers)


@pytest.mark.rule("API-2")
def test_the_nightly_expiry_sends_one_pooled_event_per_customer(
    hook, receiver, rep, django_capture_on_commit_callbacks
):
    since = dt.datetime(2026, 9, 23, 10, tzinfo=SHANGHAI)
    customers = [owned_customer(owner=rep, since=since) for _ in range(3)]
    night = dt.datetime(2026, 11, 24, 0, 30, tzinfo=SHANGHAI)
    with (
        time_machine.travel(night, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert pool_expiry_run(now=night)["POOL-1"] == 3
        pool_expiry_run(now=night)  # a second run moves nothing, sends nothing
    bodies = [verified(hook, r) for r in receiver.requests]
    assert {r["headers"]["X-CRM-Event"] for r in receiver.requests} == {"customer.pooled"}
    assert sorted(b["data"]["customer"]["id"] for b in bodies) == sorted(c.pk for c in customers)
    assert {(b["data"]["from_owner"], b["data"]["rule"]) for b in bodies} == {(rep.pk, "POOL-1")}
    assert Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 3


@pytest.mark.rule("API-2")
def test_a_confirmed_payment_is_sent(
    hook, receiver, rep, finance, frozen_now, django_capture_on_commit_callbacks
):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=3))
    payment = make_payment(deal=make_deal(customer=customer, rep=rep), amount="300.00")
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(payment_id=payment.pk, by=finance, now=frozen_now)
    (request,) = [
        r for r in receiver.requests if r["headers"]["X-CRM-Event"] == "payment.confirmed"
    ]
    data = verified(hook, request)["data"]
    assert data["payment"]["id"] == payment.pk
    assert data["payment"]["amount"] == "300.00"
    assert data["customer"]["id"] == customer.pk


@pytest.mark.rule("API-2")
def test_a_visit_overdue_is_sent_once(
    hook, receiver, rep, frozen_now, django_capture_on_commit_callbacks
):
    today = frozen_now.date()
    late = VisitTaskFactory(assignee=rep, due_on=today - dt.timedelta(days=2))
    VisitTaskFactory(assignee=rep, due_on=today)  # due today: not overdue yet
    VisitTaskFactory(assignee=rep, due_on=today - dt.timedelta(days=30))  # announced long ago
    with django_capture_on_commit_callbacks(execute=True):
        reminders_daily()
        reminders_daily()
    (request,) = receiver.requests
    data = verified(hook, request)["data"]
    assert request["headers"]["X-CRM-Event"] == "visit.overdue"
    assert data["visit_task"] == {
        "id": late.pk,
        "due_on": (today - dt.timedelta(days=2)).isoformat(),
    }
    assert data["days_overdue"] == 2


def test_the_sweep_is_scheduled_every_minute():
    (job,) = [j for j in SCHEDULES if j.name == "api.webhook_sweep"]
    assert (job.func, job.minutes) == ("api.tasks.webhook_sweep", 1)


# The admin pages ---------------------------------------------------------------------------


@pytest.mark.rule("API-2")
def test_an_admin_registers_a_webhook_and_sees_its_secret_once(client_for, admin_user, receiver):
    client = client_for(admin_user)
    response = client.post(
        "/admin/api/webhook/add/",
        {"url": receiver.url, "events": ["customer.claimed", "visit.overdue"], "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    hook = Webhook.objects.get()
    assert hook.events == ["customer.claimed", "visit.overdue"]
    assert hook.created_by == admin_user
    assert hook.secret.startswith("whsec_")
    assert hook.secret in response.content.decode()
    page = client.get(f"/admin/api/webhook/{hook.pk}/change/").content.decode()
    assert hook.secret not in page


@pytest.mark.rule("API-2")
def test_no_event_chosen_is_refused_next_to_the_field(client_for, admin_user, receiver):
    response = client_for(admin_user).post(
        "/admin/api/webhook/add/", {"url": receiver.url, "is_active": "on"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["events"]
    assert not Webhook.objects.exists()


@pytest.mark.rule("API-2")
def test_an_admin_sends_a_test_event_and_reads_the_deliveries(
    client_for, admin_user, hook, receiver
):
    client = client_for(admin_user)
    response = client.post(
        "/admin/api/webhook/",
        {"action": "send_test_event", "_selected_action": [hook.pk]},
        follow=True,
    )
    assert "200" in response.content.decode()
    (request,) = receiver.requests
    assert verified(hook, request)["event"] == "test"
    delivery = Delivery.objects.get()
    assert client.get("/admin/api/delivery/").status_code == 200
    page = client.get(f"/admin/api/delivery/{delivery.pk}/change/")
    assert page.status_code == 200


@pytest.mark.rule("API-2")
def test_a_non_admin_cannot_reach_the_webhook_pages(client_for, rep, make_user, hook):
    for user in (rep, make_user("rep", is_staff=True)):
        client = client_for(user)
        for url in ("/admin/api/webhook/", "/admin/api/webhook/add/", "/admin/api/delivery/"):
            response = client.get(url)
            assert response.status_code == 302
            assert "/login/" in response["Location"]


@pytest.mark.rule("API-2")
def test_the_delivery_list_pins_its_queries_and_pages(
    client_for, admin_user, hook, django_assert_max_num_queries
):
    Delivery.objects.bulk_create(
        Delivery(
            webhook=hook,
            event="customer.claimed",
            event_id=uuid.uuid4(),
            payload={},
            next_attempt_at=None,
            status=DeliveryStatus.FAILED,
            created_at=NOW - dt.timedelta(minutes=i),
        )
        for i in range(120)
    )
    client = client_for(admin_user)
    client.get("/admin/api/delivery/")  # warm the session and the permission caches
    with django_assert_max_num_queries(12):
        response = client.get("/admin/api/delivery/")
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 100
    assert client.get("/admin/api/delivery/?p=2").status_code == 200
    assert len(client.get("/admin/api/webhook/").context["cl"].result_list) == 1
