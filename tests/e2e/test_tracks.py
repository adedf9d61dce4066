"""In a real Chromium, the video in view loads its description track: screen readers get its cues."""

import pytest

from tests.e2e.conftest import wait_js
from tests.e2e.feed_page import open_feed, wait_playing

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_video_in_view_carries_its_description_cues(live_server, phone, make_feed):
    owner = make_feed(2)
    open_feed(phone, live_server.url, owner)
    wait_playing(phone, 0)
    cues = """() => { const t = document.querySelector('.feed-item video.clip').textTracks[0];
        return t && t.cues && t.cues.length === 2 ? Array.from(t.cues).map(c => c.text) : null; }"""
    wait_js(phone, cues)
    texts = phone.evaluate(cues)
    assert texts[0].startswith("“Dream 0”, a dream of") and "symbols" in texts[1]
    kind = phone.evaluate("document.querySelector('.feed-item video.clip').textTracks[0].kind")
    assert kind == "descriptions"
