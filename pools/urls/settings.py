from django.urls import path

from pools.views import settings as views

urlpatterns = [
    path("pool/settings/", views.pool_settings_list, name="settings"),
    path("pool/settings/new/", views.pool_settings_new, name="settings_new"),
    path("pool/settings/<int:pk>/", views.pool_settings_edit, name="settings_edit"),
]
