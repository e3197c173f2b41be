"""Handover pages (HAND-1…3, CARD-10)."""

from django.urls import path

from pools.views import handover as views

urlpatterns = [
    path("handover/", views.handover_list, name="handover_list"),
    path("handover/<int:user_id>/", views.handover_detail, name="handover_detail"),
    path("handover/<int:user_id>/leaving/", views.handover_leaving, name="handover_leaving"),
    path("handover/<int:user_id>/left/", views.handover_left, name="handover_left"),
    path(
        "handover/<int:user_id>/redistribute/",
        views.handover_redistribute_view,
        name="handover_redistribute",
    ),
    path("handover/<int:user_id>/cards/", views.handover_cards_move, name="handover_cards_move"),
    path(
        "handover/transfer/<int:customer_id>/",
        views.handover_transfer,
        name="handover_transfer",
    ),
]
