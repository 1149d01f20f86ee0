"""Backoffice forms: the work list filters and one form per action on a case or a correction
task. Choices that come from the database are handed in by the view, which loaded them once,
so rendering and validating a form costs no extra queries."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cases.models import CaseStatus, Channel
from loket.forms.fields import CleanCharField

SORTS = [
    ("uiterste", _("Uiterste datum, vroegste eerst")),
    ("-uiterste", _("Uiterste datum, laatste eerst")),
    ("ontvangen", _("Ontvangen, oudste eerst")),
    ("-ontvangen", _("Ontvangen, nieuwste eerst")),
    ("nummer", _("Zaaknummer")),
]
SORT_FIELDS = {
    "uiterste": ("due_date", "pk"),
    "-uiterste": ("-due_date", "-pk"),
    "ontvangen": ("received_at", "pk"),
    "-ontvangen": ("-received_at", "-pk"),
    "nummer": ("number",),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class QuickSelect(forms.Select):
    """A select rendered without the template engine. The filter form is on every list page
    and its options (types, statuses, channels, organisations) would otherwise cost one
    template render each."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        current = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == current else "", label)
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class WorklistFilterForm(forms.Form):
    """GET filters. The text search holds a number or words of a subject, never a name: names
    in a query string end up in logs."""

    q = forms.CharField(
        label=_("Zoek op zaaknummer of onderwerp"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    soort = forms.ChoiceField(label=_("Soort zaak"), required=False, widget=QuickSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=QuickSelect)
    kanaal = forms.ChoiceField(label=_("Kanaal"), required=False, widget=QuickSelect)
    organisatie = forms.ChoiceField(label=_("Organisatie"), required=False, widget=QuickSelect)
    van = forms.DateField(label=_("Uiterste datum vanaf"), required=False, widget=DateInput())
    tot = forms.DateField(label=_("Uiterste datum tot en met"), required=False, widget=DateInput())
    sorteer = forms.ChoiceField(
        label=_("Sorteren op"), required=False, choices=SORTS, widget=QuickSelect
    )

    def __init__(self, data, *, case_types, organisations, statuses):
        super().__init__(data)
        everything = [("", _("Alle"))]
        self.fields["soort"].choices = everything + [(t.code, t.name) for t in case_types]
        self.fields["status"].choices = everything + [
            (s.value, s.label) for s in CaseStatus if s in statuses
        ]
        self.fields["kanaal"].choices = everything + list(Channel.choices)
        self.fields["organisatie"].choices = everything + [(o.code, o.name) for o in organisations]
        if len(organisations) < 2:
            del self.fields["organisatie"]

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("Deze datum ligt vóór de datum ‘vanaf’."))
        return data


# --- Actions --------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """Every action carries the version of the case (or task) it was rendered from; the service
    refuses a stale one with "Deze zaak is intussen gewijzigd…"."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, context=None, **kwargs):
        self.context = context or {}
        super().__init__(*args, **kwargs)
        self.setup()

    def setup(self) -> None:
        """Fill choices from `self.context`."""


def _reason(label, help_text=""):
    return CleanCharField(
        label=label,
        help_text=help_text,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmForm(ActionForm):
    """An action without fields (take, assign to me, verify a correction, …)."""


class ReasonForm(ActionForm):
    reason = _reason(_("Reden"))


class CommitteeForm(ActionForm):
    reason = _reason(
        _("Welke commissie adviseert"),
        _("Awb 9:14. De inwoner krijgt bericht van de nieuwe datum (tien weken na ontvangst)."),
    )


class RejectForm(ActionForm):
    reason = _reason(
        _("Reden"),
        _("Awb 9:8: de inwoner krijgt deze reden schriftelijk."),
    )


class WithdrawForm(ActionForm):
    reason = _reason(
        _("Toelichting"), _("Leg vast hoe en wanneer de inwoner de zaak heeft ingetrokken.")
    )


class RequestInformationForm(ActionForm):
    question = _reason(
        _("Welke informatie heeft u nodig?"),
        _("De inwoner krijgt deze vraag per e-mail of brief en ziet hem op de volgpagina."),
    )
    reply_days = forms.IntegerField(
        label=_("Antwoordtermijn (kalenderdagen)"), min_value=1, max_value=90
    )

    def setup(self):
        case_type = self.context.get("case_type")
        if case_type is not None:
            self.fields["reply_days"].initial = case_type.default_reply_term_days
            if case_type.suspension_allowed:
                self.fields["reply_days"].help_text = _(
                    "De termijn van de zaak staat stil tot de inwoner antwoordt of deze "
                    "antwoordtermijn voorbij is."
                )
            else:
                self.fields["reply_days"].help_text = _(
                    "De termijn van dit zaaktype loopt door terwijl u wacht."
                )


class ReceiveReplyForm(ActionForm):
    text = _reason(
        _("Wat heeft de inwoner geantwoord?"),
        _("Bijvoorbeeld wat de inwoner aan de telefoon of in een brief heeft gezegd."),
    )


class ResolveForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Resultaat"), widget=forms.RadioSelect)
    answer = CleanCharField(
        label=_("Antwoord aan de inwoner"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("De inwoner krijgt dit antwoord schriftelijk."),
    )
    hearing_held = forms.ChoiceField(
        label=_("Is de klager gehoord? (Awb 9:10)"),
        choices=[("ja", _("Ja, de klager is gehoord")), ("nee", _("Nee, van horen is afgezien"))],
        widget=forms.RadioSelect,
    )
    hearing_waived_reason = CleanCharField(
        label=_("Waarom is van horen afgezien?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Awb 9:10 lid 2: bijvoorbeeld omdat de klacht kennelijk ongegrond is of de klager "
            "heeft aangegeven niet gehoord te willen worden."
        ),
    )

    def setup(self):
        case_type = self.context["case_type"]
        choices = case_type.outcome_choices()
        if "outcomes" in self.context:
            # The outcomes this case may have now (cases.checks.allowed_outcomes: none that
            # disclose or correct before the identity is verified, AVG art. 12(6)).
            choices = [(code, label) for code, label in choices if code in self.context["outcomes"]]
        self.fields["outcome"].choices = choices
        if not case_type.requires_hearing:
            del self.fields["hearing_held"]
            del self.fields["hearing_waived_reason"]

    def clean(self):
        data = super().clean()
        if data.get("hearing_held") == "nee" and not data.get("hearing_waived_reason"):
            self.add_error(
                "hearing_waived_reason",
                _("Awb 9:10 lid 2: leg vast waarom van het horen van de klager is afgezien."),
            )
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {"outcome": data["outcome"], "answer": data["answer"]}
        if "hearing_held" in data:
            kwargs["hearing_held"] = data["hearing_held"] == "ja"
            kwargs["hearing_waived_reason"] = (
                data.get("hearing_waived_reason", "") if data["hearing_held"] == "nee" else ""
            )
        return kwargs


class ExtendForm(ActionForm):
    amount = forms.IntegerField(label=_("Verlengen met"), min_value=1, max_value=99)
    reason = _reason(
        _("Reden van de verlenging"),
        _("De inwoner krijgt deze reden te lezen in het bericht over de verlenging."),
    )
    with_consent = forms.BooleanField(
        label=_("De inwoner heeft schriftelijk ingestemd met verder uitstel"), required=False
    )

    def setup(self):
        case_type = self.context["case_type"]
        self.fields["amount"].label = _("Verlengen met (%(unit)s)") % {
            "unit": case_type.get_extension_unit_display()
        }
        self.fields["amount"].help_text = _("Ten hoogste %(max)s %(unit)s. %(rule)s") % {
            "max": case_type.extension_max_amount,
            "unit": case_type.get_extension_unit_display(),
            "rule": case_type.extension_rule,
        }
        self.fields["amount"].initial = case_type.extension_max_amount
        if not case_type.extension_beyond_with_consent:
            del self.fields["with_consent"]


class ForwardForm(ActionForm):
    team = forms.ChoiceField(label=_("Naar team"))
    reason = _reason(_("Reden van het doorsturen"))

    def setup(self):
        self.teams = {str(t.pk): t for t in self.context["teams"]}
        self.fields["team"].choices = [("", _("Kies een team"))] + [
            (str(t.pk), f"{t.name} ({t.organisation.name})") for t in self.context["teams"]
        ]


class AssignForm(ActionForm):
    assignee = forms.ChoiceField(label=_("Behandelaar"))

    def setup(self):
        self.people = {str(u.pk): u for u in self.context["people"]}
        self.fields["assignee"].choices = [("", _("Kies een behandelaar"))] + [
            (str(u.pk), u.get_full_name() or u.get_username()) for u in self.context["people"]
        ]


class NoteForm(ActionForm):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[
            ("intern", _("Interne notitie (alleen voor medewerkers)")),
            ("inwoner", _("Bericht aan de inwoner (wordt verstuurd en staat op de volgpagina)")),
        ],
        initial="intern",
        widget=forms.RadioSelect,
    )
    body = CleanCharField(
        label=_("Tekst"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )


class TriageForm(ActionForm):
    source_system = forms.ChoiceField(label=_("Bronsysteem (waar de fout is ontstaan)"))
    elements = forms.MultipleChoiceField(
        label=_("Onjuiste gegevens"), widget=forms.CheckboxSelectMultiple
    )

    def setup(self):
        self.systems = {str(s.pk): s for s in self.context["systems"]}
        self.data_elements = {str(e.pk): e for e in self.context["elements"]}
        self.fields["source_system"].choices = [("", _("Kies een systeem"))] + [
            (str(s.pk), f"{s.code} — {s.name} ({s.organisation.name})")
            for s in self.context["systems"]
        ]
        self.fields["elements"].choices = [(str(e.pk), e.name) for e in self.context["elements"]]


class AddSystemForm(ActionForm):
    system = forms.ChoiceField(label=_("Systeem"))
    reason = _reason(_("Waarom hoort dit systeem erbij?"))

    def setup(self):
        self.systems = {str(s.pk): s for s in self.context["systems"]}
        self.fields["system"].choices = [("", _("Kies een systeem"))] + [
            (str(s.pk), f"{s.code} — {s.name} ({s.organisation.name})")
            for s in self.context["systems"]
        ]


class ShareForm(ActionForm):
    share = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
    )


class DecideDisputeForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            ("uphold", _("De correctie blijft nodig: de eigenaar moet corrigeren")),
            ("accept", _("De eigenaar heeft gelijk: niet getroffen")),
        ],
        widget=forms.RadioSelect,
    )
    reason = _reason(_("Motivering"))


class HoldForm(ActionForm):
    hold = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
    )


def choice_object(form: ActionForm, mapping_name: str, field: str):
    mapping = getattr(form, mapping_name)
    value = form.cleaned_data[field]
    if value not in mapping:
        raise ValidationError(_("Kies een geldige waarde."))
    return mapping[value]
