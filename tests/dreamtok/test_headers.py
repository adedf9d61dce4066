"""Security headers on every page: a Content-Security-Policy with no inline script or eval (django-csp), and the rest.
The admin keeps working under the same policy."""

import re

import pytest

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
    assert set(policy["img-src"]) == {"'self'", "data:", "blob:", "https:"}
    assert {"'self'", "https:"} <= set(policy["media-src"])  # S3 presigned URLs of videos
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_the_policy_allows_no_inline_script_and_no_eval(client):
    header = client.get("/accounts/login/")["Content-Security-Policy"]
    for loophole in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "*", "http:"):
        assert loophole not in header.split(), loophole


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
    dream = DreamFactory()
    client.force_login(dream.author)
    for url in ("/accounts/login/", "/clients/", f"/clients/{dream.client_id}/dreams/add/", f"/dreams/{dream.pk}/"):
        assert_no_inline_code(client.get(url).content.decode(), url)


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
