"""Recording and voiding point events (PERF-2): who may, what is copied, bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from performance.models import PointEvent
from performance.services.close import month_close
from performance.services.points import point_event_void
from tests.performance.factories import item, record

RECORD = reverse("performance:point_record")


def statement_url(user, month: dt.date) -> str:
    return reverse("performance:points_statement", args=[user.pk, month.year, month.month])


@pytest.mark.rule("PERF-2")
def test_a_supervisor_records_a_late_arrival_with_the_items_points_and_fine(
    client_for, supervisor, rep, team, frozen_now
):
    response = client_for(supervisor).post(
        RECORD,
        {
            "employee": rep.pk,
            "item": item("late-30").pk,
            "date": "2026-11-20",
            "note": "早会迟到10分钟",
        },
    )
    assert response.status_code == 302
    assert response.url == statement_url(rep, dt.date(2026, 11, 1))
    event = PointEvent.objects.get()
    assert (event.employee, event.recorded_by) == (rep, supervisor)
    assert (event.points, event.fine) == (-2, Decimal("10.00"))
    assert event.item_name_zh == "迟到30分钟以内"
    assert event.item_name_en == "Late up to 30 minutes"
    assert event.recorded_at == frozen_now


@pytest.mark.rule("PERF-2")
def test_a_sales_manager_records_for_anyone_in_their_department(
    client_for, manager, rep, rep2, department, frozen_now
):
    client = client_for(manager)
    for person in (rep, rep2):
        response = client.post(
            RECORD,
            {"employee": person.pk, "item": item("meeting-missed").pk, "date": "2026-11-23"},
        )
        assert response.status_code == 302
    assert PointEvent.objects.filter(recorded_by=manager).count() == 2


@pytest.mark.rule("PERF-2")
def test_a_supervisor_cannot_record_outside_their_team(
    client_for, supervisor, team, rep2, outsider, frozen_now
):
    client = client_for(supervisor)
    page = client.get(RECORD).content.decode()
    assert "赵六" not in page
    assert "李强" not in page
    response = client.post(
        RECORD, {"employee": outsider.pk, "item": item("late-30").pk, "date": "2026-11-23"}
    )
    assert response.status_code == 200
    assert 'id="id_employee_error"' in response.content.decode()
    assert not PointEvent.objects.exists()
    with pytest.raises(ValidationError) as raised:
        record(employee=rep2, by=supervisor, code="late-30", day=dt.date(2026, 11, 23))
    assert "the people you lead" in str(raised.value)


@pytest.mark.rule("PERF-2")
def test_nobody_records_points_for_themselves(supervisor, team, frozen_now):
    with pytest.raises(ValidationError):
        record(employee=supervisor, by=supervisor, code="late-30", day=dt.date(2026, 11, 23))


@pytest.mark.rule("PERF-2")
def test_an_admin_records_for_anyone(admin_user, outsider, frozen_now):
    event = record(employee=outsider, by=admin_user, code="absent-day", day=dt.date(2026, 11, 2))
    assert event.points == -10


def test_a_rep_cannot_open_the_record_page(client_for, rep):
    assert client_for(rep).get(RECORD).status_code == 403


def test_a_rep_cannot_record_through_the_service(rep, rep2, frozen_now):
    with pytest.raises(PermissionDenied):
        record(employee=rep2, by=rep, code="late-30", day=dt.date(2026, 11, 23))


@pytest.mark.rule("PERF-2")
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2026-11-24"}, "date", "cannot be in the future"),
        ({"date": "23/11/2026x"}, "date", "Enter a valid date"),
        ({"item": ""}, "item", "This field is required"),
        ({"employee": "999999"}, "employee", "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    client_for, supervisor, rep, team, frozen_now, data, field, message
):
    posted = {"employee": rep.pk, "item": item("late-30").pk, "date": "2026-11-23", **data}
    response = client_for(supervisor).post(RECORD, posted)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    assert message in content
    assert not PointEvent.objects.exists()


@pytest.mark.rule("PERF-2")
def test_a_retired_item_is_not_offered_and_cannot_be_recorded(
    client_for, supervisor, rep, team, frozen_now
):
    retired = item("desk-untidy")
    retired.active = False
    retired.save()
    client = client_for(supervisor)
    assert "Desk not tidy" not in client.get(RECORD).content.decode()
    with pytest.raises(ValidationError):
        record(employee=rep, by=supervisor, code=retired, day=dt.date(2026, 11, 23))


@pytest.mark.rule("PERF-1")
def test_a_day_of_a_closed_month_cannot_be_recorded(client_for, supervisor, rep, team, frozen_now):
    month_close(month=dt.date(2026, 10, 1), now=frozen_now)
    response = client_for(supervisor).post(
        RECORD, {"employee": rep.pk, "item": item("late-30").pk, "date": "2026-10-31"}
    )
    assert response.status_code == 200
    assert "2026-10 is closed" in response.content.decode()
    assert not PointEvent.objects.exists()


@pytest.mark.rule("PERF-2")
def test_a_mistaken_event_is_voided_with_a_reason_and_kept(
    client_for, supervisor, rep, team, frozen_now
):
    event = record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 20))
    client = client_for(supervisor)
    void = reverse("performance:point_void", args=[event.pk])
    response = client.post(void, {"reason": ""}, follow=True)
    assert "Say why this event is voided." in response.content.decode()
    event.refresh_from_db()
    assert not event.is_void
    response = client.post(void, {"reason": "记错了人"}, follow=True)
    assert "The event is voided and no longer counts." in response.content.decode()
    event.refresh_from_db()
    assert (event.voided_by, event.voided_at, event.void_reason) == (
        supervisor,
        frozen_now,
        "记错了人",
    )
    assert PointEvent.objects.count() == 1
    assert event.history.first().history_change_reason == "voided"


@pytest.mark.rule("PERF-2")
def test_an_event_is_voided_only_once(supervisor, rep, team, frozen_now):
    event = record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 20))
    point_event_void(event_id=event.pk, reason="错了", by=supervisor, now=frozen_now)
    with pytest.raises(ValidationError, match="already voided"):
        point_event_void(event_id=event.pk, reason="再来", by=supervisor, now=frozen_now)


def test_the_employee_cannot_void_their_own_event(client_for, supervisor, rep, team, frozen_now):
    event = record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 20))
    response = client_for(rep).post(
        reverse("performance:point_void", args=[event.pk]), {"reason": "不服"}
    )
    assert response.status_code in (403, 404)
    event.refresh_from_db()
    assert not event.is_void


def test_another_teams_supervisor_gets_404_voiding(client_for, make_user, rep, team, supervisor):
    from crm import roles
    from tests.factories import TeamFactory

    other = make_user(roles.SUPERVISOR, username="other-sup")
    TeamFactory(name="三组", leader=other)
    event = record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 20))
    response = client_for(other).post(
        reverse("performance:point_void", args=[event.pk]), {"reason": "x"}
    )
    assert response.status_code == 404


@pytest.mark.rule("PERF-1")
def test_an_event_of_a_closed_month_cannot_be_voided(supervisor, rep, team, frozen_now):
    event = record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 10, 20))
    month_close(month=dt.date(2026, 10, 1), now=frozen_now)
    with pytest.raises(ValidationError, match="2026-10 is closed"):
        point_event_void(event_id=event.pk, reason="错了", by=supervisor, now=frozen_now)
