"""The README's production table lists every environment variable the code reads (issue 16)."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
READ = re.compile(
    r"""(?:env(?:\.\w+)?\(\s*|os\.environ(?:\.get)?[\[(]\s*|getenv\(\s*|Env\(\)\.\w+\(\s*)"""
    r"""["']([A-Z][A-Z_0-9]+)["']"""
)
# Read only by the test settings, or documented in the README's text rather than the table.
NOT_IN_TABLE = {"CELERY_TASK_ALWAYS_EAGER", "TEST_MEDIA_ROOT", "DJANGO_SETTINGS_MODULE"}


def _variables_read() -> set[str]:
    names = set()
    # Every first-party package (a new app is covered the day it lands) and the scripts.
    folders = [p.parent for p in BASE_DIR.glob("*/__init__.py") if p.parent.name != "tests"]
    for folder in [*folders, BASE_DIR / "scripts"]:
        for path in folder.rglob("*.py"):
            names.update(READ.findall(path.read_text(encoding="utf-8")))
    names.update(re.findall(r"\$\{([A-Z_0-9]+)", (BASE_DIR / "Procfile").read_text()))
    return names


def test_every_environment_variable_is_in_the_readme_table():
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    listed = set(re.findall(r"`([A-Z][A-Z_0-9]+)`", table))
    missing = _variables_read() - listed - NOT_IN_TABLE
    assert not missing, f"not in the README's table: {sorted(missing)}"


def test_readme_points_at_the_shipped_proxy_configuration():
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "deploy/nginx.conf" in readme
    nginx = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    for directive in (
        "client_max_body_size 51m;",
        "client_body_timeout",
        "proxy_read_timeout",
        "X-Forwarded-For",
        "proxy_request_buffering on;",
    ):
        assert directive in nginx, directive
