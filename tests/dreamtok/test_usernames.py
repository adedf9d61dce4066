"""Sign-in names: compared in their normal form (NFKC, case folded), refused when they carry direction controls or
invisible characters or look like a name that is taken; sign-in accepts any width or case of a name, and the lockout
counts all of them as one name."""

import pytest
from django.contrib.auth import get_user_model

from accounts.invitations import invitation_create
from dreams.models import Client
from tests.factories import PASSWORD, ClientFactory, TherapistFactory, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
STRONG = "violet-harbour-1947"


@pytest.fixture
def therapist(client):
    therapist = TherapistFactory()
    client.force_login(therapist)
    return therapist


@pytest.fixture
def demo_client():
    return ClientFactory(user=UserFactory(username="demo-client"))


def add_client(client, username):
    """A new client choosing `username` on their invitation's page."""
    patient = ClientFactory(pseudonym="New", user=None)
    token = invitation_create(client=patient, by=patient.therapist).token
    data = {"username": username, "password1": STRONG, "password2": STRONG}
    return client.post(f"/invitation/{token}/", data, **ENGLISH)


def username_errors(response) -> list:
    assert response.status_code == 200
    return response.context["form"].errors.as_data().get("username", [])


@pytest.mark.parametrize("username", ["ｄemo-client", "ＤＥＭＯ-ＣＬＩＥＮＴ", "Demo-Client"])
def test_another_width_or_case_of_a_taken_name_is_refused_next_to_the_field(client, therapist, demo_client, username):
    errors = username_errors(add_client(client, username))
    assert [error.code for error in errors] == ["taken"]
    assert not get_user_model().objects.filter(client_profile__pseudonym="New").exists()  # nobody new


@pytest.mark.parametrize(
    "username",
    [
        "dеmo-client",  # Cyrillic е
        "demo-сlient",  # Cyrillic с
        "dem\u03bf-client",  # Greek omicron
        "dem0-client",  # a zero for the o
        "demo-c1ient",  # a one for the l
        "ԁеmо-сlіеnt",  # Cyrillic all through
    ],
)
def test_a_name_that_looks_like_a_taken_one_is_refused(client, therapist, demo_client, username):
    errors = username_errors(add_client(client, username))
    assert [error.code for error in errors] == ["confusable"]
    assert not Client.objects.filter(pseudonym="New", user__isnull=False).exists()


@pytest.mark.parametrize("username", ["demo\u202eclient", "demo\u200bclient", "demo\u2066client", "\ufeffdemo2"])
def test_direction_controls_and_invisible_characters_are_refused(client, therapist, username):
    errors = username_errors(add_client(client, username))
    assert [error.code for error in errors] == ["invisible"]
    assert not Client.objects.filter(pseudonym="New", user__isnull=False).exists()


def test_a_new_name_is_stored_in_its_normal_form_and_signs_in_as_typed(client, therapist):
    response = add_client(client, "Ｎew-Ｃlient")
    assert response.status_code == 302
    assert Client.objects.get(pseudonym="New").user.username == "new-client"
    client.logout()
    assert sign_in(client, "Ｎew-Ｃlient", STRONG).status_code == 302


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **ENGLISH)


@pytest.mark.parametrize("typed", ["DEMO-client", "ｄemo-client", " Demo-Client "])
def test_sign_in_accepts_the_name_in_any_case_or_width(client, demo_client, typed):
    response = sign_in(client, typed, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(demo_client.user.pk)


def test_a_look_alike_name_does_not_sign_in(client, demo_client):
    response = sign_in(client, "dеmo-client", PASSWORD)  # Cyrillic е
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_wrong_passwords_under_other_spellings_of_a_name_count_toward_one_lockout(client, demo_client):
    spellings = ("demo-client", "DEMO-CLIENT", "Demo-Client", "ｄemo-client", "demo-client")
    answers = [sign_in(client, typed, "wrong-password").status_code for typed in spellings]
    assert answers[:4] == [200] * 4
    assert sign_in(client, "demo-client", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def admin_add_user(client, username):
    return client.post(
        "/admin/auth/user/add/",
        {"username": username, "password1": STRONG, "password2": STRONG, "usable_password": "true"},
        **ENGLISH,
    )


def test_the_admin_refuses_a_name_that_looks_like_a_taken_one(staff, demo_client):
    response = admin_add_user(staff, "dеmo-client")  # Cyrillic е
    assert response.status_code == 200
    assert [error.code for error in response.context["adminform"].form.errors.as_data()["username"]] == ["confusable"]
    assert not get_user_model().objects.filter(username="dеmo-client").exists()


def test_the_admin_stores_a_new_name_in_its_normal_form_and_keeps_an_unchanged_one(staff, demo_client):
    assert admin_add_user(staff, "Ｍoderator-Two").status_code == 302
    assert get_user_model().objects.filter(username="moderator-two").exists()
    user = demo_client.user
    response = staff.post(
        f"/admin/auth/user/{user.pk}/change/",
        {"username": user.username, "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"},
        **ENGLISH,
    )
    assert response.status_code == 302


@pytest.mark.parametrize("typed", ["Иван", "ИВАН", "Straße", "STRASSE"])
def test_a_name_beyond_ascii_signs_in_when_typed_in_another_case(client, typed):
    """SQLite's case-insensitive match folds ASCII only: the stored normal form is looked up first."""
    user = UserFactory(username="strasse" if typed.lower().startswith("s") else "иван")  # as the app stores them
    assert sign_in(client, typed, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
