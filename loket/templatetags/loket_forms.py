"""Rendering form fields accessibly: label, hint, error, aria-describedby, aria-invalid."""

from django import template
from django.forms import CheckboxSelectMultiple, RadioSelect

register = template.Library()


@register.inclusion_tag("loket/_field.html")
def form_field(field):
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_hint")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.field.required:
        attrs["aria-required"] = "true"
    grouped = isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple)
    if grouped:
        attrs.pop("aria-required", None)
        attrs.pop("aria-invalid", None)
        attrs.pop("aria-describedby", None)
    return {
        "field": field,
        "widget": field.as_widget(attrs=attrs),
        "grouped": grouped,
        "describedby": " ".join(described),
    }
