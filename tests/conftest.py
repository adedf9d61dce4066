"""Shared fixtures: users in their roles, dreams, and the rule that CI never skips for a missing service."""

import json
import os
import re
import shutil
import urllib.request
from pathlib import Path

import pytest

from tests.net import port_open

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def live_tests_asked(config) -> bool:
    """`-m live` (in any expression that does not negate it) or DREAMTOK_LIVE=1 in the environment."""
    expression = config.getoption("markexpr", "") or ""
    return bool(re.search(r"(?<!not )\blive\b", expression)) or os.environ.get("DREAMTOK_LIVE") == "1"


def pytest_collection_modifyitems(config, items):
    """Live tests spend real money at real providers: they run only when asked, and only for a provider whose key is
    set; otherwise they are deselected (reported as such), never collected as skips."""
    from django.conf import settings

    from videogen.providers import provider_class

    asked = live_tests_asked(config)
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("live")
        wanted = marker is None or (asked and provider_class(marker.args[0]).is_configured(settings))
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def encryption_env() -> dict[str, str]:
    """This test process's encryption keys, for a process that reads the rows it wrote (or a production one)."""
    from django.conf import settings

    return {
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "FIELD_HASH_KEY": settings.FIELD_HASH_KEY,
    }


def require(condition: bool, reason: str) -> None:
    """Skip locally when a service is missing; fail in CI, where every service must be there."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_url():
    """The machine's Redis, database 15 unless TEST_REDIS_URL names another (two suites at once need two)."""
    from urllib.parse import urlsplit

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    where = urlsplit(url)
    require(port_open(where.hostname, where.port or 6379), f"Redis is not running on {where.netloc}")
    return url


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require(os.path.exists(path), "Chromium is not installed (apt-get install chromium)")
    return path


def use_broker(url: str) -> None:
    """Point this process's Celery app at another broker (read and write), dropping pooled connections."""
    from dreamtok.celery import app

    app.conf.broker_url = app.conf.broker_read_url = app.conf.broker_write_url = url
    app.conf.broker_transport_options = {}
    app.close()
    app.amqp._producer_pool = None  # it holds connections to the old broker; the next send makes a new one


@pytest.fixture(scope="session", autouse=True)
def _in_memory_broker():
    """Unless a test asks for Redis, task messages stay in this process (and never reach a developer's var/)."""
    use_broker("memory://")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Every test writes media and temporary downloads into its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.VIDEOGEN_TMP_DIR = tmp_path / "videogen-tmp"


@pytest.fixture(scope="session")
def c2pa_credentials(tmp_path_factory) -> tuple[Path, Path]:
    """A development CA and signer, made once per session in a temporary folder."""
    from videogen.credentials import make_development_credentials

    folder = tmp_path_factory.mktemp("c2pa")
    return make_development_credentials(folder / "chain.pem", folder / "signer.key")


@pytest.fixture(autouse=True)
def _c2pa_signer(settings, c2pa_credentials):
    """Every stored video is signed with the session's test certificate (never one in a developer's var/)."""
    settings.C2PA_CERT_CHAIN, settings.C2PA_PRIVATE_KEY = c2pa_credentials
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty local cache: rate-limit counters and cached prompts do not carry over (on
    SQLite the same user ids come back from test to test)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):  # never flush a developer's Redis
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code outside a request (services, tasks, providers) speaks English in tests, whatever an earlier test's request
    left active: LocaleMiddleware activates a request's language for the thread and does not put the old one back."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories set a password for every user; the production hasher's deliberate slowness only slows tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def files_under(folder: Path) -> set[str]:
    """Every file below `folder`, hidden ones included, by its path inside it."""
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="session")
def fake_provider_server(tmp_path_factory):
    """The fake provider server (all four protocols) as a real process on loopback."""
    from tests.fakes.launch import fake_providers_process

    with (tmp_path_factory.mktemp("fake") / "fake-server.log").open("w") as log:
        with fake_providers_process(render_seconds=2, log=log) as base:
            yield base


def fake_stats(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/_stats", timeout=5) as response:
        return json.load(response)


def reset_fake(base: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{base}/_reset", method="POST"), timeout=5).close()


def configure_fake(base: str, **changes) -> None:
    """POST /_configure to the fake provider server: render_seconds, fail_next, file_fault, submit_delay."""
    request = urllib.request.Request(
        f"{base}/_configure",
        data=json.dumps(changes).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=5).close()


def provider_env(base: str) -> dict:
    """Environment (and settings) pointing every provider at the fake server."""
    from tests.fakes.providers import fake_settings

    return {**fake_settings(base), "VIDEOGEN_DOWNLOAD_ALLOW_HOSTS": base.removeprefix("http://")}


@pytest.fixture
def fake_providers_configured(fake_provider_server, settings):
    """Settings of this process pointed at the fake server; every provider offered, local last."""
    reset_fake(fake_provider_server)
    for key, value in provider_env(fake_provider_server).items():
        setattr(settings, key, [value] if key == "VIDEOGEN_DOWNLOAD_ALLOW_HOSTS" else value)
    settings.VIDEOGEN_PROVIDERS = ["luma", "runway", "replicate", "kling", "local"]
    settings.VIDEOGEN_POLL_SECONDS = 0.3
    settings.VIDEOGEN_HTTP_RETRY_SCALE = 0.01
    return fake_provider_server


@pytest.fixture
def staff(client):
    """The test client, signed in as a staff superuser (a moderator)."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def verified_device(user):
    """A confirmed authenticator of the user's (made if they have none), for a session that passed the second factor."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` signs in completely, as a test means it: for an account that needs a second factor
    (therapists, staff), the session has passed it too. Tests of the second factor itself sign in through the form."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from accounts.services import user_requires_second_factor

        if user_requires_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
