"""My surveys: the collector's own surveys, metadata only, never the answers."""

import pytest
from django.urls import reverse

from crm import roles
from customers.models import Answer, QuestionKind, SurveyStatus
from customers.views.surveys import LIST_PAGE_SIZE
from tests.customers.factories import (
    CampaignFactory,
    CustomerFactory,
    QuestionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("customers:survey_list")


def customers_listed(response) -> list[str]:
    return [row["survey"].customer.name for row in response.context["rows"]]


@pytest.mark.rule("INTAKE-1")
def test_a_rep_sees_the_surveys_they_collected_and_no_one_elses(client_for, rep, make_user):
    SurveyFactory(collector=rep, customer=CustomerFactory(name="李秀英", owner=rep))
    SurveyFactory(collector=make_user(roles.REP), customer=CustomerFactory(name="周大爷"))
    response = client_for(rep).get(URL)
    assert response.status_code == 200
    assert customers_listed(response) == ["李秀英"]


@pytest.mark.rule("INTAKE-2")
def test_the_list_shows_template_campaign_submission_and_status(client_for, rep):
    SurveyFactory(
        collector=rep,
        customer=CustomerFactory(owner=rep),
        campaign=CampaignFactory(),
        paper_serial="AX-77",
        status=SurveyStatus.SEALED,
    )
    content = client_for(rep).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Road of Love" in content
    assert "AX-77" in content
    assert "Sealed" in content


@pytest.mark.rule("INTAKE-6")
def test_answers_are_never_shown_in_the_list(client_for, rep):
    survey = SurveyFactory(collector=rep, customer=CustomerFactory(owner=rep))
    question = QuestionFactory(template=survey.template, kind=QuestionKind.TEXT)
    Answer.objects.create(survey=survey, question=question, value="只有封存后经审批才能看的答案")
    content = client_for(rep).get(URL).content.decode()
    assert "只有封存后经审批才能看的答案" not in content
    assert question.text not in content


@pytest.mark.rule("INTAKE-9")
def test_a_survey_attached_to_another_reps_customer_does_not_name_the_customer(
    client_for, rep, make_user
):
    SurveyFactory(
        collector=rep, customer=CustomerFactory(name="周秘密", owner=make_user(roles.REP))
    )
    response = client_for(rep).get(URL, HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert "周秘密" not in content
    assert "Another rep's customer" in content


def test_someone_who_collects_no_surveys_cannot_open_the_list(client_for, make_user):
    assert client_for(make_user(roles.SALES_MANAGER)).get(URL).status_code == 403


def test_an_empty_list_invites_to_collect_a_survey(client_for, rep):
    response = client_for(rep).get(URL)
    assert response.context["rows"] == []
    assert reverse("customers:survey_new") in response.content.decode()


def test_my_surveys_paginate_newest_first(client_for, rep):
    customer = CustomerFactory(owner=rep)
    for _ in range(LIST_PAGE_SIZE + 3):
        SurveyFactory(collector=rep, customer=customer)
    client = client_for(rep)
    first = client.get(URL)
    assert len(first.context["rows"]) == LIST_PAGE_SIZE
    dates = [row["survey"].submitted_at for row in first.context["rows"]]
    assert dates == sorted(dates, reverse=True)
    assert len(client.get(URL, {"page": 2}).context["rows"]) == 3
    assert client.get(URL, {"page": "x"}).status_code == 200


def test_the_list_query_count_does_not_grow_with_the_page(
    client_for, rep, make_user, django_assert_max_num_queries
):
    campaign = CampaignFactory()
    other = make_user(roles.REP)
    for i in range(LIST_PAGE_SIZE):
        SurveyFactory(
            collector=rep,
            campaign=campaign,
            customer=CustomerFactory(owner=rep if i % 2 else other),
        )
    client = client_for(rep)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.context["rows"]) == LIST_PAGE_SIZE
