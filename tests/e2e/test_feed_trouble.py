"""As a client in a real Chromium, when something goes wrong under the feed: the session ends, the next page fails or
is a whole page, a media link expires, videos fail; the feed says so and recovers where it can."""

import pytest

from tests.e2e.conftest import wait_js
from tests.e2e.feed_page import notice, open_feed, swipe_to, wait_playing
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


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
