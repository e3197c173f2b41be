"""Who sees which case (SVC-1): one scope for the pages, the lists and the admin."""

import pytest
from django.urls import reverse

from service.models import Case
from service.selectors.cases import case_qs_for
from tests.customers.factories import CustomerFactory
from tests.service.factories import department, log_case, route_case

pytestmark = pytest.mark.django_db


@pytest.mark.rule("SVC-1")
def test_another_reps_case_answers_404(client_for, rep, rep2, frozen_now):
    case = log_case(by=rep2, now=frozen_now, customer=CustomerFactory(owner=rep2))
    client = client_for(rep)
    for name in ("service:case_detail", "service:case_answer", "service:case_route"):
        method = client.get if name == "service:case_detail" else client.post
        assert method(reverse(name, args=[case.pk])).status_code == 404, name
    assert client.get(reverse("service:complaint_new", args=[case.pk])).status_code == 404
    assert client.get(reverse("service:feedback_new"), {"case": case.pk}).status_code == 404


@pytest.mark.rule("SVC-1")
def test_a_rep_sees_what_they_received_and_the_cases_on_their_own_customers(
    rep, rep2, doctor, frozen_now
):
    mine = log_case(by=rep, now=frozen_now)
    on_my_customer = log_case(by=doctor, now=frozen_now, customer=CustomerFactory(owner=rep))
    log_case(by=rep2, now=frozen_now, customer=CustomerFactory(owner=rep2))
    log_case(by=doctor, now=frozen_now, customer=CustomerFactory(owner=None))
    assert set(case_qs_for(user=rep)) == {mine, on_my_customer}


@pytest.mark.rule("SVC-1")
def test_whoever_routed_or_answered_a_case_still_sees_it(rep, doctor, frozen_now):
    department("service", members=[doctor])
    case = route_case(log_case(by=rep, now=frozen_now), by=rep, now=frozen_now)
    route_case(case, by=doctor, now=frozen_now, code="finance")
    assert case in case_qs_for(user=doctor)  # no longer in the doctor's department


@pytest.mark.rule("SVC-1")
def test_a_department_member_sees_the_cases_routed_to_it(rep, doctor, finance, frozen_now):
    department("service", members=[doctor])
    case = route_case(log_case(by=rep, now=frozen_now), by=rep, now=frozen_now)
    assert list(case_qs_for(user=doctor)) == [case]
    assert list(case_qs_for(user=finance)) == []


@pytest.mark.rule("SVC-1")
def test_a_supervisor_sees_the_cases_of_the_team(rep, supervisor, team, rep2, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    log_case(by=rep2, now=frozen_now)
    assert list(case_qs_for(user=supervisor)) == [case]


@pytest.mark.rule("SVC-1")
def test_the_managers_see_every_case(
    rep, rep2, service_manager, sales_manager, general_manager, frozen_now
):
    log_case(by=rep, now=frozen_now)
    log_case(by=rep2, now=frozen_now)
    for manager in (service_manager, sales_manager, general_manager):
        assert case_qs_for(user=manager).count() == 2


def test_a_case_is_listed_once_whatever_the_ways_the_user_sees_it(rep, doctor, frozen_now):
    department("service", members=[doctor, rep])
    department("finance", members=[rep])
    case = route_case(
        log_case(by=rep, now=frozen_now, customer=CustomerFactory(owner=rep)),
        by=rep,
        now=frozen_now,
    )
    assert list(case_qs_for(user=rep)) == [case]


def test_the_admin_shows_cases_read_only_in_the_same_scope(client_for, admin_user, rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    client = client_for(admin_user)
    listing = client.get(reverse("admin:service_case_changelist"))
    assert listing.status_code == 200
    assert case.subject in listing.content.decode()
    assert client.get(reverse("admin:service_case_add")).status_code == 403
    response = client.post(
        reverse("admin:service_case_change", args=[case.pk]), {"subject": "改掉"}
    )
    assert response.status_code == 403
    assert Case.objects.get().subject == case.subject


def test_an_admin_edits_the_departments_and_tags(client_for, admin_user):
    client = client_for(admin_user)
    for name in ("admin:service_department_changelist", "admin:service_feedbacktag_changelist"):
        assert client.get(reverse(name)).status_code == 200
    response = client.post(
        reverse("admin:service_feedbacktag_add"),
        {"name": "售后响应", "name_en": "Response time", "is_active": "on", "order": 100},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "model", ["department", "feedbacktag", "case", "complaint", "feedback", "improvementreport"]
)
def test_the_service_admin_lists_open(client_for, admin_user, rep, frozen_now, model):
    from tests.service.factories import product_complaint

    complaint = product_complaint(by=rep, now=frozen_now)
    client = client_for(admin_user)
    assert client.get(reverse(f"admin:service_{model}_changelist")).status_code == 200
    page = client.get(reverse("admin:service_complaint_change", args=[complaint.pk]))
    assert page.status_code == 200
