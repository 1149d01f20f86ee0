"""The chain register (systems, data elements, data flows), chain-error reports and their
correction tasks (DESIGN.md §5)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models.case import Case
from cases.models.organisations import Organisation, Team
from cases.workflow_correction import CorrectionTaskWorkflow


class SystemKind(models.TextChoices):
    BASIC_REGISTRATION = "basic_registration", _("basisregistratie")
    MUNICIPAL = "municipal", _("gemeentelijk systeem")
    PARTNER = "partner", _("systeem van een ketenpartner")


class System(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    # In words a citizen knows ("uw aanslag gemeentelijke belastingen").
    public_name = models.CharField(_("naam voor inwoners"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="systems"
    )
    kind = models.CharField(
        _("soort"), max_length=20, choices=SystemKind.choices, default=SystemKind.MUNICIPAL
    )
    # AVG art. 9 and the social domain: that a person is registered here says something about
    # their health, income or family. The citizen's page never names such a system, only "an
    # organisation in the social domain", also after the correction.
    sensitive = models.BooleanField(
        _("gevoelig"),
        default=False,
        help_text=_(
            "Bijzondere persoonsgegevens of sociaal domein (AVG art. 9): de inwoner ziet alleen "
            "'een organisatie in het sociaal domein'."
        ),
    )

    class Meta:
        verbose_name = _("informatiesysteem")
        verbose_name_plural = _("informatiesystemen")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def display_name(self) -> str:
        return self.public_name or self.name


class DataElement(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        verbose_name = _("gegeven")
        verbose_name_plural = _("gegevens")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DataFlow(models.Model):
    source = models.ForeignKey(
        System, verbose_name=_("van"), on_delete=models.CASCADE, related_name="outgoing_flows"
    )
    target = models.ForeignKey(
        System, verbose_name=_("naar"), on_delete=models.CASCADE, related_name="incoming_flows"
    )
    elements = models.ManyToManyField(DataElement, verbose_name=_("gegevens"), related_name="+")
    legal_basis = models.CharField(_("grondslag"), max_length=200, blank=True)
    # Agreements are temporary (typically 1–3 years); an expired flow carries nothing.
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("gegevenslevering")
        verbose_name_plural = _("gegevensleveringen")
        ordering = ["source__code", "target__code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_flow"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="flow_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}"


class ChainReport(models.Model):
    """The chain-error fields of a case: what is wrong, where it started, where it was seen."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="chain_report")
    # Empty while unknown ("I don't know"); triage fills it in.
    source_system = models.ForeignKey(
        System,
        verbose_name=_("bronsysteem"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    elements = models.ManyToManyField(
        DataElement, verbose_name=_("onjuiste gegevens"), related_name="+"
    )
    wrong_value = models.TextField(_("wat is er fout"), blank=True)
    right_value = models.TextField(_("wat is juist"), blank=True)
    noticed_where = models.CharField(_("waar opgemerkt"), max_length=300, blank=True)
    noticed_system = models.ForeignKey(
        System,
        verbose_name=_("gezien in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The caseworker may share the citizen's free text with partners explicitly.
    share_description_with_partners = models.BooleanField(
        _("toelichting delen met partners"), default=False
    )

    class Meta:
        verbose_name = _("melding ketenfout")
        verbose_name_plural = _("meldingen ketenfout")


class CorrectionTask(CorrectionTaskWorkflow):
    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.CASCADE, related_name="correction_tasks"
    )
    system = models.ForeignKey(
        System, verbose_name=_("systeem"), on_delete=models.PROTECT, related_name="correction_tasks"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="correction_tasks",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction_tasks",
    )
    level = models.PositiveSmallIntegerField(_("ronde"), default=0)
    distance = models.PositiveSmallIntegerField(_("afstand tot de bron"), default=0)
    path = models.JSONField(_("route"), default=list, blank=True)
    element_codes = models.JSONField(_("onjuiste gegevens"), default=list, blank=True)
    upstream = models.ManyToManyField(
        "self",
        verbose_name=_("eerder in de keten"),
        symmetrical=False,
        related_name="downstream",
        blank=True,
    )
    due_date = models.DateField(_("uiterste datum"), null=True, blank=True, db_index=True)
    requested_at = models.DateTimeField(_("gevraagd op"), null=True, blank=True)
    settled_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    hold_consequences = models.BooleanField(
        _("gevolgen opschorten"),
        default=False,
        help_text=_(
            "Herinneringen, boetes of stopgezette uitkeringen wachten tot de keten is gecorrigeerd."
        ),
    )
    reason = models.TextField(_("toelichting"), blank=True)
    added_manually = models.BooleanField(_("handmatig toegevoegd"), default=False)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # For partners' systems that sync "what changed since" (api/): services that change a task
    # list this field in update_fields, so the timestamp moves with the version.
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("correctieverzoek")
        verbose_name_plural = _("correctieverzoeken")
        ordering = ["level", "system__code"]
        constraints = [
            models.UniqueConstraint(fields=["case", "system"], name="one_task_per_system")
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="task_org_status_idx"),
            models.Index(fields=["status", "due_date"], name="task_status_due_idx"),
            # The API's task list: one organisation's tasks in sync order (updated_at, id).
            models.Index(fields=["organisation", "updated_at", "id"], name="task_org_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} / {self.system.code}"
