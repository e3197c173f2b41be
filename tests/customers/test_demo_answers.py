"""The demo's survey answers read like a real older customer's (issue 16: no household of 69)."""

import datetime as dt

import pytest

from customers.demo import _demo_answer
from customers.models import QuestionKind
from tests.customers.factories_surveys import default_template

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [0, 1, 2])
def test_the_demo_answers_are_sensible(n):
    for question in default_template().questions.prefetch_related("choices"):
        answer = _demo_answer(question, n=n)
        if question.kind == QuestionKind.NUMBER:
            assert 0 < answer <= 7, (question.text, answer)
        elif question.kind == QuestionKind.DATE:
            born = dt.date.fromisoformat(answer)
            assert 1940 <= born.year <= 1965
        elif question.kind == QuestionKind.MULTIPLE:
            labels = [c.label_zh for c in question.choices.all() if c.pk in answer]
            assert labels
            assert not (len(labels) > 1 and any("没有" in label for label in labels))
        elif question.kind == QuestionKind.SINGLE:
            assert answer in {c.pk for c in question.choices.all()}
