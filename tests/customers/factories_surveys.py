"""Factories and form data for the survey tests."""

import factory

from customers.models import QuestionChoice, QuestionKind, SurveyTemplate
from tests.customers.factories import QuestionFactory, SurveyTemplateFactory

DEFAULT_TEMPLATE = "中老年健康调查表"

# One answer per kind, as a browser posts it.
SAMPLE_ANSWERS = {
    QuestionKind.TEXT: "血压偏高，想了解保健方法",
    QuestionKind.NUMBER: "3",
    QuestionKind.DATE: "1956-03-08",
    QuestionKind.YES_NO: "yes",
}


class QuestionChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionChoice

    question = factory.SubFactory(QuestionFactory)
    order = factory.Sequence(lambda n: n)
    label_zh = factory.Sequence(lambda n: f"选项{n}")
    label_en = factory.Sequence(lambda n: f"Choice {n}")


def default_template() -> SurveyTemplate:
    """The template the data migration made (中老年健康调查表)."""
    return SurveyTemplate.objects.get(name=DEFAULT_TEMPLATE)


def small_template(**kwargs) -> SurveyTemplate:
    """A template with one required question of each kind and one optional text question."""
    template = SurveyTemplateFactory(**kwargs)
    for kind in QuestionKind.values:
        question = QuestionFactory(template=template, kind=kind, required=True)
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            QuestionChoiceFactory(question=question, label_zh="是的", label_en="Yes indeed")
            QuestionChoiceFactory(question=question, label_zh="不是", label_en="No indeed")
    QuestionFactory(template=template, kind=QuestionKind.TEXT, required=False, text="备注")
    return template


def answer_data(template: SurveyTemplate, *, skip_optional: bool = True) -> dict:
    """Posted answers to every question of `template` (required ones, unless told)."""
    data: dict = {}
    for question in template.questions.prefetch_related("choices"):
        if skip_optional and not question.required:
            continue
        name = f"a-q{question.pk}"
        choices = [c.pk for c in question.choices.all()]
        if question.kind == QuestionKind.SINGLE:
            data[name] = str(choices[0])
        elif question.kind == QuestionKind.MULTIPLE:
            data[name] = [str(choices[0]), str(choices[-1])]
        else:
            data[name] = SAMPLE_ANSWERS[question.kind]
    return data


def survey_data(template: SurveyTemplate, campaign=None, **overrides) -> dict:
    """A complete, valid submission of a new customer's survey; overrides win.

    An override of None leaves the key out (an unticked checkbox, an empty field).
    """
    data = {
        "template": str(template.pk),
        "campaign": str(campaign.pk) if campaign else "",
        "customer_mode": "new",
        "new-name": "李秀英",
        "new-phone": "139 1234 5678",
        "new-organisation": "",
        "new-region": "",
        "new-address": "北京市朝阳区幸福里3号",
        "new-source": "event",
        "paper_serial": "",
        "signed": "on",
        **answer_data(template),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def answer_values(template: SurveyTemplate) -> dict[int, object]:
    """Answers to every required question of `template`, as the service takes them."""
    values: dict[int, object] = {}
    for question in template.questions.prefetch_related("choices"):
        if not question.required:
            continue
        choices = [c.pk for c in question.choices.all()]
        values[question.pk] = {
            QuestionKind.TEXT: "血压偏高",
            QuestionKind.NUMBER: 3,
            QuestionKind.DATE: "1956-03-08",
            QuestionKind.YES_NO: True,
            QuestionKind.SINGLE: choices[0] if choices else None,
            QuestionKind.MULTIPLE: choices[:1],
        }[question.kind]
    return values
