from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("afdeling")
    PARTNER = "partner", _("ketenpartner")


class Role(models.TextChoices):
    FRONT_DESK = "front_desk", _("KCC / balie")
    CASEWORKER = "caseworker", _("behandelaar")
    COORDINATOR = "coordinator", _("regisseur")
    COUNCIL = "council", _("raadslid")
    FUNCTIONAL_ADMIN = "functional_admin", _("functioneel beheerder")
    ARCHIVIST = "archivist", _("archivaris")
    PRIVACY_OFFICER = "privacy_officer", _("privacyfunctionaris")


class Organisation(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    # The name a citizen knows the organisation by ("de gemeente, afdeling Belastingen").
    public_name = models.CharField(_("naam voor inwoners"), max_length=200, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    correction_term_days = models.PositiveSmallIntegerField(
        _("termijn correctieverzoek (werkdagen)"), default=10
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.public_name or self.name


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="teams"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres van het team"), blank=True)
    # Where a case goes when no routing rule matches. Exactly one team may carry this.
    is_fallback = models.BooleanField(_("vangnetteam"), default=False)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_fallback"], condition=Q(is_fallback=True), name="one_fallback_team"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "team", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.team}"
