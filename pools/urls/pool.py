from django.urls import path

from pools.views import pool as views

urlpatterns = [
    path("pool/", views.pool_list, name="pool_list"),
    path("pool/expiring/", views.pool_expiring_view, name="expiring"),
    path("pool/notes/", views.release_note_list, name="release_notes"),
    path("pool/notes/<int:pk>/", views.release_note_edit, name="release_note"),
    path("pool/<int:pk>/claim/", views.pool_claim_view, name="claim"),
    path("pool/<int:pk>/release/", views.pool_release_view, name="release"),
    path("pool/<int:pk>/refer/", views.pool_refer_view, name="refer"),
    path("pool/<int:pk>/move/", views.pool_move_view, name="move"),
]
