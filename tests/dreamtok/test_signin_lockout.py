"""Sign-in brute force (django-axes): five wrong passwords for one name from one address pause that pair for 15
minutes with a friendly page; other addresses, force_login and the cool-off still work."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from dreamtok.auth import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **ENGLISH)


def fail(client, username, times, address="203.0.113.7"):
    return [sign_in(client, username, "wrong-password", address) for _ in range(times)]


def test_five_wrong_passwords_then_the_right_one_is_refused_with_the_lockout_page(client):
    user = UserFactory()
    answers = fail(client, user.username, 5)
    assert [answer.status_code for answer in answers[:4]] == [200] * 4  # the form again, with its error
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "axes/lockout.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert "Too many attempts to sign in" in page and "15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock(client):
    user = UserFactory()
    fail(client, user.username, 4)
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count(client):
    user = UserFactory()
    fail(client, user.username, 4)
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    client.logout()
    fail(client, user.username, 4)
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_lock_is_for_the_name_and_address_together(client):
    user, other = UserFactory(), UserFactory()
    fail(client, user.username, 5)
    assert sign_in(client, user.username, PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    assert sign_in(client, other.username, PASSWORD).status_code == 302


def test_after_the_cool_off_the_right_password_works_again(client):
    user = UserFactory()
    fail(client, user.username, 5)
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_the_admin_sign_in_is_limited_too(client):
    user = UserFactory(is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": user.username, "password": "nope"}, REMOTE_ADDR="203.0.113.7")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429


def test_force_login_is_not_affected(client):
    user = UserFactory()
    fail(client, user.username, 5)
    client.force_login(user)
    assert client.get("/feed/").status_code == 200


def request_from(remote: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/accounts/login/", **meta)


def test_without_a_trusted_proxy_the_address_is_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", forwarded="1.2.3.4")) == "203.0.113.7"


def test_behind_one_proxy_the_address_is_the_one_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", forwarded="1.2.3.4, 203.0.113.7")  # the first entry is the client's to forge
    assert client_ip(request) == "203.0.113.7"


def test_behind_a_proxy_a_missing_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", forwarded="203.0.113.7")) == "10.0.0.2"
