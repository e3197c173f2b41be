from django.urls import path

from planning.views import overview, plans, reports

app_name = "planning"

urlpatterns = [
    path("planning/", overview.home, name="home"),
    path("planning/review/", overview.review_queue, name="review_queue"),
    path("planning/targets/", overview.targets, name="targets"),
    path("planning/targets/<int:user_id>/<str:month>/", overview.target_set, name="target_set"),
    path("planning/plans/", plans.plan_list, name="plan_list"),
    path("planning/plans/week/<str:week>/", plans.plan_week, name="plan_week"),
    path("planning/plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("planning/plans/<int:pk>/entries/new/", plans.plan_entry_add, name="plan_entry_add"),
    path(
        "planning/plans/<int:pk>/entries/<int:entry_pk>/",
        plans.plan_entry_edit,
        name="plan_entry_edit",
    ),
    path(
        "planning/plans/<int:pk>/entries/<int:entry_pk>/remove/",
        plans.plan_entry_remove,
        name="plan_entry_remove",
    ),
    path("planning/plans/<int:pk>/fill/", plans.plan_fill, name="plan_fill"),
    path("planning/plans/<int:pk>/submit/", plans.plan_submit, name="plan_submit"),
    path("planning/plans/<int:pk>/decide/", plans.plan_decide, name="plan_decide"),
    path("planning/reports/", reports.report_list, name="report_list"),
    path("planning/reports/week/<str:week>/", reports.report_week, name="report_week"),
    path("planning/reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("planning/reports/<int:pk>/review/", reports.report_review, name="report_review"),
    path("planning/daily/", reports.daily_list, name="daily_list"),
    path("planning/daily/day/<str:day>/", reports.daily_day, name="daily_day"),
    path("planning/daily/<int:pk>/", reports.daily_detail, name="daily_detail"),
    path("planning/daily/<int:pk>/review/", reports.daily_review, name="daily_review"),
]
