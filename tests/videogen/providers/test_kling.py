"""Kling (JWT per request, business codes inside HTTP 200) against its fake on loopback."""

import json
import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.dreamtok.settings_process import with_settings
from tests.fakes.kling import FAKE_KLING_ACCESS_KEY, FAKE_KLING_SECRET_KEY
from tests.fakes.providers import install_fake_world, record_sleeps, respond_times, slow_server
from videogen.providers.base import ProviderError, SubmitOptions, WebhookRejected
from videogen.providers.kling import KlingProvider

CREATE = "/kling/v1/videos/text2video"


@pytest.fixture
def fake(httpserver, settings):
    settings.KLING_MODEL = "kling-v1-6"
    return install_fake_world(httpserver, settings)


@pytest.fixture
def kling(fake):
    return KlingProvider()


def kling_answer(code: int, message: str = "", status: int = 200) -> dict:
    return {"status": status, "body": json.dumps({"code": code, "message": message, "request_id": "r"}).encode()}


def test_kling_renders_a_vertical_five_second_clip(fake, kling):
    before = int(time.time())
    task_id = kling.submit(
        "a lighthouse in fog", SubmitOptions(callback_url="https://d.example/cb/t", external_id="j-1")
    )

    [request] = fake.requests_to(CREATE, "POST")
    token = request.headers["authorization"].removeprefix("Bearer ")
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    claims = jwt.decode(token, FAKE_KLING_SECRET_KEY, algorithms=["HS256"])
    assert claims["iss"] == FAKE_KLING_ACCESS_KEY
    assert before + 1800 <= claims["exp"] <= int(time.time()) + 1800
    assert claims["nbf"] <= before
    assert request.json == {
        "model_name": "kling-v1-6",
        "prompt": "a lighthouse in fog",
        "mode": "std",
        "aspect_ratio": "9:16",
        "duration": "5",
        "external_task_id": "j-1",
        "callback_url": "https://d.example/cb/t",
    }
    assert kling.poll(task_id).state == "pending"
    fake.advance(30)
    assert kling.poll(task_id).state == "running"
    fake.advance(60)
    done = kling.poll(task_id)
    assert done.state == "succeeded"
    assert done.video_url == f"{fake.base_url}/files/{task_id}.mp4"
    assert fake.stats()["by_external_id"] == {"j-1": 1}


def test_kling_signs_a_fresh_token_for_every_request(fake, kling):
    task_id = kling.submit("a lighthouse", SubmitOptions())
    kling.poll(task_id)
    tokens = [request.headers["authorization"] for request in fake.requests_to("/kling")]
    assert len(tokens) == 2 and all(token.startswith("Bearer ey") for token in tokens)


def test_kling_makes_up_an_external_id_when_none_is_given(fake, kling):
    kling.submit("a lighthouse", SubmitOptions())
    kling.submit("a lighthouse", SubmitOptions())
    ids = [request.json["external_task_id"] for request in fake.requests_to(CREATE)]
    assert len(set(ids)) == 2


def test_kling_nonzero_code_with_http_200_is_an_error(httpserver, fake, kling):
    respond_times(httpserver, CREATE, 1, method="POST", **kling_answer(1102, "resource pack exhausted"))
    with pytest.raises(ProviderError) as caught:
        kling.submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent
    assert "credits" in caught.value.message
    assert "1102" in caught.value.detail


def test_kling_content_policy_code_is_not_retried(httpserver, fake, kling):
    respond_times(httpserver, CREATE, 1, method="POST", **kling_answer(1301, "content risk", status=400))
    with pytest.raises(ProviderError) as caught:
        kling.submit("a lighthouse", SubmitOptions())
    assert not caught.value.retryable and not caught.value.permanent
    assert caught.value.message == "Kling's content filter refused this prompt."


def test_kling_duplicate_external_id_is_refused(fake, kling):
    kling.submit("a lighthouse", SubmitOptions(external_id="j-1"))
    with pytest.raises(ProviderError) as caught:
        kling.submit("a lighthouse", SubmitOptions(external_id="j-1"))
    assert "1201" in caught.value.detail
    assert fake.stats()["submissions"] == {"kling": 1}


def test_kling_waits_out_a_429_with_retry_after(httpserver, fake, kling, monkeypatch):
    waits = record_sleeps(monkeypatch)
    answer = kling_answer(1302, "rate limit", status=429)
    respond_times(httpserver, CREATE, 1, method="POST", headers={"Retry-After": "1"}, **answer)
    assert kling.submit("a lighthouse", SubmitOptions())
    assert waits == [pytest.approx(0.001)]


def test_kling_rate_limit_forever_is_retryable(httpserver, fake, kling, monkeypatch):
    record_sleeps(monkeypatch)
    respond_times(httpserver, CREATE, 10, method="POST", **kling_answer(1302, "rate limit", status=429))
    with pytest.raises(ProviderError) as caught:
        kling.submit("a lighthouse", SubmitOptions())
    assert caught.value.retryable


def test_kling_survives_a_few_500s(httpserver, fake, kling, monkeypatch):
    record_sleeps(monkeypatch)
    task_id = kling.submit("a lighthouse", SubmitOptions())
    respond_times(httpserver, f"{CREATE}/{task_id}", 3, **kling_answer(5000, "server error", status=500))
    assert kling.poll(task_id).state == "pending"


def test_kling_500_forever_is_a_retryable_error(httpserver, fake, kling, monkeypatch):
    record_sleeps(monkeypatch)
    respond_times(httpserver, f"{CREATE}/abc", 10, status=500)
    with pytest.raises(ProviderError) as caught:
        kling.poll("abc")
    assert caught.value.retryable


def test_kling_timeout_is_a_retryable_error(kling, settings, monkeypatch):
    record_sleeps(monkeypatch)
    settings.VIDEOGEN_HTTP_READ_TIMEOUT = 0.05
    with slow_server(0.2) as base, pytest.raises(ProviderError) as caught:
        settings.KLING_API_BASE = base + "/kling"
        kling.poll("abc")
    assert caught.value.retryable


@pytest.mark.parametrize("body", [b"{not json", b'{"data": {}}', b'{"code": "zero"}'])
def test_kling_unreadable_answer_is_a_retryable_error(httpserver, fake, kling, body):
    respond_times(httpserver, f"{CREATE}/abc", 1, body=body)
    with pytest.raises(ProviderError) as caught:
        kling.poll("abc")
    assert caught.value.retryable


def test_kling_risk_control_failure_is_final(fake, kling):
    fake.fail_next("kling", "safety")
    task_id = kling.submit("a lighthouse", SubmitOptions())
    fake.advance(90)
    result = kling.poll(task_id)
    assert result.state == "failed" and not result.retryable
    assert result.error == "Kling's content filter refused this prompt."


def test_kling_internal_failure_may_be_retried(fake, kling):
    fake.fail_next("kling", "internal")
    task_id = kling.submit("a lighthouse", SubmitOptions())
    fake.advance(90)
    assert kling.poll(task_id).retryable


def test_kling_token_signed_with_the_wrong_secret_is_permanent(fake, kling, settings):
    settings.KLING_SECRET_KEY = "not-the-secret"
    with pytest.raises(ProviderError) as caught:
        kling.submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent
    assert caught.value.message == "The Kling API key was refused."


def test_kling_callback_gives_the_task_id_as_a_hint(fake, kling):
    task_id = kling.submit("a lighthouse", SubmitOptions())
    body = json.dumps(fake.render_object(fake.tasks[task_id])).encode()
    assert kling.parse_webhook({}, body).task_id == task_id
    wrapped = json.dumps({"code": 0, "data": {"task_id": task_id}}).encode()
    assert kling.parse_webhook({}, wrapped).task_id == task_id


@pytest.mark.parametrize("body", [b"nope", b"{}", b'{"task_id": ""}', b"[1]"])
def test_kling_callback_without_a_task_id_is_rejected(kling, body):
    with pytest.raises(WebhookRejected):
        kling.parse_webhook({}, body)


def test_kling_needs_both_keys(settings):
    settings.KLING_ACCESS_KEY, settings.KLING_SECRET_KEY = "a", ""
    assert not KlingProvider.is_configured(settings)
    settings.KLING_SECRET_KEY = "s"
    assert KlingProvider.is_configured(settings)


def test_kling_finds_a_lost_task_through_its_task_list(fake, kling):
    """The documented way to find a task by our own id is the list's task_info.external_task_id."""
    task_id = kling.submit("a lighthouse in fog", SubmitOptions(external_id="dreamtok-7-3"))
    kling.submit("another dream", SubmitOptions(external_id="dreamtok-8-1"))
    found = kling.find_tasks("a lighthouse in fog", SubmitOptions(external_id="dreamtok-7-3"), since=None)
    assert found == [task_id]
    [listing] = fake.requests_to(CREATE, "GET")
    assert listing.path == CREATE and listing.query == {"pageNum": "1", "pageSize": "100"}


def test_kling_reads_on_through_the_pages_until_it_has_seen_every_task(fake, kling, monkeypatch):
    monkeypatch.setattr("videogen.providers.kling.LIST_PAGE_SIZE", 2)
    wanted = kling.submit("the first dream", SubmitOptions(external_id="dreamtok-1-1"))
    for number in range(2, 6):
        kling.submit(f"dream {number}", SubmitOptions(external_id=f"dreamtok-{number}-1"))
    assert kling.find_tasks("the first dream", SubmitOptions(external_id="dreamtok-1-1"), since=None) == [wanted]
    assert [request.query["pageNum"] for request in fake.requests_to(CREATE, "GET")] == ["1", "2", "3"]
    assert kling.find_tasks("a lost dream", SubmitOptions(external_id="dreamtok-9-1"), since=None) == []


def test_kling_stops_reading_the_list_at_tasks_older_than_the_request(fake, kling, monkeypatch):
    monkeypatch.setattr("videogen.providers.kling.LIST_PAGE_SIZE", 2)
    for number in range(1, 6):
        kling.submit(f"dream {number}", SubmitOptions(external_id=f"dreamtok-{number}-1"))
    later = datetime.now(UTC) + timedelta(hours=1)
    assert kling.find_tasks("a lost dream", SubmitOptions(external_id="dreamtok-9-1"), since=later) == []
    assert len(fake.requests_to(CREATE, "GET")) == 1


def test_kling_does_not_adopt_an_older_task_that_bears_the_same_external_id(fake, kling):
    """A database copied or restored from a backup can name a request as an earlier one was named: a task made well
    before we sent (beyond the clock skew) is someone else's, whatever its external_task_id."""
    kling.submit("another client's dream", SubmitOptions(external_id="dreamtok-ab-7-3"))
    [old] = fake.tasks.values()
    old.created_at -= 3600
    sent = datetime.now(UTC) - timedelta(minutes=1)
    assert kling.find_tasks("a lighthouse", SubmitOptions(external_id="dreamtok-ab-7-3"), since=sent) == []
    within_skew = datetime.fromtimestamp(old.created_at, UTC) + timedelta(minutes=1)
    found = kling.find_tasks("a lighthouse", SubmitOptions(external_id="dreamtok-ab-7-3"), since=within_skew)
    assert found == [old.id]


def test_a_list_too_long_to_read_is_not_taken_for_not_found(fake, kling, monkeypatch):
    monkeypatch.setattr("videogen.providers.kling.LIST_PAGE_SIZE", 1)
    monkeypatch.setattr("videogen.providers.kling.LIST_PAGES", 2)
    for number in range(1, 4):
        kling.submit(f"dream {number}", SubmitOptions(external_id=f"dreamtok-{number}-1"))
    with pytest.raises(ProviderError) as caught:
        kling.find_tasks("a lost dream", SubmitOptions(external_id="dreamtok-9-1"), since=None)
    assert caught.value.retryable


def test_kling_look_up_that_fails_is_not_taken_for_not_found(httpserver, fake, kling, monkeypatch):
    """Only a whole list read says "not there": a failing list (here a 500 naming 1203) is an error."""
    record_sleeps(monkeypatch)
    respond_times(httpserver, CREATE, 10, method="GET", status=500, body=b'{"code": 1203, "message": "not found"}')
    with pytest.raises(ProviderError) as caught:
        kling.find_tasks("a lighthouse", SubmitOptions(external_id="dreamtok-1203-1"), since=None)
    assert caught.value.status == 500 and caught.value.retryable


def test_the_fake_kling_does_not_take_an_external_id_for_a_task_id(fake, kling):
    kling.submit("a lighthouse", SubmitOptions(external_id="dreamtok-5-1"))
    with pytest.raises(ProviderError) as caught:
        kling.poll("dreamtok-5-1")
    assert caught.value.status == 404 and caught.value.code == 1203


def test_kling_talks_to_the_international_host_it_moved_to_by_default():
    """Kling moved its international API to Singapore: a current key on the old host is a 401 ("key refused")."""
    base = with_settings({"DEBUG": "true"}, "result = settings.KLING_API_BASE")
    assert base == "https://api-singapore.klingai.com"


@pytest.mark.parametrize(("code", "status"), [(1100, 429), (1101, 429), (1102, 429), (1103, 403), (1304, 429)])
def test_kling_account_and_policy_refusals_fail_over_at_once(fake, kling, monkeypatch, code, status):
    """Kling sends arrears, a missing or expired resource pack and its IP allow-list policy (1304) with HTTP 429, a
    model the account may not use (1103) with 403: trying again cannot help."""
    waits = record_sleeps(monkeypatch)
    fake.account_problems["kling"] = code
    with pytest.raises(ProviderError) as caught:
        kling.submit("a lighthouse", SubmitOptions())
    assert caught.value.permanent and not caught.value.retryable
    assert caught.value.status == status and caught.value.code == code
    assert len(fake.requests_to(CREATE, "POST")) == 1 and waits == []


def test_kling_ip_allow_list_refusal_says_what_to_fix(fake, kling):
    fake.account_problems["kling"] = 1304
    with pytest.raises(ProviderError) as caught:
        kling.submit("a lighthouse", SubmitOptions())
    assert caught.value.message == "This server's IP address is not allowed for the Kling account."


@pytest.mark.parametrize("code", [1302, 1303])
def test_kling_rate_and_concurrency_limits_are_waited_out(httpserver, fake, kling, monkeypatch, code):
    waits = record_sleeps(monkeypatch)
    respond_times(httpserver, CREATE, 1, method="POST", **kling_answer(code, "too many requests", status=429))
    assert kling.submit("a lighthouse", SubmitOptions())
    assert len(waits) == 1 and fake.stats()["submissions"] == {"kling": 1}
