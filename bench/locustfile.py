"""Locust users for bench/load_feed.py: each is one signed-in client (a session made by the bench) browsing the feed."""

import itertools
import os
import re
from pathlib import Path

from locust import HttpUser, between, task

_numbers = itertools.count()
NEXT = re.compile(r'data-next="([^"]+)"')
VIDEO = re.compile(r'data-src="([^"]+)"')


class FeedUser(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        sessions = Path(os.environ["BENCH_SESSIONS"]).read_text().split()
        self.client.cookies.set("sessionid", sessions[next(_numbers) % len(sessions)])
        self.next_url = None

    @task(3)
    def first_page(self):
        with self.client.get("/feed/", name="/feed/", catch_response=True) as response:
            if "/accounts/login/" in response.url:
                response.failure("sent to sign in: the session is not valid")
                return
        found = NEXT.search(response.text)
        self.next_url = found.group(1).replace("&amp;", "&") if found else None
        video = VIDEO.search(response.text)
        if video:
            self.client.get(video.group(1), headers={"Range": "bytes=0-262143"}, name="video range 256 KB")

    @task(2)
    def next_page(self):
        if self.next_url:
            response = self.client.get(self.next_url, name="/feed/items (next page)")
            found = NEXT.search(response.text)
            self.next_url = found.group(1).replace("&amp;", "&") if found else None
