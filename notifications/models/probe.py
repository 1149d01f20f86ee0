from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerProbe(models.Model):
    """A round trip through the broker and a worker: created by the web, completed by the worker."""

    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    worker_hostname = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("worker-controle")
        verbose_name_plural = _("worker-controles")
