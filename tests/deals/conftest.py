import pytest

from crm import roles
from tests.customers.factories import CustomerFactory
from tests.deals.factories import grant


@pytest.fixture
def seller(rep):
    """The rep, allowed to record deals and payments."""
    return grant(rep, "deals.add_deal", "deals.add_payment", "deals.view_deal")


@pytest.fixture
def manager(make_user):
    user = make_user(roles.SALES_MANAGER, username="manager")
    return grant(user, "deals.override_credit", "deals.add_deal", "deals.add_payment")


@pytest.fixture
def customer(seller):
    return CustomerFactory(owner=seller)
