"""`manage.py check_providers`, the provider doctor, against the fake providers: one harmless read each."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.fakes.kling import FAKE_KLING_ACCESS_KEY, FAKE_KLING_SECRET_KEY
from tests.fakes.luma import FAKE_LUMA_KEY
from tests.fakes.providers import fake_settings, install_fake_world, record_sleeps, respond_times
from tests.fakes.replicate import FAKE_REPLICATE_TOKEN, FAKE_REPLICATE_WEBHOOK_SECRET
from tests.fakes.runway import FAKE_RUNWAY_KEY
from tests.net import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRETS = [
    FAKE_LUMA_KEY,
    FAKE_RUNWAY_KEY,
    FAKE_REPLICATE_TOKEN,
    FAKE_REPLICATE_WEBHOOK_SECRET,
    FAKE_KLING_ACCESS_KEY,
    FAKE_KLING_SECRET_KEY,
]


@pytest.fixture
def fake(httpserver, settings, monkeypatch):
    record_sleeps(monkeypatch)
    settings.RUNWAY_VIDEO_MODEL = "gen4_turbo"
    return install_fake_world(httpserver, settings)


def doctor() -> tuple[str, bool]:
    """The command's output, and whether it succeeded (a CommandError is a non-zero exit)."""
    out = StringIO()
    try:
        call_command("check_providers", stdout=out, stderr=out)
    except CommandError as error:
        return out.getvalue() + str(error), False
    return out.getvalue(), True


def test_all_four_providers_are_reachable_with_their_keys_accepted(fake):
    output, succeeded = doctor()
    assert succeeded, output
    for label in ("Luma", "Runway", "Replicate", "Kling"):
        assert f"{label}: OK — reachable, key accepted" in output
    assert f"host: {fake.base_url}/kling" in output and "models: gen4_image, gen4_turbo" in output
    assert "credit: US$15.00 (1500 cents)" in output and "credit: 12500 credits" in output
    assert "credit: account dreamtok" in output


def test_the_doctor_creates_nothing_and_prints_no_key(fake):
    output, _succeeded = doctor()
    assert fake.stats()["tasks"] == 0 and fake.requests_to("/", "POST") == []
    assert [secret for secret in SECRETS if secret in output] == []


def test_a_refused_key_fails_the_check_and_names_the_setting_to_fix(fake, settings):
    settings.LUMA_API_KEY = "sk-not-the-luma-key-4242"
    output, succeeded = doctor()
    assert not succeeded
    assert "Luma: FAILED — reachable, key refused" in output and "check the setting: LUMA_API_KEY" in output
    assert "Kling: OK" in output and "sk-not-the-luma-key-4242" not in output
    assert "1 configured provider failed its check: Luma." in output


def test_an_unreachable_host_fails_the_check_and_names_the_base_setting(fake, settings):
    settings.KLING_API_BASE = f"http://127.0.0.1:{free_port()}"
    output, succeeded = doctor()
    assert not succeeded
    assert "Kling: FAILED — not reachable" in output and "check the setting: KLING_API_BASE" in output


def test_a_base_url_without_the_api_path_is_named_as_the_setting_to_fix(fake, settings):
    """A base missing `/dream-machine/v1` (or Kling's with a stray `/v1`) gets a 404 on the account read: the host
    answered, but not as the provider's API. That is the base URL, not a lost task nor the key."""
    settings.LUMA_API_BASE = fake.base_url  # without the API's path
    settings.KLING_API_BASE = f"{fake.base_url}/kling/v1"  # the version twice
    output, succeeded = doctor()
    assert not succeeded
    for label, setting in (("Luma", "LUMA_API_BASE"), ("Kling", "KLING_API_BASE")):
        [part] = [part for part in output.split("\n\n") if part.startswith(f"{label}:")]
        assert f"{label}: FAILED — reachable, key not checked" in part, part
        assert f"This host answered, but not as {label}'s API" in part and "HTTP 404" in part
        assert f"check the setting: {setting}" in part and "no longer knows" not in part


def test_a_redirect_or_an_unreadable_page_on_the_account_read_names_the_base_url(fake, settings, httpserver):
    settings.RUNWAY_API_BASE = f"{fake.base_url}/moved"
    respond_times(httpserver, "/moved/organization", 1, status=301, headers={"Location": "https://example.com/"})
    settings.REPLICATE_API_BASE = f"{fake.base_url}/site"
    respond_times(httpserver, "/site/account", 1, body=b"<html>welcome</html>", headers={"Content-Type": "text/html"})
    output, succeeded = doctor()
    assert not succeeded
    for label, setting, answer in (("Runway", "RUNWAY_API_BASE", "HTTP 301"), ("Replicate", "REPLICATE_API_BASE", "")):
        [part] = [part for part in output.split("\n\n") if part.startswith(f"{label}:")]
        assert f"{label}: FAILED — reachable, key not checked" in part, part
        assert f"This host answered, but not as {label}'s API" in part and answer in part
        assert f"check the setting: {setting}" in part


def test_a_kling_account_outside_its_ip_allow_list_is_a_failed_check(fake):
    """Kling's IP allow-list refuses every call, reads included (HTTP 429, code 1304)."""
    fake.account_problems["kling"] = 1304
    output, succeeded = doctor()
    assert not succeeded, output
    assert "This server's IP address is not allowed for the Kling account." in output


def test_a_refused_kling_key_points_at_both_keys_and_the_host(fake, settings):
    """A current Kling key is refused on Kling's old host: the host is one of the settings to look at."""
    settings.KLING_SECRET_KEY = "not-the-secret"
    output, _succeeded = doctor()
    assert "Kling: FAILED — reachable, key refused" in output
    assert "KLING_ACCESS_KEY, KLING_SECRET_KEY, KLING_API_BASE" in output


def test_a_provider_without_its_key_is_listed_as_not_configured_and_does_not_fail(fake, settings):
    settings.REPLICATE_API_TOKEN = ""
    output, succeeded = doctor()
    assert succeeded
    assert "Replicate: not configured (set REPLICATE_API_TOKEN to offer it)." in output


def test_a_retired_runway_model_fails_the_check(fake, settings):
    settings.RUNWAY_VIDEO_MODEL = "gen3a_turbo"
    output, succeeded = doctor()
    assert not succeeded and "check the setting: RUNWAY_VIDEO_MODEL" in output


def test_the_command_exits_non_zero_when_a_configured_provider_fails(fake):
    """As an operator runs it: a real process, configured by its environment."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LUMA_", "RUNWAY_", "KLING_"))}
    env.update({key: str(value) for key, value in fake_settings(fake.base_url).items()})
    env.update(
        {"DEBUG": "true", "REPLICATE_API_BASE": f"http://127.0.0.1:{free_port()}", "VIDEOGEN_HTTP_MAX_ATTEMPTS": "1"}
    )
    run = subprocess.run(
        [sys.executable, "manage.py", "check_providers"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1, run.stdout + run.stderr
    # in the project's language (Russian by default): the setting names and the providers' names are the same
    [replicate] = [part for part in run.stdout.split("\n\n") if part.startswith("Replicate:")]
    assert "REPLICATE_API_BASE" in replicate and "Replicate" in run.stderr
    assert not [name for name in ("LUMA_", "RUNWAY_", "KLING_") if name in run.stdout + run.stderr]


@pytest.mark.django_db
def test_the_costs_page_shows_the_same_check_only_when_asked(fake, staff, settings):
    settings.LUMA_API_KEY = "sk-not-the-luma-key-4242"
    plain = staff.get("/admin/videogen/videojob/costs/", headers={"accept-language": "en"}).content.decode()
    assert "Check the providers now" in plain and fake.requests == []
    page = staff.get("/admin/videogen/videojob/costs/?check=1", headers={"accept-language": "en"}).content.decode()
    rows = re.findall(r'<tr class="provider-check">\s*<th scope="row">(\w+)</th>\s*<td>(.*?)</td>', page)
    assert [(label, re.sub("<[^>]+>", "", result)) for label, result in rows] == [
        ("Luma", "FAILED: reachable, key refused"),
        ("Runway", "OK: reachable, key accepted"),
        ("Replicate", "OK: reachable, key accepted"),
        ("Kling", "OK: reachable, key accepted"),
    ]
    assert "LUMA_API_KEY" in page and "sk-not-the-luma-key-4242" not in page


@pytest.mark.django_db
def test_the_health_check_never_calls_a_provider(fake, client):
    assert client.get("/healthz").status_code == 200
    assert fake.requests == []
