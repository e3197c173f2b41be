"""The shipped catalogues (departments, feedback tags), the roles' permissions and the demo."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from crm import roles
from crm.roles import ROLE_BY_CODE, all_roles
from service.models import (
    Case,
    CaseStatus,
    Complaint,
    ComplaintState,
    ComplaintStep,
    Department,
    Feedback,
    FeedbackTag,
    ImprovementReport,
)
from service.selectors.cases import cases_overdue_count

pytestmark = pytest.mark.django_db

migration = importlib.import_module("service.migrations.0002_default_catalogues")


@pytest.mark.rule("SVC-1")
def test_the_five_departments_ship_with_the_installation():
    assert list(Department.objects.values_list("code", flat=True)) == [
        "sales",
        "service",
        "quality",
        "finance",
        "production",
    ]
    assert all(d.name and d.name_en and d.is_active for d in Department.objects.all())


@pytest.mark.rule("SVC-2")
def test_feedback_tags_ship_and_the_defaults_load_once_keeping_the_admins_edits():
    assert FeedbackTag.objects.filter(name="产品质量").exists()
    Department.objects.filter(code="sales").update(name_en="Sales department")
    before = (Department.objects.count(), FeedbackTag.objects.count())
    migration.load(apps, None)
    assert (Department.objects.count(), FeedbackTag.objects.count()) == before
    assert Department.objects.get(code="sales").name_en == "Sales department"


@pytest.mark.rule("SVC-3")
def test_each_complaint_step_has_a_role_by_default():
    held = {code: set(role.permissions) for code, role in ((r.code, r) for r in all_roles())}
    assert "service.test_quality" in held[roles.SERVICE_MANAGER]
    assert "service.compensate" in held[roles.FINANCE]
    assert "service.record_remake" in held[roles.SERVICE_MANAGER]
    assert "service.verify_complaint" in held[roles.SERVICE_MANAGER]
    assert "service.discipline" in held[roles.SALES_MANAGER]
    assert "service.record_apology" in held[roles.SALES_MANAGER]
    assert "service.close_complaint" in held[roles.SERVICE_MANAGER]
    assert not {p for p in held[roles.REP] if p.startswith("service.") and "add_" not in p}
    assert set(ROLE_BY_CODE) == set(held)


def test_the_demo_loads_every_state_once(frozen_now):
    call_command("load_demo")
    counts = (
        Case.objects.count(),
        Complaint.objects.count(),
        Feedback.objects.count(),
        ImprovementReport.objects.count(),
    )
    call_command("load_demo")
    assert counts == (
        Case.objects.count(),
        Complaint.objects.count(),
        Feedback.objects.count(),
        ImprovementReport.objects.count(),
    )
    assert counts == (6, 3, 5, 1)
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert cases_overdue_count(today=frozen_now.date()) == 1
    assert set(Complaint.objects.values_list("next_step", flat=True)) == {
        "",
        ComplaintStep.QUALITY_TEST,
        ComplaintStep.DISCIPLINE,
    }
    assert Complaint.objects.filter(state=ComplaintState.CLOSED).get().compensation.amount == 500
