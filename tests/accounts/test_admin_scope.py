"""Issue 13, item 5: Django admin is limited to admins. A user marked `is_staff` who holds
any other role (with every permission of that role) opens no admin page and changes
nothing, for every model registered in the admin; an admin opens each list."""

import pytest
from django.contrib import admin
from django.urls import reverse

from crm import roles

pytestmark = pytest.mark.django_db

OTHER_ROLES = [code for code in roles.ROLE_ORDER if code != roles.ADMIN]
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _urls(model):
    info = model._meta.app_label, model._meta.model_name
    return {
        "changelist": reverse("admin:{}_{}_changelist".format(*info)),
        "add": reverse("admin:{}_{}_add".format(*info)),
        "change": reverse("admin:{}_{}_change".format(*info), args=[1]),
        "delete": reverse("admin:{}_{}_delete".format(*info), args=[1]),
        "history": reverse("admin:{}_{}_history".format(*info), args=[1]),
    }


@pytest.fixture
def staff_of_every_other_role(make_user):
    """One is_staff login holding every role but admin: every permission they carry."""
    return make_user(*OTHER_ROLES, username="staffer", is_staff=True)


def test_every_admin_model_is_closed_to_non_admin_staff(client_for, staff_of_every_other_role):
    client = client_for(staff_of_every_other_role)
    assert len(MODELS) > 20
    login = reverse("admin:login")
    before = {model._meta.label: model._default_manager.count() for model in MODELS}
    assert client.get(reverse("admin:index"))["Location"].startswith(login)
    failures = []
    for model in MODELS:
        for name, url in _urls(model).items():
            for method in ("get", "post"):
                response = getattr(client, method)(url, {"id": 1, "name": "x"})
                if response.status_code != 302 or not response["Location"].startswith(login):
                    failures.append((model._meta.label, name, method, response.status_code))
    assert failures == []
    after = {model._meta.label: model._default_manager.count() for model in MODELS}
    assert after == before


def test_an_admin_opens_every_admin_list(client_for, make_user):
    admin_user = make_user(roles.ADMIN, username="keeper", is_staff=True)
    client = client_for(admin_user)
    answers = {
        model._meta.label: client.get(_urls(model)["changelist"]).status_code for model in MODELS
    }
    assert {label: code for label, code in answers.items() if code not in (200, 403)} == {}
    assert answers["auth.User"] == 200
    assert answers["axes.AccessAttempt"] == 200


def test_the_admin_entry_shows_only_for_admins(client_for, make_user):
    staffer = make_user(roles.SALES_MANAGER, username="staffer", is_staff=True)
    keys = [item["key"] for item in client_for(staffer).get("/").context["nav_items"]]
    assert "admin" not in keys


def test_only_a_superuser_makes_a_superuser(client_for, make_user):
    keeper = make_user(roles.ADMIN, username="keeper", is_staff=True)
    target = make_user(roles.REP, username="target")
    page = client_for(keeper).get(reverse("admin:auth_user_change", args=[target.pk]))
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
