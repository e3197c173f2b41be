"""After-sales service pages (SVC-1…3), all under service/."""

from django.urls import path

from service.views import cases, complaints, feedback

app_name = "service"

urlpatterns = [
    path("service/", cases.case_mine, name="case_mine"),
    path("service/cases/new/", cases.case_new, name="case_new"),
    path("service/cases/customers/", cases.case_customer_search, name="case_customer_search"),
    path("service/cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("service/cases/<int:pk>/answer/", cases.case_answer_view, name="case_answer"),
    path("service/cases/<int:pk>/route/", cases.case_route_view, name="case_route"),
    path("service/cases/<int:case_pk>/complaint/", complaints.complaint_new, name="complaint_new"),
    path("service/queue/", cases.department_queue, name="queue"),
    path("service/overdue/", cases.cases_overdue_view, name="overdue"),
    path("service/complaints/", complaints.complaint_list, name="complaint_list"),
    path(
        "service/complaints/summary/",
        complaints.complaint_summary_view,
        name="complaint_summary",
    ),
    path("service/complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path(
        "service/complaints/<int:pk>/<slug:step>/",
        complaints.complaint_step,
        name="complaint_step",
    ),
    path("service/feedback/", feedback.feedback_list, name="feedback_list"),
    path("service/feedback/new/", feedback.feedback_new, name="feedback_new"),
    path("service/reports/", feedback.report_list, name="report_list"),
    path("service/reports/new/", feedback.report_new, name="report_new"),
    path("service/reports/<int:pk>/", feedback.report_detail, name="report_detail"),
]
