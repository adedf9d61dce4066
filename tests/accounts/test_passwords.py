"""Passwords: a signed-in user changes theirs; a client or therapist with an email address resets a forgotten one
through a link by email (Django's views, in our pages and language), which works once."""

import re

import pytest
from django.core import mail

from tests.factories import PASSWORD, ClientFactory, TherapistFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
NEW = "lantern-meadow-2031"


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password}, **ENGLISH)


def test_a_client_changes_their_password(client):
    patient = ClientFactory()
    client.force_login(patient.user)
    page = client.get("/accounts/password/", **ENGLISH)
    assert page.status_code == 200 and "Change your password" in page.content.decode()
    data = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    assert client.post("/accounts/password/", data).url == "/accounts/password/done/"
    assert client.get("/feed/").status_code == 200  # still signed in
    client.logout()
    assert sign_in(client, patient.user.username, PASSWORD).status_code == 200
    assert sign_in(client, patient.user.username, NEW).status_code == 302


def test_a_weak_new_password_is_refused_with_a_message(client):
    patient = ClientFactory()
    client.force_login(patient.user)
    data = {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    response = client.post("/accounts/password/", data, headers={"accept-language": "ru"})
    assert response.status_code == 200 and "new_password2" in response.context["form"].errors
    assert "пароль" in response.content.decode().lower()


@pytest.mark.parametrize("role", ["client", "therapist"])
def test_a_forgotten_password_is_reset_by_a_link_that_works_once(client, role, settings):
    settings.DEMO_MODE = False
    user = ClientFactory().user if role == "client" else TherapistFactory()
    user.email = f"{role}@example.org"
    user.save()
    response = client.post("/accounts/password-reset/", {"email": f"{role.upper()}@example.org"}, **ENGLISH)
    assert response.url == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    assert mail.outbox[0].subject == "A new password for DreamTok"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.url == "/accounts/reset/done/"
    assert sign_in(client, user.username, NEW).status_code == 302
    client.logout()
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.url == "/accounts/password-reset/sent/" and mail.outbox == []


def test_the_sign_in_page_leads_to_the_reset(client):
    assert 'href="/accounts/password-reset/"' in client.get("/accounts/login/").content.decode()
