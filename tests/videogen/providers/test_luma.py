"""Luma Dream Machine against its fake on loopback."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes.luma import FAKE_LUMA_KEY
from tests.fakes.providers import JSON_BODY, install_fake_world, record_sleeps, respond_times, slow_server
from videogen.providers.base import ProviderError, SubmitOptions, WebhookRejected
from videogen.providers.luma import LumaProvider

GENERATIONS = "/luma/generations"
CREATE = "/luma/generations/video"


@pytest.fixture
def fake(httpserver, settings):
    return install_fake_world(httpserver, settings)


@pytest.fixture
def luma(fake):
    return LumaProvider()


def test_luma_renders_a_vertical_five_second_clip(fake, luma):
    task_id = luma.submit("a lighthouse in fog", SubmitOptions(callback_url="https://dreamtok.example/cb/t0k"))

    [request] = fake.requests_to(GENERATIONS, "POST")
    assert request.path == CREATE
    assert request.headers["authorization"] == f"Bearer {FAKE_LUMA_KEY}"
    assert request.json == {
        "prompt": "a lighthouse in fog",
        "model": "ray-2",
        "aspect_ratio": "9:16",
        "duration": "5s",
        "resolution": "720p",
        "loop": True,
        "callback_url": "https://dreamtok.example/cb/t0k",
    }
    assert luma.poll(task_id).state == "pending"
    fake.advance(30)
    assert luma.poll(task_id).state == "running"
    fake.advance(60)
    result = luma.poll(task_id)
    assert result.state == "succeeded"
    assert result.video_url == f"{fake.base_url}/files/{task_id}.mp4"


def test_luma_sends_no_callback_url_without_one(fake, luma):
    luma.submit("a lighthouse", SubmitOptions())
    assert "callback_url" not in fake.requests_to(GENERATIONS, "POST")[0].json


def test_luma_waits_out_a_429_with_retry_after_then_submits(httpserver, fake, luma, monkeypatch):
    waits = record_sleeps(monkeypatch)
    respond_times(httpserver, CREATE, 1, method="POST", status=429, headers={"Retry-After": "2"})
    assert luma.submit("a lighthouse", SubmitOptions())
    assert waits == [pytest.approx(0.002)]
    assert fake.stats()["submissions"] == {"luma": 1}


def test_luma_survives_a_few_500s(httpserver, fake, luma, monkeypatch):
    record_sleeps(monkeypatch)
    task_id = luma.submit("a lighthouse", SubmitOptions())
    respond_times(httpserver, f"{GENERATIONS}/{task_id}", 2, status=500)
    assert luma.poll(task_id).state == "pending"


def test_luma_500_forever_is_a_retryable_error(httpserver, fake, luma, monkeypatch):
    record_sleeps(monkeypatch)
    respond_times(httpserver, f"{GENERATIONS}/abc", 10, status=500)
    with pytest.raises(ProviderError) as caught:
        luma.poll("abc")
    assert caught.value.retryable and not caught.value.permanent


def test_luma_timeout_is_a_retryable_error(luma, settings, monkeypatch):
    record_sleeps(monkeypatch)
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 0.05
    with slow_server(0.2) as base, pytest.raises(ProviderError) as caught:
        settings.LUMA_API_BASE = base + "/luma"
        luma.poll("abc")
    assert caught.value.retryable
    assert "did not answer in time" in caught.value.message


def test_luma_malformed_json_is_a_retryable_error(httpserver, fake, luma):
    respond_times(httpserver, CREATE, 1, method="POST", status=201, body=b'{"id": "abc"')
    with pytest.raises(ProviderError) as caught:
        luma.submit("a lighthouse", SubmitOptions())
    assert caught.value.retryable and "could not read" in caught.value.message


def test_luma_answer_without_an_id_is_a_retryable_error(httpserver, fake, luma):
    respond_times(httpserver, CREATE, 1, method="POST", status=201, body=b'{"state": "queued"}')
    with pytest.raises(ProviderError) as caught:
        luma.submit("a lighthouse", SubmitOptions())
    assert caught.value.retryable


def test_luma_moderation_failure_is_final(fake, luma):
    fake.fail_next("luma", "safety")
    task_id = luma.submit("a lighthouse", SubmitOptions())
    fake.advance(90)
    result = luma.poll(task_id)
    assert result.state == "failed" and not result.retryable
    assert result.error == "Luma's content filter refused this prompt."


def test_luma_internal_failure_may_be_retried(fake, luma):
    fake.fail_next("luma", "internal")
    task_id = luma.submit("a lighthouse", SubmitOptions())
    fake.advance(90)
    result = luma.poll(task_id)
    assert result.state == "failed" and result.retryable
    assert result.error == "Luma could not make this video."


def test_luma_refused_key_is_permanent(fake, luma, settings):
    settings.LUMA_API_KEY = "wrong"
    with pytest.raises(ProviderError) as caught:
        luma.submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent and not caught.value.retryable
    assert caught.value.message == "The Luma API key was refused."


def test_luma_without_credits_is_permanent(httpserver, fake, luma):
    respond_times(httpserver, CREATE, 1, method="POST", status=402, body=b'{"detail": "Insufficient credits"}')
    with pytest.raises(ProviderError) as caught:
        luma.submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent
    assert "credits" in caught.value.message


def test_luma_validation_error_is_not_retried(httpserver, fake, luma):
    respond_times(httpserver, CREATE, 1, method="POST", status=400, body=b'{"detail": "prompt not allowed"}')
    with pytest.raises(ProviderError) as caught:
        luma.submit("a lighthouse", SubmitOptions())
    assert not caught.value.retryable and not caught.value.permanent
    assert "content filter" in caught.value.message
    assert len(fake.requests_to(GENERATIONS)) == 0  # the one attempt was answered by the 400, not the world


def test_luma_refuses_a_too_long_prompt_before_sending(fake, luma):
    with pytest.raises(ProviderError) as caught:
        luma.submit("x" * 4001, SubmitOptions())
    assert not caught.value.retryable
    assert "too long" in caught.value.message
    assert fake.requests_to(GENERATIONS) == []


def test_luma_cancel_deletes_and_tolerates_a_gone_generation(fake, luma):
    task_id = luma.submit("a lighthouse", SubmitOptions())
    luma.cancel(task_id)
    luma.cancel(task_id)  # already gone: 404 is fine
    assert len(fake.requests_to(f"{GENERATIONS}/{task_id}", "DELETE")) == 2


def test_luma_callback_gives_the_generation_id_as_a_hint(fake, luma):
    task_id = luma.submit("a lighthouse", SubmitOptions())
    body = json.dumps(fake.render_object(fake.tasks[task_id])).encode()
    event = luma.parse_webhook({}, body)
    assert event.task_id == task_id


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"id": 5}', b"[]"])
def test_luma_callback_without_an_id_is_rejected(luma, body):
    with pytest.raises(WebhookRejected):
        luma.parse_webhook({}, body)


def test_luma_is_configured_only_with_a_key(settings):
    settings.LUMA_API_KEY = ""
    assert not LumaProvider.is_configured(settings)
    settings.LUMA_API_KEY = "k"
    assert LumaProvider.is_configured(settings)


def test_luma_creates_at_the_path_of_its_current_spec(fake, luma):
    """Luma's OpenAPI spec and both official SDKs create at POST /generations/video since mid-2025."""
    luma.submit("a lighthouse", SubmitOptions())
    assert [request.path for request in fake.requests_to(GENERATIONS, "POST")] == [CREATE]
    assert fake.stats()["submissions"] == {"luma": 1}


def test_luma_falls_back_to_the_older_create_path_only_when_the_current_one_is_missing(fake, luma):
    fake.luma_legacy_api = True  # an API that predates /generations/video answers 404 there
    task_id = luma.submit("a lighthouse", SubmitOptions())
    assert [request.path for request in fake.requests_to(GENERATIONS, "POST")] == [CREATE, GENERATIONS]
    assert luma.poll(task_id).state == "pending"


def test_luma_does_not_fall_back_when_the_current_path_refuses_for_another_reason(httpserver, fake, luma):
    respond_times(httpserver, CREATE, 1, method="POST", status=400, body=b'{"detail": "prompt not allowed"}')
    with pytest.raises(ProviderError):
        luma.submit("a lighthouse", SubmitOptions())
    assert fake.requests_to(GENERATIONS, "POST") == []


def test_the_fake_luma_refuses_a_create_without_a_model(fake):
    body = {"prompt": "a lighthouse", "aspect_ratio": "9:16"}
    answer = fake.handle(
        "POST", CREATE, {"Authorization": f"Bearer {FAKE_LUMA_KEY}", **JSON_BODY}, json.dumps(body).encode()
    )
    assert answer.status == 400 and "model" in json.loads(answer.body)["detail"]


def a_while_ago() -> datetime:
    return datetime.now(UTC) - timedelta(hours=1)


def test_luma_finds_a_lost_generation_newest_first_whatever_order_the_list_has(fake, luma):
    """Luma documents no order for its list (the fake answers oldest first): we sort by created_at ourselves."""
    older = luma.submit("a lighthouse", SubmitOptions())
    fake.tasks[older].created_at -= 60
    newer = luma.submit("a lighthouse", SubmitOptions())
    assert luma.find_tasks("a lighthouse", SubmitOptions(), a_while_ago()) == [newer, older]


def test_luma_reads_every_page_of_its_list(fake, luma, monkeypatch):
    monkeypatch.setattr("videogen.providers.luma.LIST_LIMIT", 2)
    callback = "https://dreamtok.example/webhooks/luma/t0k/"
    for number in range(4):
        luma.submit(f"dream {number}", SubmitOptions())
    wanted = luma.submit("the lost dream", SubmitOptions(callback_url=callback))  # the last page, oldest first
    assert luma.find_tasks("the lost dream", SubmitOptions(callback_url=callback), a_while_ago()) == [wanted]
    pages = [request.query for request in fake.requests_to(GENERATIONS, "GET") if request.path == GENERATIONS]
    assert pages == [{"limit": "2", "offset": "0"}, {"limit": "2", "offset": "2"}, {"limit": "2", "offset": "4"}]


def test_a_luma_list_too_long_to_read_is_not_taken_for_not_found(fake, luma, monkeypatch):
    monkeypatch.setattr("videogen.providers.luma.LIST_LIMIT", 1)
    monkeypatch.setattr("videogen.providers.luma.LIST_PAGES", 2)
    for number in range(3):
        luma.submit(f"dream {number}", SubmitOptions())
    with pytest.raises(ProviderError) as caught:
        luma.find_tasks("the lost dream", SubmitOptions(), a_while_ago())
    assert caught.value.retryable


@pytest.mark.parametrize(
    ("balance", "shown"),
    [(1500.0, "US$15.00 (1500 cents)"), (1234, "US$12.34 (1234 cents)"), ("lots", "credit balance lots cents")],
)
def test_luma_credit_balance_is_shown_in_dollars(httpserver, fake, luma, balance, shown):
    """Luma's `credit_balance` is in US cents: 1500 is fifteen dollars, not 1,500 credits."""
    respond_times(httpserver, "/luma/credits", 1, body=json.dumps({"credit_balance": balance}), headers=JSON_BODY)
    assert luma.account() == shown
