"""The customer list: who sees whom (SEAL-2), search, filters and seek pagination."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm import roles
from customers.models import Customer, CustomerKind, InformationSource
from customers.views.customers import LIST_PAGE_SIZE
from pools.models import OwnershipReason
from pools.services import ownership_set
from tests.conftest import CURRENT_TIME
from tests.customers.factories import ArchiveCardFactory, CustomerFactory
from tests.customers.factories_customers import OrganisationFactory
from tests.factories import RegionFactory, TeamFactory

pytestmark = pytest.mark.django_db

LIST = reverse("customers:customer_list")


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")


@pytest.fixture
def doctor(make_user):
    return make_user(roles.SERVICE_DOCTOR, username="doctor", last_name="周", first_name="静")


@pytest.fixture
def other_rep(make_user):
    return make_user(roles.REP, username="rep2", last_name="李", first_name="强")


def shown(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [c.name for c in response.context["page"].rows]


# Who sees whom (SEAL-2) ----------------------------------------------------------------


@pytest.mark.rule("SEAL-2")
def test_a_rep_sees_own_customers_and_the_pool_but_not_another_reps(client_for, rep, other_rep):
    CustomerFactory(name="王秀英", owner=rep)
    CustomerFactory(name="李秀兰")  # the pool: never owned
    released = CustomerFactory(name="赵敏", owner=other_rep)
    ownership_set(customer=released, owner=None, reason=OwnershipReason.RELEASE, now=CURRENT_TIME)
    CustomerFactory(name="张秀珍", owner=other_rep)
    assert sorted(shown(client_for(rep))) == sorted(["王秀英", "李秀兰", "赵敏"])


@pytest.mark.rule("SEAL-2")
def test_a_supervisor_sees_the_teams_customers_but_not_another_teams(
    client_for, supervisor, rep, team, other_rep
):
    other_rep.staff.team = TeamFactory(name="销售二组")
    other_rep.staff.save()
    CustomerFactory(name="王秀英", owner=rep)
    CustomerFactory(name="张秀珍", owner=other_rep)
    assert shown(client_for(supervisor)) == ["王秀英"]


@pytest.mark.rule("SEAL-2")
def test_a_sales_manager_sees_every_customer(client_for, manager, rep, other_rep):
    CustomerFactory(name="王秀英", owner=rep)
    CustomerFactory(name="张秀珍", owner=other_rep)
    CustomerFactory(name="李秀兰")
    assert sorted(shown(client_for(manager))) == sorted(["王秀英", "张秀珍", "李秀兰"])


@pytest.mark.rule("SEAL-2")
def test_a_service_doctor_sees_only_the_customers_whose_cards_they_keep(client_for, doctor, rep):
    kept = CustomerFactory(name="王秀英", owner=rep)
    ArchiveCardFactory(attendance__customer=kept, custodian=doctor)
    CustomerFactory(name="李秀兰")  # the pool is for those who sell
    CustomerFactory(name="张秀珍", owner=rep)
    assert shown(client_for(doctor)) == ["王秀英"]


@pytest.mark.rule("SEAL-2")
def test_search_results_never_include_another_reps_customer(client_for, rep, other_rep):
    CustomerFactory(name="王秀英", phone="13800138001", owner=rep)
    theirs = CustomerFactory(name="王秀珍", phone="13800138002", owner=other_rep)
    client = client_for(rep)
    assert shown(client, q="王秀") == ["王秀英"]
    assert shown(client, q="wangxiu") == ["王秀英"]
    assert shown(client, q="13800138") == ["王秀英"]
    assert shown(client, q="王秀珍") == []
    content = client.get(LIST, {"q": "13800138002"}).content.decode()
    assert reverse("customers:customer_detail", args=[theirs.pk]) not in content


@pytest.mark.rule("SEAL-3")
@pytest.mark.parametrize(
    "url",
    [
        LIST,
        reverse("customers:customer_new"),
        "/customers/1/",
        "/customers/1/edit/",
        "/customers/1/documents/1/",
    ],
)
def test_no_customer_page_or_file_is_reachable_without_signing_in(client, url):
    CustomerFactory(pk=1)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Search and filters --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("zhangsan", ["张三"]),
        ("zs", ["张三"]),
        ("ZhangSan", ["张三"]),
        ("zhang san", ["张三"]),
        ("张三", ["张三"]),
        ("0013800", ["张三"]),
        ("138-0013", ["张三"]),
        ("康泰", ["李四"]),
        ("泰科技", ["李四"]),
        ("lisi", ["李四"]),
    ],
)
def test_search_finds_a_customer_by_name_pinyin_initials_phone_or_organisation(
    client_for, rep, query, found
):
    CustomerFactory(name="张三", phone="13800138000", owner=rep)
    CustomerFactory(name="李四", phone="13900000000", organisation="康泰科技", owner=rep)
    CustomerFactory(name="王五", phone="13700000000", owner=rep)
    assert shown(client_for(rep), q=query) == found


@pytest.mark.rule("WORK-6")
def test_any_fragment_of_two_characters_finds_a_name_or_organisation(client_for, rep):
    CustomerFactory(name="王秀英", owner=rep)
    CustomerFactory(name="李王芳", owner=rep)
    OrganisationFactory(name="北京华信科技", owner=rep)
    CustomerFactory(name="赵敏", organisation="阳光养老院", owner=rep)
    client = client_for(rep)
    assert shown(client, q="秀英") == ["王秀英"]
    assert shown(client, q="华信") == ["北京华信科技"]
    assert shown(client, q="信科技") == ["北京华信科技"]
    assert shown(client, q="养老") == ["赵敏"]
    assert shown(client, q="王芳") == ["李王芳"]
    assert shown(client, q="王秀") == ["王秀英"]
    # 华 and 科 are both in 北京华信科技, but not side by side
    assert shown(client, q="华科") == []
    # one character matches at the start of a name only
    assert shown(client, q="王") == ["王秀英"]


@pytest.mark.rule("WORK-6")
def test_a_search_finding_nothing_no_longer_advises_fewer_characters(client_for, rep):
    CustomerFactory(name="王秀英", owner=rep)
    page = client_for(rep).get(LIST, {"q": "孙悟空"}).content.decode()
    assert "没有匹配的客户" in page
    assert "少输" not in page
    assert "两个字即可" in page


def test_the_filters_narrow_the_list(client_for, rep, other_rep):
    beijing = RegionFactory(code="beijing", name="北京市")
    chaoyang = RegionFactory(code="beijing-chaoyang", name="朝阳区", parent=beijing)
    shanghai = RegionFactory(code="shanghai", name="上海市")
    CustomerFactory(name="朝阳客户", region=chaoyang, source=InformationSource.EVENT, owner=rep)
    CustomerFactory(name="上海客户", region=shanghai, source=InformationSource.MEDIA, owner=rep)
    OrganisationFactory(name="康泰公司", is_key_customer=True, owner=rep)
    CustomerFactory(name="公海客户")
    client = client_for(rep)
    assert shown(client, region=beijing.pk) == ["朝阳客户"]  # a province includes its cities
    assert shown(client, source="media") == ["上海客户"]
    assert shown(client, kind=CustomerKind.ORGANISATION) == ["康泰公司"]
    assert shown(client, key="on") == ["康泰公司"]
    assert shown(client, owner="pool") == ["公海客户"]
    assert "公海客户" not in shown(client, owner="mine")
    assert len(shown(client, owner="mine")) == 3


def test_a_filter_value_that_is_not_valid_is_ignored(client_for, rep):
    CustomerFactory(name="王秀英", owner=rep)
    assert shown(client_for(rep), region="999999", kind="alien", owner="x") == ["王秀英"]


@pytest.mark.rule("INTAKE-8")
def test_the_list_shows_where_each_customer_came_from(client_for, rep):
    CustomerFactory(name="王秀英", source=InformationSource.REFERRAL, owner=rep)
    content = client_for(rep).get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Referral" in content


def test_names_with_emoji_or_markup_are_shown_escaped(client_for, rep):
    CustomerFactory(name="<script>alert(1)</script>", owner=rep)
    CustomerFactory(name="王阿姨 🌸", owner=rep)
    content = client_for(rep).get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "王阿姨 🌸" in content


def test_an_empty_list_says_so(client_for, rep):
    response = client_for(rep).get(LIST, {"q": "不存在"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No customer matches" in response.content.decode()


# Seek pagination -----------------------------------------------------------------------


def _many(count: int, *, owner, same_time_every: int = 3) -> list[Customer]:
    """Customers whose creation times repeat, so the order has ties to break by id."""
    made = [CustomerFactory(owner=owner) for _ in range(count)]
    for i, customer in enumerate(made):
        when = CURRENT_TIME - dt.timedelta(minutes=i // same_time_every)
        Customer.objects.filter(pk=customer.pk).update(created_at=when)
    return made


def test_the_pages_follow_each_other_without_repeating_or_skipping_anyone(client_for, rep):
    made = _many(LIST_PAGE_SIZE * 2 + 7, owner=rep)
    expected = list(
        Customer.objects.filter(pk__in=[c.pk for c in made])
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    client = client_for(rep)
    seen, pages, params = [], [], {}
    while True:
        page = client.get(LIST, params).context["page"]
        pages.append([c.pk for c in page.rows])
        seen += pages[-1]
        if not page.has_next:
            break
        params = {"after": page.next_cursor}
    assert seen == expected
    assert [len(p) for p in pages] == [LIST_PAGE_SIZE, LIST_PAGE_SIZE, 7]
    # And back again, page by page, to the newest.
    back = [pages[-1]]
    page = client.get(LIST, params).context["page"]
    while page.has_previous:
        page = client.get(LIST, {"before": page.previous_cursor}).context["page"]
        back.append([c.pk for c in page.rows])
    assert back[::-1] == pages


def test_the_pages_keep_the_search_and_filters(client_for, rep):
    _many(LIST_PAGE_SIZE + 2, owner=rep)
    CustomerFactory.create_batch(3)  # the pool
    response = client_for(rep).get(LIST, {"owner": "mine"})
    page = response.context["page"]
    assert page.has_next
    assert "owner=mine" in response.context["next_query"]
    older = client_for(rep).get(LIST, {"owner": "mine", "after": page.next_cursor})
    assert len(older.context["page"].rows) == 2


@pytest.mark.parametrize("cursor", ["", "abc", "12_", "_5", "99999999999999999999_1", "1_2_3"])
def test_a_cursor_that_is_not_one_shows_the_first_page(client_for, rep, cursor):
    CustomerFactory(name="王秀英", owner=rep)
    assert shown(client_for(rep), after=cursor) == ["王秀英"]
    assert shown(client_for(rep), before=cursor) == ["王秀英"]


def test_the_list_never_counts_beyond_its_cap_or_skips_rows(client_for, rep):
    _many(LIST_PAGE_SIZE + 2, owner=rep)
    client = client_for(rep)
    first = client.get(LIST).context["page"]
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST, {"after": first.next_cursor, "q": "wang"})
    sqls = [q["sql"].upper() for q in queries.captured_queries]
    # WORK-2's total counts over a LIMIT (the cap), never the whole list.
    counts = [sql for sql in sqls if "COUNT(" in sql and "CUSTOMERS_CUSTOMER" in sql]
    assert len(counts) == 1
    assert "LIMIT" in counts[0]
    assert not any("OFFSET" in sql for sql in sqls)


def test_the_list_takes_the_same_few_queries_however_many_customers(
    client_for, rep, supervisor, team, django_assert_max_num_queries
):
    region = RegionFactory()
    for user in (rep, supervisor):
        client = client_for(user)
        client.get(LIST)  # the rule parameters cached
        with CaptureQueriesContext(connection) as few:
            client.get(LIST)
        CustomerFactory.create_batch(10, owner=rep, region=region)
        CustomerFactory.create_batch(5, region=region)
        with django_assert_max_num_queries(10):
            response = client.get(LIST, {"q": "", "owner": ""})
        assert len(response.context["page"].rows) >= 15
        with CaptureQueriesContext(connection) as many:
            client.get(LIST)
        assert len(many) == len(few)
