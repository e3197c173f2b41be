"""The default survey template and campaign (data migration 0003) and their admin."""

import importlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from customers.models import (
    Answer,
    Campaign,
    Question,
    QuestionChoice,
    QuestionKind,
    Survey,
    SurveyTemplate,
)
from tests.customers.factories import CustomerFactory, QuestionFactory, SurveyFactory
from tests.customers.factories_surveys import DEFAULT_TEMPLATE, default_template

pytestmark = pytest.mark.django_db

migration = importlib.import_module("customers.migrations.0003_default_survey_template")


def counts() -> tuple[int, int, int, int]:
    return (
        SurveyTemplate.objects.count(),
        Question.objects.count(),
        QuestionChoice.objects.count(),
        Campaign.objects.count(),
    )


# The default template (INTAKE-1) and campaign (INTAKE-2)


@pytest.mark.rule("INTAKE-1")
def test_the_older_person_health_survey_is_the_default_template():
    template = default_template()
    assert template.is_default
    assert template.is_active
    assert template.name_en == "Older-person health and living survey"
    assert SurveyTemplate.objects.filter(is_default=True).count() == 1


@pytest.mark.rule("INTAKE-1")
def test_the_default_template_asks_every_kind_of_question_some_optional():
    questions = list(default_template().questions.all())
    assert 10 <= len(questions) <= 15
    assert {q.kind for q in questions} == set(QuestionKind.values)
    assert any(not q.required for q in questions)
    assert all(q.text and q.text_en for q in questions)
    for question in questions:
        has_choices = question.choices.exists()
        assert has_choices == (question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE))
        assert all(c.label_zh and c.label_en for c in question.choices.all())


@pytest.mark.rule("INTAKE-1")
def test_questions_speak_the_users_language(settings):
    from django.utils import translation

    question = default_template().questions.get(order=10)
    with translation.override("zh-hans"):
        assert question.label == "出生日期"
    with translation.override("en"):
        assert question.label == "Date of birth"


@pytest.mark.rule("INTAKE-2")
def test_the_road_of_love_census_is_a_campaign():
    campaign = Campaign.objects.get(name="爱心之路")
    assert campaign.is_active
    assert "Road of Love" in campaign.name_en


def test_running_the_migration_again_changes_nothing():
    before = counts()
    migration.create(apps, None)
    assert counts() == before


def test_running_it_again_keeps_an_admins_edits():
    question = default_template().questions.get(order=80)
    question.text = "您最担心的健康问题"
    question.save()
    migration.create(apps, None)
    question.refresh_from_db()
    assert question.text == "您最担心的健康问题"


def test_the_reverse_deletes_the_template_its_questions_and_the_campaign():
    migration.delete(apps, None)
    assert not SurveyTemplate.objects.filter(name=DEFAULT_TEMPLATE).exists()
    assert not Campaign.objects.filter(name="爱心之路").exists()
    assert Question.objects.count() == 0
    migration.create(apps, None)  # and forward again makes them anew
    assert default_template().questions.count() == 13


def test_the_reverse_keeps_what_filled_surveys_use():
    template = default_template()
    campaign = Campaign.objects.get(name="爱心之路")
    SurveyFactory(template=template, campaign=campaign)
    migration.delete(apps, None)
    assert SurveyTemplate.objects.filter(pk=template.pk).exists()
    assert Campaign.objects.filter(pk=campaign.pk).exists()


# Admin


@pytest.fixture
def admin_client(client_for, admin_user):
    return client_for(admin_user)


def test_the_admin_edits_a_templates_questions_inline(admin_client):
    template = default_template()
    url = reverse("admin:customers_surveytemplate_change", args=[template.pk])
    content = admin_client.get(url).content.decode()
    assert "出生日期" in content
    assert reverse("admin:customers_question_change", args=[template.questions.first().pk]) in (
        content
    )


def test_the_admin_edits_a_questions_choices(admin_client):
    question = default_template().questions.get(order=20)
    url = reverse("admin:customers_question_change", args=[question.pk])
    content = admin_client.get(url).content.decode()
    assert "男" in content
    assert "Female" in content


def test_a_used_questions_kind_cannot_be_changed(admin_client):
    question = QuestionFactory(kind=QuestionKind.TEXT)
    SurveyFactory(template=question.template)
    url = reverse("admin:customers_question_change", args=[question.pk])
    content = admin_client.get(url).content.decode()
    assert 'name="kind"' not in content


@pytest.mark.rule("INTAKE-6")
def test_the_survey_admin_lists_metadata_and_never_answers(admin_client, rep):
    survey = SurveyFactory(collector=rep, customer=CustomerFactory(name="李秀英"))
    question = QuestionFactory(template=survey.template)
    Answer.objects.create(survey=survey, question=question, value="保密的答案")
    listing = admin_client.get(reverse("admin:customers_survey_changelist")).content.decode()
    assert "李秀英" in listing
    detail = admin_client.get(
        reverse("admin:customers_survey_change", args=[survey.pk])
    ).content.decode()
    for page in (listing, detail):
        assert "保密的答案" not in page
    assert not admin.site.is_registered(Answer)


def test_surveys_are_not_added_or_deleted_in_the_admin(admin_client):
    survey = SurveyFactory()
    assert admin_client.get(reverse("admin:customers_survey_add")).status_code == 403
    delete = reverse("admin:customers_survey_delete", args=[survey.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Survey.objects.filter(pk=survey.pk).exists()
