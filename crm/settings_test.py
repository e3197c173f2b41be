"""Settings for the test suite: fast hashing, in-memory cache, tasks run at once."""

import os

os.environ.setdefault("SECRET_KEY", "test-" + "x" * 60)
os.environ["ENV_FILE"] = os.devnull  # a developer's .env never changes what tests see
os.environ.setdefault("DEBUG", "false")

from crm.settings import *  # noqa: E402,F403
from crm.settings import Q_CLUSTER, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
WHITENOISE_AUTOREFRESH = True
LANGUAGE_CODE = "zh-hans"
NOTICE_TRANSPORT = "outbox"  # nothing leaves the machine in tests (API-4)
