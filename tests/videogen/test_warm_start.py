"""The language models load when the web and worker processes start, not on the first preview: the first preview
after start-up is served with them loaded, well within 150 ms. A management command (migrate, check) does not pay."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

FIRST_PREVIEW = """
import json, time
{start}
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from dreams import selectors
from videogen import views
from dreamtok.text.anonymize import _natasha

loaded = _natasha.cache_info().currsize == 1
request = RequestFactory().post("/dreams/prompt-preview", {{
    "content": "Мне снилось, что Анна Петрова звала меня из Твери к морю, и кит пел.",
    "privacy_mode": "anonymized", "provider": "local", "symbols": "",
}})
request.user = AnonymousUser()
# No database in this process: who asks, and the new dream's consent history, are given rather than read.
request._dreamtok_viewer = selectors.Viewer("therapist")
selectors.consent_withdrawn_by_client = lambda dream: False
started = time.perf_counter()
response = views.prompt_preview(request)
seconds = time.perf_counter() - started
body = json.loads(response.content)
answer = {{"loaded": loaded, "seconds": seconds, "prompt": body.get("prompt", ""), "status": response.status_code}}
print("RESULT " + json.dumps(answer))
"""

WEB = "import dreamtok.wsgi  # what gunicorn loads in each web process"
WORKER = """
import django; django.setup()
from celery import signals
from dreamtok.celery import app
app.loader.init_worker()  # what `celery worker` does first: the task modules are imported
signals.worker_init.send(sender=None)
"""
COMMAND = "import django; django.setup()  # as manage.py does"


def run(start: str) -> dict:
    env = {"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "dreamtok.settings", "PATH": "/usr/bin:/bin"}
    script = FIRST_PREVIEW.format(start=start)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in reversed(done.stdout.splitlines()) if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def test_the_first_preview_after_the_web_process_starts_finds_the_models_loaded():
    first = run(WEB)
    assert first["status"] == 200 and "Анна" not in first["prompt"]
    assert first["loaded"], first  # how long it takes is bench/first_preview.py's figure


def test_a_worker_loads_the_models_when_it_starts():
    assert run(WORKER)["loaded"]


def test_a_management_command_does_not_load_them():
    assert not run(COMMAND)["loaded"]
