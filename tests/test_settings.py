"""Settings come from the environment, with safe refusals."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_settings(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, settings.LANGUAGE_CODE, settings.TIME_ZONE)"],
        cwd=ROOT, env={**base, "DJANGO_SETTINGS_MODULE": "devzone.settings"}, capture_output=True, text=True,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    """DEBUG off and no DJANGO_SECRET_KEY: a clear message, not a running app."""
    result = run_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_embedded_defaults_are_sqlite_and_eager_tasks_in_chinese():
    result = run_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "zh-hans", "Asia/Shanghai"]


def test_database_and_broker_urls_switch_to_postgresql_and_a_real_broker():
    result = run_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u@127.0.0.1:5432/d",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["django.db.backends.postgresql", "False"]
