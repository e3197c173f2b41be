"""The set-based INSERT … SELECT of crm/lib/sql.py, on whichever database the suite runs."""

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat

from crm.lib.sql import insert_select
from crm.models import Notification

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def three_users(make_user):
    return [make_user(username=f"u{n}") for n in range(3)]


def _notify(users, *, frozen_now, **options) -> int:
    rows = User.objects.filter(pk__in=[u.pk for u in users]).order_by()
    return insert_select(
        model=Notification,
        columns=["user", "text"],
        select=rows.annotate(_text=Concat(Value("Hello "), F("username"))).values_list(
            "pk", "_text"
        ),
        constants={
            "key": "greeting",
            "rule": "TEST-1",
            "params": {"days": 3, "names": ["甲"]},
            "created_at": frozen_now,
        },
        fill_defaults=True,  # the link ("" by default) is NOT NULL
        **options,
    )


def test_one_statement_inserts_a_row_per_selected_row_with_the_shared_values(
    three_users, frozen_now, django_assert_num_queries
):
    with django_assert_num_queries(1):
        made = _notify(three_users, frozen_now=frozen_now)
    assert made == 3
    notice = Notification.objects.get(user=three_users[1])
    assert notice.text == "Hello u1"
    assert notice.params == {"days": 3, "names": ["甲"]}  # JSON adapted by its field
    assert notice.created_at == frozen_now
    assert (notice.url, notice.read_at) == ("", None)


def test_ignoring_conflicts_makes_a_second_run_insert_nothing(three_users, frozen_now):
    assert _notify(three_users[:2], frozen_now=frozen_now, ignore_conflicts=True) == 2
    assert _notify(three_users, frozen_now=frozen_now, ignore_conflicts=True) == 1
    assert Notification.objects.count() == 3


def test_without_ignoring_conflicts_a_duplicate_fails_the_statement(three_users, frozen_now):
    _notify(three_users[:1], frozen_now=frozen_now)
    with pytest.raises(IntegrityError), transaction.atomic():
        _notify(three_users, frozen_now=frozen_now)
    assert Notification.objects.count() == 1


def test_a_select_the_orm_cannot_say_is_given_as_sql_over_a_querysets_sql(three_users, frozen_now):
    sql, params = (
        User.objects.filter(username__in=["u0", "u2"]).values("pk").query.sql_with_params()
    )
    made = insert_select(
        model=Notification,
        columns=["user", "text"],
        select=(f"SELECT sub.*, 'raw' FROM ({sql}) AS sub", params),
        constants={"key": "raw", "created_at": frozen_now},
        fill_defaults=True,
    )
    assert made == 2
    assert sorted(Notification.objects.values_list("user__username", "text")) == [
        ("u0", "raw"),
        ("u2", "raw"),
    ]
