"""The Celery app. Started as `celery -A config worker|beat` (see the Procfile)."""

import os

from celery import Celery

# A worker started without a settings module fails loudly instead of guessing which database and
# broker it should use.
if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    raise RuntimeError(
        "DJANGO_SETTINGS_MODULE is not set; set it to config.settings.production (or .local)"
    )

app = Celery("loket")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
