"""The citizen's forms, one per case type: only what is needed, in plain Dutch (B1)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import DataElement, System
from loket.forms.fields import (
    CleanCharField,
    ContactFieldsMixin,
    EvidenceField,
    HoneypotMixin,
    KeyedMultipleChoiceField,
    OneLineCharField,
    required,
)

UNKNOWN = ""


class CaseForm(HoneypotMixin, ContactFieldsMixin, forms.Form):
    """Fields every case type shares. Subclasses put their own fields first."""

    case_type_code: str = ""
    evidence = EvidenceField(
        label=_("Bestanden meesturen"),
        help_text=_(
            "Bijvoorbeeld een brief of een foto. Maximaal 5 bestanden van 10 MB: PDF, "
            "PNG of JPEG. Niet verplicht."
        ),
    )
    contact_order = ["citizen_name", "citizen_email", "citizen_phone", "citizen_address"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The type's own questions first, then evidence, contact details, the honeypot last.
        self.order_fields([*self.field_order, "evidence", *self.contact_order, "website"])

    def case_fields(self) -> dict:
        """What the intake service needs from this form."""
        data = self.cleaned_data
        return {
            "subject": data["subject"],
            "description": data["description"],
            "citizen_name": data["citizen_name"],
            "citizen_email": data.get("citizen_email", ""),
            "citizen_phone": data.get("citizen_phone", ""),
            "citizen_address": data.get("citizen_address", ""),
        }


class QuestionForm(CaseForm):
    case_type_code = "question"
    subject = OneLineCharField(
        label=_("Waar gaat uw vraag over?"),
        max_length=200,
        help_text=_("In een paar woorden."),
        error_messages=required(_("Schrijf in een paar woorden waar uw vraag over gaat.")),
    )
    description = CleanCharField(
        label=_("Uw vraag"),
        max_length=10_000,
        widget=forms.Textarea,
        error_messages=required(_("Schrijf uw vraag.")),
    )
    field_order = ["subject", "description"]


class ComplaintForm(CaseForm):
    case_type_code = "complaint"
    subject = OneLineCharField(
        label=_("Waar gaat uw klacht over?"),
        max_length=200,
        help_text=_("In een paar woorden."),
        error_messages=required(_("Schrijf in een paar woorden waar uw klacht over gaat.")),
    )
    description = CleanCharField(
        label=_("Wat is er gebeurd?"),
        max_length=10_000,
        widget=forms.Textarea,
        help_text=_("Vertel wat er gebeurde en wat u van ons verwacht."),
        error_messages=required(_("Vertel wat er is gebeurd.")),
    )
    happened_on = forms.DateField(
        label=_("Wanneer gebeurde het?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Niet verplicht. Een klacht over iets van meer dan een jaar geleden kunnen "
            "wij soms niet behandelen."
        ),
    )
    complained_about = CleanCharField(
        label=_("Over wie of welke afdeling klaagt u?"),
        max_length=200,
        required=False,
        help_text=_("Niet verplicht. Weet u het niet? Laat het dan leeg."),
    )
    field_order = ["subject", "description", "happened_on", "complained_about"]

    def clean_happened_on(self):
        day = self.cleaned_data.get("happened_on")
        if day and day > timezone.localdate():
            raise ValidationError(
                _("Deze datum ligt in de toekomst. Vul de dag in waarop het gebeurde.")
            )
        return day

    def case_fields(self) -> dict:
        fields = super().case_fields()
        if self.cleaned_data.get("happened_on"):
            fields["description"] += "\n\n" + str(
                _("Gebeurd op: %(date)s") % {"date": self.cleaned_data["happened_on"].isoformat()}
            )
        fields["complained_about"] = self.cleaned_data.get("complained_about", "")
        return fields


class PrivacyRequestForm(CaseForm):
    case_type_code = "privacy_request"
    KINDS = [
        ("inzage", _("Ik wil zien welke gegevens u van mij heeft (inzage)")),
        ("correctie", _("Ik wil dat u gegevens verbetert (correctie)")),
        ("verwijdering", _("Ik wil dat u gegevens verwijdert (verwijdering)")),
        ("beperking", _("Ik wil dat u mijn gegevens even niet gebruikt (beperking)")),
    ]
    request_kind = forms.ChoiceField(
        label=_("Wat wilt u?"),
        choices=KINDS,
        widget=forms.RadioSelect,
        error_messages=required(_("Kies wat u wilt.")),
    )
    description = CleanCharField(
        label=_("Toelichting"),
        max_length=10_000,
        widget=forms.Textarea,
        help_text=_("Over welke gegevens of welke afdeling gaat het?"),
        error_messages=required(_("Schrijf over welke gegevens of welke afdeling het gaat.")),
    )
    field_order = ["request_kind", "description"]

    def case_fields(self) -> dict:
        self.cleaned_data["subject"] = str(
            _("AVG-verzoek: %(kind)s") % {"kind": self.cleaned_data["request_kind"]}
        )
        return super().case_fields()


class WooRequestForm(CaseForm):
    case_type_code = "woo_request"
    subject = OneLineCharField(
        label=_("Over welk onderwerp wilt u documenten?"),
        max_length=200,
        error_messages=required(_("Schrijf over welk onderwerp u documenten wilt.")),
    )
    description = CleanCharField(
        label=_("Welke documenten zoekt u?"),
        max_length=10_000,
        widget=forms.Textarea,
        help_text=_("Noem zo precies mogelijk welke documenten en uit welke periode."),
        error_messages=required(_("Schrijf welke documenten u zoekt.")),
    )
    field_order = ["subject", "description"]


def _system_choices():
    systems = System.objects.select_related("organisation").order_by("organisation__name", "name")
    return [(UNKNOWN, _("Weet ik niet"))] + [
        (s.code, s.public_name or f"{s.name} ({s.organisation.name})") for s in systems
    ]


class ChainErrorForm(CaseForm):
    case_type_code = "chain_error"
    noticed_system = forms.ChoiceField(
        label=_("Waar zag u de fout?"),
        required=False,
        help_text=_(
            "Kies de brief of de organisatie. Staat het er niet bij? Kies dan "
            "‘Weet ik niet’ en schrijf het hieronder."
        ),
    )
    noticed_where = CleanCharField(
        label=_("Welke brief of organisatie was het?"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: de aanslag van de BSV van maart."),
    )
    elements = KeyedMultipleChoiceField(
        label=_("Welke gegevens kloppen niet?"),
        queryset=DataElement.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages=required(_("Kies minstens één gegeven dat niet klopt.")),
    )
    wrong_value = CleanCharField(
        label=_("Wat staat er nu (fout)?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required(_("Schrijf wat er nu fout staat.")),
    )
    right_value = CleanCharField(
        label=_("Wat is juist?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required(_("Schrijf wat juist is.")),
    )
    source_system = forms.ChoiceField(
        label=_("Weet u waar de fout is ontstaan?"),
        required=False,
        help_text=_("Meestal weet u dit niet. Dan zoeken wij het uit."),
    )
    description = CleanCharField(
        label=_("Wilt u nog iets vertellen?"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    field_order = [
        "noticed_system",
        "noticed_where",
        "elements",
        "wrong_value",
        "right_value",
        "source_system",
        "description",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _system_choices()  # one query
        self.fields["noticed_system"].choices = choices
        self.fields["source_system"].choices = choices

    def chain_fields(self) -> dict:
        data = self.cleaned_data
        systems = {
            s.code: s
            for s in System.objects.filter(
                code__in=[c for c in (data.get("noticed_system"), data.get("source_system")) if c]
            )
        }
        elements = list(data["elements"])
        self.cleaned_data["subject"] = str(
            _("Onjuiste gegevens: %(elements)s")
            % {"elements": ", ".join(e.name.lower() for e in elements)}
        )[:200]
        self.cleaned_data["description"] = data.get("description") or str(
            _("Zie de velden van de melding.")
        )
        return {
            **self.case_fields(),
            "source_system": systems.get(data.get("source_system")),
            "noticed_system": systems.get(data.get("noticed_system")),
            "noticed_where": data.get("noticed_where", ""),
            "elements": elements,
            "wrong_value": data["wrong_value"],
            "right_value": data["right_value"],
        }


FORMS_BY_SLUG: dict[str, type[CaseForm]] = {
    "vraag": QuestionForm,
    "klacht": ComplaintForm,
    "ketenfout": ChainErrorForm,
    "privacy": PrivacyRequestForm,
    "woo": WooRequestForm,
}
