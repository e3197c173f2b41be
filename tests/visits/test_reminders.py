"""Reminders: one notice a day per person of visits due tomorrow and of overdue visits,
sent by a scheduled job, by e-mail too when the person has an address; never twice."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from crm.models import Notification
from crm.schedules import NIGHT, SCHEDULES
from tests.conftest import CURRENT_TIME
from tests.factories import UserFactory
from tests.visits.factories import VisitTaskFactory
from visits.tasks import reminders_daily

pytestmark = pytest.mark.django_db
NOW = CURRENT_TIME
TODAY = NOW.date()
DAY = dt.timedelta(days=1)


@pytest.mark.rule("VISIT-7")
def test_the_daily_job_notifies_due_tomorrow_and_overdue_once(
    rep, frozen_now, django_capture_on_commit_callbacks
):
    VisitTaskFactory(assignee=rep, due_on=TODAY + DAY)
    VisitTaskFactory(assignee=rep, due_on=TODAY + DAY)
    VisitTaskFactory(assignee=rep, due_on=TODAY - 3 * DAY)
    VisitTaskFactory(assignee=rep, due_on=TODAY)  # due today: on my day, no notice
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_daily() == 2
    notices = Notification.objects.filter(user=rep)
    assert {(n.kind, n.text) for n in notices} == {
        ("visits.due_tomorrow", ""),
        ("visits.overdue", ""),
    }
    with translation.override("en"):
        assert sorted(n.words for n in notices) == [
            "1 follow-up visit is overdue. Visit or call the customer today.",
            "2 follow-up visits are due tomorrow (24 Nov 2026).",
        ]
    with translation.override("zh-hans"):
        assert "2026年11月24日" in " ".join(n.words for n in notices)
    assert {n.url for n in Notification.objects.all()} == {"/visits/", "/visits/#overdue"}
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == [rep.email]

    with django_capture_on_commit_callbacks(execute=True):
        reminders_daily()
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.rule("VISIT-7")
def test_no_e_mail_without_an_address(frozen_now, django_capture_on_commit_callbacks):
    person = UserFactory(email="")
    VisitTaskFactory(assignee=person, due_on=TODAY - DAY)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_daily()
    assert Notification.objects.filter(user=person).count() == 1
    assert mail.outbox == []


def test_the_jobs_are_scheduled():
    names = {job.name: job for job in SCHEDULES}
    assert "visits.tasks.catch_up_nightly" in NIGHT
    assert names["visits.reminders_daily"].at == "07:30"
