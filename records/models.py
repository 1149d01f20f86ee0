"""Records the law asks for: retention rules (Selectielijst 2020), destruction lists reviewed by
the archivist (Archiefwet 1995 art. 3 and 5; Archiefbesluit 1995 art. 6-8), legal holds, and
notices of default for late decisions (Awb 4:17). See docs/records.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.fields import BsnField
from cases.models import Case, CaseType, Outcome


class Nomination(models.TextChoices):
    DESTROY = "destroy", _("vernietigen")
    KEEP = "keep", _("blijvend bewaren")


class RetentionBasis(models.TextChoices):
    # Selectielijst 2020 "afleidingswijze": the term counts from the end of the case.
    CLOSED = "closed", _("na afsluiten van de zaak")
    DECIDED = "decided", _("na het besluit (afhandeling)")


class RetentionRule(models.Model):
    case_type = models.ForeignKey(
        CaseType, verbose_name=_("zaaktype"), on_delete=models.CASCADE, related_name="+"
    )
    # Empty outcome: the rule for cases of this type without (another) matching outcome.
    outcome = models.CharField(_("resultaat"), max_length=20, choices=Outcome.choices, blank=True)
    result_number = models.CharField(_("resultaatnummer Selectielijst 2020"), max_length=20)
    result_name = models.CharField(_("resultaat volgens de Selectielijst"), max_length=200)
    nomination = models.CharField(_("archiefnominatie"), max_length=10, choices=Nomination.choices)
    period = models.CharField(
        _("bewaartermijn (ISO 8601)"), max_length=20, blank=True, help_text=_("Bijvoorbeeld P5Y.")
    )
    basis = models.CharField(
        _("termijn telt vanaf"),
        max_length=10,
        choices=RetentionBasis.choices,
        default=RetentionBasis.CLOSED,
    )
    to_be_confirmed = models.BooleanField(
        _("nog te bevestigen"),
        default=False,
        help_text=_("De Selectielijst laat hier een keuze; de archivaris moet die bevestigen."),
    )
    explanation = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("bewaarregel")
        verbose_name_plural = _("bewaarregels")
        ordering = ["case_type__ordering", "outcome"]
        constraints = [
            models.UniqueConstraint(fields=["case_type", "outcome"], name="one_rule_per_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.case_type} / {self.get_outcome_display() or '*'}: {self.result_number}"


class HoldReason(models.TextChoices):
    OBJECTION = "objection", _("bezwaar")
    APPEAL = "appeal", _("beroep")
    OMBUDSMAN = "ombudsman", _("klacht bij de ombudsman")
    OTHER = "other", _("anders")


class LegalHold(models.Model):
    """While a hold is not lifted, the case stays off every destruction list."""

    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reden"), max_length=20, choices=HoldReason.choices)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    placed_at = models.DateTimeField(_("geplaatst op"))
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("juridische blokkade")
        verbose_name_plural = _("juridische blokkades")


class ListStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    APPROVED = "approved", _("goedgekeurd")
    DESTROYED = "destroyed", _("vernietigd")


class DestructionList(models.Model):
    name = models.CharField(_("naam"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=ListStatus.choices, default=ListStatus.PROPOSED
    )
    proposed_on = models.DateField(_("voorgesteld op"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    destroyed_at = models.DateTimeField(_("vernietigd op"), null=True, blank=True)
    counts = models.JSONField(_("aantallen"), default=dict, blank=True)
    # The destruction certificate (Archiefbesluit 1995 art. 8: verklaring van vernietiging),
    # kept permanently; it holds no personal data.
    certificate = models.FileField(_("verklaring van vernietiging"), blank=True)

    class Meta:
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")
        ordering = ["-proposed_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class ItemDecision(models.TextChoices):
    PENDING = "pending", _("te beoordelen")
    APPROVED = "approved", _("vernietigen")
    POSTPONED = "postponed", _("uitgesteld")
    KEEP = "keep", _("blijvend bewaren")


class DestructionItem(models.Model):
    destruction_list = models.ForeignKey(
        DestructionList, on_delete=models.CASCADE, related_name="items"
    )
    # The case row itself stays (anonymised), so the link survives destruction.
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    case_number = models.CharField(_("zaaknummer"), max_length=20)
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="+")
    retention_ends = models.DateField(_("bewaartermijn verstreken op"))
    decision = models.CharField(
        _("oordeel"), max_length=10, choices=ItemDecision.choices, default=ItemDecision.PENDING
    )
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    postponed_until = models.DateField(_("uitgesteld tot"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    destroyed_at = models.DateTimeField(_("vernietigd op"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("zaak op de vernietigingslijst")
        verbose_name_plural = _("zaken op de vernietigingslijst")
        ordering = ["retention_ends", "case_number"]
        constraints = [
            models.UniqueConstraint(fields=["destruction_list", "case"], name="case_once_per_list")
        ]


class PendingFileRemoval(models.Model):
    """A file whose row is already gone in a committed destruction batch. Written in the same
    transaction as the row removal, deleted after the file is: a crash between the two leaves
    this row, and the next run removes the file."""

    path = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)


class NoticeOfDefault(models.Model):
    """Awb 4:17: the citizen's written notice that the decision is late (ingebrekestelling)."""

    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.CASCADE, related_name="+"
    )
    received_on = models.DateField(_("ingebrekestelling ontvangen op"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    penalty_paid = models.PositiveIntegerField(_("betaalde dwangsom (euro)"), null=True, blank=True)

    class Meta:
        verbose_name = _("ingebrekestelling")
        verbose_name_plural = _("ingebrekestellingen")
        constraints = [models.UniqueConstraint(fields=["case"], name="one_notice_of_default")]


class AccessRequestStatus(models.TextChoices):
    DRAFT = "draft", _("in voorbereiding")
    REVIEWED = "reviewed", _("gecontroleerd")
    DELIVERED = "delivered", _("verstrekt")


class AccessRequest(models.Model):
    """A citizen's request for access to their data (AVG art. 15), handled by the privacy
    officer. Until the identity issue lands the officer verifies the person by hand and records
    how (`verification`). This row holds the identifying details the search used; it is itself
    personal data and falls under the retention of privacy requests."""

    citizen_name = models.CharField(_("naam"), max_length=200)
    citizen_email = models.EmailField(_("e-mailadres"), blank=True)
    # Encrypted at rest like the case's BSN (cases.fields.BsnField); reads back as "" when empty.
    citizen_bsn = BsnField(_("BSN"), max_length=9, blank=True, null=True)
    verification = models.TextField(_("hoe de identiteit is vastgesteld"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("vastgesteld op"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.DRAFT,
    )
    # The case in which the citizen made the request: its tracking page delivers the document.
    case = models.ForeignKey(
        Case,
        verbose_name=_("zaak van het verzoek"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    case_numbers = models.JSONField(_("zaken"), default=list, blank=True)
    document = models.FileField(_("overzicht"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("eerst opgehaald op"), null=True, blank=True)

    class Meta:
        verbose_name = _("inzageverzoek (AVG art. 15)")
        verbose_name_plural = _("inzageverzoeken (AVG art. 15)")
        ordering = ["-verified_at"]


class AccessRequestFetch(models.Model):
    """Append-only: the citizen fetched the released document from the tracking page (one row
    per download). Holds no personal data of its own."""

    access_request = models.ForeignKey(
        AccessRequest, on_delete=models.CASCADE, related_name="fetches"
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("ophalen van het inzageoverzicht")
        verbose_name_plural = _("ophalen van inzageoverzichten")
        ordering = ["-at"]


class BreakGlassAccess(models.Model):
    """A staff member opened a case outside their routing and gave a reason ("break the glass").
    The privacy officer sees these in the access log."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="+")
    case_number = models.CharField(_("zaaknummer"), max_length=20)
    reason = models.CharField(_("reden"), max_length=300)
    at = models.DateTimeField(_("tijdstip"))

    class Meta:
        verbose_name = _("inzage buiten de routering")
        verbose_name_plural = _("inzagen buiten de routering")
        ordering = ["-at"]
