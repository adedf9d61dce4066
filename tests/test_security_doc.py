"""SECURITY.md keeps up with the tests: every test it names as proof exists, and every control row names one."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOC = (ROOT / "SECURITY.md").read_text()
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`|`::(\w+)`")


def references() -> list[tuple[str, str | None]]:
    """(test file, test name or None for the whole file), in the order the document names them."""
    found, current = [], None
    for path, name, continued in REFERENCE.findall(DOC):
        if path:
            current = path
            found.append((path, name or None))
        else:
            assert current, f"`::{continued}` names no file before it"
            found.append((current, continued))
    return found


def test_every_test_named_in_security_md_exists():
    missing = []
    for path, name in references():
        source = ROOT / path
        if not source.exists():
            missing.append(path)
        elif name and not re.search(rf"^def {name}\(", source.read_text(), flags=re.MULTILINE):
            missing.append(f"{path}::{name}")
    assert missing == []


def test_every_threat_in_the_table_names_a_test():
    table = DOC.split("## Controls and their proof")[1].split("\n## ")[0]
    rows = [line for line in table.splitlines() if line.startswith("|")][2:]  # past the header and its rule
    assert len(rows) >= 15
    for row in rows:
        assert "`tests/" in row, f"no test for: {row[:80]}"
