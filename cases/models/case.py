# long: the case and the rows that only exist with it (events, notes, suspensions, attachments)
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.enums import IdentityDocument, IdentityMethod
from cases.fields import BsnField
from cases.models.case_types import CaseType, Outcome, TermUnitChoice
from cases.models.organisations import Organisation, Team
from cases.workflow import OPEN_STATUSES, CaseStatus, CaseWorkflow


class Channel(models.TextChoices):
    WEB = "web", _("website")
    PHONE = "phone", _("telefoon")
    COUNTER = "counter", _("balie")
    LETTER = "letter", _("brief")
    EMAIL = "email", _("e-mail")


class Language(models.TextChoices):
    NL = "nl", _("Nederlands")
    EN = "en", _("Engels")


# The derived display state of issue 17 (docs/identity.md: why not a workflow status).
AWAITING_IDENTITY_LABEL = _("wacht op identificatie")


class CaseNumberSequence(models.Model):
    """One row per year; incremented under a row lock to hand out LDZ-YYYY-NNNNNN."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("zaaknummerreeks")


class Case(CaseWorkflow):
    number = models.CharField(_("zaaknummer"), max_length=20, unique=True)
    case_type = models.ForeignKey(
        CaseType, verbose_name=_("zaaktype"), on_delete=models.PROTECT, related_name="cases"
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("onderwerp"), max_length=200)
    description = models.TextField(_("omschrijving"))

    # The citizen's contact details: personal data. Which role sees which field is decided in
    # one place (loket.privacy); none of these ever goes into logs, reports or URLs.
    citizen_name = models.CharField(_("naam"), max_length=200)
    citizen_email = models.EmailField(_("e-mailadres"), blank=True)
    citizen_phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    citizen_address = models.TextField(_("postadres"), blank=True)
    # AVG art. 12(6) / issue 17: the BSN comes only from DigiD or from a counter check of an
    # identity document (cases.services.identity), never from a free-text field. Encrypted at rest
    # (Fernet; keys SECRET_KEY x SALT_KEY, docs/identity.md); looked up only by `bsn_digest`.
    bsn = BsnField(_("BSN"), max_length=9, blank=True, null=True)
    bsn_digest = models.CharField(
        _("controlewaarde BSN"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        # Database defaults as well: bulk loads that COPY rows (bench/) leave these out.
        default="",
        db_default="",
    )
    identity_verified_at = models.DateTimeField(
        _("identiteit vastgesteld op"), null=True, blank=True
    )
    identity_method = models.CharField(
        _("identiteit vastgesteld via"),
        max_length=10,
        choices=IdentityMethod.choices,
        blank=True,
        default="",
        db_default="",
    )
    identity_document = models.CharField(
        _("gecontroleerd identiteitsbewijs"),
        max_length=20,
        choices=IdentityDocument.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("Alleen de soort document: nooit het documentnummer of een kopie."),
    )
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("identiteit gecontroleerd door"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    preferred_language = models.CharField(
        _("voorkeurstaal"), max_length=2, choices=Language.choices, default=Language.NL
    )
    # Complaints: the person or department complained about (Awb 9:11 lid 2 notice of extension).
    complained_about = models.CharField(_("beklaagde"), max_length=200, blank=True)
    complained_about_email = models.EmailField(_("e-mailadres beklaagde"), blank=True)

    outcome = models.CharField(_("resultaat"), max_length=20, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("antwoord"), blank=True)
    hearing_held = models.BooleanField(_("klager gehoord"), null=True, blank=True)
    # Awb 9:14: the complaint went to an advisory committee, so its term is the type's
    # committee term (Awb 9:11 lid 1: ten weeks). Set by `case_refer_to_committee` only.
    advisory_committee = models.BooleanField(_("voorgelegd aan adviescommissie"), default=False)
    hearing_waived_reason = models.TextField(_("reden afzien van horen"), blank=True)

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        null=True,
        blank=True,
    )

    received_at = models.DateTimeField(_("ontvangen op"))
    # The due date is the term engine's result (cases.services.deadlines), stored and indexed
    # so sweeps and work lists find what is due with one query. Never edited by hand.
    due_date = models.DateField(_("uiterste datum"))
    original_due_date = models.DateField(_("oorspronkelijke uiterste datum"))
    # The date the citizen was told. It follows the computed date when that moves later, and
    # never moves earlier: a calendar change that shortens the term does not take back a promise.
    promised_due_date = models.DateField(_("toegezegde datum"), null=True, blank=True)
    reply_due_date = models.DateField(_("antwoordtermijn inwoner"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)

    # Secret link for the citizen: only a hash of the token is kept.
    tracking_token_hash = models.CharField(
        _("controlewaarde volglink"), max_length=64, blank=True, db_index=True
    )
    # Per-case reply address (loket+<token>@domain) on every e-mail notice, so a citizen's reply
    # finds its case. Random, unrelated to the tracking link: it only adds mail to the case.
    reply_token = models.CharField(
        _("antwoordsleutel e-mail"), max_length=32, blank=True, db_index=True
    )
    # Optimistic check: a form carries the version it was rendered from.
    version = models.PositiveIntegerField(_("versie"), default=1)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        ordering = ["due_date", "id"]
        indexes = [
            # Work lists are read a page at a time by keyset on (due_date, id) (issue 23): the
            # page after a row is an index range scan, whatever its depth. All cases ("alle")…
            models.Index(fields=["due_date", "id"], name="case_due_id_idx"),
            # …and the open ones: the deadline sweep, "due soon", "overdue" and the open lists.
            models.Index(
                fields=["due_date", "id"],
                name="case_open_due_id_idx",
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
            ),
            # "Mine" and "my team" in due-date order, and their capped counts.
            models.Index(
                fields=["assignee", "due_date", "id"],
                name="case_open_assignee_idx",
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
            ),
            models.Index(
                fields=["team", "due_date", "id"],
                name="case_open_team_idx",
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
            ),
            models.Index(fields=["status", "due_date"], name="case_status_due_idx"),
            models.Index(fields=["team", "status", "due_date"], name="case_team_status_due_idx"),
            models.Index(fields=["received_at"], name="case_received_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def identity_verified(self) -> bool:
        return self.identity_verified_at is not None

    @property
    def awaiting_identity(self) -> bool:
        """Open, of a type that needs a verified identity, and not verified yet: shown as
        "wacht op identificatie" (a derived state, not an FSM state; docs/identity.md)."""
        return self.is_open and self.case_type.identity_required and not self.identity_verified

    @property
    def status_label(self) -> str:
        """The status as pages show it: "wacht op identificatie" while `awaiting_identity`,
        else the workflow status. Derived, so the workflow itself is unchanged."""
        if self.awaiting_identity:
            return str(AWAITING_IDENTITY_LABEL)
        return str(self.get_status_display())


class Suspension(models.Model):
    """The clock stood still from `start` to `end` (calendar days, end exclusive)."""

    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.CASCADE, related_name="suspensions"
    )
    start = models.DateField(_("van"))
    end = models.DateField(_("tot"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=300)
    # AVG art. 12(6): the term waits for the citizen's identity (cases.services.identity). Kept
    # apart from a wait for information, which ends with the citizen's reply, not with this.
    for_identity = models.BooleanField(_("wacht op identificatie"), default=False, db_default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("opschorting")
        verbose_name_plural = _("opschortingen")
        ordering = ["start", "id"]

    def __str__(self) -> str:
        # Issue 22: the admin said "Suspension object (2)".
        return f"{self._meta.verbose_name} {self.start:%d-%m-%Y}"


class Extension(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.CASCADE, related_name="extensions"
    )
    amount = models.PositiveSmallIntegerField(_("verlenging"))
    unit = models.CharField(_("eenheid"), max_length=20, choices=TermUnitChoice.choices)
    reason = models.TextField(_("reden"))
    with_consent = models.BooleanField(
        _("met schriftelijke instemming van de inwoner"), default=False
    )
    notified_on = models.DateField(_("kennisgeving op"))
    previous_due_date = models.DateField(_("vorige uiterste datum"))
    new_due_date = models.DateField(_("nieuwe uiterste datum"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("verlenging")
        verbose_name_plural = _("verlengingen")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        # Issue 22: the admin said "Extension object (2)".
        return f"{self._meta.verbose_name} {self.amount} {self.get_unit_display()}"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("ingediend")
    TRANSITION = "transition", _("status gewijzigd")
    ASSIGNED = "assigned", _("toegewezen")
    FORWARDED = "forwarded", _("doorgestuurd")
    EXTENDED = "extended", _("termijn verlengd")
    SUSPENDED = "suspended", _("termijn opgeschort")
    RESUMED = "resumed", _("termijn hervat")
    DUE_DATE_CHANGED = "due_date_changed", _("uiterste datum gewijzigd")
    NOTE = "note", _("notitie")
    MESSAGE = "message", _("bericht aan inwoner")
    CONTACT = "contact", _("contactmoment")
    REPLY = "reply", _("reactie van inwoner")
    ATTACHMENT = "attachment", _("bijlage toegevoegd")
    CORRECTION = "correction", _("correctieverzoek")
    CHAIN = "chain", _("ketenanalyse")
    IDENTITY = "identity", _("identiteit vastgesteld")


class CaseEvent(models.Model):
    """Append-only log: who, when, what, from, to, why. Services write it in the same
    transaction as the change; nothing updates or deletes a row."""

    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_kind = models.CharField(_("door"), max_length=10)  # staff / citizen / system
    transition = models.CharField(_("overgang"), max_length=40, blank=True)
    from_status = models.CharField(
        _("van status"), max_length=20, choices=CaseStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("naar status"), max_length=20, choices=CaseStatus.choices, blank=True
    )
    # The due date after this event, so replaying the log gives the current due date.
    due_date = models.DateField(_("uiterste datum"), null=True, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    is_public = models.BooleanField(_("zichtbaar voor inwoner"), default=False)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.from_status}→{self.to_status}"


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("tekst"))
    # Internal notes stay inside; a message to the citizen shows on the tracking page and is sent.
    to_citizen = models.BooleanField(_("bericht aan inwoner"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")
        ordering = ["created_at", "id"]


class ContactMoment(models.Model):
    """A phone call, counter visit, letter or e-mail about an existing case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_moments")
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    summary = models.TextField(_("samenvatting"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["created_at", "id"]


ATTACHMENT_DIR = "attachments"


def attachment_path(instance, filename: str) -> str:
    # Random name: the original name is kept in a field and never used on disk or in a URL.
    return f"{ATTACHMENT_DIR}/{uuid.uuid4().hex}"


# The one extension of each type we accept (cases.services.attachments recognises the type).
ATTACHMENT_EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    from_citizen = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["created_at", "id"]

    @property
    def download_name(self) -> str:
        """The citizen's file name with the extension of the type recognised from the content:
        `factuur.html` that is a PDF downloads as `factuur.pdf`, so no program opens it as a web
        page (the name is the citizen's, the type is ours)."""
        name = self.original_name.replace("\\", "/").rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return (stem.strip(" .") or "bijlage")[:200] + ATTACHMENT_EXTENSIONS.get(
            self.content_type, ".bin"
        )


class RoutingRule(models.Model):
    """Ordered; the first rule that matches a new case assigns its team."""

    position = models.PositiveIntegerField(_("volgorde"), default=100)
    case_type = models.ForeignKey(
        CaseType,
        verbose_name=_("zaaktype"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: elk zaaktype."),
    )
    channel = models.CharField(
        _("kanaal"),
        max_length=10,
        choices=Channel.choices,
        blank=True,
        help_text=_("Leeg: elk kanaal."),
    )
    source_system = models.ForeignKey(
        "cases.System",
        verbose_name=_("bronsysteem (ketenfout)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: elk bronsysteem."),
    )
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}: {self.case_type or '*'} / {self.channel or '*'} → {self.team}"
