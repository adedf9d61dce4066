"""A live DreamTok for API tests from outside: gunicorn on a fresh SQLite database of the test's own, with the demo
accounts (seed_demo) and a second therapist, and a device token per role."""

from contextlib import contextmanager
from pathlib import Path

import requests

from tests.webserver import gunicorn, local_env, manage

DEMO_PASSWORD = "dream-demo-pass-17"
ROLES = {  # role: sign-in name (None: anonymous)
    "anonymous": None,
    "client_a": "demo-client",
    "client_b": "demo-client2",
    "therapist_a": "demo-therapist",
    "therapist_b": "other-therapist",
    "staff": "demo-staff",
}
SECOND_THERAPIST = f"""
from django.contrib.auth.models import User
from dreams.models import Client, therapists_group
user = User.objects.create_user("other-therapist", password="{DEMO_PASSWORD}")
user.groups.add(therapists_group())
Client.objects.create(therapist=user, pseudonym="Client of B")
"""


@contextmanager
def live_dreamtok(folder: Path, **settings: str):
    """Yields the base URL of a running DreamTok with the demo data; `settings` go into its environment."""
    environment = local_env(folder / "var", DEMO_PASSWORD=DEMO_PASSWORD, **settings)
    manage(environment, "migrate", "--no-input")
    manage(environment, "seed_demo")
    manage(environment, "shell", "-c", SECOND_THERAPIST)
    with gunicorn(environment, workers=2, log=folder / "gunicorn.log") as base:
        yield base


def token_for(base: str, username: str) -> str:
    answer = requests.post(
        f"{base}/api/v1/auth/tokens",
        json={"username": username, "password": DEMO_PASSWORD, "device_name": "schemathesis"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["token"]
