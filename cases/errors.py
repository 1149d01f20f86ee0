"""Errors services raise for the user: each carries a translated message fit to show as is."""

from django.utils.translation import gettext_lazy as _


class CaseActionError(Exception):
    default_message = _("Deze actie kan niet worden uitgevoerd.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class CaseChangedMeanwhile(CaseActionError):
    default_message = _(
        "Deze zaak is intussen gewijzigd door iemand anders. Bekijk de nieuwe stand en probeer "
        "het opnieuw."
    )


class ActionNotAllowed(CaseActionError):
    default_message = _("U mag deze actie bij deze zaak nu niet uitvoeren.")


class ExtensionRefused(CaseActionError):
    default_message = _("De termijn kan niet worden verlengd.")


class InvalidInput(CaseActionError):
    default_message = _("De ingevulde gegevens zijn niet volledig.")
