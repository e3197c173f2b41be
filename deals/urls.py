from django.urls import path

from deals import views

app_name = "deals"
urlpatterns = [
    path("deals/", views.deal_list, name="deal_list"),
    path("deals/new/", views.deal_new, name="deal_new"),
    path("deals/<int:pk>/", views.deal_detail, name="deal_detail"),
    path("deals/<int:pk>/cancel/", views.deal_cancel, name="deal_cancel"),
    path("deals/<int:pk>/payments/new/", views.payment_new, name="payment_new"),
    path("deals/payments/", views.payment_queue, name="payment_queue"),
    path("deals/payments/<int:pk>/confirm/", views.payment_confirm, name="payment_confirm"),
    path(
        "deals/payments/confirm/",
        views.payments_confirm_selected,
        name="payments_confirm_selected",
    ),
    path("deals/payments/<int:pk>/refund/", views.payment_refund, name="payment_refund"),
    path("deals/payments/<int:pk>/cancel/", views.payment_cancel, name="payment_cancel"),
    path("deals/credit-reviews/", views.credit_reviews, name="credit_reviews"),
    path(
        "deals/customers/<int:customer_pk>/credit/",
        views.credit_override,
        name="credit_override",
    ),
    path(
        "deals/customers/<int:customer_pk>/review/",
        views.credit_review_new,
        name="credit_review_new",
    ),
]
