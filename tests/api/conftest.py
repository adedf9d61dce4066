"""An app's view of the API: a test client that sends a device token, issued by signing in as an app does (with a
recovery code for the accounts that need a second factor)."""

import secrets

import pytest
from django.test import Client as Browser
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.services import user_requires_second_factor
from tests.factories import PASSWORD


def recovery_code(user) -> str:
    """A fresh recovery code of `user` (one sign-in's worth: it is used up)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery codes", defaults={"confirmed": True})
    code = secrets.token_hex(5)
    device.token_set.create(token=code)
    return code


class App:
    """A device: signs in for a token, then sends it with every JSON request."""

    def __init__(self, user=None, language: str = "en"):
        self.browser = Browser(HTTP_ACCEPT_LANGUAGE=language)
        self.headers = {}
        if user is not None:
            body = {"username": user.username, "password": PASSWORD, "device_name": "phone"}
            if user_requires_second_factor(user):
                body["otp"] = recovery_code(user)
            answer = self.post("/api/v1/auth/tokens", body)
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
