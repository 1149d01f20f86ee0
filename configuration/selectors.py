"""Reads of the administrator's configuration."""

from __future__ import annotations

from cases.configuration_cache import cached
from cases.models import CaseType
from configuration.models import CaseTypeQuestion, CounterSettings

# The front desk's default when the administrator chose none: most calls are questions.
FALLBACK_COUNTER_TYPE = "question"


def counter_default_case_type() -> CaseType | None:
    """The type the front desk's register form pre-selects (one query)."""
    settings = CounterSettings.objects.select_related("default_case_type").first()
    if settings is not None and settings.default_case_type is not None:
        return settings.default_case_type
    return CaseType.objects.filter(code=FALLBACK_COUNTER_TYPE).first()


def public_form_questions(*, case_type: CaseType) -> tuple[CaseTypeQuestion, ...]:
    """The questions of a public form, from memory while the administrator changed nothing
    (cases.configuration_cache; shared, so read-only)."""
    return cached("public_form_questions", _questions_by_type).get(case_type.pk, ())


def _questions_by_type() -> dict[int, tuple[CaseTypeQuestion, ...]]:
    by_type: dict[int, list[CaseTypeQuestion]] = {}
    for question in CaseTypeQuestion.objects.order_by("ordering", "pk"):
        by_type.setdefault(question.case_type_id, []).append(question)
    return {pk: tuple(questions) for pk, questions in by_type.items()}


def public_case_type(*, code: str) -> CaseType | None:
    """The public case type with this code, from memory while the administrator changed nothing
    (cases.configuration_cache; shared, so read-only)."""
    return cached("public_case_types", _public_case_types).get(code)


def _public_case_types() -> dict[str, CaseType]:
    return {t.code: t for t in CaseType.objects.filter(is_public=True)}
