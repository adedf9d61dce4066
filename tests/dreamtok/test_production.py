"""Production settings, as settings.py computes them from a production environment: `check --deploy` is clean,
cookies are Secure and HttpOnly, plain HTTP is redirected behind the proxy, HSTS is sent."""

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.conftest import encryption_env
from tests.factories import PASSWORD, UserFactory
from videogen.credentials import make_development_credentials

ROOT = Path(django_settings.BASE_DIR)
CHECKED = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def production_environment(var_dir: Path) -> dict[str, str]:
    """What an operator sets (docs/deploy.md): DEBUG off, a real secret key, the public host."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    # Nothing of the test run's own environment (DEBUG, DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests…).
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    environment.update(
        DJANGO_SETTINGS_MODULE="dreamtok.settings",
        DEBUG="false",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(64)),
        ALLOWED_HOSTS="dreamtok.example",
        CSRF_TRUSTED_ORIGINS="https://dreamtok.example",
        DREAMTOK_VAR_DIR=str(var_dir),
        CELERY_BROKER_URL="memory://",
        **encryption_env(),
    )
    make_development_credentials(var_dir / "c2pa" / "chain.pem", var_dir / "c2pa" / "signer.key")  # at the defaults
    return environment


def run(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """The security settings settings.py computes for a production environment (read in a fresh process)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {CHECKED!r}}}))"
    )
    result = run([sys.executable, "-c", code], production_environment(tmp_path_factory.mktemp("var")))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_check_deploy_finds_no_issues_in_production(tmp_path):
    result = run([sys.executable, "manage.py", "check", "--deploy"], production_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNINGS:" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environment = production_environment(tmp_path)
    environment["SECRET_KEY"] = ""
    result = run([sys.executable, "manage.py", "check"], environment)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_settings_are_strict(production):
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] and production["SESSION_COOKIE_HTTPONLY"]
    assert production["CSRF_COOKIE_SECURE"] and production["CSRF_COOKIE_HTTPONLY"]
    assert production["LANGUAGE_COOKIE_SECURE"] and production["LANGUAGE_COOKIE_HTTPONLY"]
    assert production["SECURE_SSL_REDIRECT"]
    assert production["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production["SECURE_HSTS_SECONDS"] >= 31536000


def test_our_scripts_never_read_the_csrf_cookie():
    """CSRF_COOKIE_HTTPONLY holds only while the scripts take the token from the form's hidden input."""
    for script in (ROOT / "static" / "js").glob("*.js"):
        assert "document.cookie" not in script.read_text(), script.name


@pytest.fixture
def production_client(client, settings, production):
    for name, value in production.items():
        setattr(settings, name, value)
    client.defaults["HTTP_X_FORWARDED_PROTO"] = "https"  # as the proxy in front of gunicorn sends it
    return client


def assert_secure_httponly(cookie) -> None:
    header = cookie.output()
    assert cookie["secure"] is True, header
    assert cookie["httponly"] is True, header
    assert cookie["samesite"] == "Lax", header
    assert "; Secure" in header and "; HttpOnly" in header


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_httponly(production_client):
    user = UserFactory()
    page = production_client.get("/accounts/login/")
    assert_secure_httponly(page.cookies["csrftoken"])
    signed_in = production_client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert_secure_httponly(signed_in.cookies["sessionid"])


@pytest.mark.django_db
def test_language_cookie_is_secure_and_httponly(production_client):
    response = production_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert_secure_httponly(response.cookies["django_language"])


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_behind_the_proxy(production_client):
    response = production_client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301
    assert response.url == "https://testserver/accounts/login/"


@pytest.mark.django_db
def test_https_answers_carry_hsts(production_client):
    response = production_client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize("missing", ["FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"])
def test_production_refuses_to_start_without_its_encryption_keys(tmp_path, missing):
    environment = production_environment(tmp_path)
    environment[missing] = ""
    result = run([sys.executable, "manage.py", "check"], environment)
    assert result.returncode != 0 and "Dreams are stored encrypted: set FIELD_ENCRYPTION_KEYS" in result.stderr


def test_production_refuses_a_malformed_encryption_key(tmp_path):
    environment = production_environment(tmp_path)
    environment["FIELD_ENCRYPTION_KEYS"] += ",not-a-key"
    result = run([sys.executable, "manage.py", "check"], environment)
    assert result.returncode != 0 and "must be a Fernet key" in result.stderr
