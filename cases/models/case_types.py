from django.db import models
from django.utils.translation import gettext_lazy as _


class TermUnitChoice(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("kalenderdagen")
    WORKING_DAYS = "working_days", _("werkdagen")
    WEEKS = "weeks", _("weken")
    MONTHS = "months", _("maanden")


class TermBasis(models.TextChoices):
    STATUTE = "statute", _("wettelijke termijn")
    SERVICE_NORM = "service_norm", _("servicenorm van de gemeente")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("beantwoord")
    WELL_FOUNDED = "well_founded", _("gegrond")
    PARTLY_FOUNDED = "partly_founded", _("deels gegrond")
    UNFOUNDED = "unfounded", _("ongegrond")
    SETTLED = "settled", _("naar tevredenheid opgelost")
    GRANTED = "granted", _("toegewezen")
    PARTLY_GRANTED = "partly_granted", _("deels toegewezen")
    REFUSED = "refused", _("afgewezen")
    CORRECTED = "corrected", _("gecorrigeerd")
    NO_ERROR = "no_error", _("geen fout gevonden")


class CaseType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    name_en = models.CharField(_("naam (Engels)"), max_length=120, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)

    term_amount = models.PositiveSmallIntegerField(_("termijn"))
    term_unit = models.CharField(_("eenheid"), max_length=20, choices=TermUnitChoice.choices)
    term_basis = models.CharField(_("grondslag"), max_length=20, choices=TermBasis.choices)
    law_reference = models.CharField(_("wetsartikel"), max_length=200, blank=True)

    # Extension policy. max_count 0 means the term cannot be extended.
    extension_max_count = models.PositiveSmallIntegerField(
        _("maximaal aantal verlengingen"), default=0
    )
    extension_max_amount = models.PositiveSmallIntegerField(_("maximale verlenging"), default=0)
    extension_unit = models.CharField(
        _("eenheid verlenging"),
        max_length=20,
        choices=TermUnitChoice.choices,
        default=TermUnitChoice.WEEKS,
    )
    # When the notice of extension must be given: within this term counted from receipt (AVG
    # art. 12(3): within one month), or, when empty, before the current term ends.
    extension_notice_within_amount = models.PositiveSmallIntegerField(
        _("kennisgeving verlenging binnen"), null=True, blank=True
    )
    extension_notice_within_unit = models.CharField(
        _("eenheid kennisgeving"), max_length=20, choices=TermUnitChoice.choices, blank=True
    )
    extension_notify_accused = models.BooleanField(
        _("beklaagde ook informeren over verlenging"),
        default=False,
        help_text=_("Awb 9:11 lid 2: klager én beklaagde krijgen schriftelijk bericht."),
    )
    extension_beyond_with_consent = models.BooleanField(
        _("verder uitstel met schriftelijke instemming"),
        default=False,
        help_text=_("Awb 9:11 lid 2: verder uitstel alleen als de klager schriftelijk instemt."),
    )
    extension_rule = models.CharField(
        _("regel voor verlenging (tekst)"), max_length=300, blank=True
    )

    suspension_allowed = models.BooleanField(_("opschorten toegestaan"), default=False)
    default_reply_term_days = models.PositiveSmallIntegerField(
        _("standaard antwoordtermijn inwoner (dagen)"), default=14
    )
    reopen_window_days = models.PositiveSmallIntegerField(_("heropenen binnen (dagen)"), default=14)
    allowed_outcomes = models.JSONField(_("toegestane resultaten"), default=list, blank=True)
    requires_hearing = models.BooleanField(
        _("hoorplicht"), default=False, help_text=_("Awb 9:10: de klager wordt gehoord.")
    )
    committee_term_weeks = models.PositiveSmallIntegerField(
        _("termijn met adviescommissie (weken)"),
        null=True,
        blank=True,
        help_text=_(
            "Awb 9:11 lid 1 en 9:14: de termijn als een adviescommissie over de klacht "
            "adviseert (tien weken). Leeg: dit zaaktype kent geen adviescommissie."
        ),
    )
    # AVG art. 12(6): before disclosing or correcting personal data the municipality verifies
    # who asks. Set by the functional administrator; seeded on for privacy requests and chain
    # errors (migration 0018_x17a_identity, seed_demo). Guards: cases.checks.
    identity_required = models.BooleanField(
        _("identiteit vaststellen vóór besluit"),
        default=False,
        help_text=_(
            "AVG art. 12 lid 6: zaken van dit type kunnen pas inhoudelijk worden afgehandeld "
            "(inzage, correctie) als de identiteit van de inwoner is vastgesteld met DigiD of "
            "aan de balie met een identiteitsbewijs."
        ),
    )
    is_public = models.BooleanField(_("via het loket in te dienen"), default=True)
    ordering = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("zaaktype")
        verbose_name_plural = _("zaaktypen")
        ordering = ["ordering", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory(self) -> bool:
        return self.term_basis == TermBasis.STATUTE

    def outcome_choices(self) -> list[tuple[str, str]]:
        labels = dict(Outcome.choices)
        return [(code, labels.get(code, code)) for code in self.allowed_outcomes]
