"""Security headers on every page: a Content-Security-Policy with no inline script or eval (django-csp), and the rest.
The admin keeps working under the same policy."""

import re
from urllib.parse import urlsplit

import pytest
from storages.backends.s3 import S3Storage

from dreamtok.s3 import s3_origins, s3_storage
from tests.conftest import encryption_env
from tests.dreamtok.settings_process import with_settings
from tests.factories import DreamFactory, UserFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_a_page_sends_the_content_security_policy(client):
    policy = directives(client.get("/accounts/login/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert set(policy["img-src"]) == {"'self'", "data:", "blob:"}  # no bucket: media come from this site alone
    assert set(policy["media-src"]) == {"'self'", "blob:"}
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


S3_ENV = {"AWS_STORAGE_BUCKET_NAME": "dreamtok-media", "AWS_S3_REGION_NAME": "eu-central-1"}
POLICY_OF_A_PAGE = """
from django.test import Client
result = Client().get("/accounts/login/", secure=True)["Content-Security-Policy"]
"""


def policy_under(environment: dict, tmp_path) -> dict[str, list[str]]:
    """The policy a page is sent with when settings.py is loaded from this environment (production-like)."""
    base = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "testserver", "DREAMTOK_VAR_DIR": str(tmp_path)}
    base |= encryption_env()
    base["C2PA_ENABLED"] = "false"  # no signing in a page's headers; production's refusal has its own test
    header = with_settings(base | {"CELERY_BROKER_URL": "memory://"} | environment, POLICY_OF_A_PAGE)
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_without_a_bucket_images_and_videos_come_from_this_site_alone(tmp_path):
    policy = policy_under({}, tmp_path)
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["media-src"] == ["'self'", "blob:"]


@pytest.mark.parametrize(
    ("environment", "origins"),
    [
        (S3_ENV, ["https://dreamtok-media.s3.amazonaws.com", "https://dreamtok-media.s3.eu-central-1.amazonaws.com"]),
        (S3_ENV | {"AWS_S3_ENDPOINT_URL": "https://minio.internal:9000"}, ["https://minio.internal:9000"]),
    ],
    ids=["aws", "own-endpoint"],
)
def test_with_a_bucket_images_and_videos_may_come_from_its_host_alone(environment, origins, tmp_path):
    policy = policy_under(environment, tmp_path)
    assert policy["img-src"] == ["'self'", "data:", "blob:", *origins]
    assert policy["media-src"] == ["'self'", "blob:", *origins]
    assert all(policy[name] == ["'self'"] for name in ("default-src", "script-src", "style-src", "connect-src"))


@pytest.mark.parametrize(
    "place",
    [
        {"bucket_name": "dreamtok-media", "endpoint_url": None, "region_name": None},
        {"bucket_name": "dreamtok-media", "endpoint_url": None, "region_name": "eu-central-1"},
        {"bucket_name": "dreamtok.media", "endpoint_url": None, "region_name": "eu-central-1"},
        {"bucket_name": "dreamtok.media", "endpoint_url": None, "region_name": "us-east-1"},
        {"bucket_name": "dreamtok-media", "endpoint_url": "http://127.0.0.1:9000", "region_name": "us-east-1"},
        {"bucket_name": "dreamtok-media", "endpoint_url": "https://minio.internal:9000/", "region_name": None},
    ],
    ids=["aws", "aws-region", "dotted-region", "dotted-us-east-1", "loopback-endpoint", "own-endpoint"],
)
def test_the_policy_names_the_host_a_presigned_url_points_at(place):
    """The URL the storage of settings.py presigns (offline, as boto builds it) starts with an allowed origin."""
    options = s3_storage(**place, access_key="key", secret_key="secret", max_age=60)["OPTIONS"]
    url = urlsplit(S3Storage(**options).url("videos/a.mp4"))
    assert f"{url.scheme}://{url.netloc}" in s3_origins(**place)


def test_the_policy_allows_no_inline_script_and_no_eval(client):
    sources = client.get("/accounts/login/")["Content-Security-Policy"].replace(";", " ").split()
    for loophole in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "*", "http:", "https:"):
        assert loophole not in sources, loophole


def test_signed_in_pages_and_json_answers_carry_the_policy_too(client):
    dream = DreamFactory()
    client.force_login(dream.author)
    for url in ("/clients/", f"/dreams/{dream.pk}/", f"/dreams/{dream.pk}/video-status", "/feed/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url


def test_the_other_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_our_templates_have_no_inline_script_style_or_handlers(client):
    dream = DreamFactory(title="A whale in the feed", with_video="feed")
    client.force_login(dream.author)
    for url in ("/accounts/login/", "/clients/", f"/clients/{dream.client_id}/dreams/add/", f"/dreams/{dream.pk}/"):
        assert_no_inline_code(client.get(url).content.decode(), url)
    client.force_login(dream.client.user)
    for url in ("/feed/", "/feed/items", "/feed/?tab=shared", f"/dreams/{dream.pk}/"):
        page = client.get(url).content.decode()
        if "tab=shared" not in url:
            assert "A whale in the feed" in page and "/media/" in page, f"no feed item on {url}"  # items present
        assert_no_inline_code(page, url)


def assert_no_inline_code(page: str, where: str) -> None:
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, f"inline script on {where}: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", page), f"inline event handler on {where}"
    assert not re.search(r"\sstyle\s*=", page), f"inline style on {where}"


def test_the_admin_change_page_renders_under_the_policy_and_its_scripts_load(client):
    dream = DreamFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/dreams/dream/{dream.pk}/change/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert_no_inline_code(page, "the admin change page")
    scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', page)
    assert any(src.endswith("admin/js/core.js") for src in scripts)
    for src in scripts + re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"', page):
        assert src.startswith("/") and not src.startswith("//"), src  # same origin: allowed by 'self'
        assert client.get(src).status_code == 200, src
