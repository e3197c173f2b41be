"""The analysis pages (REPORT-2): the overview, one page per analysis, its .xlsx download.

Thin: scope (403 for who may not) → filters form → one selector → render. The figures come
from the nightly job; the page says when they were computed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_q.tasks import async_task

from analysis.charts import chart_for
from analysis.forms import AnalysisFilterForm
from analysis.render import chart_svg, table_html
from analysis.selectors import (
    PAGE_BY_KEY,
    PAGES,
    analysis_last_run,
    analysis_overview,
    analysis_report,
)
from analysis.selectors.briefing import briefing_view_data
from analysis.selectors.common import Names
from analysis.selectors.scope import analysis_scope_for, filters_build, regions_all
from analysis.services import analysis_export_record
from analysis.xlsx import report_workbook
from crm.lib.scoping import role_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Context:
    """What every analysis view needs: scope, filter form, filters and names."""

    def __init__(self, request):
        scope = analysis_scope_for(user=request.user)
        if scope is None:
            raise PermissionDenied
        today = timezone.localdate()
        regions = regions_all()
        self.scope = scope
        self.form = AnalysisFilterForm(
            request.GET,
            teams=scope.teams,
            regions=regions[0],
            today=today,
            everything=scope.everything,
        )
        self.filters = None
        if self.form.is_valid() and not scope.is_empty:
            data = self.form.cleaned_data
            self.filters = filters_build(
                scope=scope,
                start=data["start"],
                end=data["end"],
                by=data["by"],
                team=data["team"],
                region=data["region"],
                regions=regions,
                today=today,
            )
        self.names = Names(teams=scope.names, regions={r.pk: r.name for r in regions[0]})
        self.run = analysis_last_run()
        self.query = urlencode({k: v for k, v in request.GET.items() if v})

    def base(self) -> dict:
        return {
            "form": self.form,
            "filters": self.filters,
            "scope": self.scope,
            "query": self.query,
            "pages": PAGES,
            "run": self.run,
        }


@require_GET
def overview(request):
    context = _Context(request)
    figures = analysis_overview(filters=context.filters) if context.filters else None
    return render(request, "analysis/overview.html", {**context.base(), "figures": figures})


def _report(request, key: str):
    if key not in PAGE_BY_KEY:
        raise Http404
    context = _Context(request)
    report = None
    if context.filters is not None:
        report = analysis_report(
            key=key, filters=context.filters, names=context.names, run=context.run
        )
    return context, report


@require_GET
def page(request, key: str):
    context, report = _report(request, key)
    sections = []
    if report is not None:
        for table in report.tables:
            description = _("%(title)s. The same numbers are in the table below the chart.") % {
                "title": table.title
            }
            chart = chart_for(table, description=description)
            sections.append(
                {
                    "table": table,
                    "chart": chart_svg(chart) if chart else "",
                    "table_html": table_html(table),
                }
            )
    may_download = report is not None and (
        not report.download_needs or request.user.has_perm(report.download_needs)
    )
    return render(
        request,
        "analysis/page.html",
        {
            **context.base(),
            "page": PAGE_BY_KEY[key],
            "report": report,
            "sections": sections,
            "may_download": may_download,
        },
    )


@require_GET
def download(request, key: str):
    context, report = _report(request, key)
    if report is None:
        return render(
            request,
            "analysis/page.html",
            {**context.base(), "page": PAGE_BY_KEY[key], "report": None, "sections": []},
            status=400,
        )
    if report.download_needs and not request.user.has_perm(report.download_needs):
        raise PermissionDenied
    filters = context.filters
    content = report_workbook(report=report, filters=filters, run=context.run)
    if report.download_needs:
        # Customer names leave the CRM: logged like every customer export (SEAL-2).
        analysis_export_record(user=request.user, report=report, filters=filters)
    name = f"analysis-{key}-{filters.start:%Y%m}-{filters.end:%Y%m}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@role_required("analysis.refresh_analysis")
def refresh(request):
    """Recompute now, in the background (the nightly job, run by hand)."""

    async_task("analysis.tasks.refresh_nightly")
    messages.success(
        request, _("The figures are being recomputed. Reload the page in a minute or two.")
    )
    return redirect("analysis:overview")


@require_GET
def briefing(request):
    """WORK-3: the sales briefing for the chosen scope; the panel alone for htmx, else a page."""
    data = briefing_view_data(
        user=request.user, now=timezone.now(), scope=request.GET.get("scope", "")
    )
    if data is None:
        raise PermissionDenied
    template = (
        "analysis/panels/briefing.html"
        if request.headers.get("HX-Request")
        else "analysis/briefing.html"
    )
    return render(
        request,
        template,
        {"data": data, "panel": {"key": "briefing", "title": _("Sales briefing")}},
    )
