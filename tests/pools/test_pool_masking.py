"""Masking of pool customers' contact details until claimed, and logged reveals (POOL-12)."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pools.models import ContactReveal
from pools.services import pool_claim
from tests.pools.factories_pool import manager, owned_customer, pool_customer  # noqa: F401

PHONE, EMAIL, ADDRESS = "13800138000", "wang@example.com", "北京市朝阳区建国路88号"
MASKED_PHONE = "138****8000"


def _pool_customer(**kwargs):
    return pool_customer(phone=PHONE, email=EMAIL, address=ADDRESS, **kwargs)


@pytest.mark.rule("POOL-12")
def test_the_pool_list_and_search_show_masked_details(client_for, rep, frozen_now):
    _pool_customer(name="王秀英")
    client = client_for(rep)
    pool = client.get(reverse("pools:pool_list")).content.decode()
    found = client.get(reverse("customers:customer_list"), {"q": "王秀英"}).content.decode()
    for page in (pool, found):
        assert MASKED_PHONE in page
        assert PHONE not in page


@pytest.mark.rule("POOL-12")
def test_the_pool_customer_page_masks_until_claimed(client_for, rep, frozen_now):
    customer = _pool_customer()
    client = client_for(rep)
    url = reverse("customers:customer_detail", args=[customer.pk])
    page = client.get(url).content.decode()
    assert MASKED_PHONE in page
    assert "w***@example.com" in page
    assert "北京市朝****" in page
    assert PHONE not in page
    assert EMAIL not in page
    assert ADDRESS not in page
    assert "Show contact details" not in page  # a rep is no pool admin
    pool_claim(customer=customer, user=rep, now=frozen_now)
    page = client.get(url).content.decode()
    assert PHONE in page
    assert EMAIL in page
    assert ADDRESS in page


@pytest.mark.rule("POOL-12")
def test_a_pool_admin_reveals_and_every_reveal_is_logged(client_for, manager, rep, frozen_now):
    customer = _pool_customer()
    url = reverse("customers:customer_detail", args=[customer.pk])
    client = client_for(manager)
    assert PHONE not in client.get(url).content.decode()
    response = client.post(reverse("pools:reveal", args=[customer.pk]), follow=True)
    page = response.content.decode()
    assert PHONE in page
    assert ADDRESS in page
    assert "your reveal was logged" in page
    client.post(reverse("pools:reveal", args=[customer.pk]))
    log = ContactReveal.objects.filter(customer=customer, user=manager)
    assert log.count() == 2
    assert log.first().rule == "POOL-12"
    # A rep may not reveal: refused, nothing logged, still masked.
    rep_client = client_for(rep)
    rep_client.post(reverse("pools:reveal", args=[customer.pk]))
    assert not ContactReveal.objects.filter(user=rep).exists()
    assert PHONE not in rep_client.get(url).content.decode()


@pytest.mark.rule("POOL-12")
@pytest.mark.rule("SEAL-2")
def test_the_export_masks_pool_customers_only(client_for, manager, rep, frozen_now):
    _pool_customer(name="池中")
    owned_customer(owner=rep, since=frozen_now, name="有主", phone="13900139000")
    response = client_for(manager).get(reverse("customers:customer_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert MASKED_PHONE in cells
    assert PHONE not in cells
    assert EMAIL not in cells
    assert "13900139000" in cells


@pytest.mark.rule("POOL-12")
def test_a_pool_customers_forms_and_history_do_not_show_its_details(client_for, rep, frozen_now):
    from customers.services.customers import customer_update

    customer = _pool_customer()
    customer_update(customer=customer, data={"phone": "13700137000"}, by=rep)
    client = client_for(rep)
    edit = client.get(reverse("customers:customer_edit", args=[customer.pk]), follow=True)
    assert "Claim this customer from the pool before you edit it." in edit.content.decode()
    page = client.get(reverse("customers:customer_detail", args=[customer.pk])).content.decode()
    assert "13700137000" not in page
    assert PHONE not in page
    assert "137****7000" in page
