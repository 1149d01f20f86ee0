"""`import_chain`: a clean file loads, the same file again changes nothing, a bad file is
refused whole with every problem listed."""

import json
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from cases.models import DataElement, DataFlow, Organisation, System

pytestmark = pytest.mark.django_db

REGISTER = Path(__file__).resolve().parents[2] / "cases" / "demo" / "ketenregister.yaml"


def _import(path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_chain", str(path), stdout=out)
    return out.getvalue()


def test_example_register_loads_and_reimport_changes_nothing():
    _import(REGISTER)
    assert System.objects.count() == 24
    assert DataFlow.objects.count() == 30
    assert DataElement.objects.count() == 11
    flow = DataFlow.objects.get(source__code="PW", target__code="WSW-TRAJ")
    assert flow.valid_until.isoformat() == "2026-06-30"
    assert not DataFlow.objects.get(source__code="WMO", target__code="LEERLVERV").active
    assert set(flow.elements.values_list("code", flat=True)) == {"naam", "adres", "geboortedatum"}
    snapshot = [
        sorted(System.objects.values_list("code", "name", "organisation__code")),
        sorted(
            DataFlow.objects.values_list(
                "source__code", "target__code", "legal_basis", "valid_until", "active"
            )
        ),
    ]
    output = _import(REGISTER)
    assert "Niets gewijzigd" in output
    assert snapshot == [
        sorted(System.objects.values_list("code", "name", "organisation__code")),
        sorted(
            DataFlow.objects.values_list(
                "source__code", "target__code", "legal_basis", "valid_until", "active"
            )
        ),
    ]


def test_json_is_accepted_and_a_change_is_applied(tmp_path):
    data = yaml.safe_load(REGISTER.read_text())
    path = tmp_path / "register.json"
    path.write_text(json.dumps(data))
    _import(path)
    data["flows"][0]["elements"] = ["naam"]
    path.write_text(json.dumps(data))
    output = _import(path)
    assert "bijgewerkt: 1 flows" in output
    first = DataFlow.objects.get(source__code="BRP", target__code="MAGAZIJN")
    assert list(first.elements.values_list("code", flat=True)) == ["naam"]


def test_bad_file_is_refused_whole_with_every_problem(tmp_path):
    bad = {
        "organisations": [
            {"code": "a", "name": "A", "kind": "department"},
            {"code": "a", "name": "A again", "kind": "department"},
            {"code": "b", "name": "B", "kind": "alien"},
        ],
        "systems": [
            {"code": "S1", "name": "One", "organisation": "a"},
            {"code": "S2", "name": "Two", "organisation": "nowhere"},
        ],
        "elements": [{"code": "adres", "name": "Adres"}],
        "flows": [
            {"from": "S1", "to": "S1", "elements": ["adres"]},
            {"from": "S1", "to": "S9", "elements": ["adres"]},
            {"from": "S1", "to": "S2", "elements": ["shoe_size"]},
            {"from": "S1", "to": "S2", "elements": ["adres"], "valid_until": "someday"},
        ],
    }
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad))
    with pytest.raises(CommandError) as excinfo:
        _import(path)
    message = str(excinfo.value)
    for expected in (
        "code 'a' komt dubbel voor",
        "onbekende soort 'alien'",
        "onbekende organisatie 'nowhere'",
        "naar zichzelf",
        "onbekend systeem 'S9'",
        "onbekend gegeven 'shoe_size'",
        "staat er dubbel in",
        "geen datum",
    ):
        assert expected in message
    # Refused as a whole: nothing was written.
    assert not Organisation.objects.filter(code__in=["a", "b"]).exists()
    assert not System.objects.exists()


def test_not_yaml_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("organisations: [unclosed")
    with pytest.raises(CommandError, match="geen geldige YAML"):
        _import(path)


def test_sensitive_mark_is_imported_checked_and_kept_when_the_file_is_silent(tmp_path):
    """Issue 15 point 3: the register marks special-category and social-domain systems (AVG
    art. 9); the demo register marks the social domain's systems, not the tax office's."""
    _import(REGISTER)
    sensitive = set(System.objects.filter(sensitive=True).values_list("code", flat=True))
    assert {"PW", "WMO", "JEUGD", "MINIMA", "ZA-ZORG", "GGD-JGZ", "KB-SHV"} <= sensitive
    assert not sensitive & {"BRP", "BAG", "HEFFING", "WOZ", "PARKVERG", "HANDHAV"}

    data = {
        "organisations": [{"code": "a", "name": "A", "kind": "department"}],
        "systems": [{"code": "S1", "name": "One", "organisation": "a", "sensitive": True}],
    }
    path = tmp_path / "register.yaml"
    path.write_text(yaml.safe_dump(data))
    _import(path)
    assert System.objects.get(code="S1").sensitive
    # A file without the key leaves the administrator's mark alone.
    del data["systems"][0]["sensitive"]
    path.write_text(yaml.safe_dump(data))
    assert "bijgewerkt" not in _import(path)
    assert System.objects.get(code="S1").sensitive
    data["systems"][0]["sensitive"] = False
    path.write_text(yaml.safe_dump(data))
    _import(path)
    assert not System.objects.get(code="S1").sensitive

    data["systems"][0]["sensitive"] = "ja"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CommandError, match="'sensitive' moet true of false zijn"):
        _import(path)


def test_administrator_marks_a_system_sensitive_in_the_admin(admin_client):
    _import(REGISTER)
    system = System.objects.get(code="WOCO-HUUR")
    page = admin_client.get(f"/admin/cases/system/{system.pk}/change/").content.decode()
    assert 'name="sensitive"' in page
    response = admin_client.post(
        f"/admin/cases/system/{system.pk}/change/",
        {
            "code": system.code,
            "name": system.name,
            "public_name": system.public_name,
            "organisation": system.organisation_id,
            "kind": system.kind,
            "sensitive": "on",
        },
    )
    assert response.status_code == 302
    assert System.objects.get(pk=system.pk).sensitive
    listing = admin_client.get("/admin/cases/system/?sensitive__exact=1").content.decode()
    assert "WOCO-HUUR" in listing and "HEFFING" not in listing


def test_every_problem_is_listed_once_in_the_order_of_the_file():
    """The check reads the file top to bottom: the lists, the organisations, the systems, the
    elements, then each flow (issue 20 split it into steps; the list must not change)."""
    from cases.services.chain_import import check_chain_register

    bad = {
        "organisations": [
            {"code": "a", "name": "A", "kind": "department"},
            {"code": "a", "name": "", "kind": "alien"},
            "not a mapping",
        ],
        "systems": [
            {"code": "S1", "name": "One", "organisation": "a", "kind": "cloud"},
            {"code": "S2", "name": "Two", "organisation": "nowhere", "sensitive": "yes"},
        ],
        "elements": [{"code": "adres"}],
        "flows": [
            {"from": "S1"},
            {"from": "S1", "to": "S1", "elements": []},
            {"from": "S1", "to": "S9", "elements": ["adres", "shoe_size"], "active": "no"},
            {"from": "S1", "to": "S9", "elements": ["adres"], "valid_until": "someday"},
        ],
    }
    assert check_chain_register(bad) == [
        "organisations: elk item moet velden hebben (code, name, …).",
        "organisations #2: 'name' ontbreekt.",
        "organisations: code 'a' komt dubbel voor.",
        "organisations: 'a' heeft onbekende soort 'alien' (kies uit: department, partner).",
        "systems: 'S1' heeft onbekende soort 'cloud'.",
        "systems: 'S2' verwijst naar onbekende organisatie 'nowhere'.",
        "systems: 'S2': 'sensitive' moet true of false zijn.",
        "elements #1: 'name' ontbreekt.",
        "flows #1 (S1 → None): 'from' en 'to' zijn verplicht.",
        "flows #2 (S1 → S1): een levering naar zichzelf kan niet.",
        "flows #2 (S1 → S1): 'elements' moet een niet-lege lijst zijn.",
        "flows #3 (S1 → S9): onbekend systeem 'S9'.",
        "flows #3 (S1 → S9): onbekend gegeven 'shoe_size'.",
        "flows #3 (S1 → S9): 'active' moet true of false zijn.",
        "flows #4 (S1 → S9): onbekend systeem 'S9'.",
        "flows #4 (S1 → S9): deze levering staat er dubbel in.",
        "flows #4 (S1 → S9): 'valid_until' is geen datum (JJJJ-MM-DD).",
    ]
    assert check_chain_register(["a list"]) == [
        "Het bestand moet de lijsten organisations, systems, elements en flows bevatten."
    ]
    assert check_chain_register({"flows": "none"}) == ["flows: moet een lijst zijn."]
