"""A live DreamTok for API tests from outside: gunicorn on a fresh SQLite database of the test's own, with the demo
accounts (seed_demo) and a second therapist, and a device token per role."""

import subprocess
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.webserver import BIN, ROOT, gunicorn, local_env, manage

DEMO_PASSWORD = "dream-demo-pass-17"
ROLES = {  # role: sign-in name (None: anonymous)
    "anonymous": None,
    "client_a": "demo-client",
    "client_b": "demo-client2",
    "therapist_a": "demo-therapist",
    "therapist_b": "other-therapist",
    "staff": "demo-staff",
}
# The second therapist has a second factor (DEMO_MODE lets only the demo accounts in without one): its recovery codes,
# one used up a sign-in.
RECOVERY_CODES = [f"recovery{number:02d}" for number in range(20)]
_unused_codes = iter(RECOVERY_CODES)
SECOND_THERAPIST = f"""
from django.contrib.auth import get_user_model
User = get_user_model()
from dreams.models import Client, therapists_group
user = User.objects.create_user("other-therapist", password="{DEMO_PASSWORD}")
user.groups.add(therapists_group())
Client.objects.create(therapist=user, pseudonym="Client of B")
from django_otp.plugins.otp_static.models import StaticDevice
device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
for code in {RECOVERY_CODES!r}:
    device.token_set.create(token=code)
"""


@contextmanager
def live_dreamtok(folder: Path, *, worker: bool = False, **settings: str):
    """Yields the base URL of a running DreamTok with the demo data; `settings` go into its environment. With
    `worker`, a Celery worker makes the videos (the broker on the filesystem, as `make run` has it); the demo dreams'
    own jobs are not sent, so it makes only the videos asked for."""
    environment = local_env(folder / "var", DEMO_PASSWORD=DEMO_PASSWORD, **settings)
    manage(environment, "migrate", "--no-input")
    manage(environment, "seed_demo")
    manage(environment, "shell", "-c", SECOND_THERAPIST)
    if worker:
        environment["CELERY_BROKER_URL"] = "filesystem://"
    with (
        gunicorn(environment, workers=2, log=folder / "gunicorn.log") as base,
        celery_worker(environment, folder, worker),
    ):
        yield base


@contextmanager
def celery_worker(environment: dict, folder: Path, wanted: bool):
    if not wanted:
        yield None
        return
    with (folder / "worker.log").open("w") as log:
        process = subprocess.Popen(
            [str(BIN / "celery"), "-A", "dreamtok", "worker", "--pool", "solo", "--loglevel", "INFO"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(30)


def token_for(base: str, username: str) -> str:
    body = {"username": username, "password": DEMO_PASSWORD, "device_name": "schemathesis"}
    if username == "other-therapist":
        body["otp"] = next(_unused_codes)
    answer = requests.post(
        f"{base}/api/v1/auth/tokens",
        json=body,
        timeout=60,  # generous: the machine may be busy
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["token"]
