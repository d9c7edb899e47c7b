"""The Celery application.

Configuration lives in Django settings under the ``CELERY_`` prefix; with no
``CELERY_BROKER_URL`` the settings switch tasks to eager, in-process execution
so a fresh checkout needs no Redis.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")

app = Celery("devzone")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
