"""Locust users for bench/load_feed.py: each signs in as its own demo client and browses the feed."""

import itertools
import re

from locust import HttpUser, between, task

_numbers = itertools.count()
NEXT = re.compile(r'data-next="([^"]+)"')
VIDEO = re.compile(r'data-src="([^"]+)"')


class FeedUser(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        username = f"load-client-{next(_numbers) % 50}"
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": username, "password": "load-pass-123", "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
        )
        self.next_url = None

    @task(3)
    def first_page(self):
        response = self.client.get("/feed/", name="/feed/")
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
