"""Access requests and a general manager's decision on them (SEAL-1, INTAKE-6, CARD-9)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from crm import roles
from crm.models import RuleParameter
from crm.parameters import param_forget
from customers.models import AccessRequest, AccessStatus
from customers.selectors.sealing import access_pending_count
from customers.services.sealing import access_request_create, access_request_decide
from customers.views.sealing import PAGE_SIZE
from tests.customers.factories import ArchiveCardFactory, CustomerFactory, SurveyFactory
from tests.customers.factories_sealing import (
    AccessRequestFactory,
    GrantFactory,
    SealedSurveyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gm(make_user):
    return make_user(roles.GENERAL_MANAGER, username="gm", last_name="陈", first_name="建国")


@pytest.fixture
def survey(rep, frozen_now):
    """A sealed survey of a customer the rep owns and collected."""
    return SealedSurveyFactory(customer=CustomerFactory(owner=rep, name="赵大爷"), collector=rep)


@pytest.fixture
def seal_hours():
    """Set the rule parameter seal.access_hours for one test."""

    def set_hours(hours: int) -> None:
        RuleParameter.objects.update_or_create(key="seal.access_hours", defaults={"value": hours})
        param_forget("seal.access_hours")

    yield set_hours
    param_forget("seal.access_hours")


# --- Asking ---------------------------------------------------------------------------


@pytest.mark.rule("SEAL-1", "INTAKE-6")
def test_a_rep_asks_to_read_a_sealed_survey_with_a_reason(
    client_for, rep, survey, english, frozen_now
):
    client = client_for(rep)
    url = f"{reverse('customers:access_new')}?survey={survey.pk}"

    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "客户来电投诉，需核对调查表"}, follow=True)

    request = AccessRequest.objects.get()
    assert (request.requester, request.survey, request.card) == (rep, survey, None)
    assert request.status == AccessStatus.PENDING
    assert request.requested_at == frozen_now
    assert response.redirect_chain[-1][0] == reverse("customers:access_list")
    assert "A general manager will approve or reject it" in response.content.decode()


@pytest.mark.rule("SEAL-1")
def test_an_empty_reason_shows_an_error_and_saves_nothing(client_for, rep, survey, english):
    url = f"{reverse('customers:access_new')}?survey={survey.pk}"
    response = client_for(rep).post(url, {"reason": "   "})

    assert response.status_code == 200
    assert "Say why you need to read this record." in response.content.decode()
    assert response.context["form"].errors["reason"]
    assert not AccessRequest.objects.exists()


@pytest.mark.rule("SEAL-1")
def test_the_service_refuses_an_empty_reason_too(rep, survey, frozen_now):
    with pytest.raises(ValidationError) as caught:
        access_request_create(user=rep, survey=survey, reason="", now=frozen_now)
    assert "reason" in caught.value.message_dict
    assert not AccessRequest.objects.exists()


@pytest.mark.rule("SEAL-1")
def test_a_second_request_while_the_first_waits_is_refused(
    client_for, rep, survey, english, frozen_now
):
    access_request_create(user=rep, survey=survey, reason="核对", now=frozen_now)
    url = f"{reverse('customers:access_new')}?survey={survey.pk}"

    response = client_for(rep).post(url, {"reason": "再次申请"})

    assert "a general manager has not decided yet" in response.content.decode()
    assert AccessRequest.objects.count() == 1


@pytest.mark.rule("INTAKE-6")
def test_only_a_sealed_survey_needs_a_request(rep, frozen_now):
    submitted = SurveyFactory(customer=CustomerFactory(owner=rep), collector=rep)
    with pytest.raises(ValidationError):
        access_request_create(user=rep, survey=submitted, reason="看看", now=frozen_now)


@pytest.mark.rule("CARD-9", "SEAL-1")
def test_a_rep_asks_to_read_an_archive_card_outside_a_visit(client_for, rep, frozen_now):
    card = ArchiveCardFactory(attendance__customer=CustomerFactory(owner=rep))
    url = f"{reverse('customers:access_new')}?card={card.pk}"
    client = client_for(rep)

    assert card.customer.name in client.get(url).content.decode()
    client.post(url, {"reason": "整理客户资料"})

    request = AccessRequest.objects.get()
    assert (request.card, request.survey, request.requester) == (card, None, rep)


@pytest.mark.rule("SEAL-2", "CARD-9")
def test_a_rep_cannot_ask_for_the_card_of_another_reps_customer(client_for, rep, make_user):
    other = make_user(roles.REP)
    card = ArchiveCardFactory(
        attendance__customer=CustomerFactory(owner=other), attendance__rep=other
    )
    response = client_for(rep).get(f"{reverse('customers:access_new')}?card={card.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["", "?survey=x", "?card=", "?survey=1&card=1"])
def test_a_request_page_without_exactly_one_record_is_not_found(client_for, rep, query):
    response = client_for(rep).get(reverse("customers:access_new") + query)
    assert response.status_code == 404


@pytest.mark.rule("SEAL-1")
def test_a_user_sees_their_own_requests_and_their_state(
    client_for, rep, make_user, english, frozen_now
):
    waiting = AccessRequestFactory(requester=rep)
    active = GrantFactory(requester=rep)
    expired = GrantFactory(requester=rep, valid_until=frozen_now - dt.timedelta(minutes=1))
    rejected = AccessRequestFactory(
        requester=rep, status=AccessStatus.REJECTED, decision_note="理由不充分"
    )
    someone_elses = AccessRequestFactory(requester=make_user(roles.REP))

    response = client_for(rep).get(reverse("customers:access_list"))

    states = {row["req"]: row["state"] for row in response.context["rows"]}
    assert states == {
        waiting: "pending",
        active: "active",
        expired: "expired",
        rejected: "rejected",
    }
    assert someone_elses not in states
    page = response.content.decode()
    assert "理由不充分" in page
    assert reverse("customers:sealed_read", args=[active.survey.pk]) in page


def test_the_request_list_paginates_with_a_pinned_query_count(
    client_for, rep, frozen_now, django_assert_max_num_queries
):
    for _ in range(PAGE_SIZE + 1):
        AccessRequestFactory(requester=rep)
    client = client_for(rep)
    with django_assert_max_num_queries(7):
        first = client.get(reverse("customers:access_list"))
    assert len(first.context["rows"]) == PAGE_SIZE
    assert len(client.get(reverse("customers:access_list"), {"page": 2}).context["rows"]) == 1


# --- Deciding -------------------------------------------------------------------------


@pytest.mark.rule("SEAL-1")
def test_a_general_manager_approves_for_a_limited_time(
    client_for, gm, rep, survey, english, frozen_now
):
    request = AccessRequestFactory(requester=rep, survey=survey)

    response = client_for(gm).post(
        reverse("customers:access_decide", args=[request.pk]),
        {"decision": "approve", "hours": "4", "note": ""},
        follow=True,
    )

    request.refresh_from_db()
    assert request.status == AccessStatus.APPROVED
    assert request.decided_by == gm
    assert request.decided_at == frozen_now
    assert request.valid_until == frozen_now + dt.timedelta(hours=4)
    assert "Approved" in response.content.decode()
    assert access_pending_count() == 0


@pytest.mark.rule("SEAL-1")
def test_an_approval_lasts_the_rule_parameter_by_default_and_never_longer(
    gm, rep, seal_hours, frozen_now
):
    seal_hours(8)
    first = AccessRequestFactory(requester=rep)
    second = AccessRequestFactory(requester=rep)

    access_request_decide(access_request=first, by=gm, approve=True, now=frozen_now)
    with pytest.raises(ValidationError) as caught:
        access_request_decide(access_request=second, by=gm, approve=True, now=frozen_now, hours=9)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.valid_until == frozen_now + dt.timedelta(hours=8)
    assert "hours" in caught.value.message_dict
    assert second.status == AccessStatus.PENDING


@pytest.mark.rule("SEAL-1")
def test_too_many_hours_shows_an_error_next_to_the_field(client_for, gm, rep, english):
    request = AccessRequestFactory(requester=rep)
    response = client_for(gm).post(
        reverse("customers:access_decide", args=[request.pk]),
        {"decision": "approve", "hours": "999"},
    )
    assert response.status_code == 200
    item = next(i for i in response.context["items"] if i["req"] == request)
    assert item["form"].errors["hours"]
    request.refresh_from_db()
    assert request.status == AccessStatus.PENDING


@pytest.mark.rule("SEAL-1")
def test_a_general_manager_rejects_with_a_note(client_for, gm, rep, frozen_now):
    request = AccessRequestFactory(requester=rep)

    client_for(gm).post(
        reverse("customers:access_decide", args=[request.pk]),
        {"decision": "reject", "note": "与工作无关"},
    )

    request.refresh_from_db()
    assert request.status == AccessStatus.REJECTED
    assert request.decision_note == "与工作无关"
    assert request.valid_until is None


@pytest.mark.rule("SEAL-1")
def test_a_rejection_without_a_note_shows_an_error_and_decides_nothing(
    client_for, gm, rep, english
):
    request = AccessRequestFactory(requester=rep)
    response = client_for(gm).post(
        reverse("customers:access_decide", args=[request.pk]),
        {"decision": "reject", "note": " "},
    )
    assert "Say why the request is rejected." in response.content.decode()
    request.refresh_from_db()
    assert request.status == AccessStatus.PENDING


@pytest.mark.rule("SEAL-1")
def test_a_general_manager_cannot_approve_their_own_request(
    client_for, gm, survey, english, frozen_now
):
    own = AccessRequestFactory(requester=gm, survey=survey)
    client = client_for(gm)

    pending = client.get(reverse("customers:access_pending"))
    response = client.post(
        reverse("customers:access_decide", args=[own.pk]), {"decision": "approve", "hours": "1"}
    )

    assert [i["own"] for i in pending.context["items"]] == [True]
    assert "another general manager must decide it" in pending.content.decode()
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == AccessStatus.PENDING
    with pytest.raises(ValidationError):
        access_request_decide(access_request=own, by=gm, approve=True, now=frozen_now)


@pytest.mark.rule("SEAL-1")
def test_a_request_is_decided_only_once(client_for, gm, make_user, rep, english, frozen_now):
    request = AccessRequestFactory(requester=rep)
    other_gm = make_user(roles.GENERAL_MANAGER)
    access_request_decide(
        access_request=request, by=other_gm, approve=False, note="否", now=frozen_now
    )

    response = client_for(gm).post(
        reverse("customers:access_decide", args=[request.pk]),
        {"decision": "approve", "hours": "2"},
        follow=True,
    )

    assert "already been decided" in response.content.decode()
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.valid_until) == (
        AccessStatus.REJECTED,
        other_gm,
        None,
    )
    with pytest.raises(ValidationError):
        access_request_decide(access_request=request, by=gm, approve=True, now=frozen_now)


@pytest.mark.rule("SEAL-1")
def test_only_a_general_manager_decides(client_for, rep, make_user, frozen_now):
    request = AccessRequestFactory(requester=make_user(roles.REP))
    service = make_user(roles.SERVICE_MANAGER)
    for user in (rep, service):
        client = client_for(user)
        assert client.get(reverse("customers:access_pending")).status_code == 403
        url = reverse("customers:access_decide", args=[request.pk])
        assert client.post(url, {"decision": "approve", "hours": "1"}).status_code == 403
    with pytest.raises(PermissionDenied):
        access_request_decide(access_request=request, by=service, approve=True, now=frozen_now)
    request.refresh_from_db()
    assert request.status == AccessStatus.PENDING


@pytest.mark.rule("SEAL-1")
def test_the_pending_list_shows_the_reason_and_the_record_oldest_first(
    client_for, gm, rep, frozen_now
):
    older = AccessRequestFactory(
        requester=rep, reason="客户投诉核对", requested_at=frozen_now - dt.timedelta(hours=2)
    )
    newer = AccessRequestFactory(requester=rep)
    GrantFactory(requester=rep)  # decided: not on the list

    response = client_for(gm).get(reverse("customers:access_pending"))

    assert [i["req"] for i in response.context["items"]] == [older, newer]
    page = response.content.decode()
    assert "客户投诉核对" in page
    assert older.survey.customer.name in page
    assert access_pending_count() == 2


def test_the_pending_list_paginates_with_a_pinned_query_count(
    client_for, gm, frozen_now, django_assert_max_num_queries
):
    for _ in range(PAGE_SIZE + 1):
        AccessRequestFactory()
    client = client_for(gm)
    with django_assert_max_num_queries(9):  # +2: second factor (SEC-5), admin-menu role check
        response = client.get(reverse("customers:access_pending"))
    assert len(response.context["items"]) == PAGE_SIZE
    assert len(client.get(reverse("customers:access_pending"), {"page": 2}).context["items"]) == 1


@pytest.mark.rule("SEAL-1")
def test_a_decision_on_a_stale_copy_of_the_request_is_refused(gm, make_user, rep, frozen_now):
    request = AccessRequestFactory(requester=rep)
    stale = AccessRequest.objects.get(pk=request.pk)  # a second manager's page, loaded earlier
    access_request_decide(access_request=request, by=gm, approve=True, hours=1, now=frozen_now)

    with pytest.raises(ValidationError):
        access_request_decide(
            access_request=stale,
            by=make_user(roles.GENERAL_MANAGER),
            approve=False,
            note="否",
            now=frozen_now,
        )

    request.refresh_from_db()
    assert (request.status, request.decided_by) == (AccessStatus.APPROVED, gm)
