"""The import pages: who may use them, the upload checks, the template, the job page."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from crm import roles
from crm.models import RuleParameter
from crm.parameters import param_forget
from customers.models import Customer, ImportJob, ImportStatus
from customers.services.imports.columns import COLUMNS
from customers.views.imports import IMPORT_PAGE_SIZE
from tests.customers.factories_imports import (
    HEADER,
    row,
    workbook_rows,
    xlsx_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "media")]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")


def upload(client, file):
    return client.post(reverse("customers:import_new"), {"file": file})


@pytest.mark.rule("SEAL-2", "SEAL-3")
@pytest.mark.parametrize(
    ("name", "args"),
    [("import_list", []), ("import_new", []), ("import_template", []), ("import_detail", [1])],
)
def test_a_rep_cannot_use_the_import_pages(client_for, rep, name, args):
    assert client_for(rep).get(reverse(f"customers:{name}", args=args)).status_code == 403


@pytest.mark.rule("SEAL-2")
def test_a_rep_cannot_upload_a_file(client_for, rep):
    response = upload(client_for(rep), xlsx_upload([row(name="张三")]))
    assert response.status_code == 403
    assert not Customer.objects.exists()


def test_the_import_page_offers_the_upload_and_the_template(client_for, manager):
    page = client_for(manager).get(reverse("customers:import_list")).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert reverse("customers:import_template") in page
    assert reverse("customers:customer_export") in page


def test_the_template_has_the_chinese_header_row_and_imports_once_filled(client_for, manager):
    client = client_for(manager)
    response = client.get(reverse("customers:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert workbook_rows(response.content)[0] == tuple(HEADER)
    assert HEADER[:3] == ["名称", "类型", "电话"]
    empty = upload(client, SimpleUploadedFile("template.xlsx", response.content))
    assert empty.context["form"].errors.as_data()["file"][0].code == "empty"
    workbook = load_workbook(io.BytesIO(response.content))
    workbook.active.append(["张三", "个人", "13800138000"])
    filled = io.BytesIO()
    workbook.save(filled)
    assert upload(client, SimpleUploadedFile("t.xlsx", filled.getvalue())).status_code == 302
    assert Customer.objects.get().name == "张三"


@pytest.mark.parametrize(
    ("file", "complaint"),
    [
        (SimpleUploadedFile("客户.txt", b"name\nAda\n"), "type"),
        (SimpleUploadedFile("客户.xlsx", b"name,phone\n"), "unreadable"),
        (SimpleUploadedFile("客户.xlsx", b"PK\x03\x04 not really a zip"), "unreadable"),
        (SimpleUploadedFile("客户.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "unreadable"),
        (SimpleUploadedFile("客户.csv", "电话,地址\n138,北京\n".encode()), "unreadable"),
        (SimpleUploadedFile("客户.csv", "名称,电话\n".encode()), "empty"),
        (SimpleUploadedFile("客户.csv", "名称,姓名\n张三,李四\n".encode()), "unreadable"),
    ],
    ids=["text", "csv-named-xlsx", "broken-zip", "binary-csv", "no-name", "empty", "twice"],
)
def test_a_file_that_cannot_be_imported_is_refused_next_to_the_field(
    client_for, manager, file, complaint
):
    response = upload(client_for(manager), file)
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["file"][0].code == complaint
    assert 'class="error"' in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client_for, manager):
    RuleParameter.objects.create(key="customer.document_max_mb", value="1")
    param_forget("customer.document_max_mb")
    try:
        big = SimpleUploadedFile("big.csv", "名称\n".encode() + b"x" * (1024 * 1024 + 1))
        response = upload(client_for(manager), big)
    finally:
        param_forget("customer.document_max_mb")
    assert response.status_code == 400
    assert "1 MB" in str(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


def test_a_finished_job_shows_its_counts_and_the_rows_it_could_not_import(client_for, manager):
    client = client_for(manager)
    rows = [row(name="好", phone="13800138000"), row(name="坏", phone="1")]
    response = upload(client, xlsx_upload(rows))
    job = ImportJob.objects.get()
    assert response.url == reverse("customers:import_detail", args=[job.pk])
    detail = client.get(response.url)
    page = detail.content.decode()
    assert 'hx-trigger="every 2s"' not in page
    assert reverse("customers:import_errors", args=[job.pk]) in page
    assert (detail.context["job"].created_rows, detail.context["job"].error_rows) == (1, 1)
    assert [line["row"] for line in detail.context["errors_shown"]] == [3]


def test_the_error_table_cuts_a_long_cell_the_report_keeps_it_whole(client_for, manager):
    client = client_for(manager)
    long_phone = "1" * 10_000
    response = upload(client, xlsx_upload([row(name="坏", phone=long_phone)]))
    page = client.get(response.url).content.decode()
    assert long_phone not in page
    cells = re.findall(r'class="import-value">([^<]*)</td>', page)
    assert cells
    assert all(len(cell) <= 80 for cell in cells)
    job = ImportJob.objects.get()
    report = workbook_rows(client.get(reverse("customers:import_errors", args=[job.pk])).content)
    assert any(long_phone in (cell or "") for r in report for cell in map(str, r))


def test_the_error_report_lists_row_column_value_and_reason(client_for, manager):
    client = client_for(manager)
    upload(
        client,
        xlsx_upload(
            [
                row(name="好", phone="13800138000"),
                row(name="坏", phone="12345", prior_purchases="-1"),
                row(name="=1+1", phone="=2+2"),
            ]
        ),
    )
    job = ImportJob.objects.get()
    response = client.get(reverse("customers:import_errors", args=[job.pk]))
    assert response["Cache-Control"] == "no-store"
    rows = workbook_rows(response.content)
    assert len(rows) == 4
    assert [r[:3] for r in rows[1:]] == [
        (3, str(COLUMNS[2].label), "12345"),
        (3, str(COLUMNS[11].label), "-1"),
        (4, str(COLUMNS[2].label), "=2+2"),
    ]
    assert all(r[3] for r in rows[1:])


def test_someone_elses_import_answers_404(client_for, manager, make_user):
    importer = make_user(roles.SUPERVISOR, username="sup")
    importer.user_permissions.add(Permission.objects.get(codename="import_customers"))
    upload(client_for(manager), xlsx_upload([row(name="张三")]))
    job = ImportJob.objects.get()
    client = client_for(importer)
    for name in ("import_detail", "import_progress", "import_errors"):
        assert client.get(reverse(f"customers:{name}", args=[job.pk])).status_code == 404
    assert job not in client.get(reverse("customers:import_list")).context["jobs"]


def test_the_import_list_paginates(client_for, manager):
    ImportJob.objects.bulk_create(
        ImportJob(original_name=f"f{n}.xlsx", uploaded_by=manager, file="x.xlsx")
        for n in range(IMPORT_PAGE_SIZE + 2)
    )
    client = client_for(manager)
    assert len(client.get(reverse("customers:import_list")).context["jobs"]) == IMPORT_PAGE_SIZE
    second = client.get(reverse("customers:import_list"), {"page": 2})
    assert len(second.context["jobs"]) == 2
    assert client.get(reverse("customers:import_list"), {"page": "x"}).status_code == 200


def test_the_import_list_query_count_does_not_grow_with_the_jobs(
    client_for, manager, make_user, django_assert_max_num_queries
):
    others = [make_user(roles.SALES_MANAGER) for _ in range(3)]
    ImportJob.objects.bulk_create(
        ImportJob(
            original_name=f"f{n}.xlsx",
            uploaded_by=others[n % 3],
            file="x.xlsx",
            status=ImportStatus.DONE,
        )
        for n in range(15)
    )
    client = client_for(manager)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("customers:import_list"))
    assert len(response.context["jobs"]) == 15


def test_the_job_page_query_count_is_small(client_for, manager, django_assert_max_num_queries):
    client = client_for(manager)
    upload(client, xlsx_upload([row(name=f"坏{n}", phone="1") for n in range(60)]))
    job = ImportJob.objects.get()
    with django_assert_max_num_queries(8):
        page = client.get(reverse("customers:import_detail", args=[job.pk]))
    assert "10" in page.content.decode()  # 60 errors, 50 shown, "10 more" in the report
