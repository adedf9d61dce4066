"""Invitations: a therapist invites a client (a link and a QR code that work once, for INVITATION_HOURS), the client
chooses their own sign-in; revoke, resend, switch a client's access off and on; only the token's hash is stored."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.invitations import invitation_create, token_hash
from accounts.models import Invitation
from dreams.models import AuditEvent
from tests.factories import ClientFactory, TherapistFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
STRONG = "violet-harbour-1947"
LINK = re.compile(r'value="(http://testserver/invitation/([^/"]+)/)"')


@pytest.fixture
def newcomer():
    """A client known only by a pseudonym, with no sign-in yet."""
    return ClientFactory(pseudonym="River", user=None)


def invite(client, patient) -> str:
    """The therapist presses "Invite": the token of the link the page shows."""
    client.force_login(patient.therapist)
    response = client.post(f"/clients/{patient.pk}/invitation", **ENGLISH)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    link, token = LINK.search(page).groups()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'class="qr"' in page
    assert "style=" not in page.split('<svg xmlns="http://www.w3.org/2000/svg"')[1].split("</svg>")[0]
    client.logout()
    return token


def accept(client, token, username="river@example.org", password=STRONG, again=None):
    data = {"username": username, "password1": password, "password2": password if again is None else again}
    return client.post(f"/invitation/{token}/", data, **ENGLISH)


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password}, **ENGLISH)


def test_the_client_chooses_an_email_and_password_and_is_signed_in(client, newcomer):
    token = invite(client, newcomer)
    assert client.get(f"/invitation/{token}/", **ENGLISH).status_code == 200
    response = accept(client, token, username="River@Example.org")
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user.username == "river@example.org" and newcomer.user.email == "river@example.org"
    assert client.session["_auth_user_id"] == str(newcomer.user.pk)
    client.logout()
    assert sign_in(client, "river@example.org", STRONG).status_code == 302


def test_a_name_without_email_works_too(client, newcomer):
    token = invite(client, newcomer)
    assert accept(client, token, username="river-night").status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user.username == "river-night" and newcomer.user.email == ""


def test_only_a_hash_of_the_token_is_stored(client, newcomer):
    token = invite(client, newcomer)
    invitation = Invitation.objects.get(client=newcomer)
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    stored = [str(value) for value in Invitation.objects.values_list(flat=False).get()]
    assert not any(token in value for value in stored)


def test_a_used_invitation_is_refused(client, newcomer):
    token = invite(client, newcomer)
    assert accept(client, token).status_code == 302
    client.logout()
    again = accept(client, token, username="someone-else")
    assert again.status_code == 404 and "does not work" in again.content.decode()
    assert not get_user_model().objects.filter(username="someone-else").exists()


def test_an_expired_invitation_is_refused(client, newcomer, settings):
    settings.INVITATION_HOURS = 72
    token = invite(client, newcomer)
    invitation = Invitation.objects.get(client=newcomer)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(hours=72)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(f"/invitation/{token}/", **ENGLISH).status_code == 404
    assert accept(client, token).status_code == 404
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_a_revoked_invitation_is_refused(client, newcomer):
    token = invite(client, newcomer)
    client.force_login(newcomer.therapist)
    assert client.post(f"/clients/{newcomer.pk}/invitation/revoke").status_code == 302
    client.logout()
    assert accept(client, token).status_code == 404
    assert AuditEvent.objects.filter(client_id=newcomer.pk, action="invitation_revoked").exists()


def test_resending_makes_a_new_link_and_the_old_one_dies(client, newcomer):
    first = invite(client, newcomer)
    second = invite(client, newcomer)
    assert first != second
    assert accept(client, first).status_code == 404
    assert accept(client, second).status_code == 302


def test_an_unknown_token_looks_like_any_dead_one(client):
    assert client.get("/invitation/not-a-token/", **ENGLISH).status_code == 404


def test_a_weak_or_mistyped_password_is_refused_and_the_name_kept(client, newcomer):
    token = invite(client, newcomer)
    weak = accept(client, token, username="river-night", password="12345678901")
    assert weak.status_code == 200 and "password1" in weak.context["form"].errors
    assert 'value="river-night"' in weak.content.decode()
    differ = accept(client, token, username="river-night", again="violet-harbour-1948")
    assert "password2" in differ.context["form"].errors
    assert accept(client, token, username="not an@email").context["form"].errors["username"]
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_another_therapist_cannot_invite_my_client(client, newcomer):
    client.force_login(TherapistFactory())
    assert client.post(f"/clients/{newcomer.pk}/invitation").status_code == 404
    assert not Invitation.objects.exists()


def test_a_disabled_client_cannot_sign_in_and_is_signed_out(client):
    patient = ClientFactory()
    patient.user.set_password(STRONG)
    patient.user.save()
    phone = type(client)()
    assert sign_in(phone, patient.user.username, STRONG).status_code == 302
    assert phone.get("/feed/").status_code == 200
    client.force_login(patient.therapist)
    response = client.post(f"/clients/{patient.pk}/access/switch", {"active": "off"})
    assert response.status_code == 302
    patient.user.refresh_from_db()
    assert not patient.user.is_active
    assert phone.get("/feed/").status_code == 302  # its session ended
    assert sign_in(type(client)(), patient.user.username, STRONG).status_code == 200  # refused
    client.post(f"/clients/{patient.pk}/access/switch", {"active": "on"})
    assert sign_in(type(client)(), patient.user.username, STRONG).status_code == 302
    actions = set(AuditEvent.objects.filter(client_id=patient.pk).values_list("action", flat=True))
    assert {"access_disabled", "access_enabled"} <= actions


def test_a_client_with_an_account_is_not_invited_again(client):
    patient = ClientFactory()
    issued = invitation_create(client=patient, by=patient.therapist)
    assert client.get(f"/invitation/{issued.token}/").status_code == 404
