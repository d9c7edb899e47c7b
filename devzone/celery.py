"""The Celery application.

Configuration lives in Django settings under the ``CELERY_`` prefix; with no
``CELERY_BROKER_URL`` the settings switch tasks to eager, in-process execution
so a fresh checkout needs no Redis.

Tasks live in each app's ``tasks.py`` (found by autodiscovery) and in
``insights/reports/tasks.py`` (a package of the insights app, so named
here). The schedules are rows in django-celery-beat's tables, defined once
in ``insights/reports/schedules.py``.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

app = Celery("devzone")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["insights.reports", "insights.outbox"], related_name="tasks")
