from django.urls import path

from customers.views import imports as views

urlpatterns: list = [
    path("customers/import/", views.import_list, name="import_list"),
    path("customers/import/new/", views.import_new, name="import_new"),
    path("customers/import/template.xlsx", views.import_template, name="import_template"),
    path("customers/import/<int:pk>/", views.import_detail, name="import_detail"),
    path("customers/import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("customers/import/<int:pk>/errors.xlsx", views.import_errors, name="import_errors"),
    path("customers/export/", views.customer_export_view, name="customer_export"),
]
