"""The records panels other pages include: the penalty on the case page (Awb 4:17) and the
penalties running on the coordinator's escalations."""

from __future__ import annotations

from django import template
from django.utils import timezone

from records.models import NoticeOfDefault
from records.penalty import EXCLUDED_CASE_TYPES, PENALTY_CASE_TYPES
from records.selectors import penalties_running
from records.services.penalty import penalty_due

register = template.Library()


@register.inclusion_tag("records/_penalty_panel.html", takes_context=True)
def penalty_panel(context, case):
    code = case.case_type.code
    data = {"case": case, "csrf_token": context.get("csrf_token"), "excluded": "", "penalty": None}
    if code in EXCLUDED_CASE_TYPES:
        data["excluded"] = EXCLUDED_CASE_TYPES[code]
    elif code in PENALTY_CASE_TYPES:
        # One query, only on the pages of case types that end in a decision.
        data["applies"] = True
        data["penalty"] = penalty_due(case=case)
        data["notice"] = data["penalty"] and NoticeOfDefault.objects.filter(case=case).first()
        data["today"] = timezone.localdate()
    return data


@register.inclusion_tag("records/_penalties_running.html")
def penalties_running_table():
    return {"rows": penalties_running(today=timezone.localdate())}
