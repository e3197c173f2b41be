from django.urls import path

from customers.views import paper_forms, surveys

urlpatterns: list = [
    path("surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/new/", surveys.survey_new, name="survey_new"),
    path("surveys/paper/", paper_forms.paper_forms, name="paper_forms"),
    path(
        "surveys/new/customers/",
        surveys.survey_customer_search,
        name="survey_customer_search",
    ),
    path("surveys/queue/", surveys.assignment_queue, name="assignment_queue"),
    path("surveys/queue/seal/", surveys.survey_seal_waiting, name="survey_seal_waiting"),
    path("surveys/<int:pk>/assign/", surveys.survey_assign_view, name="survey_assign"),
]
