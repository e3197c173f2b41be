"""The customer admin starts from the same scope as the pages (SEAL-2)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from crm import roles
from customers.models import Customer, CustomerDocument
from tests.customers.factories import CustomerFactory
from tests.customers.factories_customers import CustomerDocumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:customers_customer_changelist")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff_supervisor(supervisor, team):
    """A supervisor who may also use the admin: it must show no more than the pages do."""
    supervisor.is_staff = True
    supervisor.save()
    supervisor.user_permissions.add(
        Permission.objects.get(codename="view_customer"),
        Permission.objects.get(codename="view_customerdocument"),
    )
    return supervisor


@pytest.mark.rule("SEAL-2")
def test_the_admin_list_shows_what_the_customer_list_shows(
    client_for, staff_supervisor, rep, make_user
):
    CustomerFactory(name="王秀英", owner=rep)
    CustomerFactory(name="李秀兰")
    hidden = CustomerFactory(name="张秀珍", owner=make_user(roles.REP))
    client = client_for(staff_supervisor)
    # Django admin lets in only admins (issue 13, item 5): the supervisor is sent to its
    # login, for the list, the hidden customer and its history alike ...
    login = reverse("admin:login")
    change = reverse("admin:customers_customer_change", args=[hidden.pk])
    history = reverse("admin:customers_customer_history", args=[hidden.pk])
    for url in (CHANGELIST, change, history):
        assert client.get(url)["Location"].startswith(login), url
    # ... and the admin's own scope, kept behind that, still matches the page's.
    admin_rows = {c.name for c in _admin_queryset(Customer, staff_supervisor)}
    page = client.get(reverse("customers:customer_list")).context["page"]
    page_rows = {c.name for c in page.rows}
    assert admin_rows == page_rows == {"王秀英", "李秀兰"}


def _admin_queryset(model, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return admin.site._registry[model].get_queryset(request)


def test_the_admin_search_finds_pinyin_and_phone(client_for, admin_user):
    CustomerFactory(name="张三", phone="13800138000")
    CustomerFactory(name="李四", phone="13900000000")
    client = client_for(admin_user)
    for query in ("zs", "zhangsan", "0013800"):
        rows = client.get(CHANGELIST, {"q": query}).context["cl"].result_list
        assert [c.name for c in rows] == ["张三"]


def test_saving_in_the_admin_keeps_the_pinyin_keys(client_for, admin_user):
    customer = CustomerFactory(name="王秀英", phone="13800138000")
    response = client_for(admin_user).post(
        reverse("admin:customers_customer_change", args=[customer.pk]),
        {
            "kind": "person",
            "name": "张三",
            "phone": "+86 139 0000 0000",
            "email": "",
            "organisation": "",
            "region": "",
            "address": "",
            "source": "event",
            "first_collector": "",
            "description": "",
            "characteristics": "",
            "business_status": "",
            "economic_strength": "",
            "credit_note": "",
            "transaction_status": "",
            "sales_summary": "",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.name_initials, customer.phone) == ("zs", "13900000000")
    assert customer.history.first().history_user == admin_user


def test_the_admin_history_of_a_customer_shows(client_for, admin_user):
    customer = CustomerFactory()
    url = reverse("admin:customers_customer_history", args=[customer.pk])
    assert client_for(admin_user).get(url).status_code == 200


@pytest.mark.rule("SEAL-3")
def test_documents_in_the_admin_are_read_only_and_link_to_the_scoped_download(
    client_for, admin_user
):
    document = CustomerDocumentFactory(customer=OrganisationFactory())
    client = client_for(admin_user)
    assert client.get(reverse("admin:customers_customerdocument_add")).status_code == 403
    page = client.get(reverse("admin:customers_customerdocument_change", args=[document.pk]))
    content = page.content.decode()
    download = reverse(
        "customers:customer_document_download", args=[document.customer_id, document.pk]
    )
    assert download in content
    assert document.file.name not in content
    assert 'name="kind"' not in content  # nothing to edit


@pytest.mark.rule("SEAL-2")
def test_the_document_admin_is_scoped_too(client_for, staff_supervisor, rep, make_user):
    mine = CustomerDocumentFactory(customer=OrganisationFactory(owner=rep))
    CustomerDocumentFactory(customer=OrganisationFactory(owner=make_user(roles.REP)))
    page = client_for(staff_supervisor).get(reverse("admin:customers_customerdocument_changelist"))
    assert page["Location"].startswith(reverse("admin:login"))  # admins only (issue 13)
    rows = _admin_queryset(CustomerDocument, staff_supervisor)
    assert list(rows) == [mine]
    assert Customer.objects.count() == 2
