"""The sales manager's assignment queue: assign (INTAKE-5), then seal (INTAKE-6)."""

import threading

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from crm import roles
from crm.models import StaffStatus
from customers.models import AssignmentPrinciple, Survey, SurveyStatus
from customers.selectors.surveys import sealed_count_for, surveys_waiting_count
from customers.services.surveys import survey_assign
from customers.views.surveys import QUEUE_PAGE_SIZE
from pools.models import Ownership, OwnershipChange, OwnershipReason
from tests.customers.factories import CustomerFactory, SurveyFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("customers:assignment_queue")


@pytest.fixture(autouse=True)
def fresh_parameters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")


@pytest.fixture
def custodian(make_user):
    return make_user(roles.SERVICE_MANAGER, username="service", last_name="吴", first_name="涛")


@pytest.fixture
def collected(rep):
    """A survey the rep collected from a new customer (owned by first contact)."""
    return SurveyFactory(collector=rep, customer=CustomerFactory(name="李秀英", owner=rep))


def assign_url(survey) -> str:
    return reverse("customers:survey_assign", args=[survey.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# The queue


@pytest.mark.rule("INTAKE-5")
def test_the_manager_sees_each_submitted_survey_with_its_proposal(
    client_for, manager, rep, collected
):
    response = client_for(manager).get(QUEUE, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row["survey"] == collected
    assert row["proposed"] == rep
    assert row["principle"] == AssignmentPrinciple.COLLECTOR
    content = response.content.decode()
    assert "李秀英" in content
    assert "Assign to 张伟" in content
    assert "The collector keeps what they collected" in content


@pytest.mark.rule("INTAKE-5")
def test_assigned_and_sealed_surveys_leave_the_queue(client_for, manager, rep):
    SurveyFactory(collector=rep, status=SurveyStatus.ASSIGNED)
    SurveyFactory(collector=rep, status=SurveyStatus.SEALED)
    assert client_for(manager).get(QUEUE).context["rows"] == []


@pytest.mark.rule("INTAKE-5")
@pytest.mark.parametrize("role", [roles.REP, roles.SUPERVISOR, roles.SERVICE_MANAGER])
def test_only_those_who_assign_surveys_open_the_queue(client_for, make_user, role, collected):
    client = client_for(make_user(role))
    assert client.get(QUEUE).status_code == 403
    assignee = collected.collector.pk
    assert client.post(assign_url(collected), {"assignee": assignee}).status_code == 403
    collected.refresh_from_db()
    assert collected.status == SurveyStatus.SUBMITTED


def test_the_queue_paginates(client_for, manager, rep):
    for _ in range(QUEUE_PAGE_SIZE + 2):
        SurveyFactory(collector=rep)
    client = client_for(manager)
    assert len(client.get(QUEUE).context["rows"]) == QUEUE_PAGE_SIZE
    assert len(client.get(QUEUE, {"page": 2}).context["rows"]) == 2
    assert client.get(QUEUE, {"page": "x"}).status_code == 200


def test_the_queue_query_count_does_not_grow_with_the_page(
    client_for, manager, make_user, custodian, django_assert_max_num_queries
):
    reps = [make_user(roles.REP) for _ in range(4)]
    for i in range(QUEUE_PAGE_SIZE):
        SurveyFactory(collector=reps[i % 4], customer=CustomerFactory(owner=reps[(i + 1) % 4]))
    client = client_for(manager)
    client.get(QUEUE)  # warm the parameter cache
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE)
    assert len(response.context["rows"]) == QUEUE_PAGE_SIZE


def test_customer_names_are_shown_escaped_in_the_queue(client_for, manager, rep):
    SurveyFactory(collector=rep, customer=CustomerFactory(name="<script>x</script>王😀"))
    content = client_for(manager).get(QUEUE).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;王😀" in content
    assert "<script>x</script>" not in content


# Assigning


@pytest.mark.rule("INTAKE-5", "INTAKE-6", "POOL-8")
def test_accepting_the_proposal_records_the_principle_sets_the_owner_and_seals(
    client_for, manager, rep, custodian, collected, frozen_now
):
    response = client_for(manager).post(assign_url(collected), {"assignee": rep.pk})
    assert response.status_code == 302
    survey = Survey.objects.get(pk=collected.pk)
    assert survey.assigned_to == rep
    assert survey.assigned_by == manager
    assert survey.assigned_at == frozen_now
    assert survey.assignment_principle == AssignmentPrinciple.COLLECTOR
    assert survey.assignment_params["rule"] == "INTAKE-5"
    assert survey.assignment_params["kept_by"] == "collector"
    assert survey.status == SurveyStatus.SEALED
    assert survey.custodian == custodian
    assert survey.sealed_at == frozen_now
    ownership = Ownership.objects.get(customer=survey.customer)
    assert (ownership.owner, ownership.reason) == (rep, OwnershipReason.ASSIGNMENT)
    change = OwnershipChange.objects.get(
        customer=survey.customer, reason=OwnershipReason.ASSIGNMENT
    )
    assert change.rule == "INTAKE-5"
    assert change.changed_by == manager
    assert change.params["principle"] == AssignmentPrinciple.COLLECTOR
    assert change.params["survey"] == survey.pk


@pytest.mark.rule("INTAKE-5")
def test_choosing_another_rep_is_recorded_as_the_managers_discretion(
    client_for, manager, rep, make_user, custodian, collected
):
    other = make_user(roles.REP, last_name="李", first_name="强")
    response = client_for(manager).post(
        assign_url(collected), {"assignee": other.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    survey = Survey.objects.get(pk=collected.pk)
    assert survey.assigned_to == other
    assert survey.assignment_principle == AssignmentPrinciple.DISCRETION
    assert survey.assignment_params["proposed"] == rep.pk
    assert survey.assignment_params["proposed_principle"] == AssignmentPrinciple.COLLECTOR
    assert Ownership.objects.get(customer=survey.customer).owner == other
    assert any("李强 now follows up 李秀英. Principle: (5)" in m for m in messages_of(response))


@pytest.mark.rule("INTAKE-5")
def test_a_second_assignment_of_the_same_survey_is_refused_with_a_clear_message(
    client_for, manager, make_user, rep, custodian, collected
):
    client_for(manager).post(assign_url(collected), {"assignee": rep.pk})
    late = make_user(roles.SALES_MANAGER, last_name="孙", first_name="经理")
    other = make_user(roles.REP)
    response = client_for(late).post(
        assign_url(collected), {"assignee": other.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert any("already assigned to 张伟 by 刘洋" in m for m in messages_of(response))
    survey = Survey.objects.get(pk=collected.pk)
    assert (survey.assigned_to, survey.assigned_by) == (rep, manager)
    assert OwnershipChange.objects.filter(reason=OwnershipReason.ASSIGNMENT).count() == 1


@pytest.mark.rule("INTAKE-5")
def test_a_manager_holding_a_stale_page_cannot_assign_twice(manager, rep, collected, frozen_now):
    stale = Survey.objects.get(pk=collected.pk)
    survey_assign(survey=collected, assignee=rep, by=manager, now=frozen_now)
    with translation.override("en"), pytest.raises(ValidationError, match="already assigned"):
        survey_assign(survey=stale, assignee=rep, by=manager, now=frozen_now)


@pytest.mark.rule("INTAKE-5")
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql  # row locks; SQLite serialises whole transactions instead
def test_two_managers_assigning_at_once_are_served_one_after_the_other():
    from crm.roles import sync_roles

    sync_roles()  # a flush by an earlier transactional test removes the role groups
    rep = UserFactory(roles=[roles.REP])
    managers = [UserFactory(roles=[roles.SALES_MANAGER]) for _ in range(2)]
    survey = SurveyFactory(collector=rep, customer=CustomerFactory(owner=rep))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def assign(manager):
        from django.db import connection as thread_connection
        from django.utils import timezone

        try:
            barrier.wait()
            survey_assign(survey=survey, assignee=rep, by=manager, now=timezone.now())
            outcomes.append("assigned")
        except ValidationError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=assign, args=(m,)) for m in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["assigned", "refused"]
    assert OwnershipChange.objects.filter(reason=OwnershipReason.ASSIGNMENT).count() == 1


@pytest.mark.rule("INTAKE-5")
def test_only_an_active_rep_can_be_given_the_customer(client_for, manager, make_user, collected):
    for not_a_rep in (
        make_user(roles.FINANCE),
        make_user(roles.REP, profile={"status": StaffStatus.LEFT}),
        UserFactory(),
    ):
        client_for(manager).post(assign_url(collected), {"assignee": not_a_rep.pk})
    collected.refresh_from_db()
    assert collected.status == SurveyStatus.SUBMITTED
    assert collected.assigned_to is None


# Sealing (INTAKE-6)


@pytest.mark.rule("INTAKE-6")
def test_without_a_custodian_the_survey_stays_assigned_and_the_queue_says_so(
    client_for, manager, rep, collected
):
    client = client_for(manager)
    response = client.post(assign_url(collected), {"assignee": rep.pk}, HTTP_ACCEPT_LANGUAGE="en")
    survey = Survey.objects.get(pk=collected.pk)
    assert survey.status == SurveyStatus.ASSIGNED
    assert survey.custodian is None
    assert survey.sealed_at is None
    assert any("waits to be sealed" in m for m in messages_of(response))
    page = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No custodian exists" in page
    assert "1 assigned survey waits to be sealed." in page


@pytest.mark.rule("INTAKE-6")
def test_surveys_that_waited_are_sealed_once_a_custodian_exists(
    client_for, manager, rep, make_user, collected, frozen_now
):
    client = client_for(manager)
    client.post(assign_url(collected), {"assignee": rep.pk})
    keeper = make_user(roles.SERVICE_MANAGER)
    client.post(reverse("customers:survey_seal_waiting"))
    survey = Survey.objects.get(pk=collected.pk)
    assert (survey.status, survey.custodian, survey.sealed_at) == (
        SurveyStatus.SEALED,
        keeper,
        frozen_now,
    )
    client.post(reverse("customers:survey_seal_waiting"))  # a second run changes nothing
    assert Survey.objects.get(pk=collected.pk).sealed_at == frozen_now


@pytest.mark.rule("INTAKE-6")
def test_the_custodian_holding_fewest_sealed_surveys_receives_the_next(
    client_for, manager, rep, make_user, collected
):
    busy = make_user(roles.SERVICE_MANAGER)
    idle = make_user(roles.SERVICE_MANAGER)
    make_user(roles.SERVICE_MANAGER, is_active=False)
    make_user(roles.SERVICE_MANAGER, profile={"status": StaffStatus.LEFT})
    SurveyFactory(status=SurveyStatus.SEALED, custodian=busy)
    client_for(manager).post(assign_url(collected), {"assignee": rep.pk})
    assert Survey.objects.get(pk=collected.pk).custodian == idle


# Dashboard figures


def test_the_managers_panel_counts_the_surveys_waiting(rep):
    SurveyFactory.create_batch(3, collector=rep)
    SurveyFactory(collector=rep, status=SurveyStatus.SEALED)
    assert surveys_waiting_count() == 3


@pytest.mark.rule("INTAKE-6")
def test_the_service_managers_panel_counts_the_sealed_surveys_they_keep(custodian, make_user):
    SurveyFactory.create_batch(2, status=SurveyStatus.SEALED, custodian=custodian)
    SurveyFactory(status=SurveyStatus.SEALED, custodian=make_user(roles.SERVICE_MANAGER))
    SurveyFactory(status=SurveyStatus.ASSIGNED)
    assert sealed_count_for(user=custodian) == 2
