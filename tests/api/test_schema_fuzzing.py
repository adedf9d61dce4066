"""The API fuzzed from its own OpenAPI schema by Schemathesis, against a live server, for every role's token: no
answer is a 500, every answer (status, content type, headers, body) is one the schema describes. And the schema is a
valid OpenAPI 3.1 document."""

import subprocess
import sys
from pathlib import Path

import pytest
import requests
from drf_spectacular.validation import validate_schema

from tests.api.live import ROLES, live_dreamtok, token_for

# Live processes of its own (gunicorn on its own SQLite): run once, in the PostgreSQL pass with the integration tests.
pytestmark = pytest.mark.integration

# Modest, so that the six runs take well under two minutes on two cores; each run still sends a few hundred requests.
MAX_EXAMPLES = 4
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live-api")
    # Rates high enough for a fuzzer; the generation rate of the pages stays (its 429 is in the schema).
    with live_dreamtok(folder, API_USER_RATE="100000/m", API_ANON_RATE="100000/m", API_SIGN_IN_RATE="100000/m") as base:
        yield base, folder


def test_the_schema_is_valid_openapi_3_1(live):
    base, _ = live
    schema = requests.get(f"{base}/api/v1/schema?format=json", timeout=60).json()  # its first build is slow
    assert schema["openapi"] == "3.1.0"
    validate_schema(schema)  # against the OpenAPI 3.1 JSON Schema (drf-spectacular ships it)
    paths = set(schema["paths"])
    seed = {"/api/v1/dreams", "/api/v1/dreams/{dream_id}/generate-video", "/api/v1/dreams/{dream_id}/video-status"}
    assert seed | {"/api/v1/dreams/feed"} <= paths


@pytest.mark.timeout(300)
@pytest.mark.parametrize("role", list(ROLES))
def test_schemathesis_finds_no_500_and_no_answer_outside_the_schema(live, role):
    base, folder = live
    headers = [] if ROLES[role] is None else ["--header", f"Authorization: Bearer {token_for(base, ROLES[role])}"]
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{base}/api/v1/schema?format=json",
            "--checks",
            CHECKS,
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--request-timeout",
            "20",
            "--no-color",
            *headers,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert " passed" in run.stdout  # it ran operations, not nothing
