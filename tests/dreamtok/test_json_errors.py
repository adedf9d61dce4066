"""Errors before a JSON endpoint's view runs (a failed CSRF check, a body that cannot be parsed) answer JSON there,
and stay pages elsewhere."""

import pytest
from django.test import Client as HttpClient

from tests.factories import DreamFactory
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db

BROKEN_MULTIPART = [
    pytest.param("multipart/form-data", b"provider=local", id="no-boundary"),
    pytest.param("multipart/form-data; boundary=", b"--\r\n", id="empty-boundary"),
    pytest.param("multipart/form-data; boundary=" + "x" * 300, b"--xx\r\n", id="boundary-too-long"),
    pytest.param("multipart/form-data; boundary=\x7f", b"--\x7f\r\n", id="boundary-control-character"),
]


@pytest.fixture
def therapist_browser():
    """A browser with real CSRF checks, signed in as the therapist of a consented dream; its token at hand."""
    dream = DreamFactory()
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(dream.author)
    browser.get(f"/dreams/{dream.pk}/")  # sets the CSRF cookie, as the page does
    browser.dream, browser.token = dream, browser.cookies["csrftoken"].value
    return browser


def json_endpoints(dream) -> list[tuple[str, dict]]:
    """Each JSON endpoint with the headers the page's scripts send it (static/js)."""
    return [
        (f"/dreams/{dream.pk}/generate-video", {}),
        ("/dreams/prompt-preview", {"x-requested-with": "fetch"}),
        (f"/dreams/{dream.pk}/favourite", {"accept": "application/json", "x-requested-with": "fetch"}),
    ]


def test_a_failed_csrf_check_on_a_json_endpoint_answers_json(therapist_browser):
    for url, headers in json_endpoints(therapist_browser.dream):
        response = therapist_browser.post(url, {"provider": "local"}, headers=headers)  # no token
        assert response.status_code == 403, url
        assert response["Content-Type"] == "application/json", url
        assert response.json()["status"] == "refused" and response.json()["error"], url
    assert not VideoJob.objects.exists()


def test_a_failed_csrf_check_answers_json_to_whoever_asks_for_json(therapist_browser):
    response = therapist_browser.post("/clients/add/", {}, headers={"accept": "application/json"})
    assert response.status_code == 403 and response.json()["error"]


def test_a_failed_csrf_check_on_a_page_is_still_the_page(therapist_browser):
    response = therapist_browser.post("/clients/add/", {}, headers={"accept": "text/html", "accept-language": "en"})
    assert response.status_code == 403 and "The form had expired" in response.content.decode()


@pytest.mark.parametrize("content_type,body", BROKEN_MULTIPART)
def test_a_broken_multipart_body_on_a_json_endpoint_answers_400_json(therapist_browser, content_type, body):
    for url, headers in json_endpoints(therapist_browser.dream):
        response = therapist_browser.generic(
            "POST", url, body, content_type=content_type, headers={**headers, "x-csrftoken": therapist_browser.token}
        )
        assert response.status_code == 400, url
        assert response.json()["status"] == "refused" and response.json()["error"], url
    assert not VideoJob.objects.exists()


def test_a_broken_multipart_body_on_a_page_is_a_400_page(therapist_browser):
    response = therapist_browser.generic(
        "POST",
        "/clients/add/",
        b"x",
        content_type="multipart/form-data",
        headers={"x-csrftoken": therapist_browser.token, "accept": "text/html"},
    )
    assert response.status_code == 400 and "<html" in response.content.decode()
