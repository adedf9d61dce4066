"""GET /healthz: database, broker, storage and cache with their latency; 503 and no stack trace when one fails; a burst
of requests within a few seconds costs one round of checks."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dreamtok import views
from tests.conftest import use_broker
from tests.net import free_port

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
    break_storage(settings, tmp_path)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


def break_storage(settings, tmp_path) -> None:
    """Point the default storage at a file where its folder should be: every write fails from now on."""
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocker}},
    }


def test_a_burst_of_requests_costs_one_round_of_checks(client, settings, tmp_path):
    first = client.get("/healthz")
    assert first.status_code == 200 and first.json()["cached"] is False
    break_storage(settings, tmp_path)  # a new storage check would fail now; the burst never makes one
    with CaptureQueriesContext(connection) as queries:
        burst = [client.get("/healthz") for _ in range(20)]
    assert [response.status_code for response in burst] == [200] * 20
    assert not [query for query in queries.captured_queries if query["sql"] == "SELECT 1"]  # nor a database check
    for response in burst:
        body = response.json()
        assert body["cached"] is True
        assert set(body["checks"]) == CHECKS  # each part still reported with its latency
        assert body["checks"]["storage"] == first.json()["checks"]["storage"]  # the round that was made
        assert body["checks"]["cache"]["ok"] is True and body["checks"]["cache"]["ms"] >= 0  # measured now


def test_once_the_cached_round_has_expired_the_parts_are_checked_again(client, settings, tmp_path, monkeypatch):
    monkeypatch.setattr(views, "HEALTH_CACHE_SECONDS", 1)
    assert client.get("/healthz").status_code == 200
    break_storage(settings, tmp_path)
    assert client.get("/healthz").status_code == 200  # still the cached round
    time.sleep(1.2)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cached"] is False and response.json()["checks"]["storage"]["ok"] is False
