"""The points and fines catalogue (PERF-2): shipped defaults, edited in admin, rewards."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from performance.models import PointEvent, PointItem
from tests.performance.factories import record


@pytest.mark.rule("PERF-2")
@pytest.mark.parametrize(
    ("code", "name", "points", "fine"),
    [
        ("late-30", "Late up to 30 minutes", -2, "10"),
        ("late-over-30", "Late over 30 minutes (half a day's absence)", -5, "0"),
        ("absent-day", "A day's absence", -10, "0"),
        ("meeting-missed", "Missed meeting", -2, "0"),
        ("summary-missing", "Weekly summary missing", -5, "0"),
        ("cleaning-skipped", "Duty cleaning skipped", -5, "5"),
        ("desk-untidy", "Desk not tidy", -2, "0"),
        ("rude-to-customer", "Rudeness to a customer", -5, "0"),
        ("private-calls", "Private calls", -10, "100"),
    ],
)
def test_the_default_catalogue_is_shipped(db, code, name, points, fine):
    item = PointItem.objects.get(code=code)
    assert (item.name_en, item.points, item.fine, item.active) == (
        name,
        points,
        Decimal(fine),
        True,
    )
    assert item.name_zh


@pytest.mark.rule("PERF-2")
def test_no_reward_is_shipped_but_an_admin_may_add_one(db):
    assert not PointItem.objects.filter(points__gt=0).exists()
    praise = PointItem(code="praise", name_zh="客户表扬", name_en="Customer praise", points=5)
    praise.full_clean()
    praise.save()


@pytest.mark.rule("PERF-2")
@pytest.mark.parametrize(
    ("points", "fine"), [(5, "10"), (0, "0"), (-2, "-5")], ids=["reward-fined", "empty", "neg"]
)
def test_an_item_that_makes_no_sense_is_refused(db, points, fine):
    bad = PointItem(code="bad", name_zh="坏", name_en="Bad", points=points, fine=Decimal(fine))
    with pytest.raises(ValidationError):
        bad.full_clean()


@pytest.mark.rule("PERF-2")
def test_an_admin_edits_the_catalogue_in_admin(client_for, admin_user):
    client = client_for(admin_user)
    item = PointItem.objects.get(code="late-30")
    url = reverse("admin:performance_pointitem_change", args=[item.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": "late-30",
            "name_zh": "迟到30分钟以内",
            "name_en": "Late up to 30 minutes",
            "points": "-3",
            "fine": "20",
            "active": "on",
            "sort_order": "10",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.points, item.fine) == (-3, Decimal("20"))
    assert item.history.first().history_user == admin_user
    listing = client.get(reverse("admin:performance_pointitem_changelist"))
    assert listing.status_code == 200


@pytest.mark.rule("PERF-2")
def test_events_and_statements_are_read_only_in_admin(
    client_for, admin_user, supervisor, rep, team, frozen_now
):
    import datetime as dt

    event = record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 2))
    client = client_for(admin_user)
    assert client.get(reverse("admin:performance_pointevent_changelist")).status_code == 200
    assert client.get(reverse("admin:performance_pointevent_add")).status_code == 403
    change = reverse("admin:performance_pointevent_change", args=[event.pk])
    client.post(change, {"points": "5"})
    event.refresh_from_db()
    assert event.points == -2
    assert client.get(reverse("admin:performance_pointstatement_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:performance_commissionstatement_changelist")).status_code == 200
    )
    assert PointEvent.objects.count() == 1


def test_an_item_is_named_in_the_pages_language(db):
    from django.utils import translation

    item = PointItem.objects.get(code="private-calls")
    with translation.override("zh-hans"):
        assert item.name == "上班时间打私人电话"
    with translation.override("en"):
        assert item.name == "Private calls"
