from django.db import models
from django.utils.translation import gettext_lazy as _


class ConfigurationStamp(models.Model):
    """A fresh random stamp each time the administrator changes what intake reads on every
    submission (case types, their questions, routing rules, teams, the term calendar). Every
    process keeps those in memory and reloads them when the stamp it holds is no longer the one
    in this table (cases.configuration_cache)."""

    key = models.CharField(max_length=40, primary_key=True)
    stamp = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("configuratiestempel")
