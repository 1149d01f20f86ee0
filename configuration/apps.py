from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfigurationConfig(AppConfig):
    """What the functional administrator configures without a programmer (issue 22): a case
    type's own questions on its public form, and the front desk's default case type."""

    name = "configuration"
    verbose_name = _("Inrichting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases.configuration_cache import watch
        from configuration.models import CaseTypeQuestion, CounterSettings

        watch(CaseTypeQuestion, CounterSettings)
