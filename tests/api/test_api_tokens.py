"""Personal API tokens (API-1): hashed at rest, shown once, expire, revoked by their owner;
every call logged."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiCall, ApiToken
from api.services import token_create, token_revoke
from tests.customers.factories import CustomerFactory


@pytest.mark.rule("API-1")
def test_the_secret_is_stored_only_as_its_sha256(rep, frozen_now):
    token, secret = token_create(user=rep, name="表格", now=frozen_now, days=30)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.prefix, stored.secret_hash, stored.name}
    assert stored.expires_at == frozen_now + dt.timedelta(days=30)


@pytest.mark.rule("API-1")
def test_a_call_without_or_with_a_wrong_token_gets_401(client, db):
    assert client.get("/api/customers").status_code == 401
    client.defaults["HTTP_AUTHORIZATION"] = "Bearer crm_not-a-real-token"
    assert client.get("/api/customers").status_code == 401


@pytest.mark.rule("API-1")
def test_a_revoked_token_gets_401(client, rep):
    token, secret = token_create(user=rep, name="t", now=timezone.now(), days=30)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    assert client.get("/api/customers").status_code == 200
    token_revoke(token=token, by=rep, now=timezone.now())
    assert client.get("/api/customers").status_code == 401


@pytest.mark.rule("API-1")
def test_an_expired_token_gets_401(client, rep, time_machine):
    start = timezone.now()
    _token, secret = token_create(user=rep, name="t", now=start, days=1)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    time_machine.move_to(start + dt.timedelta(hours=23), tick=False)
    assert client.get("/api/customers").status_code == 200
    time_machine.move_to(start + dt.timedelta(days=1, seconds=1), tick=False)
    assert client.get("/api/customers").status_code == 401


@pytest.mark.rule("API-1")
def test_a_deactivated_users_token_gets_401(api_for, rep):
    client = api_for(rep)
    rep.is_active = False
    rep.save()
    assert client.get("/api/customers").status_code == 401


@pytest.mark.rule("API-1")
def test_every_call_is_logged_with_token_path_method_and_status(api_for, rep):
    client = api_for(rep)
    client.get("/api/customers?limit=5")
    client.get("/api/customers/999999")
    calls = list(ApiCall.objects.order_by("pk"))
    assert [(c.method, c.path, c.status) for c in calls] == [
        ("GET", "/api/customers", 200),
        ("GET", "/api/customers/999999", 404),
    ]
    assert {c.user_id for c in calls} == {rep.pk}
    assert calls[0].token.user == rep
    assert ApiToken.objects.get(user=rep).last_used_at is not None


@pytest.mark.rule("API-1")
def test_a_refused_call_is_logged_without_a_user(client, db):
    client.get("/api/pool")
    call = ApiCall.objects.get()
    assert (call.status, call.token, call.user) == (401, None, None)


@pytest.mark.rule("API-1")
def test_the_token_page_shows_the_secret_once_and_lists_the_token(client_for, rep):
    client = client_for(rep)
    response = client.post(reverse("api_tokens:token_list"), {"name": "我的表格", "days": 30})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("crm_")
    assert secret in response.content.decode()
    again = client.get(reverse("api_tokens:token_list")).content.decode()
    assert "我的表格" in again
    assert secret not in again
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    assert client.get("/api/customers").status_code == 200


@pytest.mark.rule("API-1")
def test_the_token_page_refuses_bad_input_next_to_the_field(client_for, rep):
    response = client_for(rep).post(reverse("api_tokens:token_list"), {"name": " ", "days": 0})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "days"}
    assert not ApiToken.objects.exists()


@pytest.mark.rule("API-1")
def test_revoking_from_the_page_and_another_users_token_is_404(client_for, rep, make_user):
    from crm import roles

    other = make_user(roles.REP, username="other")
    theirs, _secret = token_create(user=other, name="theirs", now=timezone.now(), days=5)
    mine, secret = token_create(user=rep, name="mine", now=timezone.now(), days=5)
    client = client_for(rep)
    assert client.post(reverse("api_tokens:token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api_tokens:token_revoke", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None
    assert theirs.revoked_at is None


def test_the_token_list_pins_its_queries(client_for, rep, django_assert_max_num_queries):
    for n in range(30):
        token_create(user=rep, name=f"t{n}", now=timezone.now(), days=5)
    CustomerFactory()
    client = client_for(rep)
    client.get(reverse("api_tokens:token_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("api_tokens:token_list"))
    assert len(response.context["rows"]) == 25
