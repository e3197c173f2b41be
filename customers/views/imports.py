"""Customer import (upload, progress, error report) and the logged export (SEAL-2)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crm.lib.scoping import role_required
from crm.parameters import param
from customers.forms.imports import CustomerExportFilterForm, ImportUploadForm
from customers.models import ImportStatus
from customers.selectors.imports import customers_for_export, import_job_get_for, import_jobs_for
from customers.services.imports.columns import COLUMNS
from customers.services.imports.export import (
    XLSX_CONTENT_TYPE,
    customer_export,
    import_error_lines,
    import_error_report,
    import_template_workbook,
)
from customers.services.imports.job import import_job_start

IMPORT_PAGE_SIZE = 20
# Errors listed on the job page; the downloadable report has them all.
ERRORS_SHOWN = 50


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Customer data: never kept by a browser or proxy cache (SEAL-3).
    response["Cache-Control"] = "no-store"
    return response


def _upload_context(form) -> dict:
    return {
        "form": form,
        "background_rows": param("customer.import_background_rows"),
        "columns": COLUMNS,
    }


@require_GET
@role_required("customers.import_customers")
def import_list(request):
    page = Paginator(import_jobs_for(user=request.user), IMPORT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "customers/imports/list.html",
        {"page": page, "jobs": page.object_list, **_upload_context(ImportUploadForm())},
    )


@require_http_methods(["GET", "POST"])
@role_required("customers.import_customers")
def import_new(request):
    if request.method != "POST":
        return render(request, "customers/imports/new.html", _upload_context(ImportUploadForm()))
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "customers/imports/new.html", _upload_context(form), status=400)
    job = import_job_start(
        upload=form.cleaned_data["file"],
        total_rows=form.total_rows,
        by=request.user,
        now=timezone.now(),
        language=get_language(),
    )
    if job.status == ImportStatus.DONE:
        messages.success(request, _("The file was imported."))
    elif job.status == ImportStatus.FAILED:
        messages.error(request, _("The file could not be imported."))
    else:
        messages.info(
            request, _("The file is being imported in the background; this page shows how far.")
        )
    return redirect("customers:import_detail", pk=job.pk)


def _job_context(job) -> dict:
    lines = import_error_lines(job=job)
    return {
        "job": job,
        "running": job.status in (ImportStatus.PENDING, ImportStatus.RUNNING),
        "errors_shown": lines[:ERRORS_SHOWN],
        "errors_more": max(0, len(lines) - ERRORS_SHOWN),
    }


@require_GET
@role_required("customers.import_customers")
def import_detail(request, pk: int):
    job = import_job_get_for(user=request.user, pk=pk)
    return render(request, "customers/imports/detail.html", _job_context(job))


@require_GET
@role_required("customers.import_customers")
def import_progress(request, pk: int):
    """The part of the job page that htmx reloads every 2 seconds while the job runs."""
    job = import_job_get_for(user=request.user, pk=pk)
    return render(request, "customers/imports/_progress.html", _job_context(job))


@require_GET
@role_required("customers.import_customers")
def import_errors(request, pk: int):
    job = import_job_get_for(user=request.user, pk=pk)
    stem = job.original_name.rsplit(".", 1)[0] or "import"
    return _xlsx_response(import_error_report(job=job), f"{stem}-errors.xlsx")


@require_GET
@role_required("customers.import_customers")
def import_template(request):
    return _xlsx_response(import_template_workbook(), "customer-import-template.xlsx")


@require_GET
@role_required("customers.export_customers")
def customer_export_view(request):
    """SEAL-2: the customers the user may see, as filtered on the list, logged."""
    form = CustomerExportFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "customers/imports/export_invalid.html", {"form": form}, status=400)
    customers = customers_for_export(user=request.user, **form.cleaned_data)
    content, _count = customer_export(
        user=request.user,
        customers=customers.iterator(chunk_size=2000),
        filters=form.logged_filters(),
    )
    today = timezone.localdate()
    return _xlsx_response(content, f"customers-{today:%Y-%m-%d}.xlsx")
