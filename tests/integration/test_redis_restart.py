"""Redis restarted while 50 jobs are in flight: every dream still ends `ready`, each submitted to the provider once."""

import time

import pytest

from dreams.models import Dream
from dreams.services import dream_create
from dreams.symbols.lexicon import all_entries
from tests.conftest import fake_stats
from tests.factories import ClientFactory
from tests.net import wait_for
from videogen.models import VideoJob

pytestmark = pytest.mark.integration

COUNT = 50


def consented_dreams(count: int, provider: str) -> list[Dream]:
    """`count` dreams with one distinct symbol each, so every prompt (and the fake server's count of it) differs."""
    symbols = [item.symbol for item in all_entries() if not item.distressing][:count]
    assert len(symbols) == count
    owner = ClientFactory()
    return [
        dream_create(
            author=owner.therapist,
            client=owner,
            title=f"Dream {index}",
            content=f"I dreamt of a {symbol}.",
            symbols=[symbol],
            dreamt_on="2026-11-01",
            consent_video=True,
            provider=provider,
        )
        for index, symbol in enumerate(symbols)
    ]


def counts() -> dict[str, int]:
    found: dict[str, int] = {}
    for state in VideoJob.objects.values_list("state", flat=True):
        found[state] = found.get(state, 0) + 1
    return found


def test_redis_restarted_mid_flight_loses_and_duplicates_nothing(
    processes_on_own_redis, own_redis, fake_providers, settings
):
    settings.VIDEOGEN_PROVIDERS = ["luma"]
    settings.VIDEOGEN_THERAPIST_DAILY_LIMIT = COUNT * 2
    # Luma is paid (0.71 a clip by default): room in the budgets for every job, here and in the worker.
    budgets = {"VIDEOGEN_DAILY_BUDGET_USD": 1000, "VIDEOGEN_THERAPIST_DAILY_BUDGET_USD": 1000}
    for name, value in budgets.items():
        setattr(settings, name, value)
        processes_on_own_redis.env[name] = str(value)
    processes_on_own_redis.env["VIDEOGEN_PROVIDERS"] = "luma"
    processes_on_own_redis.worker(concurrency=2)
    processes_on_own_redis.beat()
    dreams = consented_dreams(COUNT, "luma")
    wait_for(
        lambda: VideoJob.objects.filter(state__in=["submitted", "rendering"]).count() >= 10,
        60,
        what=f"jobs in flight at the provider (now {counts()})",
    )
    in_flight = counts()
    own_redis.kill()  # nothing on disk: every queued message and countdown is gone
    time.sleep(2)
    own_redis.start()  # the same port, empty
    assert sum(in_flight.get(state, 0) for state in ("queued", "submitted", "rendering", "downloading")) > 0
    wait_for(lambda: counts() == {"ready": COUNT}, 100, step=0.5, what=f"all {COUNT} jobs ready (now {counts()})")

    assert Dream.objects.filter(pk__in=[d.pk for d in dreams]).exclude(video="").count() == COUNT
    assert VideoJob.objects.count() == COUNT
    per_prompt = fake_stats(fake_providers)["by_prompt"]
    assert len(per_prompt) == COUNT
    assert {value for value in per_prompt.values()} == {1}, per_prompt
