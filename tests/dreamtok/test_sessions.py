"""Sessions: signing out ends the session in every web process, and an idle session ends after its role's limit."""

import pytest
import requests
from django.contrib.sessions.models import Session

from dreams.middleware import LAST_SEEN
from tests.dreamtok.settings_process import with_settings
from tests.factories import ClientFactory, DreamFactory, TherapistFactory, UserFactory
from tests.webserver import form_token, gunicorn, local_env, manage, sign_in

MAKE_CLIENT = """
from dreams.models import Client, therapists_group
from django.contrib.auth import get_user_model
User = get_user_model()
therapist = User.objects.create_user("therapist", password="unused-pass-123")
therapist.groups.add(therapists_group())
reader = User.objects.create_user("reader", password="read-pass-123")
Client.objects.create(therapist=therapist, pseudonym="C", user=reader)
"""


def test_signing_out_ends_the_session_in_every_web_process(tmp_path):
    """Three gunicorn workers without Redis (the embedded default): after sign-out, no worker serves the old cookie."""
    environment = local_env(tmp_path / "var")
    manage(environment, "migrate", "--noinput")
    manage(environment, "shell", "-c", MAKE_CLIENT)
    with gunicorn(environment, workers=3, log=tmp_path / "gunicorn.log") as base:
        browser = sign_in(base, "reader", "read-pass-123")
        # Every worker reads the session (each request is a new connection: the workers take turns at random).
        assert {browser.get(f"{base}/feed/", allow_redirects=False, timeout=10).status_code for _ in range(30)} == {200}
        cookie = browser.cookies["sessionid"]
        token = form_token(browser, f"{base}/feed/")
        signed_out = browser.post(
            f"{base}/accounts/logout/", {"csrfmiddlewaretoken": token}, allow_redirects=False, timeout=10
        )
        assert signed_out.status_code == 302
        after = [
            requests.get(f"{base}/feed/", cookies={"sessionid": cookie}, allow_redirects=False, timeout=10).status_code
            for _ in range(16)
        ]
    assert after == [302] * 16  # to the sign-in page, from every worker


def test_sessions_are_cached_only_in_a_cache_every_process_shares(tmp_path):
    code = "result = [settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND']]"
    alone = with_settings({"DEBUG": "true", "DREAMTOK_VAR_DIR": str(tmp_path)}, code)
    shared = with_settings({"DEBUG": "true", "DREAMTOK_VAR_DIR": str(tmp_path), "REDIS_URL": "redis://r:6379/0"}, code)
    assert alone == ["django.contrib.sessions.backends.db", "django.core.cache.backends.locmem.LocMemCache"]
    assert shared == ["django.contrib.sessions.backends.cached_db", "django.core.cache.backends.redis.RedisCache"]


def idle_for(client, minutes: float) -> None:
    """The session's last request was `minutes` ago: its stored last-seen mark moved back, as time would move it."""
    session = client.session
    session[LAST_SEEN] -= int(minutes * 60)
    session.save()


@pytest.fixture
def therapist(client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    settings.CLIENT_SESSION_IDLE_MINUTES = 7 * 24 * 60
    user = TherapistFactory()
    client.force_login(user)
    assert client.get("/clients/").status_code == 200  # the first request marks the session as seen
    return user


@pytest.mark.django_db
def test_a_therapist_idle_past_the_limit_is_signed_out_and_told_why(client, therapist):
    key = client.session.session_key
    idle_for(client, 31)
    response = client.get("/clients/", follow=True, headers={"accept-language": "en"})
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "30 minutes without activity" in response.content.decode()
    assert not Session.objects.filter(session_key=key).exists()  # the session itself is gone, not only the cookie


@pytest.mark.django_db
def test_a_therapist_active_within_the_limit_stays_signed_in(client, therapist):
    idle_for(client, 29)
    assert client.get("/clients/").status_code == 200
    idle_for(client, 29)  # measured from the last request, not from signing in
    assert client.get("/clients/").status_code == 200


@pytest.mark.django_db
def test_a_script_request_after_the_idle_limit_answers_401(client, therapist):
    dream = DreamFactory(client=ClientFactory(therapist=therapist))
    idle_for(client, 31)
    response = client.get(f"/dreams/{dream.pk}/video-status", headers={"accept": "application/json"})
    assert response.status_code == 401 and response.json()["login_url"] == "/accounts/login/"


@pytest.mark.django_db
def test_a_therapist_whose_only_requests_are_video_status_polls_is_signed_out(client, therapist):
    """An open dream page polls video-status by itself: that is not the therapist at the computer."""
    dream = DreamFactory(client=ClientFactory(therapist=therapist))
    status = f"/dreams/{dream.pk}/video-status"
    for _ in range(3):
        idle_for(client, 9)  # 27 minutes in all: clear of the limit, however slow the machine
        assert client.get(status, headers={"accept": "application/json"}).status_code == 200
    idle_for(client, 5)  # 32 minutes since the last page the therapist asked for
    assert client.get(status, headers={"accept": "application/json"}).status_code == 401


@pytest.mark.django_db
def test_staff_are_signed_out_of_the_admin_after_the_idle_limit(client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200
    idle_for(client, 31)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_a_client_stays_signed_in_past_the_staff_limit_until_their_own(client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    settings.CLIENT_SESSION_IDLE_MINUTES = 7 * 24 * 60
    client.force_login(ClientFactory().user)
    assert client.get("/feed/").status_code == 200
    idle_for(client, 6 * 24 * 60)
    assert client.get("/feed/").status_code == 200
    idle_for(client, 7 * 24 * 60 + 1)
    response = client.get("/feed/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
