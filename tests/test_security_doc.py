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
        cells = row.strip().strip("|").split(" | ")
        assert len(cells) == 3, f"not threat | control | proof: {row[:80]}"
        assert "`tests/" in cells[2], f"no test for: {row[:80]}"


# Proofs the document must keep naming: a rewrite that drops one of them loses a claim it still makes.
MUST_BE_NAMED = [
    ("tests/dreams/test_permissions.py", "test_permission_matrix"),
    ("tests/dreams/test_permissions.py", "test_every_url_is_in_the_matrix"),
    ("tests/dreams/test_permissions.py", "test_b_sees_a_shared_dream_of_a_but_nothing_of_their_private_one"),
    ("tests/videogen/test_log_privacy.py", "test_a_whole_generation_logs_no_dream_text_pii_or_prompt"),
    ("tests/integration/test_log_privacy_worker.py", "test_a_generation_on_a_real_worker_sends_and_logs_no_dream_text"),
    (
        "tests/videogen/test_storage_s3.py",
        "test_settings_built_from_aws_variables_store_privately_and_presign_for_a_minute_at_most",
    ),
    ("tests/test_healthz.py", "test_a_burst_of_requests_costs_one_round_of_checks"),
    ("tests/dreamtok/test_headers.py", None),
]


def test_the_document_names_the_proofs_of_its_main_claims():
    named = set(references())
    assert [proof for proof in MUST_BE_NAMED if proof not in named] == []
