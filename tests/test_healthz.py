"""GET /healthz: database, broker, storage and cache with their latency; 503 and no stack trace when one fails."""

import pytest

from tests.conftest import free_port, use_broker

pytestmark = pytest.mark.django_db

CHECKS = {"database", "broker", "storage", "cache"}


def test_healthy_answers_200_with_every_check_and_its_latency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert set(body["checks"]) == CHECKS
    for name, check in body["checks"].items():
        assert check["ok"] is True, name
        assert isinstance(check["ms"], int | float) and check["ms"] >= 0, name


def test_health_is_not_cached_and_needs_no_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.fixture
def broken_broker():
    use_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    yield
    use_broker("memory://")


def test_unreachable_broker_answers_503_naming_it_without_a_stack_trace(client, broken_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["broker"]["error"]  # the kind of error, for the operator
    assert body["checks"]["database"]["ok"] is True and body["checks"]["storage"]["ok"] is True
    text = response.content.decode()
    assert "Traceback" not in text and 'File "' not in text and "redis://" not in text


def test_unwritable_storage_answers_503(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocker}},
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False
