"""Adding and editing a customer: validation, ownership by first contact, duplicates first."""

import pytest
from django.urls import reverse

from crm import roles
from customers.models import Customer, CustomerKind, InformationSource
from pools.models import Ownership, OwnershipChange, OwnershipReason
from tests.customers.factories import CustomerFactory
from tests.customers.factories_customers import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NEW = reverse("customers:customer_new")


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")


@pytest.fixture
def other_rep(make_user):
    return make_user(roles.REP, username="rep2", last_name="李", first_name="强")


def data(**overrides) -> dict:
    values = {
        "kind": CustomerKind.PERSON,
        "name": "王秀英",
        "phone": "13800138000",
        "email": "",
        "organisation": "",
        "region": "",
        "address": "",
        "source": InformationSource.EVENT,
        "description": "",
        "characteristics": "",
        "business_status": "",
        "economic_strength": "",
        "credit_note": "",
        "transaction_status": "",
        "sales_summary": "",
    }
    values.update(overrides)
    return values


def edit_url(customer) -> str:
    return reverse("customers:customer_edit", args=[customer.pk])


# Adding --------------------------------------------------------------------------------


@pytest.mark.rule("POOL-1", "INTAKE-8")
def test_a_rep_who_adds_a_customer_owns_it_by_first_contact(client_for, rep, frozen_now):
    response = client_for(rep).post(NEW, data(source=InformationSource.TELESALES))
    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("customers:customer_detail", args=[customer.pk])
    assert customer.source == InformationSource.TELESALES
    assert customer.first_collector == rep
    assert customer.created_by == rep
    assert customer.name_initials == "wxy"
    ownership = Ownership.objects.get(customer=customer)
    assert (ownership.owner, ownership.reason, ownership.rule) == (
        rep,
        OwnershipReason.FIRST_CONTACT,
        "POOL-1",
    )
    assert ownership.since == frozen_now
    assert OwnershipChange.objects.get(customer=customer).changed_by == rep


def test_a_customer_added_by_the_sales_manager_goes_to_the_pool(client_for, manager):
    client_for(manager).post(NEW, data())
    customer = Customer.objects.get()
    assert customer.first_collector is None
    assert not Ownership.objects.filter(customer=customer, owner__isnull=False).exists()


@pytest.mark.rule("INTAKE-8")
def test_the_information_source_is_required(client_for, rep):
    response = client_for(rep).post(NEW, data(source=""), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Choose where the company learned of this customer." in response.content.decode()
    assert not Customer.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("010-12345678", "01012345678"),
        ("(0755) 8765 4321", "075587654321"),
    ],
)
def test_a_phone_is_stored_as_digits(client_for, rep, typed, stored):
    client_for(rep).post(NEW, data(phone=typed))
    assert Customer.objects.get().phone == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "12345"),
        ("phone", "12800138000"),
        ("phone", "1380013800a"),
        ("phone", "12345678"),  # a landline needs its area code
        ("phone", ""),  # a person needs a phone
        ("email", "not-an-address"),
        ("name", "   "),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(client_for, rep, field, value):
    response = client_for(rep).post(NEW, data(**{field: value}), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Customer.objects.exists()


def test_an_organisation_may_go_without_a_phone(client_for, rep):
    client_for(rep).post(NEW, data(kind=CustomerKind.ORGANISATION, name="康泰公司", phone=""))
    assert Customer.objects.get().kind == CustomerKind.ORGANISATION


def test_a_name_with_markup_or_emoji_is_kept_as_typed(client_for, rep):
    client_for(rep).post(NEW, data(name="<script>alert(1)</script> 王阿姨🌸"))
    assert Customer.objects.get().name == "<script>alert(1)</script> 王阿姨🌸"


def test_only_who_may_add_customers_sees_the_form(client_for, make_user):
    doctor = make_user(roles.SERVICE_DOCTOR)
    assert client_for(doctor).get(NEW).status_code == 403
    assert client_for(doctor).post(NEW, data()).status_code == 403
    assert not Customer.objects.exists()


# Duplicates (INTAKE-9) -----------------------------------------------------------------


@pytest.mark.rule("INTAKE-9")
@pytest.mark.rule("SEC-6")
def test_a_duplicate_phone_is_shown_before_saving_with_its_first_collector(
    client_for, rep, other_rep
):
    CustomerFactory(name="王秀珍", phone="13800138000", owner=other_rep, first_collector=other_rep)
    response = client_for(rep).post(NEW, data(phone="+86 13800138000"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert Customer.objects.count() == 1
    content = response.content.decode()
    assert "This customer may already exist" in content
    assert "王秀珍" not in content  # SEC-6: another rep's customer is not named
    assert "138****8000" in content
    assert "13800138000" not in content.replace('value="+86 13800138000"', "")
    assert "李强" in content  # the first collector is named
    [match] = response.context["duplicates"]
    assert match["visible"] is False  # another rep's customer: neither named nor linked


@pytest.mark.rule("INTAKE-9")
def test_saving_a_duplicate_needs_an_explicit_create_anyway(client_for, rep, other_rep):
    existing = CustomerFactory(phone="13800138000", owner=other_rep)
    client = client_for(rep)
    # Ticking "save anyway" without having been shown the match saves nothing.
    client.post(NEW, data(**{"dup-create_anyway": "on"}))
    assert Customer.objects.count() == 1
    shown = client.post(NEW, data()).context["confirm"]["seen"].value()
    assert shown == str(existing.pk)
    # Seen but not ticked: still nothing.
    client.post(NEW, data(**{"dup-seen": shown}))
    assert Customer.objects.count() == 1
    response = client.post(NEW, data(**{"dup-seen": shown, "dup-create_anyway": "on"}))
    assert response.status_code == 302
    assert Customer.objects.count() == 2


@pytest.mark.rule("INTAKE-9")
def test_a_confirmation_for_other_matches_does_not_count(client_for, rep):
    first = CustomerFactory(phone="13800138000")
    response = client_for(rep).post(
        NEW, data(**{"dup-seen": str(first.pk + 1), "dup-create_anyway": "on"})
    )
    assert response.status_code == 200
    assert Customer.objects.count() == 1


@pytest.mark.rule("INTAKE-9")
def test_a_duplicate_organisation_or_contact_phone_is_shown_too(client_for, rep):
    org = OrganisationFactory(name="康泰科技有限公司")
    ContactFactory(customer=org, phone="13911112222")
    client = client_for(rep)
    by_name = client.post(
        NEW, data(kind=CustomerKind.ORGANISATION, name="康泰科技有限公司", phone="")
    )
    assert [m["customer"] for m in by_name.context["duplicates"]] == [org]
    by_contact = client.post(NEW, data(phone="13911112222"))
    assert [m["customer"] for m in by_contact.context["duplicates"]] == [org]
    assert Customer.objects.count() == 1


@pytest.mark.rule("INTAKE-9")
def test_a_duplicate_the_rep_may_see_is_linked(client_for, rep):
    pool = CustomerFactory(phone="13800138000")
    response = client_for(rep).post(NEW, data())
    [match] = response.context["duplicates"]
    assert match["visible"] is True
    assert reverse("customers:customer_detail", args=[pool.pk]) in response.content.decode()


# Editing -------------------------------------------------------------------------------


@pytest.mark.rule("DEAL-5")
def test_a_rep_edits_the_profile_of_own_customer(client_for, rep):
    customer = CustomerFactory(owner=rep, name="王秀英", phone="13800138000")
    response = client_for(rep).post(
        edit_url(customer),
        data(name="王秀英", business_status="退休，经济宽裕", is_key_customer="on"),
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.business_status == "退休，经济宽裕"
    assert customer.is_key_customer
    latest = customer.history.first()
    assert latest.history_user == rep


def test_renaming_keeps_the_pinyin_search_keys_in_step(client_for, rep):
    customer = CustomerFactory(owner=rep, name="王秀英", phone="13800138000")
    client_for(rep).post(edit_url(customer), data(name="张三"))
    customer.refresh_from_db()
    assert (customer.name_pinyin, customer.name_initials) == ("zhangsan", "zs")


@pytest.mark.rule("INTAKE-9")
def test_changing_the_phone_to_another_customers_asks_first(client_for, rep):
    CustomerFactory(phone="13900139000")
    customer = CustomerFactory(owner=rep, phone="13800138000")
    client = client_for(rep)
    response = client.post(edit_url(customer), data(phone="13900139000"))
    assert response.status_code == 200
    assert response.context["duplicates"]
    customer.refresh_from_db()
    assert customer.phone == "13800138000"
    seen = response.context["confirm"]["seen"].value()
    client.post(
        edit_url(customer),
        data(phone="13900139000", **{"dup-seen": seen, "dup-create_anyway": "on"}),
    )
    customer.refresh_from_db()
    assert customer.phone == "13900139000"


def test_saving_a_profile_without_changing_the_phone_does_not_ask_again(client_for, rep):
    CustomerFactory(phone="13800138000")  # an old duplicate, already accepted
    customer = CustomerFactory(owner=rep, phone="13800138000")
    response = client_for(rep).post(edit_url(customer), data(description="常来"))
    assert response.status_code == 302


def test_editing_needs_the_change_permission(client_for, make_user):
    gm = make_user(roles.GENERAL_MANAGER)
    customer = CustomerFactory()
    assert client_for(gm).get(edit_url(customer)).status_code == 403
