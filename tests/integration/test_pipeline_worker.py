"""A real Celery worker on the real Redis takes consented dreams to `ready`, even when it is killed mid-job."""

import pytest

from dreams.models import Dream
from dreams.services import dream_create
from tests.conftest import configure_fake, fake_stats
from tests.factories import ClientFactory
from tests.net import wait_for
from videogen.models import VideoJob, VideoSubmission

pytestmark = pytest.mark.integration


SYMBOLS = ["whale", "owl", "moon", "fire", "snow", "forest", "mirror", "stairs"]


def make_dreams(count: int, provider: str, offset: int = 0) -> list[Dream]:
    owner = ClientFactory()
    return [
        dream_create(
            author=owner.therapist,
            client=owner,
            title=f"Dream {index}",
            content=f"I dreamt of a {SYMBOLS[offset + index]}.",
            symbols=[SYMBOLS[offset + index]],
            dreamt_on="2026-11-01",
            consent_video=True,
            provider=provider,
        )
        for index in range(count)
    ]


def states() -> list[str]:
    return list(VideoJob.objects.order_by("pk").values_list("state", flat=True))


def test_worker_takes_dreams_from_every_provider_to_ready(processes, fake_providers, settings):
    providers = ["local", "luma", "runway", "replicate", "kling"]
    settings.VIDEOGEN_PROVIDERS = providers
    processes.env["VIDEOGEN_PROVIDERS"] = ",".join(providers)
    processes.worker(concurrency=2)
    dreams = [make_dreams(1, provider, offset)[0] for offset, provider in enumerate(providers)]
    wait_for(lambda: all(s == "ready" for s in states()), 90, what=f"all jobs ready (now {states()})")
    for dream in dreams:
        dream.refresh_from_db()
        assert dream.video.name.endswith(".mp4") and dream.poster.name.endswith(".jpg")
        assert dream.video.size > 1000
    submitted = fake_stats(fake_providers)["submissions"]
    assert {name: submitted.get(name, 0) > 0 for name in providers[1:]} == dict.fromkeys(providers[1:], True)


def test_worker_killed_mid_job_still_ends_ready_with_one_submission(processes, fake_providers, settings):
    settings.VIDEOGEN_PROVIDERS = ["luma"]
    processes.env["VIDEOGEN_PROVIDERS"] = "luma"
    first = processes.worker(concurrency=1, name="first")
    processes.beat()
    make_dreams(3, "luma")
    wait_for(
        lambda: VideoJob.objects.filter(state__in=["submitted", "rendering"]).exclude(provider_task_id="").exists(),
        30,
        what="a job submitted to the provider",
    )
    processes.kill(first)  # SIGKILL: no clean shutdown, messages in flight stay unacknowledged
    processes.worker(concurrency=1, name="second")
    wait_for(lambda: all(s == "ready" for s in states()), 90, what=f"all jobs ready (now {states()})")
    per_prompt = fake_stats(fake_providers)["by_prompt"]
    assert VideoJob.objects.count() == 3
    assert sorted(per_prompt.values()) == [1, 1, 1], per_prompt


def test_worker_killed_while_the_provider_answers_does_not_pay_twice(processes, fake_providers, settings):
    """The worst moment: the provider has made the task, the worker dies before it reads the answer."""
    settings.VIDEOGEN_PROVIDERS = ["luma"]
    processes.env["VIDEOGEN_PROVIDERS"] = "luma"
    configure_fake(fake_providers, submit_delay={"luma": 5})
    first = processes.worker(concurrency=1, name="first")
    processes.beat()
    make_dreams(1, "luma")
    wait_for(lambda: fake_stats(fake_providers)["submissions"].get("luma") == 1, 30, what="the request at Luma")
    assert list(VideoSubmission.objects.values_list("state", flat=True)) == ["sending"]
    processes.kill(first)
    configure_fake(fake_providers, submit_delay={"luma": 0})
    processes.worker(concurrency=1, name="second")
    wait_for(lambda: states() == ["ready"], 90, what=f"the job ready (now {states()})")
    assert list(fake_stats(fake_providers)["by_prompt"].values()) == [1]
    assert list(VideoSubmission.objects.values_list("state", flat=True)) == ["accepted"]
