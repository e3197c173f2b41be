"""Business models keep a history of changes with the acting user, shown in admin."""

import pytest
from django.urls import reverse

from crm.models import StaffProfile, Team

pytestmark = pytest.mark.django_db


def test_a_change_in_admin_is_recorded_with_who_made_it(client_for, admin_user, rep):
    client = client_for(admin_user)
    profile = rep.staff
    response = client.post(
        reverse("admin:crm_staffprofile_change", args=[profile.pk]),
        {
            "user": rep.pk,
            "phone": "13912345678",
            "status": "leaving",
            "hire_date": "2024-01-02",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    latest = StaffProfile.history.filter(id=profile.pk).first()
    assert latest.status == "leaving"
    assert latest.history_user == admin_user


def test_the_history_page_opens_in_admin(client_for, admin_user, team):
    team.name = "销售精英组"
    team.save()
    response = client_for(admin_user).get(reverse("admin:crm_team_history", args=[team.pk]))
    assert response.status_code == 200
    assert "销售精英组" in response.content.decode()
    assert Team.history.filter(id=team.pk).count() == 2


@pytest.mark.parametrize("model", ["region", "team", "staffprofile", "heartbeat", "user"])
def test_admin_lists_open(client_for, admin_user, team, model):
    app = "auth" if model == "user" else "crm"
    response = client_for(admin_user).get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200
