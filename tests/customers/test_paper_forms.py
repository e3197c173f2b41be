"""WORK-7 / INTAKE-7: blank survey forms printed as a PDF, one unique serial number a form."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from crm import roles
from customers.models import PaperForm
from customers.services.paper_forms import paper_forms_print
from tests.conftest import CURRENT_TIME
from tests.customers.factories_surveys import default_template

pytestmark = [pytest.mark.django_db, pytest.mark.rule("WORK-7"), pytest.mark.rule("INTAKE-7")]
URL = reverse("customers:paper_forms")


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager")


def test_the_manager_prints_blank_forms_as_a_pdf_with_unique_serials(client_for, manager):
    template = default_template()
    client = client_for(manager)
    first = client.post(URL, {"template": template.pk, "count": 3})
    second = client.post(URL, {"template": template.pk, "count": 2})
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    serials = list(PaperForm.objects.order_by("number").values_list("serial", flat=True))
    assert serials == [f"AX-2026-{n:06d}" for n in range(1, 6)]
    assert "AX-2026-000001-AX-2026-000003" in first["Content-Disposition"]
    assert "AX-2026-000004-AX-2026-000005" in second["Content-Disposition"]


def test_the_pdf_embeds_a_chinese_font_and_carries_each_serial(manager):
    template = default_template()
    forms = paper_forms_print(template=template, count=2, by=manager, now=CURRENT_TIME)
    from customers.services.paper_forms import paper_forms_pdf

    pdf = paper_forms_pdf(forms=forms)
    raw = paper_forms_pdf(forms=forms, uncompressed_pdf=True)
    # The Chinese font is embedded (a subset), not left to the reader's machine.
    assert b"/FontFile" in raw
    assert b"Noto-Sans-CJK-SC" in raw
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "AX-2026-000001" in text
        assert "AX-2026-000002" in text
        assert str(template) in text


def test_a_count_out_of_bounds_is_refused_next_to_the_field(client_for, manager):
    response = client_for(manager).post(URL, {"template": default_template().pk, "count": 0})
    assert response.status_code == 200
    assert response.context["form"].errors["count"]
    assert not PaperForm.objects.exists()


def test_a_rep_cannot_print_forms(client_for, rep):
    assert client_for(rep).get(URL).status_code == 403
