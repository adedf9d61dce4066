"""As a client on a phone, in a real Chromium: the feed plays, swipes, keeps the sound choice, pages, and asks
before a distressing dream plays. Without JavaScript it is a plain list of videos."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from dreams.models import Client, Dream, FeedPreference
from tests.e2e.conftest import sign_in, wait_js
from tests.factories import PASSWORD, DreamFactory
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


def open_feed(page, base_url: str, owner: Client, path: str = "/feed/") -> None:
    sign_in(page, base_url, owner.user.username, PASSWORD)
    page.wait_for_url(f"{base_url}/feed/")
    if path != "/feed/":
        page.goto(f"{base_url}{path}")


def untouched_feed(page, base_url: str, owner: Client, init_script: str):
    """The feed, signed in by a session cookie rather than by clicking "Sign in": Chromium lets pages of a site that
    was tapped play sound (and pass navigator.userActivation checks), which would hide what these tests look for."""
    from django.conf import settings
    from django.test import Client as Browser

    browser = Browser()
    browser.force_login(owner.user)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    page.add_init_script(init_script)
    page.goto(f"{base_url}/feed/")
    return page


def video_state(page, index: int) -> dict:
    return page.evaluate(
        """i => { const v = document.querySelectorAll('.feed-item video.clip[data-src]')[i];
        return {time: v.currentTime, paused: v.paused, muted: v.muted, src: v.hasAttribute('src')}; }""",
        index,
    )


def wait_playing(page, index: int) -> None:
    wait_js(
        page,
        """i => { const v = document.querySelectorAll('.feed-item video.clip[data-src]')[i];
        return v && !v.paused && v.currentTime > 0.3; }""",
        index,
        timeout=15,
    )


def swipe_to(page, index: int) -> None:
    page.evaluate("i => document.querySelectorAll('.feed-item')[i].scrollIntoView({block: 'start'})", index)


def sources(page) -> int:
    return page.evaluate("document.querySelectorAll('.feed-item video[src]').length")


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


# Beside the demo: smaller feeds made from one rendered clip, for each behaviour on its own.

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


def sound_button(page, index: int) -> dict:
    return page.evaluate(
        """i => { const b = document.querySelectorAll('.feed-item .sound')[i];
        return {label: b.textContent, pressed: b.getAttribute('aria-pressed')}; }""",
        index,
    )


# The item's top is at the feed's top: the item fills the view.
IN_VIEW = """i => { const top = e => e.getBoundingClientRect().top, feed = document.querySelector('.feed');
  return Math.abs(top(document.querySelectorAll('.feed-item')[i]) - top(feed)) < 2; }"""


def notice(page) -> str:
    return page.evaluate(
        "(() => { const n = document.getElementById('feed-notice'); return n.hidden ? '' : n.innerText; })()"
    )


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
    job = VideoJob.objects.create(dream=dream, provider="local", state=VideoJob.State.RENDERING, progress=0.5)
    open_feed(phone, live_server.url, owner, f"/dreams/{dream.pk}/")
    assert phone.locator("#video-box video").count() == 0
    dream.video.save("chase.mp4", ContentFile(rendered_clip[0]), save=False)
    dream.poster.save("chase.jpg", ContentFile(rendered_clip[1]), save=True)
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


def test_after_the_session_ends_the_feed_says_so_and_leads_to_sign_in(live_server, phone, make_feed):
    owner = make_feed(25)
    open_feed(phone, live_server.url, owner)
    wait_playing(phone, 0)
    phone.context.clear_cookies()
    swipe_to(phone, 18)  # near the end: the next page is asked for
    wait_js(phone, "() => !document.getElementById('feed-notice').hidden")
    assert "Your session has ended" in notice(phone)
    assert phone.locator(".feed-item").count() == 20 and phone.locator("#feed #id_username").count() == 0
    favourite = phone.locator(".feed-item").nth(18).locator(".favourite")
    favourite.click()
    phone.wait_for_timeout(500)
    assert favourite.get_attribute("aria-pressed") == "false"
    phone.locator("#feed-notice a").click()
    phone.wait_for_url(f"{live_server.url}/accounts/login/?next=%2Ffeed%2F")
    phone.fill("#id_username", owner.user.username)
    phone.fill("#id_password", PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/feed/")


def test_a_failed_next_page_offers_a_retry_that_works(live_server, phone, make_feed):
    owner = make_feed(25)
    open_feed(phone, live_server.url, owner)
    phone.route("**/feed/items?*", lambda route: route.abort())
    swipe_to(phone, 18)
    wait_js(phone, "() => !document.getElementById('feed-notice').hidden")
    assert "More dreams could not be loaded" in notice(phone)
    assert phone.locator(".feed-item").count() == 20
    phone.unroute("**/feed/items?*")
    phone.locator("#feed-notice button").click()
    wait_js(phone, "() => document.querySelectorAll('.feed-item').length === 25")
    assert notice(phone) == ""


def test_a_whole_page_in_place_of_the_next_page_is_never_put_into_the_feed(live_server, phone, make_feed):
    """A proxy's or a captive portal's page answering for the next page, say."""
    owner = make_feed(25)
    open_feed(phone, live_server.url, owner)
    page = (
        "<!doctype html><html><body><main><h1>Wi-Fi sign-in</h1><form><input id='portal'></form></main></body></html>"
    )
    phone.route("**/feed/items?*", lambda route: route.fulfill(status=200, content_type="text/html", body=page))
    swipe_to(phone, 18)
    wait_js(phone, "() => !document.getElementById('feed-notice').hidden")
    assert "More dreams could not be loaded" in notice(phone)
    assert phone.locator("#portal").count() == 0 and phone.locator(".feed-item").count() == 20


def test_an_expired_media_link_is_renewed_and_the_video_plays(live_server, phone, make_feed, settings):
    settings.MEDIA_URL_MAX_AGE = 3
    owner = make_feed(6, own_files=True)
    open_feed(phone, live_server.url, owner)
    first_link = phone.evaluate("document.querySelectorAll('.feed-item video.clip')[3].dataset.src")
    phone.wait_for_timeout(4500)  # every link on the page has expired
    swipe_to(phone, 3)
    wait_playing(phone, 3)
    assert phone.evaluate("document.querySelectorAll('.feed-item video.clip')[3].dataset.src") != first_link
    assert notice(phone) == ""


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


# Every text the notice shows, in order, from the moment this runs.
RECORD_NOTICES = """(() => { window.notices = []; const notice = document.getElementById('feed-notice');
  new MutationObserver(() => { if (!notice.hidden) window.notices.push(notice.querySelector('span').textContent); })
    .observe(notice, {subtree: true, childList: true, attributes: true, characterData: true}); })()"""


def test_the_session_notice_stays_when_videos_fail_on_the_next_swipes(live_server, phone, make_feed):
    owner = make_feed(25, own_files=True)  # each item its own address, so each fails on its own once signed out
    open_feed(phone, live_server.url, owner)
    wait_playing(phone, 0)
    phone.evaluate(RECORD_NOTICES)
    phone.context.clear_cookies()
    swipe_to(phone, 18)  # the next page is asked for: the session has ended
    wait_js(phone, "() => !document.getElementById('feed-notice').hidden")
    for index in (19, 17, 11, 12):
        phone.wait_for_timeout(1500)
        swipe_to(phone, index)
    phone.wait_for_timeout(1500)
    said = phone.evaluate("window.notices")
    assert said and all(text.startswith("Your session has ended") for text in said), said
    assert phone.locator("#feed-notice a").get_attribute("href").startswith("/accounts/login/?next=")


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
