from django.urls import path

from visits import views

app_name = "visits"

urlpatterns = [
    path("visits/", views.my_day, name="my_day"),
    path("visits/week/", views.my_week, name="week"),
    path("visits/tasks/", views.my_tasks, name="task_list"),
    path("visits/calls/", views.call_round, name="call_round"),
    path("visits/tasks/<int:pk>/log/", views.task_log, name="task_log"),
    path("visits/customers/<int:pk>/log/", views.customer_log, name="customer_log"),
    path("visits/customers/<int:pk>/plan/", views.customer_plan, name="customer_plan"),
    path("visits/customers/<int:pk>/panel/", views.customer_panel, name="customer_panel"),
    path("visits/customers/<int:pk>/records/", views.customer_record_list, name="customer_records"),
    path("visits/records/<int:pk>/", views.record_detail, name="record_detail"),
    path("visits/records/<int:pk>/correct/", views.record_correct, name="record_correct"),
    path("visits/board/", views.board, name="board"),
    path("visits/board/<int:pk>/", views.board_person, name="board_person"),
]
