"""Reads of the administrator's configuration."""

from __future__ import annotations

from django.db.models import QuerySet

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


def case_type_questions(*, case_type: CaseType) -> QuerySet[CaseTypeQuestion]:
    return CaseTypeQuestion.objects.filter(case_type=case_type).order_by("ordering", "pk")


def public_case_type(*, code: str) -> CaseType | None:
    return CaseType.objects.filter(code=code, is_public=True).first()
