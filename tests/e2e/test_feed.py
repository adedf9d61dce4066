"""As a client on a phone, in a real Chromium, on the demo data: the feed plays, swipes, keeps the sound choice and
pages; the keyboard moves through it on a desktop. Without JavaScript it is a plain list of videos."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from dreams.models import Client, Dream
from tests.e2e.conftest import sign_in, wait_js
from tests.e2e.feed_page import sources, swipe_to, video_state, wait_playing
from videogen import runner
from videogen.models import VideoJob

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def demo_feed():
    """The demo data with every video rendered, plus enough copies for a second page."""
    with runner.in_process() as steps:
        call_command("seed_demo")
        runner.drain(steps, VideoJob.objects.values_list("pk", flat=True), timeout=120)
    assert set(VideoJob.objects.values_list("state", flat=True)) == {"ready"}
    owner = Client.objects.get(user__username="demo-client")
    model = owner.dreams.exclude(distressing=True).first()
    old = timezone.now() - datetime.timedelta(days=30)
    extra = [
        Dream(
            client=owner,
            author=owner.therapist,
            title=f"Older dream {i}",
            content="A calm sea.",
            symbols=["sea"],
            dreamt_on=datetime.date(2026, 10, 1),
            consent_video=True,
            video=model.video.name,
            poster=model.poster.name,
        )
        for i in range(22)
    ]
    Dream.objects.bulk_create(extra)
    for i, dream in enumerate(extra):  # older than the demo dreams, so they come after them
        Dream.objects.filter(pk=dream.pk).update(created_at=old - datetime.timedelta(minutes=i))
    return owner


def test_client_scrolls_the_feed_on_a_phone(live_server, phone, demo_feed):
    page = phone
    sign_in(page, live_server.url, "demo-client", "dreamtok")
    page.wait_for_url(f"{live_server.url}/feed/")
    items = page.locator(".feed-item")
    assert items.count() == 20
    first_distressing = page.evaluate(
        "Array.from(document.querySelectorAll('.feed-item')).findIndex(e => e.classList.contains('distressing'))"
    )
    assert first_distressing >= 0, "the demo has a distressing dream"
    calm = [i for i in range(5) if i != first_distressing]

    swipe_to(page, calm[0])
    wait_playing(page, calm[0])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "feed-phone.png"))
    assert video_state(page, calm[0])["muted"], "sound is off until the first tap"

    swipe_to(page, calm[1])
    wait_playing(page, calm[1])
    assert video_state(page, calm[0])["paused"]

    page.locator(".feed-item").nth(calm[1]).locator(".sound").click()
    assert video_state(page, calm[1])["muted"] is False
    swipe_to(page, calm[2])
    wait_playing(page, calm[2])
    assert video_state(page, calm[2])["muted"] is False, "the sound choice sticks"

    # A distressing dream waits behind its opt-in screen.
    swipe_to(page, first_distressing)
    warning = page.locator(".feed-item").nth(first_distressing).locator(".warning")
    warning.wait_for(state="visible")
    page.wait_for_timeout(800)
    state = video_state(page, first_distressing)
    assert state["paused"] and state["time"] == 0
    warning.locator(".watch").click()
    wait_playing(page, first_distressing)

    # To the end of the first page: the next page arrives, and never more than three videos hold a source.
    for index in range(5, 20):
        swipe_to(page, index)
        page.wait_for_timeout(120)
        assert sources(page) <= 3
    wait_js(page, "() => document.querySelectorAll('.feed-item').length > 20")
    swipe_to(page, 24)
    wait_playing(page, 24)
    assert sources(page) <= 3


def test_keyboard_moves_through_the_feed_on_desktop(live_server, desktop, demo_feed):
    page = desktop
    sign_in(page, live_server.url, "demo-client", "dreamtok")
    page.wait_for_url(f"{live_server.url}/feed/")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "feed-desktop.png"))
    page.keyboard.press("j")
    wait_js(page, "() => document.querySelector('.feed').scrollTop > 100")
    page.keyboard.press("ArrowUp")
    wait_js(page, "() => document.querySelector('.feed').scrollTop < 50")


def test_without_javascript_the_feed_is_a_plain_list_of_videos(live_server, browser, demo_feed):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server.url, "demo-client", "dreamtok")
    page.wait_for_url(f"{live_server.url}/feed/")
    controls = page.locator("video[controls][src]")
    assert controls.count() >= 19  # the distressing one hides behind a <details>
    assert page.locator("details summary").count() >= 1
    page.click("text=More dreams")
    assert page.locator("video[controls][src]").count() >= 2
    context.close()
