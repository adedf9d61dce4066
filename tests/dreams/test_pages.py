"""Therapists' and clients' pages render, in Russian by default and in English on request."""

import pytest

from tests.factories import ClientFactory, DreamFactory, TherapistFactory, VideoJobFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/feed/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/feed/")


def test_sign_in_page_is_russian_by_default(client):
    assert "Войти" in client.get("/accounts/login/").content.decode()


def test_language_follows_the_browser(client):
    response = client.get("/accounts/login/", headers={"accept-language": "en"})
    assert "Sign in" in response.content.decode()


def test_language_switch_sticks(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Sign in" in client.get("/accounts/login/", headers={"accept-language": "ru"}).content.decode()


def test_therapist_lands_on_their_client_list(client):
    therapist = TherapistFactory()
    ClientFactory(therapist=therapist, pseudonym="Morning Star")
    ClientFactory(pseudonym="Someone Else's")
    client.force_login(therapist)
    response = client.get("/", follow=True)
    page = response.content.decode()
    assert "Morning Star" in page and "Someone Else" not in page


def test_client_lands_on_the_feed(client):
    dream = DreamFactory()
    client.force_login(dream.client.user)
    response = client.get("/")
    assert response.url == "/feed/"


def test_client_sees_the_dream_page_without_the_therapists_controls(client):
    dream = DreamFactory(title="Lighthouse")
    client.force_login(dream.client.user)
    page = client.get(f"/dreams/{dream.pk}/").content.decode()
    assert "Lighthouse" in page
    assert f"/dreams/{dream.pk}/edit/" not in page


def test_adding_a_client_asks_for_a_pseudonym_only_and_leads_to_the_invitation(client):
    therapist = TherapistFactory()
    client.force_login(therapist)
    form = client.get("/clients/add/").content.decode()
    assert 'name="pseudonym"' in form and 'name="password"' not in form and 'name="username"' not in form
    response = client.post("/clients/add/", {"pseudonym": "River", "password": "ignored"}, follow=True)
    added = therapist.clients.get(pseudonym="River")
    assert added.user is None
    assert response.redirect_chain[-1][0] == f"/clients/{added.pk}/access/"
    assert "River" in response.content.decode()


def test_a_taken_pseudonym_is_refused_and_kept(client):
    existing = ClientFactory(pseudonym="River")
    client.force_login(existing.therapist)
    response = client.post("/clients/add/", {"pseudonym": "river"})
    assert "pseudonym" in response.context["form"].errors
    assert 'value="river"' in response.content.decode()


def failed_dream(**fields):
    dream = DreamFactory(**fields)
    VideoJobFactory(dream=dream, state="failed", error="The renderer stopped.")
    return dream


def test_a_dream_whose_video_failed_is_labelled_in_the_clients_dream_list(client):
    failed = failed_dream(title="Broken")
    calm = DreamFactory(client=failed.client, title="Waiting")
    VideoJobFactory(dream=calm, state="failed")
    VideoJobFactory(dream=calm, state="rendering")  # a later attempt is under way
    client.force_login(failed.author)
    page = client.get(f"/clients/{failed.client.pk}/", headers={"accept-language": "en"}).content.decode()
    broken, waiting = page.split("Broken")[1].split("</li>")[0], page.split("Waiting")[1].split("</li>")[0]
    assert '<span class="badge failed">Video failed</span>' in broken and "failed" not in waiting
    russian = client.get(f"/clients/{failed.client.pk}/").content.decode()
    assert '<span class="badge failed">Видео не получилось</span>' in russian


def test_the_dream_page_shows_a_failed_video_as_a_labelled_error(client):
    dream = failed_dream()
    client.force_login(dream.author)
    page = client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()
    status = page.split('id="job-status"')[0].rsplit("<p", 1)[1] + page.split('id="job-status"')[1].split("</p>")[0]
    assert 'class="job-status failed"' in status
    assert "<strong>Video failed</strong>" in status and "The renderer stopped." in status
