"""The customer selectors: search, duplicates, counts, cursors, and the PostgreSQL indexes."""

import pytest
from django.db import connection

from crm import roles
from customers.models import Customer
from customers.selectors.customers import (
    customer_counts_for,
    customer_duplicates,
    customer_search,
)
from pools.models import OwnershipReason
from pools.services import ownership_set
from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory
from tests.customers.factories_customers import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def found(q: str) -> list[str]:
    return sorted(customer_search(qs=Customer.objects.all(), q=q).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("zhangsan", ["张三", "张三丰"]),
        ("zs", ["张三", "张三丰"]),
        ("zsf", ["张三丰"]),
        ("张三", ["张三", "张三丰"]),
        ("三丰", ["张三丰"]),  # WORK-6: any two characters of a name
        ("张三丰", ["张三丰"]),
        ("00138", ["张三"]),
        ("138 0013 8000", ["张三"]),
        ("", ["张三", "张三丰", "李四"]),
        ("   ", ["张三", "张三丰", "李四"]),
        ("%", []),
        ("_", []),
        ("'; drop table x; --", []),
    ],
)
def test_customer_search(query, names):
    CustomerFactory(name="张三", phone="13800138000")
    CustomerFactory(name="张三丰", phone="13900000001")
    CustomerFactory(name="李四", phone="13700000002")
    assert found(query) == names


def test_a_number_is_looked_up_among_phones_only():
    CustomerFactory(name="张三", phone="13800138000")
    OrganisationFactory(name="第138号养老院", organisation="第138号养老院", phone="01065550100")
    assert found("138") == ["张三"]
    assert found("第138") == ["第138号养老院"]


def test_the_owned_count_for_the_dashboard(make_user, rep):
    other = make_user(roles.REP)
    CustomerFactory.create_batch(3, owner=rep)
    CustomerFactory(owner=other)
    released = CustomerFactory(owner=rep)
    ownership_set(customer=released, owner=None, reason=OwnershipReason.RELEASE, now=CURRENT_TIME)
    assert customer_counts_for(user=rep) == {"owned": 3}


def test_the_owned_count_is_one_query(rep, django_assert_num_queries):
    with django_assert_num_queries(1):
        customer_counts_for(user=rep)


@pytest.mark.rule("INTAKE-9")
def test_duplicates_are_found_by_phone_contact_phone_or_organisation():
    by_phone = CustomerFactory(phone="13800138000")
    org = OrganisationFactory(name="康泰科技有限公司", organisation="")
    ContactFactory(customer=org, phone="13911112222")
    works_there = CustomerFactory(organisation="康泰科技有限公司")
    assert list(customer_duplicates(phone="+86 138 0013 8000")) == [by_phone]
    assert list(customer_duplicates(phone="13911112222")) == [org]
    assert list(customer_duplicates(organisation=" 康泰科技有限公司 ")) == [org, works_there]
    assert list(customer_duplicates(phone="13800138000", organisation="康泰科技有限公司")) == [
        by_phone,
        org,
        works_there,
    ]
    assert list(customer_duplicates(phone="123")) == []
    assert list(customer_duplicates()) == []


# PostgreSQL: the trigram indexes of migration 0002 and that the search can use them ----

postgres_only = pytest.mark.postgresql  # trigram indexes exist on PostgreSQL only


def _plan(qs) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
        cursor.execute("SET LOCAL enable_seqscan = on")
    return plan


@postgres_only
def test_the_trigram_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN "
            "('customers_customer', 'customers_contact')"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "customer_name_trgm",
        "customer_org_trgm",
        "customer_phone_trgm",
        "customer_pinyin_trgm",
        "customer_initials_trgm",
        "contact_phone_idx",
        "customer_grams_gin",
    } <= names


@postgres_only
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("王秀英", "customer_grams_gin"),
        ("康泰科", "customer_grams_gin"),
        ("0013800", "customer_phone_trgm"),
        ("zhangsan", "customer_pinyin_trgm"),
        ("zs", "customer_initials_trgm"),
        ("王秀", "customer_grams_gin"),
        ("秀英", "customer_grams_gin"),
        ("王", "customer_name_trgm"),
    ],
)
def test_the_search_is_answered_from_the_indexes(query, index):
    CustomerFactory.create_batch(3)
    plan = _plan(customer_search(qs=Customer.objects.all(), q=query))
    assert index in plan
    assert "Seq Scan on customers_customer" not in plan


@postgres_only
def test_the_duplicate_check_is_answered_from_indexes():
    CustomerFactory.create_batch(3)
    plan = _plan(customer_duplicates(phone="13800138000", organisation="康泰科技"))
    assert "Seq Scan" not in plan
    assert "contact_phone_idx" in plan


@pytest.mark.rule("WORK-6")
@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("秀英", ["王秀英"]),
        ("华信", ["北京华信科技"]),
        ("京华信科", ["北京华信科技"]),
        ("养老", ["赵敏"]),
        ("IB", ["IBM 中国"]),
        ("中国", ["IBM 中国"]),
        ("M 中", ["IBM 中国"]),
        ("华科", []),
        ("秀", []),
    ],
)
def test_any_fragment_of_two_or_more_characters_finds_the_name_or_organisation(query, names):
    CustomerFactory(name="王秀英", phone="13800138000")
    OrganisationFactory(name="北京华信科技", organisation="")
    OrganisationFactory(name="IBM 中国", organisation="")
    CustomerFactory(name="赵敏", organisation="阳光养老院")
    assert found(query) == names


@pytest.mark.rule("WORK-6")
def test_the_service_that_writes_names_keeps_the_pieces(rep):
    from customers.services.customers import customer_create, customer_update

    customer = customer_create(
        data={"name": "王秀英", "organisation": "阳光养老院"}, by=rep, now=CURRENT_TIME
    )
    assert found("秀英") == ["王秀英"]
    assert found("养老") == ["王秀英"]
    customer_update(customer=customer, data={"name": "王美玲", "organisation": ""}, by=rep)
    assert found("秀英") == []
    assert found("养老") == []
    assert found("美玲") == ["王美玲"]


@pytest.mark.rule("WORK-6")
def test_the_migration_fills_the_pieces_of_the_customers_there_are():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("customers.migrations.0004_search_grams")
    CustomerFactory(name="王秀英", organisation="北京华信科技")
    Customer.objects.update(name_grams="")
    assert found("秀英") == []
    migration.backfill(apps, None)
    assert found("秀英") == ["王秀英"]
    assert found("华信") == ["王秀英"]
