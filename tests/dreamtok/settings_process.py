"""Run a few lines against dreamtok/settings.py as a fresh process loads it from an environment of the test's
choosing (settings are read once per process, so a test cannot reload them in its own), and bring back the value
the lines leave in `result`, through JSON."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PRELUDE = "import json, django\ndjango.setup()\nfrom django.conf import settings\n"


def with_settings(environment: dict[str, str], code: str):
    """`code` runs after django.setup() with `settings` at hand and sets `result`. Only PATH is inherited."""
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "dreamtok.settings", **environment}
    script = f"{PRELUDE}{code}\nprint('RESULT ' + json.dumps(result, default=str))"
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    line = next(line for line in reversed(run.stdout.splitlines()) if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))
