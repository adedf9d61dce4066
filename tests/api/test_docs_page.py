"""/api/v1/docs: Swagger UI from our own static files under the strict CSP (no inline script or style, no CDN)."""

import re

import pytest
from django.test import Client as Browser


@pytest.mark.django_db
def test_the_docs_page_loads_only_our_own_files_under_the_strict_csp():
    browser = Browser()
    page = browser.get("/api/v1/docs")
    assert page.status_code == 200
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    html = page.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and "<style" not in html and " style=" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources)  # nothing from another host
    scripts = [source for source in sources if source.endswith(".js")]
    assert any("swagger-ui-bundle.js" in script for script in scripts)
    for source in sources:
        answer = browser.get(source)
        assert answer.status_code == 200, source


@pytest.mark.django_db
def test_the_schema_is_public_openapi_3_1():
    answer = Browser().get("/api/v1/schema", {"format": "json"})
    assert answer.status_code == 200 and answer.json()["openapi"] == "3.1.0"
