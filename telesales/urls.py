"""Telesales pages, all under /telesales/."""

import datetime as dt

from django.urls import path, register_converter

from telesales.views import calls, pay, plans, prospects, reports


class DayConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:  # 2026-02-30: no such page
            raise ValueError(value) from exc

    def to_url(self, value: dt.date) -> str:
        return value.isoformat()


class MonthConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(f"{value}-01")
        except ValueError as exc:
            raise ValueError(value) from exc

    def to_url(self, value: dt.date) -> str:
        return f"{value:%Y-%m}"


register_converter(DayConverter, "tel_day")
register_converter(MonthConverter, "tel_month")

app_name = "telesales"

urlpatterns = [
    path("telesales/", calls.call_desk, name="call_desk"),
    path("telesales/calls/", calls.call_list, name="call_list"),
    path("telesales/prospects/", prospects.prospect_list, name="prospect_list"),
    path("telesales/prospects/<int:pk>/", prospects.prospect_detail, name="prospect_detail"),
    path("telesales/prospects/<int:pk>/edit/", prospects.prospect_edit, name="prospect_edit"),
    path("telesales/prospects/<int:pk>/visit/", prospects.prospect_visit, name="prospect_visit"),
    path("telesales/prospects/<int:pk>/sign/", prospects.prospect_sign, name="prospect_sign"),
    path(
        "telesales/prospects/<int:pk>/grade/",
        prospects.prospect_grade_view,
        name="prospect_grade",
    ),
    path(
        "telesales/prospects/<int:pk>/convert/",
        prospects.prospect_convert_view,
        name="prospect_convert",
    ),
    path("telesales/reports/", reports.report_list, name="report_list"),
    path(
        "telesales/reports/<int:user_id>/<tel_day:day>/",
        reports.report_day,
        name="report_day",
    ),
    path("telesales/plans/", plans.plan_list, name="plan_list"),
    path("telesales/plans/<int:user_id>/<tel_day:week>/", plans.plan_edit, name="plan_edit"),
    path(
        "telesales/plans/<int:user_id>/<tel_day:week>/review/",
        plans.plan_review,
        name="plan_review",
    ),
    path("telesales/pay/", pay.pay_list, name="pay_list"),
    path("telesales/pay/<int:user_id>/<tel_month:month>/", pay.pay_statement, name="pay_statement"),
    path("telesales/pay/<int:user_id>/<tel_month:month>/calls/", pay.pay_calls, name="pay_calls"),
]
