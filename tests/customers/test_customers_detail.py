"""The customer profile (DEAL-5): what it shows, its history, its owner, and who may open it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm import roles
from customers.models import InformationSource
from customers.services.customers import customer_update
from pools.models import OwnershipReason
from pools.services import ownership_set
from tests.conftest import CURRENT_TIME
from tests.customers.factories import ArchiveCardFactory, CustomerFactory
from tests.customers.factories_customers import (
    ContactFactory,
    CustomerDocumentFactory,
    OrganisationFactory,
)
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")


@pytest.fixture
def other_rep(make_user):
    return make_user(roles.REP, username="rep2", last_name="李", first_name="强")


def detail(customer) -> str:
    return reverse("customers:customer_detail", args=[customer.pk])


def page(client, customer, tab: str = "") -> str:
    """The customer page with `tab` open (WORK-1; the profile when empty)."""
    response = client.get(detail(customer), {"tab": tab} if tab else {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.rule("DEAL-5")
def test_the_profile_shows_every_part_the_rule_names(client_for, rep):
    customer = OrganisationFactory(
        name="康泰科技有限公司",
        owner=rep,
        description="做老年保健品批发",
        characteristics="决策快，重服务",
        business_status="经营稳定，三家门店",
        economic_strength="年营业额约两千万",
        credit_note="按时付款",
        transaction_status="正在谈第二批订单",
        sales_summary="2026年成交三次",
    )
    ContactFactory(customer=customer, name="陈经理", phone="13911112222", email="chen@example.com")
    CustomerDocumentFactory(customer=customer, original_name="营业执照.pdf")
    content = page(client_for(rep), customer)
    for text in (
        "做老年保健品批发",
        "决策快，重服务",
        "经营稳定，三家门店",
        "年营业额约两千万",
        "按时付款",
        "正在谈第二批订单",
        "2026年成交三次",
        "陈经理",
        "13911112222",
        "chen@example.com",
    ):
        assert text in content
    documents = page(client_for(rep), customer, tab="documents")
    assert "营业执照.pdf" in documents
    assert "Business licence" in documents


@pytest.mark.rule("INTAKE-8")
def test_the_profile_shows_where_the_customer_came_from(client_for, rep):
    region = RegionFactory(name="朝阳区")
    customer = CustomerFactory(
        owner=rep, source=InformationSource.ASSOCIATION, region=region, address="朝阳路1号"
    )
    content = page(client_for(rep), customer)
    assert "Association" in content
    assert "朝阳区" in content
    assert "朝阳路1号" in content


@pytest.mark.rule("POOL-8")
def test_the_profile_shows_the_owner_since_when_by_which_rule_and_the_timeline(
    client_for, manager, rep, other_rep
):
    customer = CustomerFactory(owner=rep, first_collector=rep)
    ownership_set(
        customer=customer,
        owner=other_rep,
        reason=OwnershipReason.TRANSFER,
        now=CURRENT_TIME,
        by=manager,
    )
    content = page(client_for(manager), customer, tab="ownership")
    assert "李强" in content  # the owner now
    assert "Transfer" in content
    assert "First contact" in content  # the timeline keeps the first owner
    assert "from 张伟" in content
    assert "by 刘洋" in content
    assert "2026-11-23" in content or "23 Nov 2026" in content


def test_a_pool_customer_says_it_has_no_owner(client_for, rep):
    customer = CustomerFactory()
    assert "In the customer pool" in page(client_for(rep), customer)


@pytest.mark.rule("DEAL-5")
def test_the_profile_history_says_who_changed_which_field_and_when(client_for, rep, manager):
    customer = CustomerFactory(owner=rep, phone="13800138000", economic_strength="一般")
    customer_update(
        customer=customer,
        data={"phone": "13900139000", "economic_strength": "较强", "is_key_customer": True},
        by=manager,
    )
    ownership_tab = {"tab": "ownership"}
    response = client_for(rep).get(detail(customer), ownership_tab, HTTP_ACCEPT_LANGUAGE="en")
    history = response.context["history"]
    newest = history[0]
    assert newest.who == "刘洋"
    changes = {c.field: (c.old, c.new) for c in newest.changes}
    assert changes == {
        "phone": ("13800138000", "13900139000"),
        "economic_strength": ("一般", "较强"),
        "is_key_customer": ("no", "yes"),
    }
    assert history[-1].created
    content = page(client_for(rep), customer, tab="ownership")
    assert "13900139000" in content
    assert "Economic strength" in content


def test_the_history_names_a_changed_region_and_first_collector(client_for, rep, manager):
    beijing, shanghai = RegionFactory(name="北京市"), RegionFactory(name="上海市")
    customer = CustomerFactory(owner=rep, region=beijing)
    customer_update(
        customer=customer, data={"region": shanghai, "first_collector": rep}, by=manager
    )
    [newest, *_] = client_for(rep).get(detail(customer), {"tab": "ownership"}).context["history"]
    changes = {c.field: (c.old, c.new) for c in newest.changes}
    assert changes == {"region": ("北京市", "上海市"), "first_collector": ("", "张伟")}


@pytest.mark.rule("SEAL-2")
def test_a_rep_cannot_open_another_reps_customer(client_for, rep, other_rep):
    theirs = CustomerFactory(owner=other_rep)
    client = client_for(rep)
    assert client.get(detail(theirs)).status_code == 404
    assert client.get(reverse("customers:customer_edit", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("customers:customer_edit", args=[theirs.pk]), {"name": "改名", "kind": "person"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name != "改名"


@pytest.mark.rule("SEAL-2")
def test_a_service_doctor_opens_a_customer_whose_card_they_keep(client_for, make_user, rep):
    doctor = make_user(roles.SERVICE_DOCTOR)
    kept, other = CustomerFactory(owner=rep), CustomerFactory(owner=rep)
    ArchiveCardFactory(attendance__customer=kept, custodian=doctor)
    client = client_for(doctor)
    assert client.get(detail(kept)).status_code == 200
    assert client.get(detail(other)).status_code == 404


def test_names_with_markup_are_shown_escaped_on_the_profile(client_for, rep):
    customer = CustomerFactory(name="<script>alert(1)</script>😀", owner=rep, address="<b>x</b>")
    content = page(client_for(rep), customer)
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;😀" in content
    assert "&lt;b&gt;x&lt;/b&gt;" in content


@pytest.mark.rule("WORK-1")
@pytest.mark.parametrize("tab", ["profile", "ownership", "documents"])
def test_the_profile_takes_the_same_few_queries_however_long_its_history(
    client_for, rep, manager, django_assert_max_num_queries, tab
):
    customer = OrganisationFactory(owner=rep, region=RegionFactory())
    client = client_for(rep)
    url = f"{detail(customer)}?tab={tab}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        ContactFactory(customer=customer)
        CustomerDocumentFactory(customer=customer)
        customer_update(
            customer=customer,
            data={"description": f"第{i}次", "region": RegionFactory(), "first_collector": rep},
            by=manager,
        )
        ownership_set(
            customer=customer,
            owner=manager if i % 2 else rep,
            reason=OwnershipReason.TRANSFER,
            now=CURRENT_TIME + dt.timedelta(days=i),
        )
    # 20 + 3 of the pool panel: protections, how many the owner protects, rulings.
    with django_assert_max_num_queries(23):
        client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    # Names of changed regions and people: at most two more queries, whatever the length.
    assert len(many) <= len(few) + 2
