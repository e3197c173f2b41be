from django.urls import path

from pools.views import owners as views

# poolB: protection, reveals, bulk actions, hand-offs and rulings (POOL-11…13, 16, 17).
urlpatterns = [
    path("pool/bulk-claim/", views.pool_claim_many_view, name="claim_many"),
    path("pool/flagged/", views.flagged_pairs_view, name="flagged"),
    path("pool/rulings/", views.rulings_view, name="rulings"),
    path("pool/rulings/<int:pk>/", views.ruling_view, name="ruling"),
    path("pool/<int:pk>/protect/", views.protect_view, name="protect"),
    path("pool/<int:pk>/unprotect/", views.unprotect_view, name="unprotect"),
    path("pool/<int:pk>/reveal/", views.reveal_view, name="reveal"),
    path("customers/bulk/", views.customers_bulk_view, name="customers_bulk"),
]
