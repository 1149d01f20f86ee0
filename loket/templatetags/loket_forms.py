"""Rendering form fields accessibly: label, hint, error, aria-describedby, aria-invalid."""

from django import template
from django.forms import CheckboxInput, CheckboxSelectMultiple, RadioSelect

register = template.Library()


def _grouped(field) -> bool:
    return isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple)


@register.filter
def error_anchor(field) -> str:
    """The id the error summary links to: the input itself, or the first option of a group of
    radios or checkboxes (a single checkbox is an input of its own)."""
    return f"{field.auto_id}_0" if _grouped(field) else field.auto_id


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
    grouped = _grouped(field)
    if grouped:
        attrs.pop("aria-required", None)
        attrs.pop("aria-invalid", None)
        attrs.pop("aria-describedby", None)
    return {
        "field": field,
        "widget": field.as_widget(attrs=attrs),
        "grouped": grouped,
        # A single checkbox: the box first, its label beside it (as people expect to tap it).
        "single_checkbox": isinstance(field.field.widget, CheckboxInput),
        "describedby": " ".join(described),
    }
