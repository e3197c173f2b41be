from django.urls import path

from customers.views import customers as views

urlpatterns: list = [
    path("customers/", views.customer_list, name="customer_list"),
    path("customers/new/", views.customer_new, name="customer_new"),
    path("customers/<int:pk>/", views.customer_detail, name="customer_detail"),
    path("customers/<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("customers/<int:pk>/contacts/new/", views.contact_new, name="customer_contact_new"),
    path(
        "customers/<int:pk>/contacts/<int:contact_pk>/edit/",
        views.contact_edit,
        name="customer_contact_edit",
    ),
    path(
        "customers/<int:pk>/contacts/<int:contact_pk>/remove/",
        views.contact_remove,
        name="customer_contact_remove",
    ),
    path("customers/<int:pk>/documents/new/", views.document_new, name="customer_document_new"),
    path(
        "customers/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="customer_document_download",
    ),
]
