"""Configuration from the environment: production safety, databases, broker, CSP."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
UNSET = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL"}
GOOD_KEY = "k" * 20 + "-production-secret-key-0123456789abcdefghijklmnopq"


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in UNSET}
    base.update({"ENV_FILE": os.devnull, "DJANGO_SETTINGS_MODULE": "crm.settings", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True
    )


def settings_value(expression: str, **env: str) -> str:
    result = run_python(
        f"import django; django.setup(); from django.conf import settings; print({expression})",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("import django; django.setup()", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    key = "django-insecure-" + "x" * 60
    result = run_python("import django; django.setup()", DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_starts_without_a_secret_key():
    assert settings_value("settings.DEBUG", DEBUG="true") == "True"


def test_deploy_check_prints_no_warning_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in UNSET},
            "ENV_FILE": os.devnull,
            "DJANGO_SETTINGS_MODULE": "crm.settings",
            "DEBUG": "false",
            "HTTPS": "true",
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "crm.example.com",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_serves_its_own_static_files_with_cache_busting_names(tmp_path):
    production = {
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "crm.example.com",
        "STATIC_ROOT": str(tmp_path),
    }
    collect = run_python(
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'collectstatic', '--no-input', '-v0'])",
        **production,
    )
    assert collect.returncode == 0, collect.stderr
    fetch = run_python(
        "import django; django.setup(); from django.test import Client;"
        "from django.templatetags.static import static; url = static('css/app.css');"
        "r = Client().get(url, HTTP_HOST='crm.example.com', secure=True);"
        "print(url, r.status_code, r.headers.get('Cache-Control'))",
        **production,
    )
    assert fetch.returncode == 0, fetch.stderr
    url, status, cache_control = fetch.stdout.split(maxsplit=2)
    assert url.startswith("/static/css/app.")
    assert url != "/static/css/app.css"  # a hashed, cache-busting name
    assert status == "200"
    assert "max-age" in cache_control


def test_sqlite_is_the_default_database():
    engine = settings_value(
        "settings.DATABASES['default']['ENGINE']", DEBUG="true", DATABASE_URL=""
    )
    assert engine == "django.db.backends.sqlite3"


def test_database_url_chooses_postgresql():
    value = settings_value(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']",
        DEBUG="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somecrm",
    )
    assert value == "django.db.backends.postgresql somecrm"


@pytest.mark.parametrize(("command", "kept"), [("runserver", "0"), ("qcluster", "60")])
def test_no_postgresql_connection_outlives_its_request_under_runserver(command, kept):
    # runserver holds one connection per browser socket: kept, a few browsers used them up.
    result = run_python(
        f"import sys; sys.argv = ['manage.py', '{command}']; import django; django.setup(); "
        "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])",
        DEBUG="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/somecrm",
        CONN_MAX_AGE="60",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == kept


def test_the_task_queue_uses_the_database_unless_redis_is_configured():
    assert settings_value("settings.Q_CLUSTER.get('orm')", DEBUG="true", REDIS_URL="") == "default"
    redis = settings_value(
        "settings.Q_CLUSTER.get('redis'), settings.Q_CLUSTER.get('orm')",
        DEBUG="true",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert redis == "redis://127.0.0.1:6379/3 None"


def test_time_zone_is_shanghai(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy


def test_a_task_queue_retry_shorter_than_its_timeout_fails_the_checks(settings):
    from crm.checks import task_queue_retry_exceeds_timeout

    assert task_queue_retry_exceeds_timeout() == []
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 600, "retry": 300}
    assert [e.id for e in task_queue_retry_exceeds_timeout()] == ["crm.E001"]
