"""Import of a chain register (organisations, systems, data elements, flows) from YAML or JSON.

The whole file is checked first and refused as a whole with every problem listed; only a clean
file is applied, in one transaction. Importing the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from cases.models import (
    DataElement,
    DataFlow,
    Organisation,
    OrganisationKind,
    System,
    SystemKind,
)


class ChainImportError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


def _as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def check_chain_register(data: Any) -> list[str]:
    """Every problem in the file, as readable lines (empty list: the file is fine)."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return ["Het bestand moet de lijsten organisations, systems, elements en flows bevatten."]
    sections = _sections(data, problems)
    known_orgs = _check_organisations(sections, problems)
    known_systems = _check_systems(sections, known_orgs, problems)
    element_codes = _codes(sections, "elements", ("code", "name"), problems)
    known_elements = element_codes | set(DataElement.objects.values_list("code", flat=True))
    _check_flows(sections["flows"], known_systems, known_elements, problems)
    return problems


def _sections(data: dict, problems: list[str]) -> dict[str, list[dict]]:
    """The four lists of the file, each keeping only its items that have fields."""
    sections = {}
    for name in ("organisations", "systems", "elements", "flows"):
        value = data.get(name, [])
        if not isinstance(value, list):
            problems.append(f"{name}: moet een lijst zijn.")
            value = []
        sections[name] = [item for item in value if isinstance(item, dict)]
        if len(sections[name]) != len(value):
            problems.append(f"{name}: elk item moet velden hebben (code, name, …).")
    return sections


def _codes(
    sections: dict, section: str, required: tuple[str, ...], problems: list[str]
) -> set[str]:
    """The codes a section defines; missing fields and doubled codes are problems."""
    seen: set[str] = set()
    for i, item in enumerate(sections[section], start=1):
        for key in required:
            if not str(item.get(key) or "").strip():
                problems.append(f"{section} #{i}: '{key}' ontbreekt.")
        code = str(item.get("code") or "").strip()
        if code and code in seen:
            problems.append(f"{section}: code '{code}' komt dubbel voor.")
        seen.add(code)
    return seen - {""}


def _check_organisations(sections: dict, problems: list[str]) -> set[str]:
    """The organisations' fields and kinds; returns every organisation code known after import."""
    org_codes = _codes(sections, "organisations", ("code", "name", "kind"), problems)
    for item in sections["organisations"]:
        if item.get("kind") and item["kind"] not in OrganisationKind.values:
            problems.append(
                f"organisations: '{item.get('code')}' heeft onbekende soort '{item['kind']}' "
                f"(kies uit: {', '.join(OrganisationKind.values)})."
            )
    return org_codes | set(Organisation.objects.values_list("code", flat=True))


def _check_systems(sections: dict, known_orgs: set[str], problems: list[str]) -> set[str]:
    """The systems' fields, owners, kinds and marks; returns every system code known after."""
    system_codes = _codes(sections, "systems", ("code", "name", "organisation"), problems)
    for item in sections["systems"]:
        if item.get("organisation") and item["organisation"] not in known_orgs:
            problems.append(
                f"systems: '{item.get('code')}' verwijst naar onbekende organisatie "
                f"'{item['organisation']}'."
            )
        if item.get("kind") and item["kind"] not in SystemKind.values:
            problems.append(
                f"systems: '{item.get('code')}' heeft onbekende soort '{item['kind']}'."
            )
        if "sensitive" in item and not isinstance(item["sensitive"], bool):
            problems.append(f"systems: '{item.get('code')}': 'sensitive' moet true of false zijn.")
    return system_codes | set(System.objects.values_list("code", flat=True))


def _check_flows(
    flows: list[dict], known_systems: set[str], known_elements: set[str], problems: list[str]
) -> None:
    """Each flow: both ends known and different, not doubled, known elements, valid fields."""
    pairs: set[tuple[str, str]] = set()
    for i, item in enumerate(flows, start=1):
        source, target = item.get("from"), item.get("to")
        label = f"flows #{i} ({source} → {target})"
        if not source or not target:
            problems.append(f"{label}: 'from' en 'to' zijn verplicht.")
            continue
        for end in (source, target):
            if end not in known_systems:
                problems.append(f"{label}: onbekend systeem '{end}'.")
        if source == target:
            problems.append(f"{label}: een levering naar zichzelf kan niet.")
        if (source, target) in pairs:
            problems.append(f"{label}: deze levering staat er dubbel in.")
        pairs.add((source, target))
        _check_flow_fields(item, label, known_elements, problems)


def _check_flow_fields(item: dict, label: str, known_elements: set[str], problems: list[str]):
    """A flow's elements (a non-empty list of known codes), end date and active mark."""
    elements = item.get("elements")
    if not isinstance(elements, list) or not elements:
        problems.append(f"{label}: 'elements' moet een niet-lege lijst zijn.")
    else:
        for element in elements:
            if element not in known_elements:
                problems.append(f"{label}: onbekend gegeven '{element}'.")
    try:
        _as_date(item.get("valid_until"))
    except ValueError:
        problems.append(f"{label}: 'valid_until' is geen datum (JJJJ-MM-DD).")
    if "active" in item and not isinstance(item["active"], bool):
        problems.append(f"{label}: 'active' moet true of false zijn.")


def _upsert(model, result: ImportResult, label: str, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        result.created[label] = result.created.get(label, 0) + 1
        return obj, True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save(update_fields=changed)
        result.updated[label] = result.updated.get(label, 0) + 1
    return obj, False


def chain_register_import(*, data: Any) -> ImportResult:
    """Check, then apply the register in one transaction. Raises ChainImportError listing every
    problem; nothing is written then. Records not in the file are left as they are."""
    problems = check_chain_register(data)
    if problems:
        raise ChainImportError(problems)
    result = ImportResult()
    with transaction.atomic():
        for item in data.get("organisations", []):
            _upsert(
                Organisation,
                result,
                "organisations",
                {"code": item["code"]},
                {"name": item["name"], "kind": item["kind"]},
            )
        orgs = {o.code: o for o in Organisation.objects.all()}
        for item in data.get("systems", []):
            org = orgs[item["organisation"]]
            kind = item.get("kind") or (
                SystemKind.PARTNER if org.kind == OrganisationKind.PARTNER else SystemKind.MUNICIPAL
            )
            values = {"name": item["name"], "organisation": org, "kind": kind}
            # Absent means "not said": an earlier import's or the administrator's mark stays.
            if "sensitive" in item:
                values["sensitive"] = item["sensitive"]
            if item.get("public_name"):
                values["public_name"] = item["public_name"]
            _upsert(System, result, "systems", {"code": item["code"]}, values)
        for item in data.get("elements", []):
            _upsert(DataElement, result, "elements", {"code": item["code"]}, {"name": item["name"]})
        systems = {s.code: s for s in System.objects.all()}
        elements = {e.code: e for e in DataElement.objects.all()}
        for item in data.get("flows", []):
            flow, created = _upsert(
                DataFlow,
                result,
                "flows",
                {"source": systems[item["from"]], "target": systems[item["to"]]},
                {
                    "legal_basis": item.get("legal_basis", "") or "",
                    "valid_until": _as_date(item.get("valid_until")),
                    "active": item.get("active", True),
                },
            )
            wanted = {elements[code].pk for code in item["elements"]}
            current = set(flow.elements.values_list("pk", flat=True))
            if wanted != current:
                flow.elements.set(wanted)
                if not created:
                    result.updated["flows"] = result.updated.get("flows", 0) + 1
    return result
