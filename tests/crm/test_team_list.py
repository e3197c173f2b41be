"""The team page: a supervisor sees the team they lead, a manager the whole department."""

import pytest
from django.urls import reverse

from crm import roles
from crm.views import TEAM_PAGE_SIZE
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row["name"] for row in response.context["rows"]]


def test_a_supervisor_sees_only_the_team_they_lead(client_for, supervisor, team, rep):
    other_team = TeamFactory(name="销售二组")
    UserFactory(last_name="李", first_name="强", profile={"team": other_team})
    response = client_for(supervisor).get(reverse("team_list"))
    assert sorted(names(response)) == ["张伟", "王芳"]


def test_a_manager_sees_every_team_of_their_department(client_for, make_user, team):
    manager = make_user(roles.SALES_MANAGER, last_name="刘", first_name="洋")
    department = TeamFactory(name="销售部", leader=manager)
    team.parent = department
    team.save()
    second = TeamFactory(name="销售二组", parent=department)
    UserFactory(last_name="李", first_name="强", profile={"team": second})
    UserFactory(last_name="外", first_name="人", profile={"team": TeamFactory(name="客服部")})
    response = client_for(manager).get(reverse("team_list"))
    assert sorted(names(response)) == ["张伟", "李强", "王芳"]


def test_the_team_page_paginates(client_for, supervisor, team):
    for _ in range(TEAM_PAGE_SIZE + 3):
        UserFactory(profile={"team": team})
    client = client_for(supervisor)
    first = client.get(reverse("team_list"))
    assert len(first.context["rows"]) == TEAM_PAGE_SIZE
    second = client.get(reverse("team_list"), {"page": 2})
    assert len(second.context["rows"]) == 5  # 25 + 3 new, plus the supervisor and rep
    assert client.get(reverse("team_list"), {"page": "x"}).status_code == 200


def test_the_team_page_query_count_does_not_grow_with_the_team(
    client_for, supervisor, team, django_assert_max_num_queries
):
    for _ in range(20):
        UserFactory(profile={"team": team})
    client = client_for(supervisor)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("team_list"))
    assert len(response.context["rows"]) == 22
