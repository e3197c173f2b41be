"""Reading a sealed survey: one person, one record, limited time, every read logged."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from crm import roles
from customers.models import AccessStatus, QuestionKind, ReadLog
from customers.selectors.sealing import survey_answers_for_display
from customers.services.sealing import access_request_create, access_request_decide
from tests.customers.factories import CustomerFactory, QuestionFactory, SurveyTemplateFactory
from tests.customers.factories_sealing import (
    AccessRequestFactory,
    AnswerFactory,
    GrantFactory,
    QuestionChoiceFactory,
    SealedSurveyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gm(make_user):
    return make_user(roles.GENERAL_MANAGER, username="gm", last_name="陈", first_name="建国")


@pytest.fixture
def survey(rep, frozen_now):
    """A sealed survey the rep collected, of a customer the rep owns, with one answer."""
    survey = SealedSurveyFactory(customer=CustomerFactory(owner=rep, name="赵大爷"), collector=rep)
    AnswerFactory(survey=survey, question__text="健康状况", value="高血压十年")
    return survey


def read(client, survey):
    return client.get(reverse("customers:sealed_read", args=[survey.pk]))


@pytest.mark.rule("SEAL-1", "INTAKE-6")
def test_the_collector_cannot_read_their_own_sealed_survey_without_approval(
    client_for, rep, survey, english
):
    response = read(client_for(rep), survey)

    page = response.content.decode()
    assert response.status_code == 403
    assert "高血压十年" not in page
    assert 'data-denied="no-approval"' in page
    assert f"{reverse('customers:access_new')}?survey={survey.pk}" in page
    assert not ReadLog.objects.exists()


@pytest.mark.rule("SEAL-1", "INTAKE-6")
def test_after_approval_the_requester_reads_the_answers_and_the_read_is_logged(
    client_for, rep, gm, survey, frozen_now
):
    request = access_request_create(user=rep, survey=survey, reason="客户投诉核对", now=frozen_now)
    access_request_decide(access_request=request, by=gm, approve=True, hours=2, now=frozen_now)

    response = read(client_for(rep), survey)

    page = response.content.decode()
    assert response.status_code == 200
    assert "健康状况" in page
    assert "高血压十年" in page
    log = ReadLog.objects.get()
    assert (log.reader, log.read_at, log.survey, log.card) == (rep, frozen_now, survey, None)
    assert (log.access_request, log.basis) == (request, "approval")


@pytest.mark.rule("SEAL-1")
def test_every_read_is_logged_not_just_the_first(client_for, rep, survey, frozen_now):
    GrantFactory(requester=rep, survey=survey)
    client = client_for(rep)
    read(client, survey)
    with time_machine.travel(frozen_now + dt.timedelta(minutes=30), tick=False):
        read(client, survey)
    assert list(ReadLog.objects.order_by("read_at").values_list("read_at", flat=True)) == [
        frozen_now,
        frozen_now + dt.timedelta(minutes=30),
    ]


@pytest.mark.rule("SEAL-1")
def test_an_approval_is_for_one_person_only(client_for, rep, supervisor, team, survey):
    GrantFactory(requester=rep, survey=survey)

    response = read(client_for(supervisor), survey)  # the supervisor sees the customer

    assert response.status_code == 403
    assert "高血压十年" not in response.content.decode()
    assert not ReadLog.objects.exists()


@pytest.mark.rule("SEAL-1")
def test_an_approval_is_for_one_record_only(client_for, rep, survey, frozen_now):
    GrantFactory(requester=rep, survey=survey)
    other = SealedSurveyFactory(customer=CustomerFactory(owner=rep), collector=rep)
    AnswerFactory(survey=other, value="另一份的回答")

    response = read(client_for(rep), other)

    assert response.status_code == 403
    assert "另一份的回答" not in response.content.decode()
    assert not ReadLog.objects.exists()


@pytest.mark.rule("SEAL-1")
def test_an_approval_is_for_a_limited_time_and_the_page_says_it_expired(
    client_for, rep, gm, survey, english, frozen_now
):
    request = AccessRequestFactory(requester=rep, survey=survey)
    access_request_decide(access_request=request, by=gm, approve=True, hours=3, now=frozen_now)
    client = client_for(rep)

    with time_machine.travel(frozen_now + dt.timedelta(hours=2, minutes=59), tick=False):
        assert read(client, survey).status_code == 200
    with time_machine.travel(frozen_now + dt.timedelta(hours=3), tick=False):
        response = read(client, survey)

    page = response.content.decode()
    assert response.status_code == 403
    assert "高血压十年" not in page
    assert 'data-denied="expired"' in page
    assert "Your approval to read this survey expired" in page
    assert ReadLog.objects.count() == 1


@pytest.mark.rule("SEAL-1")
def test_a_rejected_or_waiting_request_gives_no_access(client_for, rep, survey, english):
    AccessRequestFactory(requester=rep, survey=survey, status=AccessStatus.REJECTED)
    AccessRequestFactory(requester=rep, survey=survey)

    response = read(client_for(rep), survey)

    assert response.status_code == 403
    assert 'data-denied="waiting"' in response.content.decode()


@pytest.mark.rule("SEAL-1", "INTAKE-6")
def test_the_custodian_and_the_general_manager_need_an_approval_too(
    client_for, gm, make_user, survey
):
    service = survey.custodian
    assert service.has_perm("customers.keep_sealed_surveys")
    for user in (service, gm):
        response = read(client_for(user), survey)
        assert response.status_code == 403
        assert "高血压十年" not in response.content.decode()


@pytest.mark.rule("INTAKE-7")
def test_the_read_page_is_not_cached_and_carries_the_readers_name(client_for, rep, survey, english):
    grant = GrantFactory(requester=rep, survey=survey)
    response = read(client_for(rep), survey)
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Read by 张伟" in page
    assert f"approval no. {grant.pk}" in page


@pytest.mark.rule("SEAL-1")
def test_the_metadata_page_offers_the_read_link_while_the_approval_lasts(client_for, rep, survey):
    GrantFactory(requester=rep, survey=survey)
    page = client_for(rep).get(reverse("customers:sealed_detail", args=[survey.pk]))
    assert reverse("customers:sealed_read", args=[survey.pk]) in page.content.decode()
    assert "高血压十年" not in page.content.decode()


def test_the_read_page_query_count_does_not_grow_with_the_questions(
    client_for, rep, survey, django_assert_max_num_queries
):
    GrantFactory(requester=rep, survey=survey)
    for _ in range(15):
        question = QuestionFactory(template=survey.template, kind=QuestionKind.MULTIPLE)
        choices = QuestionChoiceFactory.create_batch(3, question=question)
        AnswerFactory(survey=survey, question=question, value=[c.pk for c in choices])
    client = client_for(rep)
    with django_assert_max_num_queries(13):
        response = read(client, survey)
    assert len(response.context["rows"]) == 16


# --- survey_answers_for_display -------------------------------------------------------


@pytest.mark.rule("SEAL-1")
def test_answers_are_shown_by_question_kind_in_the_templates_order(frozen_now):
    template = SurveyTemplateFactory()

    def ask(order, kind, text):
        return QuestionFactory(template=template, order=order, kind=kind, text=text)

    text = ask(1, QuestionKind.TEXT, "住址")
    number = ask(2, QuestionKind.NUMBER, "年龄")
    date = ask(3, QuestionKind.DATE, "生日")
    yes_no = ask(4, QuestionKind.YES_NO, "独居")
    single = ask(5, QuestionKind.SINGLE, "血型")
    multiple = ask(6, QuestionKind.MULTIPLE, "慢性病")
    ask(7, QuestionKind.TEXT, "备注")  # not answered
    a_type = QuestionChoiceFactory(question=single, label_zh="A型")
    sugar = QuestionChoiceFactory(question=multiple, label_zh="糖尿病")
    pressure = QuestionChoiceFactory(question=multiple, label_zh="高血压")
    survey = SealedSurveyFactory(template=template)
    for question, value in [
        (multiple, [sugar.pk, pressure.pk]),
        (text, "朝阳区<script>alert(1)</script>"),
        (number, 72),
        (date, "1954-03-08"),
        (yes_no, False),
        (single, a_type.pk),
    ]:
        AnswerFactory(survey=survey, question=question, value=value)

    rows = survey_answers_for_display(survey=survey)

    assert [(r.label, r.value) for r in rows] == [
        ("住址", "朝阳区<script>alert(1)</script>"),
        ("年龄", "72"),
        ("生日", dt.date(1954, 3, 8)),
        ("独居", False),
        ("血型", "A型"),
        ("慢性病", ["糖尿病", "高血压"]),
        ("备注", None),
    ]


def test_a_script_in_an_answer_is_shown_escaped(client_for, rep, survey):
    AnswerFactory(survey=survey, value="<script>alert(1)</script>")
    GrantFactory(requester=rep, survey=survey)
    page = read(client_for(rep), survey).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


def test_displaying_answers_takes_three_queries(survey, django_assert_num_queries):
    with django_assert_num_queries(3):
        survey_answers_for_display(survey=survey)
