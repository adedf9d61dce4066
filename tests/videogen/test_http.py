"""The provider HTTP layer (videogen.http and Provider.request): timeouts, the retry policy, and how final failures
are worded."""

import email.utils
import time
from types import SimpleNamespace

import pytest

from tests.fakes.providers import record_sleeps, respond_times, slow_server
from tests.net import free_port
from videogen import http
from videogen.providers.answers import field
from videogen.providers.base import Provider, ProviderError


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.VIDEOGEN_HTTP_RETRY_SCALE = 0.001
    settings.VIDEOGEN_HTTP_MAX_ATTEMPTS = 4
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 2.0


class Plain(Provider):
    """A provider with nothing of its own to say: no key, the common wording of every error."""

    name = "luma"
    label = "Luma"
    base_setting = "API_BASE"

    def auth_headers(self):
        return {}


def plain(base: str) -> Plain:
    return Plain(SimpleNamespace(API_BASE=base))


def call(httpserver, path="/thing", method="GET", **kwargs):
    return plain(httpserver.url_for("")).request(method, path, **kwargs)


def test_retry_after_reads_seconds_and_http_dates():
    assert http.retry_after_seconds("7") == 7
    assert http.retry_after_seconds(" 1.5 ") == 1.5
    in_ten_seconds = email.utils.formatdate(time.time() + 10, usegmt=True)
    assert 8 <= http.retry_after_seconds(in_ten_seconds) <= 10
    assert http.retry_after_seconds(email.utils.formatdate(time.time() - 60, usegmt=True)) == 0
    assert http.retry_after_seconds("soon") is None
    assert http.retry_after_seconds(None) is None


def test_json_answer_is_returned(httpserver):
    httpserver.expect_request("/thing").respond_with_json({"id": "abc"})
    assert call(httpserver) == {"id": "abc"}


def test_429_waits_as_long_as_retry_after_says_then_succeeds(httpserver, monkeypatch):
    waits = record_sleeps(monkeypatch)
    respond_times(httpserver, "/thing", 1, status=429, headers={"Retry-After": "3"})
    httpserver.expect_request("/thing").respond_with_json({"ok": True})
    assert call(httpserver) == {"ok": True}
    assert waits == [pytest.approx(3 * 0.001)]


def test_a_long_retry_after_is_not_slept_on_but_handed_to_the_pipeline(httpserver, monkeypatch):
    waits = record_sleeps(monkeypatch)
    respond_times(httpserver, "/thing", 1, status=503, headers={"Retry-After": "3600"})
    httpserver.expect_request("/thing").respond_with_json({"ok": True})
    with pytest.raises(ProviderError) as caught:
        call(httpserver)
    assert waits == [] and len(httpserver.log) == 1
    assert caught.value.retryable and caught.value.retry_after == 3600


def test_a_create_call_is_sent_again_only_when_it_surely_never_arrived(httpserver, monkeypatch):
    record_sleeps(monkeypatch)
    respond_times(httpserver, "/thing", 1, method="POST", status=429)
    respond_times(httpserver, "/thing", 1, method="POST", status=500)
    with pytest.raises(ProviderError) as caught:
        call(httpserver, method="POST", json_body={}, idempotent=False)
    assert [entry[0].method for entry in httpserver.log] == ["POST", "POST"]  # the 429 again, the 500 not
    assert caught.value.retryable and caught.value.maybe_created


def test_a_create_call_that_cannot_connect_is_retried_and_known_not_to_have_arrived(monkeypatch):
    waits = record_sleeps(monkeypatch)
    with pytest.raises(ProviderError) as caught:
        plain(f"http://127.0.0.1:{free_port()}").request("POST", "/thing", json_body={}, idempotent=False)
    assert len(waits) == 3
    assert caught.value.retryable and not caught.value.maybe_created


def test_a_create_call_that_times_out_is_not_sent_again(settings, monkeypatch):
    record_sleeps(monkeypatch)
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 0.05
    with slow_server(0.3) as base, pytest.raises(ProviderError) as caught:
        plain(base).request("POST", "/thing", json_body={}, idempotent=False)
    assert caught.value.maybe_created


def test_5xx_backs_off_exponentially_with_jitter_then_succeeds(httpserver, monkeypatch):
    waits = record_sleeps(monkeypatch)
    respond_times(httpserver, "/thing", 3, status=502)
    httpserver.expect_request("/thing").respond_with_json({"ok": True})
    assert call(httpserver) == {"ok": True}
    assert len(waits) == 3
    for attempt, wait in enumerate(waits):
        base = http.BACKOFF_INITIAL_SECONDS * 2**attempt * 0.001
        assert base <= wait <= base + http.BACKOFF_JITTER_SECONDS * 0.001


def test_5xx_forever_gives_up_after_the_attempts_with_a_retryable_error(httpserver, monkeypatch):
    record_sleeps(monkeypatch)
    respond_times(httpserver, "/thing", 10, status=500, body="boom")
    with pytest.raises(ProviderError) as caught:
        call(httpserver)
    assert caught.value.retryable and not caught.value.permanent
    assert "Luma is having technical problems" in caught.value.message
    assert "HTTP 500" in caught.value.detail
    assert len(httpserver.log) == 4


def test_429_forever_is_retryable(httpserver, monkeypatch):
    record_sleeps(monkeypatch)
    respond_times(httpserver, "/thing", 10, status=429)
    with pytest.raises(ProviderError) as caught:
        call(httpserver)
    assert caught.value.retryable
    assert "too many requests" in caught.value.message


def test_total_time_is_bounded_even_with_attempts_left(httpserver, settings):
    settings.VIDEOGEN_HTTP_RETRY_SCALE = 0.01  # bound 0.2 s; each Retry-After of 5 s becomes 0.05 s
    settings.VIDEOGEN_HTTP_MAX_ATTEMPTS = 50
    respond_times(httpserver, "/thing", 50, status=429, headers={"Retry-After": "5"})
    started = time.monotonic()
    with pytest.raises(ProviderError):
        call(httpserver)
    assert 2 <= len(httpserver.log) <= 6
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(
    ("status", "words", "permanent"),
    [
        (401, "The Luma API key was refused.", True),
        (403, "The Luma API key was refused.", True),
        (402, "run out of credits", True),
        (400, "content filter", False),
        (422, "content filter", False),
        (404, "no longer knows this video task", False),
        (418, "refused the request (HTTP 418)", False),
    ],
)
def test_client_errors_are_not_retried(httpserver, monkeypatch, status, words, permanent):
    waits = record_sleeps(monkeypatch)
    httpserver.expect_request("/thing").respond_with_json({"detail": "nope"}, status=status)
    with pytest.raises(ProviderError) as caught:
        call(httpserver, method="POST", json_body={"prompt": "x"})
    assert words in caught.value.message
    assert caught.value.permanent is permanent
    assert not caught.value.retryable
    assert waits == [] and len(httpserver.log) == 1


def test_missing_ok_turns_404_into_none(httpserver):
    httpserver.expect_request("/thing").respond_with_json({"detail": "gone"}, status=404)
    assert call(httpserver, method="DELETE", missing_ok=True) is None


def test_timeout_is_retried_then_reported_as_retryable(settings, monkeypatch):
    waits = record_sleeps(monkeypatch)
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 0.05
    with slow_server(0.2) as base, pytest.raises(ProviderError) as caught:
        plain(base).request("GET", "/thing")
    assert caught.value.retryable
    assert "did not answer in time" in caught.value.message
    assert len(waits) == 3  # four attempts


def test_slow_first_answer_then_fast_one_succeeds(httpserver, settings, monkeypatch):
    record_sleeps(monkeypatch)
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 0.05
    with slow_server(0.2) as base:
        urls = iter([base + "/thing", httpserver.url_for("/thing")])
        httpserver.expect_request("/thing").respond_with_json({"ok": True})
        real_request = http.requests.Session.request
        monkeypatch.setattr(
            http.requests.Session, "request", lambda self, m, url, **kw: real_request(self, m, next(urls), **kw)
        )
        assert call(httpserver) == {"ok": True}


def test_unreachable_host_is_retryable(monkeypatch):
    record_sleeps(monkeypatch)
    with pytest.raises(ProviderError) as caught:
        plain(f"http://127.0.0.1:{free_port()}").request("GET", "/thing")
    assert caught.value.retryable
    assert "could not be reached" in caught.value.message


def test_malformed_json_is_a_retryable_error(httpserver):
    httpserver.expect_request("/thing").respond_with_data("<html>oops", content_type="text/html")
    with pytest.raises(ProviderError) as caught:
        call(httpserver)
    assert caught.value.retryable
    assert "could not read" in caught.value.message
    assert "not JSON" in caught.value.detail


def test_header_factory_is_called_for_every_attempt(httpserver, monkeypatch):
    record_sleeps(monkeypatch)
    tokens = iter(["one", "two"])
    respond_times(httpserver, "/thing", 1, status=503)
    httpserver.expect_request("/thing").respond_with_json({})
    provider = plain(httpserver.url_for(""))
    provider.auth_headers = lambda: {"Authorization": next(tokens)}
    provider.request("GET", "/thing")
    assert [request.headers["Authorization"] for request, _ in httpserver.log] == ["one", "two"]


def test_raise_for_response_can_word_the_error_first(httpserver):
    httpserver.expect_request("/thing").respond_with_json({"code": 1301}, status=400)
    special = ProviderError("special")

    def raise_for_response(response):
        raise special

    provider = plain(httpserver.url_for(""))
    provider.raise_for_response = raise_for_response
    with pytest.raises(ProviderError) as caught:
        provider.request("GET", "/thing")
    assert caught.value is special


def test_field_names_the_missing_part():
    assert field("Luma", {"a": [{"b": "x"}]}, "a", 0, "b") == "x"
    with pytest.raises(ProviderError) as caught:
        field("Luma", {"a": []}, "a", 0, "b")
    assert caught.value.retryable and "a.0.b" in caught.value.detail


def test_an_error_body_never_reaches_the_detail_that_is_logged(httpserver):
    """Providers echo the prompt in validation errors; in the anonymized and full modes the prompt is dream text."""
    httpserver.expect_request("/thing").respond_with_data("prompt 'Маша плыла с китом' is too long", status=400)
    with pytest.raises(ProviderError) as caught:
        call(httpserver)
    assert caught.value.status == 400
    assert "Маша" not in caught.value.detail and "HTTP 400" in caught.value.detail
