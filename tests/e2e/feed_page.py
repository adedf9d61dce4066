"""Driving the feed page in the browser tests: signing in to it, reading a video's state, swiping, the notice."""

from dreams.models import Client
from tests.e2e.conftest import sign_in, wait_js
from tests.factories import PASSWORD


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


def notice(page) -> str:
    return page.evaluate(
        "(() => { const n = document.getElementById('feed-notice'); return n.hidden ? '' : n.innerText; })()"
    )
