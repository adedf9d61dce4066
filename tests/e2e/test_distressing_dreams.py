"""As a client in a real Chromium: a distressing dream's video waits behind a warning that names the dream, on the
dream page and in the feed, until the client chooses to watch; the choice to skip all of them is honoured."""

import pytest

from dreams.models import FeedPreference
from tests.e2e.conftest import wait_js
from tests.e2e.feed_page import open_feed, wait_playing
from tests.factories import DreamFactory, VideoJobFactory, store_video
from videogen.models import VideoJob

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_dream_page_asks_before_a_distressing_video_plays(live_server, phone, make_feed):
    owner = make_feed(1, distressing=(0,))
    dream = owner.dreams.get()
    open_feed(phone, live_server.url, owner, f"/dreams/{dream.pk}/")
    warning = phone.locator("#video-box .warning")
    warning.wait_for(state="visible")
    phone.wait_for_timeout(800)
    video = phone.locator("#video-box video.dream-video")
    assert video.get_attribute("src") is None and video.evaluate("v => v.paused && !v.controls")
    warning.locator(".watch").click()
    wait_js(
        phone,
        "() => { const v = document.querySelector('#video-box video'); return !v.paused && v.currentTime > 0.3; }",
    )
    assert warning.is_hidden() and video.evaluate("v => v.controls")


def test_the_dream_page_honours_skip_all_distressing_dreams(live_server, phone, make_feed):
    owner = make_feed(1, distressing=(0,))
    FeedPreference.objects.create(user=owner.user, skip_distressing=True)
    dream = owner.dreams.get()
    open_feed(phone, live_server.url, owner, f"/dreams/{dream.pk}/")
    assert phone.locator("#video-box .skipped").is_visible()
    assert phone.locator("video").count() == 0 and "/media/" not in phone.content()


def test_a_distressing_video_made_while_its_page_is_open_waits_for_watch(live_server, phone, make_feed, rendered_clip):
    owner = make_feed(1)
    dream = DreamFactory(client=owner, title="Chase", distressing=True)
    job = VideoJobFactory(dream=dream, state=VideoJob.State.RENDERING, progress=0.5)
    open_feed(phone, live_server.url, owner, f"/dreams/{dream.pk}/")
    assert phone.locator("#video-box video").count() == 0
    store_video(dream, "chase", video=rendered_clip[0], poster=rendered_clip[1])
    VideoJob.objects.filter(pk=job.pk).update(state=VideoJob.State.READY, progress=1.0)
    warning = phone.locator("#video-box .warning")
    warning.wait_for(state="visible", timeout=10_000)
    phone.wait_for_timeout(1000)
    assert phone.locator("#video-box video").evaluate("v => v.paused && !v.hasAttribute('src') && !v.autoplay")
    warning.locator(".watch").click()
    wait_js(
        phone,
        "() => { const v = document.querySelector('#video-box video'); return !v.paused && v.currentTime > 0.3; }",
    )


def test_the_content_warning_names_the_dream_and_watch_shows_its_poster_and_video(live_server, desktop, make_feed):
    owner = make_feed(1, distressing=(0,))
    open_feed(desktop, live_server.url, owner)
    item = desktop.locator(".feed-item").nth(0)
    warning = item.locator(".warning")
    warning.wait_for(state="visible")
    assert warning.locator(".warning-title").inner_text() == "Dream 0" and warning.locator(".meta").is_visible()
    looks = """() => { const item = document.querySelector('.feed-item');
      return {poster: item.querySelector('video.clip').poster, backdrop: item.querySelector('.backdrop').src}; }"""
    assert desktop.evaluate(looks) == {"poster": "", "backdrop": ""}
    warning.locator(".watch").click()
    wait_playing(desktop, 0)
    shown = desktop.evaluate(looks)
    assert "/media/" in shown["poster"] and "/media/" in shown["backdrop"]
