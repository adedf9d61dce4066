"""Contract tests: answers shaped as each provider's spec examples and recorded responses (tests/data/providers/)
go through our parsing code over HTTP — every documented state, every documented error — and the fakes answer in
the same documented shapes."""

import json
from pathlib import Path

import pytest

from tests.fakes.providers import install_fake_world, record_sleeps, respond_times
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
