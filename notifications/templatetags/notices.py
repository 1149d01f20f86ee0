from datetime import date

from django import template
from django.template.defaultfilters import date as date_filter

register = template.Library()


@register.filter
def isodate(value: str, fmt: str = "l j F Y") -> str:
    """Format an ISO date kept in a notice's context, in the active language."""
    try:
        return date_filter(date.fromisoformat(value), fmt)
    except (TypeError, ValueError):
        return value or ""
