"""As a client in a real Chromium: a double tap marks a dream with a heart, the heart button does it from the keyboard,
the feed ends on a card, and dreams that arrive later come in through a pill without a reload."""

import pytest
from django.core.files.base import ContentFile

from dreams.models import Favourite
from tests.e2e.conftest import wait_js
from tests.e2e.feed_page import open_feed, swipe_to, wait_playing
from tests.factories import DreamFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_double_tap_marks_the_dream_with_a_heart_and_keeps_it_playing(live_server, phone, make_feed):
    owner = make_feed(2)
    open_feed(phone, live_server.url, owner)
    wait_playing(phone, 0)
    stage = phone.locator(".feed-item").nth(0).locator(".stage")
    stage.dblclick(position={"x": 120, "y": 200})
    phone.locator(".feed-item").nth(0).locator(".heart-burst").wait_for(state="visible")
    button = phone.locator(".feed-item").nth(0).locator("button.favourite")
    wait_js(phone, "() => document.querySelector('button.favourite').getAttribute('aria-pressed') === 'true'")
    assert button.inner_text() == "♥"
    assert [mark.dream.title for mark in Favourite.objects.filter(user=owner.user)] == ["Dream 0"]
    wait_playing(phone, 0)  # the first tap's pause was taken back
    stage.dblclick(position={"x": 120, "y": 200})  # a second double tap never unmarks
    phone.wait_for_timeout(500)
    assert Favourite.objects.filter(user=owner.user).count() == 1
    phone.locator(".feed-item").nth(0).locator(".heart-burst").wait_for(state="hidden", timeout=3000)


def test_the_heart_button_works_from_the_keyboard(live_server, desktop, make_feed):
    owner = make_feed(1)
    open_feed(desktop, live_server.url, owner)
    button = desktop.locator(".feed-item button.favourite")
    assert button.get_attribute("aria-label") == "Favourite"
    button.focus()
    desktop.keyboard.press("Enter")
    wait_js(desktop, "() => document.querySelector('button.favourite').getAttribute('aria-pressed') === 'true'")
    assert Favourite.objects.filter(user=owner.user).count() == 1
    desktop.goto(f"{live_server.url}/feed/?tab=favourites")
    assert desktop.locator(".feed-item").count() == 1
    assert desktop.locator(".tabs a[aria-current=page]").inner_text().strip().endswith("Favourites")


def test_the_feed_ends_on_a_card_that_leads_back_to_the_newest(live_server, phone, make_feed):
    owner = make_feed(2)
    open_feed(phone, live_server.url, owner)
    wait_playing(phone, 0)
    swipe_to(phone, 1)
    wait_playing(phone, 1)
    phone.evaluate("document.querySelector('.feed-end').scrollIntoView({block: 'start'})")
    end = phone.locator(".feed-end")
    assert end.locator("h2").inner_text() == "You have seen all your dreams"
    end.locator(".back-to-top").click()
    wait_js(phone, "() => document.querySelector('.feed').scrollTop < 10")
    wait_playing(phone, 0)
    assert phone.url == f"{live_server.url}/feed/", "no reload"


def test_a_dream_made_while_the_feed_is_open_comes_in_through_the_pill(live_server, phone, make_feed, rendered_clip):
    owner = make_feed(2)
    open_feed(phone, live_server.url, owner)
    wait_playing(phone, 0)
    phone.evaluate("window.stillTheSamePage = true")
    newer = DreamFactory(client=owner, title="Fresh dream", video_has_audio=True)
    newer.video.save("fresh.mp4", ContentFile(rendered_clip[0]), save=False)
    newer.poster.save("fresh.jpg", ContentFile(rendered_clip[1]), save=False)
    newer.save()
    phone.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # as on coming back to the tab
    pill = phone.locator("#new-pill")
    pill.wait_for(state="visible")
    assert "New dreams" in pill.inner_text()
    pill.click()
    wait_js(phone, "() => document.querySelector('.feed-item h2').innerText === 'Fresh dream'")
    wait_playing(phone, 0)
    assert phone.evaluate("window.stillTheSamePage") is True
    assert pill.is_hidden()
    assert phone.locator(".feed-item").count() == 3
