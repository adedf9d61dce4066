"""An app's view of the API: a test client that sends a device token, issued by signing in as an app does."""

import pytest
from django.test import Client as Browser

from tests.factories import PASSWORD


class App:
    """A device: signs in for a token, then sends it with every JSON request."""

    def __init__(self, user=None, language: str = "en"):
        self.browser = Browser(HTTP_ACCEPT_LANGUAGE=language)
        self.headers = {}
        if user is not None:
            answer = self.post(
                "/api/v1/auth/tokens", {"username": user.username, "password": PASSWORD, "device_name": "phone"}
            )
            assert answer.status_code == 201, answer.content
            self.token = answer.json()
            self.headers = {"Authorization": f"Bearer {self.token['token']}"}

    def get(self, url, **query):
        return self.browser.get(url, query, headers=self.headers)

    def post(self, url, body=None):
        return self.browser.post(url, body or {}, content_type="application/json", headers=self.headers)

    def patch(self, url, body):
        return self.browser.patch(url, body, content_type="application/json", headers=self.headers)

    def put(self, url, body=None):
        return self.browser.put(url, body or {}, content_type="application/json", headers=self.headers)

    def delete(self, url):
        return self.browser.delete(url, headers=self.headers)


@pytest.fixture
def app_of(db):
    return App
