"""Sealed answers never appear in lists, search, exports or Django admin (INTAKE-6/7, SEAL-1).

Some pages here belong to other parts of the CRM and may not exist yet: the tests render
every such page that resolves, and always check the admin registry, so they get stricter
as the CRM grows and never skip.
"""

import pytest
from django.contrib import admin
from django.urls import Resolver404, resolve, reverse

from crm import roles
from customers.models import AccessRequest, Answer, Customer, ReadLog, Survey
from customers.selectors.customers import customer_search
from tests.customers.factories import CustomerFactory
from tests.customers.factories_sealing import (
    AccessRequestFactory,
    AnswerFactory,
    GrantFactory,
    ReadLogFactory,
    SealedSurveyFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "机密：高血压十年，独居，退休金八千"


@pytest.fixture
def sealed(rep, frozen_now):
    survey = SealedSurveyFactory(customer=CustomerFactory(owner=rep, name="赵大爷"), collector=rep)
    AnswerFactory(survey=survey, value=SECRET)
    return survey


def existing(paths: list[str]) -> list[str]:
    """The paths among `paths` that some view answers (others' pages may not exist yet)."""
    found = []
    for path in paths:
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            continue
        found.append(path)
    return found


@pytest.mark.rule("INTAKE-6", "INTAKE-7")
def test_answers_are_not_registered_in_django_admin_at_all():
    assert Answer not in admin.site._registry
    for model_admin in admin.site._registry.values():
        inline_models = {inline.model for inline in model_admin.inlines}
        assert Answer not in inline_models, f"{type(model_admin).__name__} inlines answers"


@pytest.mark.rule("INTAKE-6", "INTAKE-7")
def test_no_admin_page_of_a_sealed_survey_shows_its_answers(client_for, admin_user, sealed):
    AccessRequestFactory(survey=sealed)
    ReadLogFactory(access_request__survey=sealed)
    client = client_for(admin_user)
    rendered = 0
    for model, obj in [
        (Survey, sealed),
        (Customer, sealed.customer),
        (AccessRequest, AccessRequest.objects.first()),
        (ReadLog, ReadLog.objects.first()),
    ]:
        if model not in admin.site._registry:
            continue
        opts = model._meta
        for url in (
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            + "?q=%E6%9C%BA%E5%AF%86",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert SECRET not in response.content.decode(), url
            rendered += 1
    # The access requests and the read log are always in admin (this area's own).
    assert rendered >= 6


@pytest.mark.rule("SEAL-1")
def test_the_access_request_and_read_log_admin_only_show(admin_user, rf):
    request = rf.get("/")
    request.user = admin_user
    for model in (AccessRequest, ReadLog):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


@pytest.mark.rule("INTAKE-6", "INTAKE-7", "SEAL-2")
def test_no_list_search_or_customer_page_shows_a_sealed_answer(
    client_for, rep, make_user, sealed, frozen_now
):
    gm = make_user(roles.GENERAL_MANAGER)
    service = sealed.custodian
    GrantFactory(requester=make_user(roles.REP), survey=sealed)  # someone else's approval
    ReadLogFactory(access_request__survey=sealed)
    customer = sealed.customer
    common = existing(
        [
            f"/customers/{customer.pk}/",
            "/customers/",
            "/customers/?q=高血压十年",  # a search page echoes its query: search a part
            "/surveys/",
            f"/surveys/{sealed.pk}/",
            f"/sealed/{sealed.pk}/",
            f"{reverse('customers:access_new')}?survey={sealed.pk}",
            reverse("customers:access_list"),
        ]
    )
    pages = {
        rep: common,
        gm: [*common, reverse("customers:access_pending"), reverse("customers:read_log")],
        service: [*common, reverse("customers:sealed_list"), f"/sealed/?q={sealed.paper_serial}"],
    }
    for user, paths in pages.items():
        client = client_for(user)
        for path in paths:
            response = client.get(path)
            # The owner reaches every page, so none of these checks is vacuous.
            assert response.status_code in ((200,) if user == rep else (200, 403, 404)), path
            assert SECRET not in response.content.decode(), (user.username, path)
    assert len(common) >= 3


@pytest.mark.rule("INTAKE-6", "SEAL-2")
def test_customer_search_does_not_look_into_sealed_answers(sealed):
    assert not customer_search(qs=Customer.objects.all(), q="高血压十年").exists()
    assert not customer_search(qs=Customer.objects.all(), q=SECRET).exists()
