"""A real Chromium (Debian's) driven by Playwright against Django's live server."""

import os
import threading
import time

import pytest

pytestmark = pytest.mark.e2e

# Playwright's sync API runs an event loop in this thread; Django's ORM in the test itself is still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def live_requests() -> list[threading.Thread]:
    """The live server's threads still answering a request (socketserver names them after process_request_thread)."""
    return [thread for thread in threading.enumerate() if "process_request_thread" in thread.name and thread.is_alive()]


@pytest.fixture(autouse=True)
def requests_end_before_the_flush():
    """The live server answers each connection in a thread of its own. One still running when the test's database is
    flushed (the last bytes of a video, the "last watched" write) holds a lock on SQLite's shared in-memory tables and
    the flush fails. The browser's pages are closed first (they are set up after this), so these threads end at once;
    wait for them, a few seconds at most."""
    yield
    deadline = time.monotonic() + 5
    while live_requests() and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver, chromium_path):
    """A Chromium that lets pages play sound without a tap, so the tests see what the feed does when allowed."""
    args = [*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]
    browser = playwright_driver.chromium.launch(executable_path=chromium_path, args=args, headless=True)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def strict_browser(playwright_driver, chromium_path):
    """A Chromium with the autoplay policy people have: no sound before the user touches the page. Named outright:
    left to its default, Chromium also lets sound play once an origin has "media engagement", which the many clips
    with sound the suite plays on the one live server can build up, so the policy changed with the tests run before."""
    args = [*CHROMIUM_ARGS, "--autoplay-policy=document-user-activation-required"]
    browser = playwright_driver.chromium.launch(executable_path=chromium_path, args=args, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="en-US"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def strict_phone(strict_browser):
    context = strict_browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="en-US"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def rendered_clip(tmp_path_factory) -> tuple[bytes, bytes]:
    """One clip and its poster from the local renderer, made once for the whole run (a few seconds)."""
    from videogen.render import render_clip

    folder = tmp_path_factory.mktemp("clip")
    render_clip("a red whale in deep blue water", ["whale", "water", "red"], folder / "clip.mp4", folder / "clip.jpg")
    return (folder / "clip.mp4").read_bytes(), (folder / "clip.jpg").read_bytes()


@pytest.fixture
def make_feed(rendered_clip):
    """A client with `count` ready dreams ("Dream 0" newest), some of them distressing. They share one rendered clip
    unless `own_files` (the browser plays one address from one buffer, whichever item asks)."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from dreams.models import Client, Dream
    from tests.factories import ClientFactory, DreamFactory

    video, poster = rendered_clip

    def make(count: int, *, distressing: tuple[int, ...] = (), own_files: bool = False) -> Client:
        owner = ClientFactory()
        first = None
        for i in range(count):
            dream = DreamFactory(
                client=owner, title=f"Dream {i}", distressing=i in distressing, video_has_audio=True
            )  # the renderer's clip has its soundscape
            if first is None or own_files:
                dream.video.save("clip.mp4", ContentFile(video), save=False)
                dream.poster.save("clip.jpg", ContentFile(poster), save=False)
                first = first or dream
            else:
                dream.video, dream.poster = first.video.name, first.poster.name
            dream.save()
        now = timezone.now()
        for dream in owner.dreams.all():
            number = int(dream.title.split()[-1])
            Dream.objects.filter(pk=dream.pk).update(created_at=now - datetime.timedelta(minutes=number))
        return owner

    return make


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    pass_second_factor(page, username)


def authenticator_code(device) -> str:
    """The code an authenticator app shows now for this device."""
    from django_otp.oath import TOTP

    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():0{device.digits}d}"


def pass_second_factor(page, username: str) -> None:
    """After the password, as the user would: enrol an authenticator on a first sign-in (and go on from the recovery
    codes), or type a recovery code. Nothing when the account needs no second factor."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.services import recovery_codes_renew
    from dreamtok.usernames import account_for_sign_in

    page.wait_for_load_state()
    if "/accounts/two-factor/setup/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=False)
        page.fill("#id_code", authenticator_code(device))
        page.click("main button[type=submit]")
        page.click("main a.button.primary")  # "I have kept them"
    elif "/accounts/two-factor/verify/" in page.url:
        page.fill("#id_code", recovery_codes_renew(user=account_for_sign_in(username))[0])
        page.click("main button[type=submit]")
    page.wait_for_load_state()


def wait_js(page, expression: str, arg=None, timeout: float = 10.0) -> None:
    """Poll a JavaScript predicate from here (Playwright's wait_for_function needs eval, which our CSP forbids)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(expression, arg):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out after {timeout}s waiting for: {expression}")
