"""API-3: each user's private calendar feed (iCal) of their open visit tasks and in-person
appointments. The secret in the address is the credential (no login); only its SHA-256 is
stored; resetting or revoking it stops the old address (404)."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from icalendar import Calendar

from api.models import CalendarFeed
from api.selectors import FEED_DAYS_AHEAD, FEED_MAX_EVENTS
from api.services import calendar_feed_issue, calendar_feed_revoke
from crm import roles
from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory
from tests.visits.factories import VisitTaskFactory
from visits.models import TaskStatus, VisitMethod

pytestmark = [pytest.mark.rule("API-3"), pytest.mark.django_db]
TODAY = CURRENT_TIME.date()
DAY = dt.timedelta(days=1)


def feed_url(secret: str) -> str:
    return reverse("calendar_feed_ics", args=[secret])


def events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def rep2(make_user):
    return make_user(roles.REP)


def test_the_feed_holds_exactly_the_users_open_visits_and_appointments(
    client, rep, rep2, frozen_now
):
    mine = VisitTaskFactory(
        customer=CustomerFactory(name="王阿姨", owner=rep), assignee=rep, due_on=TODAY + 2 * DAY
    )
    visit = VisitTaskFactory(
        customer=CustomerFactory(name="李大爷", owner=rep),
        assignee=rep,
        due_on=TODAY + 3 * DAY,
        planned_method=VisitMethod.HOME,
        purpose="测血压",
    )
    closed = VisitTaskFactory(
        customer=CustomerFactory(owner=rep), assignee=rep, status=TaskStatus.CANCELLED
    )
    others = VisitTaskFactory(customer=CustomerFactory(owner=rep2), assignee=rep2)
    _feed, secret = calendar_feed_issue(user=rep, now=frozen_now)

    found = events(client.get(feed_url(secret)))

    assert set(found) == {f"visit-task-{mine.pk}@crm", f"visit-task-{visit.pk}@crm"}
    assert f"visit-task-{closed.pk}@crm" not in found
    assert f"visit-task-{others.pk}@crm" not in found
    event = found[f"visit-task-{visit.pk}@crm"]
    # An all-day event on the due date, in the user's language (Chinese by default).
    assert event.decoded("DTSTART") == TODAY + 3 * DAY
    assert event.decoded("DTEND") == TODAY + 4 * DAY
    assert str(event["SUMMARY"]) == "上门拜访：李大爷 · 测血压"
    assert "王阿姨" in str(found[f"visit-task-{mine.pk}@crm"]["SUMMARY"])
    assert str(event["URL"]).endswith(
        reverse("customers:customer_detail", args=[visit.customer_id])
    )
    assert str(event["URL"]).startswith("http")
    assert event.decoded("DTSTAMP") == frozen_now


def test_a_visit_logged_or_closed_leaves_the_feed(client, rep, frozen_now):
    task = VisitTaskFactory(customer=CustomerFactory(owner=rep), assignee=rep)
    _feed, secret = calendar_feed_issue(user=rep, now=frozen_now)
    assert len(events(client.get(feed_url(secret)))) == 1
    task.status, task.done_at = TaskStatus.DONE, frozen_now
    task.save()
    assert events(client.get(feed_url(secret))) == {}


def test_the_feed_is_worded_in_the_language_it_was_made_in(client, rep, frozen_now):
    VisitTaskFactory(
        customer=CustomerFactory(name="王阿姨", owner=rep),
        assignee=rep,
        planned_method=VisitMethod.STORE,
        purpose="",
    )
    _feed, secret = calendar_feed_issue(user=rep, now=frozen_now, language="en")
    (event,) = events(client.get(feed_url(secret))).values()
    assert str(event["SUMMARY"]) == "Store visit: 王阿姨"


def test_a_revoked_reset_or_unknown_address_answers_404_and_the_new_one_works(
    client, rep, frozen_now
):
    VisitTaskFactory(customer=CustomerFactory(owner=rep), assignee=rep)
    _feed, first = calendar_feed_issue(user=rep, now=frozen_now)
    assert client.get(feed_url(first)).status_code == 200
    _feed, second = calendar_feed_issue(user=rep, now=frozen_now)
    assert client.get(feed_url(first)).status_code == 404
    assert len(events(client.get(feed_url(second)))) == 1
    calendar_feed_revoke(user=rep, now=frozen_now)
    assert client.get(feed_url(second)).status_code == 404
    assert client.get(feed_url("cal_not-a-real-secret")).status_code == 404
    assert client.get(feed_url("nonsense")).status_code == 404
    _feed, third = calendar_feed_issue(user=rep, now=frozen_now)
    assert client.get(feed_url(third)).status_code == 200


def test_a_deactivated_users_feed_answers_404(client, rep, frozen_now):
    _feed, secret = calendar_feed_issue(user=rep, now=frozen_now)
    rep.is_active = False
    rep.save()
    assert client.get(feed_url(secret)).status_code == 404


def test_the_secret_is_stored_only_as_its_sha256(rep, frozen_now):
    feed, secret = calendar_feed_issue(user=rep, now=frozen_now)
    stored = CalendarFeed.objects.get(pk=feed.pk)
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.prefix, stored.secret_hash}
    assert secret.startswith(stored.prefix)


def test_the_feed_reads_three_queries_whatever_the_tasks_and_is_capped(
    client, rep, frozen_now, django_assert_max_num_queries, set_param
):
    customer = CustomerFactory(owner=rep)
    VisitTaskFactory.create_batch(
        5, customer=customer, assignee=rep, due_on=TODAY + (FEED_DAYS_AHEAD + 1) * DAY
    )
    VisitTaskFactory.create_batch(30, customer=customer, assignee=rep, due_on=TODAY + DAY)
    _feed, secret = calendar_feed_issue(user=rep, now=frozen_now)
    # The feed, its last use, the tasks with their customers and rules.
    with django_assert_max_num_queries(3):
        found = events(client.get(feed_url(secret)))
    assert len(found) == 30  # those past the horizon are not in it
    with django_assert_max_num_queries(2):  # last use is written at most once a minute
        client.get(feed_url(secret))
    assert FEED_MAX_EVENTS == 500


def test_the_feed_is_cut_at_the_most_events(client, rep, frozen_now, monkeypatch):
    monkeypatch.setattr("api.selectors.FEED_MAX_EVENTS", 4)
    customer = CustomerFactory(owner=rep)
    tasks = VisitTaskFactory.create_batch(6, customer=customer, assignee=rep)
    _feed, secret = calendar_feed_issue(user=rep, now=frozen_now)
    assert set(events(client.get(feed_url(secret)))) == {
        f"visit-task-{t.pk}@crm" for t in tasks[:4]
    }


def test_the_feed_page_makes_shows_once_resets_and_turns_off_the_address(
    client_for, rep, frozen_now
):
    client = client_for(rep)
    page = reverse("calendar_feed")
    response = client.get(page)
    assert response.status_code == 200
    assert b"data-feed-https" not in response.content
    assert reverse("calendar_feed").encode() in response.content  # linked in the menu

    response = client.post(page)
    https = response.context["urls"]["https"]
    webcal = response.context["urls"]["webcal"]
    assert https.startswith("http://testserver/calendar/cal_")
    assert https.endswith(".ics")
    assert webcal == "webcal://" + https.removeprefix("http://")
    assert https.encode() in response.content
    assert webcal.encode() in response.content
    secret = https.rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(page).context["urls"] is None  # shown only once
    assert secret.encode() not in client.get(page).content

    response = client.post(page, {"reset": "1"})
    new = response.context["urls"]["https"].rsplit("/", 1)[1].removesuffix(".ics")
    assert new != secret
    assert client.get(feed_url(secret)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200

    response = client.post(reverse("calendar_feed_revoke"), follow=True)
    assert response.status_code == 200
    assert client.get(feed_url(new)).status_code == 404
    assert CalendarFeed.objects.get(user=rep).revoked_at is not None


def test_the_feed_page_needs_a_login_and_the_feed_does_not(client, rep, frozen_now):
    assert client.get(reverse("calendar_feed")).status_code == 302
    _feed, secret = calendar_feed_issue(user=rep, now=frozen_now)
    assert client.get(feed_url(secret)).status_code == 200
    assert client.post(feed_url(secret)).status_code == 405
