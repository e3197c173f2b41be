from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/second-factor/", views.otp_verify, name="otp_verify"),
    path("accounts/second-factor/setup/", views.otp_setup, name="otp_setup"),
    path("accounts/second-factor/recovery/", views.otp_recovery, name="otp_recovery"),
    path("accounts/log/", views.login_log_list, name="login_log"),
    path("accounts/locks/<int:pk>/release/", views.lock_release_view, name="lock_release"),
]
