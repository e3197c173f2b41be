"""One authentication backend: django-axes' lock-out check (SEC-4), then Django's own.

django-axes' AxesBackend only checks the lock and expects ModelBackend after it in
AUTHENTICATION_BACKENDS; with two backends, User.objects.with_perm would need a backend
named at every call. This one does both in one."""

from axes.backends import AxesBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(AxesBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises AxesBackendPermissionDenied while the account is locked from this address.
        super().authenticate(request, username=username, password=password, **kwargs)
        return ModelBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )


def axes_username(request, credentials) -> str:
    """The username a login attempt is counted and logged under (SEC-4). Django's login form
    does not cut a username longer than the field, so one of 10,000 characters reached
    django-axes, whose 255-character column refused it on PostgreSQL (a 500): no account
    has a longer name than the user model allows, so that much is kept."""
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = (credentials or {}).get(field) or request.POST.get(field, "")
    return str(raw)[: get_user_model()._meta.get_field("username").max_length]
