"""One authentication backend: django-axes' lock-out check (SEC-4), then Django's own.

django-axes' AxesBackend only checks the lock and expects ModelBackend after it in
AUTHENTICATION_BACKENDS; with two backends, User.objects.with_perm would need a backend
named at every call. This one does both in one."""

from axes.backends import AxesBackend
from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(AxesBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises AxesBackendPermissionDenied while the account is locked from this address.
        super().authenticate(request, username=username, password=password, **kwargs)
        return ModelBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )
