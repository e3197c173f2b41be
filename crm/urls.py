from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from crm import views

# The brand in the reader's language on every admin page (WORK-4).
admin.site.site_header = admin.site.site_title = settings.CRM_BRAND

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("team/", views.team_list, name="team_list"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/count/", views.notification_count, name="notification_count"),
    path("notifications/settings/", views.notice_settings, name="notice_settings"),
    path("views/save/", views.saved_view_save, name="saved_view_save"),
    path("views/<int:pk>/remove/", views.saved_view_remove, name="saved_view_remove"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The language switch works on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("customers.urls")),
    path("", include("pools.urls")),
    path("", include("deals.urls")),
    path("", include("visits.urls")),
    path("", include("planning.urls")),
    path("", include("service.urls")),
    path("", include("telesales.urls")),
    path("", include("performance.urls")),
    path("", include("analysis.urls")),
    path("", include("api.urls")),
]
