"""Contract tests: answers shaped as each provider's spec examples and recorded responses (tests/data/providers/)
go through our parsing code over HTTP — every documented state, every documented error — and the fakes answer in
the same documented shapes."""

import json
import time
from pathlib import Path

import jwt
import pytest

from tests.fakes.kling import FAKE_KLING_ACCESS_KEY, FAKE_KLING_SECRET_KEY
from tests.fakes.luma import FAKE_LUMA_KEY
from tests.fakes.providers import install_fake_world, record_sleeps, respond_times
from tests.fakes.replicate import FAKE_REPLICATE_TOKEN
from tests.fakes.runway import FAKE_RUNWAY_KEY
from videogen.providers import get_provider
from videogen.providers.base import ProviderError, SubmitOptions

DATA = Path(__file__).resolve().parents[2] / "data" / "providers"
PROVIDERS = ["luma", "runway", "replicate", "kling"]
JSON = {"Content-Type": "application/json"}


def contract(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text())


def cases(kind: str) -> list:
    return [
        pytest.param(name, case, id=f"{name}: {case.get('name', number)}")
        for name in PROVIDERS
        for number, case in enumerate(contract(name).get(kind, []))
    ]


def task_of(name: str, body: dict) -> dict:
    """The task object inside an answer (Kling wraps it in `data`)."""
    return body["data"] if name == "kling" else body


def task_id_of(name: str, body: dict) -> str:
    task = task_of(name, body)
    return str(task["task_id"] if name == "kling" else task["id"])


@pytest.fixture
def fake(httpserver, settings, monkeypatch):
    record_sleeps(monkeypatch)
    settings.RUNWAY_IMAGE_MODEL, settings.RUNWAY_VIDEO_MODEL = "gen4_image", "gen4_turbo"
    settings.REPLICATE_IMAGE_MODEL = "black-forest-labs/flux-schnell"
    settings.REPLICATE_VIDEO_MODEL = "stability-ai/stable-video-diffusion"
    return install_fake_world(httpserver, settings)


@pytest.mark.parametrize(("name", "case"), cases("states"))
def test_every_documented_state_is_read_as_documented(httpserver, fake, name, case):
    data = contract(name)
    task_id = task_id_of(name, case["body"])
    respond_times(httpserver, data["poll_path"].format(id=task_id), 1, body=json.dumps(case["body"]), headers=JSON)
    result = get_provider(name).poll(data.get("poll_prefix", "") + task_id)
    expect = case["expect"]
    assert result.state == expect["state"]
    assert result.video_url == expect.get("video_url")
    if "retryable" in expect:
        assert (result.retryable, result.error) == (expect["retryable"], expect["error"])
    if "progress" in expect:
        assert result.progress == pytest.approx(expect["progress"])


@pytest.mark.parametrize(("name", "case"), cases("errors"))
def test_every_documented_error_is_worded_and_classed_as_documented(httpserver, fake, name, case):
    data, submitting = contract(name), case["call"] == "submit"
    path = data["submit_path"] if submitting else data["poll_path"].format(id="t-1")
    headers = {**JSON, **case.get("headers", {})}
    body, times = json.dumps(case["body"]), case.get("times", 1)
    respond_times(
        httpserver,
        path,
        times,
        method="POST" if submitting else "GET",
        status=case["status"],
        body=body,
        headers=headers,
    )
    provider = get_provider(name)
    with pytest.raises(ProviderError) as caught:
        if submitting:
            provider.submit("a lighthouse in fog", SubmitOptions(external_id="dreamtok-3f9c2a1b7d4e-1-1"))
        else:
            provider.poll(data.get("poll_prefix", "") + "t-1")
    error, expect = caught.value, case["expect"]
    assert (error.permanent, error.retryable) == (expect["permanent"], expect["retryable"])
    assert error.code == expect.get("code")
    assert error.message == expect.get("message", error.message)
    assert error.status == (None if case["status"] == 200 else case["status"])
    assert case["body"].get("message", "§") not in error.detail  # a provider's words may quote the prompt


@pytest.mark.parametrize(("name", "case"), cases("callbacks"))
def test_a_documented_callback_names_its_task(name, case):
    body = json.dumps(case["body"]).encode()
    assert get_provider(name).parse_webhook({}, body).task_id == case["task_id"]


@pytest.mark.parametrize("name", PROVIDERS)
def test_the_documented_examples_have_only_documented_members(name):
    data = contract(name)
    members = set(data["task_members"])
    for case in data["states"]:
        assert set(task_of(name, case["body"])) <= members, case["name"]
    assert "webhook" not in members  # Replicate's Prediction has none; nor does any other provider echo it


@pytest.mark.parametrize("name", PROVIDERS)
def test_the_fake_answers_in_the_documented_shape_in_every_phase(fake, name):
    members = set(contract(name)["task_members"])
    provider = get_provider(name)
    options = SubmitOptions(callback_url="https://dreamtok.example/webhooks/x/t0k/", external_id="dreamtok-ab-1-1")
    fake.fail_next(name, "safety")
    failing = fake.tasks[provider.submit("a lighthouse", options).split(":")[-1]]
    working = fake.tasks[provider.submit("a lighthouse", SubmitOptions(external_id="dreamtok-ab-1-2")).split(":")[-1]]
    shown = []
    for seconds in (0, 10, 100):
        fake.advance(seconds)
        shown += [fake.render_object(failing), fake.render_object(working)]
    states = {json.dumps(task.get("state") or task.get("status") or task.get("task_status")) for task in shown}
    assert len(states) == 4  # pending, running, done and failed were all shown
    for task in shown:
        assert set(task) <= members, sorted(set(task) - members)


def kling_authorization(changes: dict | None) -> dict:
    """An Authorization header with a token as Kling wants it, but for `changes`: claims moved by that many seconds
    ("exp", "nbf"), dropped (None) or the signing algorithm ("alg"); no header at all for None."""
    if changes is None:
        return {}
    now = int(time.time())
    claims = {"iss": FAKE_KLING_ACCESS_KEY, "exp": now + 1800, "nbf": now - 5}
    for claim, change in changes.items():
        claims[claim] = now + change if claim in ("exp", "nbf") else change
    algorithm = claims.pop("alg", "HS256")
    claims = {claim: value for claim, value in claims.items() if value is not None}
    token = jwt.encode(claims, FAKE_KLING_SECRET_KEY, algorithm=algorithm, headers={"typ": "JWT"})
    return {"Authorization": f"Bearer {token}"}


LUMA = {"Authorization": f"Bearer {FAKE_LUMA_KEY}"}
RUNWAY = {"Authorization": f"Bearer {FAKE_RUNWAY_KEY}", "X-Runway-Version": "2024-11-06"}
REPLICATE = {"Authorization": f"Bearer {FAKE_REPLICATE_TOKEN}"}
LUMA_BODY = {"prompt": "a lighthouse", "model": "ray-2", "aspect_ratio": "9:16", "duration": "5s"}
GEN4 = {"model": "gen4_turbo", "promptImage": "https://x.example/i.png", "ratio": "720:1280", "duration": 5}
SVD = {"version": "v", "input": {"input_image": "data:image/png;base64,AAAA"}}
KLING_BODY = {"model_name": "kling-v1-6", "prompt": "a lighthouse", "aspect_ratio": "9:16", "duration": "5"}
REFUSED = [
    ("luma without a model", "/luma/generations/video", LUMA, {**LUMA_BODY, "model": None}, 400),
    ("luma, 7 s", "/luma/generations/video", LUMA, {**LUMA_BODY, "duration": "7s"}, 400),
    ("luma, no key", "/luma/generations/video", {}, LUMA_BODY, 401),
    (
        "runway without its version header",
        "/runway/image_to_video",
        {"Authorization": RUNWAY["Authorization"]},
        GEN4,
        400,
    ),
    ("runway gen4_turbo at 768:1280", "/runway/image_to_video", RUNWAY, {**GEN4, "ratio": "768:1280"}, 400),
    ("runway gen4_turbo for 8 s", "/runway/image_to_video", RUNWAY, {**GEN4, "duration": 8}, 400),
    (
        "runway veo3 for 5 s",
        "/runway/text_to_video",
        RUNWAY,
        {"model": "veo3", "promptText": "x", "ratio": "720:1280", "duration": 5},
        400,
    ),
    (
        "replicate without input",
        "/replicate/models/black-forest-labs/flux-schnell/predictions",
        REPLICATE,
        {"webhook": "https://x"},
        422,
    ),
    (
        "replicate, a community model at the official models' endpoint",
        "/replicate/models/stability-ai/stable-video-diffusion/predictions",
        REPLICATE,
        {"input": {"input_image": "data:image/png;base64,AAAA"}},
        404,
    ),
    (
        "replicate, unknown webhook event",
        "/replicate/predictions",
        REPLICATE,
        {**SVD, "webhook_events_filter": ["done"]},
        422,
    ),
    (
        "replicate SVD, unknown sizing",
        "/replicate/predictions",
        REPLICATE,
        {**SVD, "input": {**SVD["input"], "sizing_strategy": "fit"}},
        422,
    ),
    (
        "replicate SVD, not an image",
        "/replicate/predictions",
        REPLICATE,
        {**SVD, "input": {"input_image": "data:image/png;base64,bm9wZQ=="}},
        422,
    ),
    ("kling, expired token", "/kling/v1/videos/text2video", {"exp": -60}, KLING_BODY, 1004),
    ("kling, token not yet valid", "/kling/v1/videos/text2video", {"nbf": 600}, KLING_BODY, 1003),
    ("kling, token without an issuer", "/kling/v1/videos/text2video", {"iss": None}, KLING_BODY, 1002),
    ("kling, token signed HS512", "/kling/v1/videos/text2video", {"alg": "HS512"}, KLING_BODY, 1002),
    ("kling, no token", "/kling/v1/videos/text2video", None, KLING_BODY, 1001),
    ("kling, 7 s", "/kling/v1/videos/text2video", {}, {**KLING_BODY, "duration": "7"}, 1201),
    ("kling, a page of 501", "/kling/v1/videos/text2video?pageNum=1&pageSize=501", {}, None, 1201),
]


@pytest.mark.parametrize(("why", "path", "headers", "body", "refusal"), REFUSED, ids=[case[0] for case in REFUSED])
def test_the_fakes_refuse_what_the_real_apis_refuse(fake, why, path, headers, body, refusal):
    """Kling cases give token changes (None: no Authorization) and expect Kling's code, with its HTTP 400 or 401."""
    kling = path.startswith("/kling")
    headers = kling_authorization(headers) if kling else headers
    method, raw = ("GET", b"") if body is None else ("POST", json.dumps(body).encode())
    answer = fake.handle(method, path, {**headers, **JSON} if raw else headers, raw)
    if kling:
        assert json.loads(answer.body)["code"] == refusal and answer.status in (400, 401)
    else:
        assert answer.status == refusal, answer.body


ENVELOPES = [  # each provider's own error shape, and the keys it must carry
    ("luma", "/luma/generations/video", LUMA, {"detail"}),
    ("runway", "/runway/image_to_video", RUNWAY, {"error"}),
    ("replicate", "/replicate/predictions", REPLICATE, {"title", "detail", "status"}),
    ("kling", "/kling/v1/videos/text2video", {}, {"code", "message", "request_id"}),
]


@pytest.mark.parametrize(("name", "path", "headers", "keys"), ENVELOPES, ids=[case[0] for case in ENVELOPES])
def test_the_fakes_refuse_a_body_that_is_not_json_in_the_providers_own_words(fake, name, path, headers, keys):
    headers = kling_authorization({}) if name == "kling" else headers
    form = fake.handle("POST", path, {**headers, "Content-Type": "application/x-www-form-urlencoded"}, b"prompt=x")
    broken = fake.handle("POST", path, {**headers, **JSON}, b'{"prompt": ')
    for answer, status in ((form, 415), (broken, 400)):
        assert answer.status == status, answer.body
        refused = json.loads(answer.body)
        assert keys <= set(refused), refused
        if name == "kling":
            assert refused["code"] == 1200
    assert fake.stats()["tasks"] == 0
