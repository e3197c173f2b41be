"""The sealed archive: the service manager stores sealed surveys and never reads them."""

import pytest
from django.urls import reverse

from crm import roles
from customers.views.sealing import PAGE_SIZE
from tests.customers.factories import CustomerFactory, SurveyFactory
from tests.customers.factories_sealing import AnswerFactory, SealedSurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(make_user):
    return make_user(roles.SERVICE_MANAGER, username="service", last_name="吴", first_name="涛")


@pytest.mark.rule("INTAKE-6", "SEAL-1")
def test_the_service_manager_sees_the_sealed_surveys_in_their_custody_but_no_answers(
    client_for, service, rep, frozen_now
):
    mine = SealedSurveyFactory(
        custodian=service, collector=rep, customer=CustomerFactory(name="赵大爷")
    )
    answer = AnswerFactory(survey=mine, value="高血压十年，独居")
    SealedSurveyFactory(customer=CustomerFactory(name="别人保管"))  # another custodian's
    SurveyFactory(customer=CustomerFactory(name="还没封存"))  # submitted, not sealed

    response = client_for(service).get(reverse("customers:sealed_list"))

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [mine]
    page = response.content.decode()
    assert "赵大爷" in page
    assert mine.paper_serial in page
    assert "张伟" in page  # the collector
    assert str(mine.campaign) in page
    assert answer.value not in page
    assert "别人保管" not in page
    assert "还没封存" not in page


@pytest.mark.rule("INTAKE-6")
def test_a_rep_cannot_open_the_sealed_archive(client_for, rep):
    assert client_for(rep).get(reverse("customers:sealed_list")).status_code == 403


@pytest.mark.rule("INTAKE-7")
def test_the_archive_finds_a_paper_form_by_its_serial_or_the_customers_pinyin(
    client_for, service, frozen_now
):
    zhang = SealedSurveyFactory(custodian=service, customer=CustomerFactory(name="张三"))
    li = SealedSurveyFactory(
        custodian=service, customer=CustomerFactory(name="李四"), paper_serial="AX-777001"
    )
    client = client_for(service)

    by_serial = client.get(reverse("customers:sealed_list"), {"q": "777001"})
    by_pinyin = client.get(reverse("customers:sealed_list"), {"q": "zhangsan"})

    assert list(by_serial.context["page"].object_list) == [li]
    assert list(by_pinyin.context["page"].object_list) == [zhang]


def test_the_sealed_archive_paginates_and_keeps_the_search(client_for, service, frozen_now):
    for _ in range(PAGE_SIZE + 2):
        SealedSurveyFactory(custodian=service, customer=CustomerFactory(name="王五"))
    client = client_for(service)

    first = client.get(reverse("customers:sealed_list"), {"q": "王五"})
    second = client.get(reverse("customers:sealed_list"), {"q": "王五", "page": 2})

    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert len(second.context["page"].object_list) == 2
    assert "q=%E7%8E%8B%E4%BA%94&amp;page=2" in first.content.decode()
    assert client.get(reverse("customers:sealed_list"), {"page": "x"}).status_code == 200


def test_the_sealed_archive_query_count_does_not_grow_with_the_archive(
    client_for, service, frozen_now, django_assert_max_num_queries
):
    for _ in range(20):
        AnswerFactory(survey=SealedSurveyFactory(custodian=service))
    client = client_for(service)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("customers:sealed_list"))
    assert len(response.context["page"].object_list) == 20


@pytest.mark.rule("SEAL-1", "SEAL-2")
def test_the_owner_sees_a_sealed_surveys_metadata_and_a_request_link_but_no_answers(
    client_for, rep, english, frozen_now
):
    survey = SealedSurveyFactory(customer=CustomerFactory(owner=rep), collector=rep)
    answer = AnswerFactory(survey=survey, value="每月退休金八千")

    response = client_for(rep).get(reverse("customers:sealed_detail", args=[survey.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert survey.paper_serial in page
    assert answer.value not in page
    assert f"{reverse('customers:access_new')}?survey={survey.pk}" in page
    assert reverse("customers:sealed_read", args=[survey.pk]) not in page


@pytest.mark.rule("SEAL-2")
def test_a_rep_cannot_open_the_sealed_survey_of_another_reps_customer(
    client_for, rep, make_user, frozen_now
):
    other = make_user(roles.REP)
    survey = SealedSurveyFactory(customer=CustomerFactory(owner=other), collector=other)
    client = client_for(rep)
    assert client.get(reverse("customers:sealed_detail", args=[survey.pk])).status_code == 404
    assert client.get(reverse("customers:sealed_read", args=[survey.pk])).status_code == 404


@pytest.mark.rule("INTAKE-6")
def test_a_survey_that_is_not_sealed_has_no_sealed_page(client_for, make_user, frozen_now):
    gm = make_user(roles.GENERAL_MANAGER)
    survey = SurveyFactory()
    assert client_for(gm).get(reverse("customers:sealed_detail", args=[survey.pk])).status_code == (
        404
    )


@pytest.mark.rule("SEAL-1")
def test_the_custodian_and_the_general_manager_see_the_metadata_of_any_sealed_survey(
    client_for, service, make_user, frozen_now
):
    survey = SealedSurveyFactory(customer=CustomerFactory(owner=make_user(roles.REP)))
    gm = make_user(roles.GENERAL_MANAGER)
    url = reverse("customers:sealed_detail", args=[survey.pk])
    assert client_for(service).get(url).status_code == 200
    assert client_for(gm).get(url).status_code == 200
