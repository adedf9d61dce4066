"""The browser's session on the API: the pages' idle sign-out holds (polls are not activity; an idle session is
refused as problem details), and a device token never opens or extends a session."""

import pytest

from tests.dreamtok.test_sessions import idle_for
from tests.factories import ClientFactory, DreamFactory, TherapistFactory


@pytest.fixture
def therapist(client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    user = TherapistFactory()
    client.force_login(user)
    assert client.get("/clients/").status_code == 200  # a page: the session is marked as seen
    return user


@pytest.mark.django_db
def test_polling_the_api_by_session_does_not_keep_an_idle_therapist_signed_in(client, therapist):
    dream = DreamFactory(client=ClientFactory(therapist=therapist))
    status = f"/api/v1/dreams/{dream.pk}/video-status"
    for _ in range(3):
        idle_for(client, 9)
        assert client.get(status).status_code == 200
    idle_for(client, 5)
    refused = client.get(status)
    assert refused.status_code == 401 and refused["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_a_token_sign_in_and_its_requests_open_no_session(app_of):
    from django.contrib.sessions.models import Session

    app = app_of(ClientFactory().user)
    answer = app.get("/api/v1/dreams/feed")
    assert answer.status_code == 200 and "sessionid" not in app.browser.cookies
    assert not Session.objects.exists()
