"""As a client in a real Chromium, on a small feed made from one rendered clip: when a video plays and pauses (a tap,
the space bar, a hidden tab, reduced motion, a browser that refuses to play), the sound choice, the keyboard and the
layout on a wide screen."""

import pytest

from tests.e2e.conftest import wait_js
from tests.e2e.feed_page import open_feed, swipe_to, untouched_feed, video_state, wait_playing

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


REFUSE_PLAY_WITHOUT_A_TAP = """(() => {
  // What iOS in Low Power Mode does (and a browser set to block all autoplay): play() without a fresh tap is refused.
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    if (navigator.userActivation.isActive) return play.call(this);
    return Promise.reject(new DOMException("play() needs a tap", "NotAllowedError"));
  };
})();"""


CONTROLLABLE_VISIBILITY = """(() => {
  let hidden = false;
  Object.defineProperty(Document.prototype, "hidden", { configurable: true, get: () => hidden });
  Object.defineProperty(Document.prototype, "visibilityState", {
    configurable: true, get: () => (hidden ? "hidden" : "visible") });
  window.setTabHidden = (value) => { hidden = value; document.dispatchEvent(new Event("visibilitychange")); };
})();"""


NO_SCROLLEND = """(() => {
  // Safari before 18.2 has no scrollend event.
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if (type !== "scrollend") return add.call(this, type, ...rest);
  };
})();"""


# The item's top is at the feed's top: the item fills the view.
IN_VIEW = """i => { const top = e => e.getBoundingClientRect().top, feed = document.querySelector('.feed');
  return Math.abs(top(document.querySelectorAll('.feed-item')[i]) - top(feed)) < 2; }"""


def sound_button(page, index: int) -> dict:
    return page.evaluate(
        """i => { const b = document.querySelectorAll('.feed-item .sound')[i];
        return {label: b.textContent, pressed: b.getAttribute('aria-pressed')}; }""",
        index,
    )


def test_when_the_browser_refuses_to_play_a_play_button_appears_and_starts_it(live_server, strict_phone, make_feed):
    owner = make_feed(3)
    page = untouched_feed(strict_phone, live_server.url, owner, REFUSE_PLAY_WITHOUT_A_TAP)
    button = page.locator(".feed-item").nth(0).locator(".play-button")
    button.wait_for(state="visible")
    assert video_state(page, 0)["paused"]
    button.click()
    wait_playing(page, 0)
    assert button.is_hidden()


def test_sound_chosen_earlier_but_refused_shows_as_off_and_one_tap_turns_it_on(live_server, strict_phone, make_feed):
    """Chromium's own policy (no flag): no sound before a tap on the page. The choice "on" from earlier in the session
    then plays muted, the button says so, and the next tap turns the sound on instead of choosing "off"."""
    owner = make_feed(3)
    page = untouched_feed(strict_phone, live_server.url, owner, "sessionStorage.setItem('dreamtok-sound', 'on')")
    wait_playing(page, 0)
    assert video_state(page, 0)["muted"]
    assert sound_button(page, 0) == {"label": "Sound off", "pressed": "false"}
    page.locator(".feed-item").nth(0).locator(".sound").click()
    assert video_state(page, 0)["muted"] is False
    assert sound_button(page, 0) == {"label": "Sound on", "pressed": "true"}
    assert page.evaluate("sessionStorage.getItem('dreamtok-sound')") == "on"


def test_the_video_pauses_while_the_tab_is_hidden(live_server, phone, make_feed):
    owner = make_feed(2)
    phone.add_init_script(CONTROLLABLE_VISIBILITY)
    open_feed(phone, live_server.url, owner)
    wait_playing(phone, 0)
    phone.evaluate("setTabHidden(true)")
    assert video_state(phone, 0)["paused"]
    stopped_at = video_state(phone, 0)["time"]
    phone.wait_for_timeout(600)
    assert video_state(phone, 0)["time"] == stopped_at
    phone.evaluate("setTabHidden(false)")
    wait_js(
        phone,
        "t => { const v = document.querySelector('.feed-item video.clip'); return v.currentTime > t + 0.3; }",
        stopped_at,
    )


def test_with_reduced_motion_a_video_waits_for_the_play_button(live_server, phone, make_feed):
    owner = make_feed(2)
    phone.emulate_media(reduced_motion="reduce")
    open_feed(phone, live_server.url, owner)
    button = phone.locator(".feed-item").nth(0).locator(".play-button")
    button.wait_for(state="visible")
    phone.wait_for_timeout(800)
    assert video_state(phone, 0)["paused"] and video_state(phone, 0)["time"] == 0
    button.click()
    wait_playing(phone, 0)


def test_on_a_wide_screen_the_video_is_centred_over_its_blurred_poster(live_server, desktop, make_feed):
    owner = make_feed(2)
    open_feed(desktop, live_server.url, owner)
    wait_playing(desktop, 0)
    wait_js(desktop, "() => document.querySelector('.feed-item .backdrop').naturalWidth > 0")
    layout = desktop.evaluate(
        """(() => { const item = document.querySelector('.feed-item');
        const box = e => e.getBoundingClientRect();
        const backdrop = item.querySelector('.backdrop'), stage = item.querySelector('.stage');
        const style = getComputedStyle(backdrop);
        return {item: box(item).toJSON(), backdrop: box(backdrop).toJSON(), stage: box(stage).toJSON(),
                filter: style.filter, visible: style.display !== 'none'}; })()"""
    )
    item, backdrop, stage = layout["item"], layout["backdrop"], layout["stage"]
    assert layout["visible"] and "blur" in layout["filter"]
    assert backdrop["width"] >= item["width"] and backdrop["height"] >= item["height"]
    assert abs(stage["width"] / stage["height"] - 9 / 16) < 0.01
    assert abs((stage["left"] + stage["width"] / 2) - (item["left"] + item["width"] / 2)) < 2


def test_the_keyboard_starts_from_the_item_in_view_even_without_scrollend(live_server, desktop, make_feed):
    owner = make_feed(8)
    desktop.add_init_script(NO_SCROLLEND)
    open_feed(desktop, live_server.url, owner)
    wait_playing(desktop, 0)
    desktop.keyboard.press("j")
    wait_playing(desktop, 1)
    swipe_to(desktop, 4)
    wait_playing(desktop, 4)
    desktop.keyboard.press("j")
    wait_playing(desktop, 5)
    wait_js(desktop, IN_VIEW, 5)


def test_keys_with_ctrl_meta_or_alt_are_left_to_the_browser(live_server, desktop, make_feed):
    owner = make_feed(4)
    open_feed(desktop, live_server.url, owner)
    wait_playing(desktop, 0)
    for chord in ("Alt+j", "Control+j", "Meta+j", "Alt+ArrowDown"):
        desktop.keyboard.press(chord)
    desktop.wait_for_timeout(800)
    assert desktop.evaluate("document.querySelector('.feed').scrollTop") == 0


def test_a_tap_pauses_the_dream_with_a_play_glyph_and_the_next_tap_plays_it_on(live_server, phone, make_feed):
    owner = make_feed(2)
    open_feed(phone, live_server.url, owner)
    wait_playing(phone, 0)
    stage = phone.locator(".feed-item").nth(0).locator(".stage")
    stage.click(position={"x": 120, "y": 200})
    glyph = phone.locator(".feed-item").nth(0).locator(".play-button")
    glyph.wait_for(state="visible")
    assert glyph.inner_text() == "▶"
    state = video_state(phone, 0)
    assert state["paused"] and state["muted"], "a tap pauses; it leaves the sound as it was"
    phone.wait_for_timeout(600)
    assert video_state(phone, 0)["time"] == state["time"]
    stage.click(position={"x": 120, "y": 200})
    wait_playing(phone, 0)
    assert glyph.is_hidden()
    phone.wait_for_timeout(400)  # two taps closer together are a double tap (a favourite)
    stage.click(position={"x": 120, "y": 200})  # paused again: the glyph itself plays it on
    assert video_state(phone, 0)["paused"]
    glyph.click()
    wait_playing(phone, 0)


def test_space_pauses_and_plays_on_a_desktop(live_server, desktop, make_feed):
    owner = make_feed(2)
    open_feed(desktop, live_server.url, owner)
    wait_playing(desktop, 0)
    desktop.keyboard.press(" ")
    desktop.locator(".feed-item").nth(0).locator(".play-button").wait_for(state="visible")
    assert video_state(desktop, 0)["paused"]
    assert desktop.evaluate("document.querySelector('.feed').scrollTop") == 0, "Space does not scroll the feed"
    desktop.keyboard.press(" ")
    wait_playing(desktop, 0)


def test_a_dream_paused_by_a_tap_stays_paused_when_the_tab_comes_back(live_server, phone, make_feed):
    owner = make_feed(2)
    phone.add_init_script(CONTROLLABLE_VISIBILITY)
    open_feed(phone, live_server.url, owner)
    wait_playing(phone, 0)
    phone.locator(".feed-item").nth(0).locator(".stage").click(position={"x": 120, "y": 200})
    phone.evaluate("setTabHidden(true)")
    phone.evaluate("setTabHidden(false)")
    phone.wait_for_timeout(600)
    assert video_state(phone, 0)["paused"]
