"""Retake the README's feed screenshots (Russian; a 390×844 phone and a 1280×800 desktop) from the demo data, through
the bench's set-up (demo data rendered, gunicorn). Run from the project's root:

BENCH_DATABASE=<a PostgreSQL database> .venv/bin/python docs/make_screenshots.py
"""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent / "bench"))

from feed_network import ARGS, CHROMIUM, seed, serve, settings, warm_up  # noqa: E402

SHOTS = {
    "feed-phone.png": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "feed-desktop.png": {"viewport": {"width": 1280, "height": 800}},
}
PLAYING = "() => { const v = document.querySelector('video.clip'); return !v.paused && v.currentTime > 1.5; }"


def main() -> None:
    from playwright.sync_api import sync_playwright

    session = seed()
    server, base_url = serve()
    try:
        warm_up(base_url, session)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for name, device in SHOTS.items():
                context = browser.new_context(**device, locale="ru-RU")
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
                page = context.new_page()
                page.goto(f"{base_url}/feed/")
                for _ in range(100):
                    if page.evaluate(PLAYING):
                        break
                    page.wait_for_timeout(100)
                page.screenshot(path=str(DOCS / name))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    main()
