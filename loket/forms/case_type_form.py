"""The public form of a case type configured in the admin (issue 22): the common fields every
form has (subject, description, evidence, contact details) plus the type's own extra questions.
A built-in type (question, complaint, …) keeps its own form; its extra questions are added."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from configuration.models import CaseTypeQuestion, QuestionKind
from loket.forms.fields import CleanCharField, OneLineCharField, required
from loket.forms.public import CaseForm

YES, NO = "ja", "nee"


class GenericCaseForm(CaseForm):
    """A case type without a form of its own."""

    subject = OneLineCharField(
        label=_("Waar gaat het over?"),
        max_length=200,
        help_text=_("In een paar woorden."),
        error_messages=required(_("Schrijf in een paar woorden waar het over gaat.")),
    )
    description = CleanCharField(
        label=_("Vertel wat er aan de hand is"),
        max_length=10_000,
        widget=forms.Textarea,
        error_messages=required(_("Vertel wat er aan de hand is.")),
    )
    field_order = ["subject", "description"]


def question_field_name(question: CaseTypeQuestion) -> str:
    return f"question_{question.pk}"


def _question_field(question: CaseTypeQuestion) -> forms.Field:
    label = question.label
    common = {
        "label": label,
        "required": question.required,
        "help_text": question.help or ("" if question.required else gettext("Niet verplicht.")),
        "error_messages": required(gettext("Beantwoord de vraag ‘%(label)s’.") % {"label": label}),
    }
    if question.kind == QuestionKind.LONG_TEXT:
        return CleanCharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    if question.kind == QuestionKind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=question.choice_list(), widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, gettext("Ja")), (NO, gettext("Nee"))],
            widget=forms.RadioSelect,
            **common,
        )
    return OneLineCharField(max_length=300, **common)


def _answer_text(question: CaseTypeQuestion, value) -> str:
    if value in (None, ""):
        return ""
    if question.kind == QuestionKind.DATE:
        return value.isoformat()
    if question.kind == QuestionKind.YES_NO:
        return "Ja" if value == YES else "Nee"
    return str(value)


def form_for_case_type(
    *, base: type[CaseForm], code: str, questions: list[CaseTypeQuestion]
) -> type[CaseForm]:
    """A form class for one case type: `base` with the questions after its own fields. The
    answers go into the description under the Dutch question (staff work in Dutch)."""
    if not questions and base is not GenericCaseForm:
        return base

    def __init__(self, *args, **kwargs):
        base.__init__(self, *args, **kwargs)
        names = [question_field_name(q) for q in questions]
        for question, name in zip(questions, names, strict=True):
            self.fields[name] = _question_field(question)
        self.order_fields([*base.field_order, *names, "evidence", *self.contact_order, "website"])

    def case_fields(self) -> dict:
        fields = base.case_fields(self)
        lines = []
        for question in questions:
            answer = _answer_text(question, self.cleaned_data.get(question_field_name(question)))
            if answer:
                lines.append(f"{question.label_nl}: {answer}")
        if lines:
            fields["description"] = "\n\n".join(
                filter(None, [fields["description"], "\n".join(lines)])
            )
        return fields

    return type(
        f"{base.__name__}For_{code}",
        (base,),
        {"__init__": __init__, "case_fields": case_fields, "case_type_code": code},
    )
