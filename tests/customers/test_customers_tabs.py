"""WORK-1: the customer page in tabs with counts, each tab loaded on demand (htmx) or by
its plain link, and the main actions at hand on a phone."""

import datetime as dt

import pytest
from django.urls import reverse

from crm import roles
from tests.conftest import CURRENT_TIME
from tests.customers.factories import ArchiveCardFactory, CustomerFactory
from tests.customers.factories_customers import CustomerDocumentFactory
from tests.deals.factories import make_deal, make_payment
from tests.service.factories import log_case
from tests.visits.factories import VisitTaskFactory, record_values
from visits.models import TaskStatus
from visits.services import visit_record_log

pytestmark = [pytest.mark.django_db, pytest.mark.rule("WORK-1")]
TODAY = CURRENT_TIME.date()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def detail(customer) -> str:
    return reverse("customers:customer_detail", args=[customer.pk])


def get(client, customer, tab="", **headers):
    response = client.get(
        detail(customer), {"tab": tab} if tab else {}, HTTP_ACCEPT_LANGUAGE="en", **headers
    )
    assert response.status_code == 200
    return response


def counts(response) -> dict[str, int | None]:
    return {shown.key: shown.count for shown in response.context["tabs"]}


def test_the_page_has_every_tab_with_its_count(client_for, rep, frozen_now, media_root):
    customer = CustomerFactory(owner=rep, phone="13800138000")
    visit_record_log(customer=customer, by=rep, now=CURRENT_TIME, values=record_values())
    VisitTaskFactory(customer=customer, assignee=rep)
    deal = make_deal(customer=customer, rep=rep)
    make_payment(deal=deal, amount="300.00")
    ArchiveCardFactory(attendance__customer=customer, rep=rep)
    CustomerDocumentFactory(customer=customer)
    CustomerDocumentFactory(customer=customer)
    log_case(by=rep, now=CURRENT_TIME, customer=customer)
    response = get(client_for(rep), customer)
    assert [shown.key for shown in response.context["tabs"]] == [
        "profile",
        "visits",
        "deals",
        "ownership",
        "cards",
        "service",
        "documents",
    ]
    found = counts(response)
    assert found["profile"] is None
    assert found["visits"] == 2  # one open visit, one record
    assert found["deals"] == 1
    assert found["ownership"] >= 1
    assert found["cards"] == 1
    assert found["service"] == 1
    assert found["documents"] == 2
    content = response.content.decode()
    assert 'data-tab="documents"' in content
    assert '<span class="badge">2</span>' in content


def test_each_tab_is_a_plain_link_that_renders_the_page_with_it(client_for, rep, media_root):
    customer = CustomerFactory(owner=rep)
    CustomerDocumentFactory(customer=customer, original_name="营业执照.pdf")
    client = client_for(rep)
    profile = get(client, customer).content.decode()
    assert 'href="?tab=documents"' in profile
    assert "营业执照.pdf" not in profile  # only the open tab's rows are read
    page = get(client, customer, "documents").content.decode()
    assert "<html" in page
    assert "营业执照.pdf" in page
    assert 'aria-current="page" data-tab="documents"' in page


def test_htmx_gets_only_the_tabs_and_the_open_panel(client_for, rep, media_root):
    customer = CustomerFactory(owner=rep)
    CustomerDocumentFactory(customer=customer, original_name="营业执照.pdf")
    response = get(client_for(rep), customer, "documents", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert body.startswith('<div id="customer-tabs"')
    assert "营业执照.pdf" in body
    assert "HX-Request" in response["Vary"]


def test_an_unknown_tab_opens_the_profile(client_for, rep):
    customer = CustomerFactory(owner=rep, description="做批发")
    response = get(client_for(rep), customer, "nonsense<script>")
    assert response.context["active_tab"].key == "profile"
    assert "做批发" in response.content.decode()


def test_the_main_actions_head_the_page_for_the_owner(client_for, rep):
    customer = CustomerFactory(owner=rep, phone="13800138000")
    content = get(client_for(rep), customer).content.decode()
    actions = content[content.index("data-main-actions") : content.index('id="customer-tabs"')]
    assert 'href="tel:13800138000"' in actions
    assert reverse("visits:customer_log", args=[customer.pk]) in actions
    assert reverse("pools:release", args=[customer.pk]) in actions
    assert 'data-action="claim"' not in actions
    # Before the tabs: in the first screen of a phone, sticky under the top bar.
    assert content.index("data-main-actions") < content.index('id="customer-tabs"')


def test_a_pool_customer_offers_claim_not_a_call(client_for, rep):
    customer = CustomerFactory(phone="13800138000")
    content = get(client_for(rep), customer).content.decode()
    actions = content[content.index("data-main-actions") : content.index('id="customer-tabs"')]
    assert 'data-action="claim"' in actions
    assert "tel:" not in actions


def test_a_doctor_has_no_deals_tab(client_for, make_user, rep):
    doctor = make_user(roles.SERVICE_DOCTOR)
    customer = CustomerFactory(owner=rep)
    ArchiveCardFactory(attendance__customer=customer, custodian=doctor)
    client = client_for(doctor)
    assert "deals" not in counts(get(client, customer))
    # Asking for it by its link opens the first tab the doctor has.
    assert get(client, customer, "deals").context["active_tab"].key == "profile"


def test_the_service_tab_counts_only_the_cases_the_user_may_see(client_for, rep, make_user):
    customer = CustomerFactory(owner=rep)
    receiver = make_user(roles.SERVICE_DOCTOR)
    log_case(by=receiver, now=CURRENT_TIME, customer=customer)
    # The owner sees the cases on their customers (SVC-1).
    assert counts(get(client_for(rep), customer))["service"] == 1


def test_the_visits_tab_marks_overdue_superseded_and_cancelled_visits(client_for, rep, frozen_now):
    customer = CustomerFactory(owner=rep)
    VisitTaskFactory(
        customer=customer, assignee=rep, purpose="逾期回访", due_on=TODAY - dt.timedelta(days=3)
    )
    due_today = VisitTaskFactory(customer=customer, assignee=rep, purpose="今天回访", due_on=TODAY)
    VisitTaskFactory(
        customer=customer,
        assignee=rep,
        purpose="被购买取代",
        status=TaskStatus.SUPERSEDED,
        closed_at=CURRENT_TIME,
        closed_why={"rule": "VISIT-12"},
    )
    VisitTaskFactory(
        customer=customer,
        assignee=rep,
        purpose="回池取消",
        status=TaskStatus.CANCELLED,
        closed_at=CURRENT_TIME,
        closed_why={"rule": "POOL-1", "pool": True},
    )
    response = get(client_for(rep), customer, "visits")
    content = response.content.decode()
    assert counts(response)["visits"] == 4
    overdue = content[content.index("逾期回访") - 400 : content.index("逾期回访")]
    assert "Overdue by 3 days" in overdue
    today = content[content.index(f'<li data-task="{due_today.pk}">') : content.index("今天回访")]
    assert "data-overdue" not in today
    assert 'data-closed="superseded"' in content
    assert "被购买取代" in content
    assert 'data-closed="cancelled"' in content
    assert "回池取消" in content
    assert "Superseded" in content
    assert "Cancelled" in content


def test_another_reps_customer_answers_404_on_every_tab(client_for, rep, make_user):
    other = make_user(roles.REP, username="rep2")
    theirs = CustomerFactory(owner=other)
    client = client_for(rep)
    for tab in ("", "visits", "deals", "documents"):
        response = client.get(detail(theirs), {"tab": tab}, HTTP_HX_REQUEST="true")
        assert response.status_code == 404


@pytest.mark.parametrize(
    "tab", ["profile", "visits", "deals", "ownership", "cards", "service", "documents"]
)
def test_every_tab_keeps_a_few_queries(
    client_for, rep, frozen_now, django_assert_max_num_queries, tab, media_root
):
    customer = CustomerFactory(owner=rep)
    for _ in range(6):
        VisitTaskFactory(customer=customer, assignee=rep)
        visit_record_log(customer=customer, by=rep, now=CURRENT_TIME, values=record_values())
        make_payment(deal=make_deal(customer=customer, rep=rep), amount="10.00")
        ArchiveCardFactory(attendance__customer=customer, rep=rep)
        CustomerDocumentFactory(customer=customer)
        log_case(by=rep, now=CURRENT_TIME, customer=customer)
    client = client_for(rep)
    with django_assert_max_num_queries(25):  # on a cold cache
        get(client, customer, tab)
