"""The Python example of docs/api.md, exactly as written, against a live DreamTok with a worker: it signs in, writes
down a dream, sees its video made and finds it in the feed."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.live import DEMO_PASSWORD, live_dreamtok

# Live processes of its own (gunicorn and a Celery worker): run once, with the integration tests.
pytestmark = pytest.mark.integration

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def example_code() -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
    assert len(blocks) == 1, "docs/api.md has one Python example"
    return blocks[0]


@pytest.mark.timeout(420)
def test_the_docs_example_runs_as_written(tmp_path):
    script = tmp_path / "example.py"
    script.write_text(example_code())
    with live_dreamtok(tmp_path, worker=True) as base:
        environment = {**os.environ, "DREAMTOK_URL": base, "DEMO_PASSWORD": DEMO_PASSWORD}
        run = subprocess.run(
            [sys.executable, str(script)], env=environment, capture_output=True, text=True, timeout=360
        )
    output = run.stdout
    assert run.returncode == 0, output[-3000:] + run.stderr[-3000:]
    assert re.search(r"^created [0-9a-f-]{36} symbols: \[.*'whale'", output, flags=re.MULTILINE), output
    assert "\nready 1.0\n" in output, output[-3000:]
    assert re.search(r"^\d{4}-\d\d-\d\d The red whale /media/", output, flags=re.MULTILINE), output
    assert re.search(r"^first video: video/mp4 \d{4,} bytes$", output, flags=re.MULTILINE), output
