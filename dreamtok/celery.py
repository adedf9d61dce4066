"""The Celery app: configured from Django settings (CELERY_*), tasks discovered in the apps."""

import os
from logging.config import dictConfig

from celery import Celery
from celery.signals import setup_logging
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dreamtok.settings")

app = Celery("dreamtok")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """Workers and beat log through settings.LOGGING (JSON lines in production) instead of Celery's own format."""
    dictConfig(settings.LOGGING)
