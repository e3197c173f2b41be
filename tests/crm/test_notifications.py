"""The in-app notification list: one notice per key, newest first, marked read."""

import pytest
from django.urls import reverse

from crm.models import Notification
from crm.services import notify

pytestmark = pytest.mark.django_db


def test_notifying_twice_with_the_same_key_leaves_one_notice(rep, frozen_now):
    for _ in range(2):
        notify(user=rep, key="pool-warning:7", text="王秀英 7 天后退回客户池", now=frozen_now)
    assert Notification.objects.filter(user=rep).count() == 1


def test_the_list_shows_only_my_notices_and_counts_the_unread(
    client_for, rep, supervisor, frozen_now
):
    notify(user=rep, key="a", text="给张伟的提醒", now=frozen_now, rule="POOL-7")
    notify(user=supervisor, key="a", text="给王芳的提醒", now=frozen_now)
    response = client_for(rep).get(reverse("notification_list"))
    content = response.content.decode()
    assert "给张伟的提醒" in content
    assert "给王芳的提醒" not in content
    assert response.context["unread"] == 1
    badge = client_for(rep).get(reverse("notification_count")).content.decode()
    assert ">1<" in badge


def test_marking_all_read_clears_the_count(client_for, rep, frozen_now):
    notify(user=rep, key="a", text="提醒", now=frozen_now)
    client = client_for(rep)
    response = client.post(reverse("notifications_read"))
    assert response.status_code == 302
    assert client.get(reverse("notification_list")).context["unread"] == 0
    assert client.get(reverse("notification_count")).content.decode().strip() == ""


def test_the_list_paginates_with_a_pinned_query_count(
    client_for, rep, frozen_now, django_assert_max_num_queries
):
    for n in range(45):
        notify(user=rep, key=f"k{n}", text=f"提醒{n}", now=frozen_now)
    client = client_for(rep)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notification_list"))
    assert len(response.context["page"].object_list) == 30
    assert (
        len(client.get(reverse("notification_list"), {"page": 2}).context["page"].object_list) == 15
    )
