"""Device tokens: issued after a sign-in, shown once, stored hashed, expiring, listed and revoked by their owner; the
second factor (TOTP or a recovery code); sign-in failures and wrong codes counted by django-axes."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.models import DeviceToken
from tests.factories import PASSWORD, ClientFactory, TherapistFactory


@pytest.fixture
def therapist(db):
    return TherapistFactory()


def test_a_sign_in_issues_a_token_stored_only_as_its_hash(app_of, therapist):
    app = app_of(therapist)
    secret = app.token["token"]
    stored = DeviceToken.objects.get(pk=app.token["id"])
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(DeviceToken.objects.filter(pk=stored.pk).values().get())
    assert stored.name == "phone" and app.token["prefix"] == secret[:8]
    assert app.get("/api/v1/clients").status_code == 200


def test_the_token_list_never_shows_a_secret_and_only_the_owners_tokens(app_of, therapist):
    phone, tablet, other = app_of(therapist), app_of(therapist), app_of(TherapistFactory())
    listed = phone.get("/api/v1/auth/tokens").json()
    assert {token["id"] for token in listed} == {phone.token["id"], tablet.token["id"]}
    assert all("token" not in token for token in listed)
    assert other.token["id"] not in str(listed)


def test_the_owner_revokes_a_token_and_it_stops_working(app_of, therapist):
    phone, tablet = app_of(therapist), app_of(therapist)
    assert phone.delete(f"/api/v1/auth/tokens/{tablet.token['id']}").status_code == 204
    answer = tablet.get("/api/v1/clients")
    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/problem+json"
    assert phone.get("/api/v1/clients").status_code == 200


def test_nobody_revokes_another_accounts_token(app_of, therapist):
    phone, stranger = app_of(therapist), app_of(TherapistFactory())
    assert stranger.delete(f"/api/v1/auth/tokens/{phone.token['id']}").status_code == 404
    assert phone.get("/api/v1/clients").status_code == 200


def test_an_expired_token_is_refused(app_of, therapist, settings):
    phone = app_of(therapist)
    DeviceToken.objects.filter(pk=phone.token["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert phone.get("/api/v1/clients").status_code == 401


def test_a_token_expires_after_the_configured_days(app_of, therapist, settings):
    settings.API_TOKEN_DAYS = 7
    token = DeviceToken.objects.get(pk=app_of(therapist).token["id"])
    assert timedelta(days=7) - timedelta(minutes=1) < token.expires_at - token.created_at <= timedelta(days=7)


def test_a_deactivated_accounts_token_is_refused(app_of):
    client = ClientFactory()
    phone = app_of(client.user)
    client.user.is_active = False
    client.user.save()
    assert phone.get("/api/v1/dreams/feed").status_code == 401


def test_a_wrong_password_is_a_translated_problem(app_of, therapist):
    answer = app_of(language="ru").post(
        "/api/v1/auth/tokens", {"username": therapist.username, "password": "wrong", "device_name": "phone"}
    )
    assert answer.status_code == 401
    assert answer["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert body["code"] == "invalid_credentials" and body["status"] == 401
    assert "пароль" in body["detail"]


def test_repeated_wrong_passwords_lock_the_name_out(app_of, therapist, settings):
    settings.API_RATES = {**settings.API_RATES, "sign_in": "100/m"}
    app = app_of()
    body = {"username": therapist.username, "password": "wrong", "device_name": "phone"}
    answers = [app.post("/api/v1/auth/tokens", body).status_code for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
    assert answers[-1] == 429
    locked = app.post("/api/v1/auth/tokens", {**body, "password": PASSWORD})
    assert locked.status_code == 429 and locked.json()["code"] == "locked_out"


def test_sign_ins_are_rate_limited_by_address(app_of, therapist, settings):
    settings.API_RATES = {**settings.API_RATES, "sign_in": "2/m"}
    app = app_of()
    body = {"username": "nobody-at-all", "password": "x", "device_name": "phone"}
    answers = [app.post("/api/v1/auth/tokens", body) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [401, 401, 429]
    assert int(answers[-1]["Retry-After"]) > 0


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def no_otp_throttle(settings):
    """django-otp slows a device down after a wrong code: off here, where codes follow each other at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_a_therapist_signs_in_with_the_code_of_their_authenticator(app_of, therapist, no_otp_throttle):
    device = TOTPDevice.objects.create(user=therapist, name="authenticator", confirmed=True)
    app = app_of()
    body = {"username": therapist.username, "password": PASSWORD, "device_name": "phone"}
    assert app.post("/api/v1/auth/tokens", body).json()["code"] == "otp_required"
    assert app.post("/api/v1/auth/tokens", {**body, "otp": "000000"}).json()["code"] == "otp_invalid"
    signed_in = app.post("/api/v1/auth/tokens", {**body, "otp": code_for(device)})
    assert signed_in.status_code == 201
    assert DeviceToken.objects.filter(user=therapist, pk=signed_in.json()["id"]).exists()


def test_a_therapist_without_a_second_factor_is_told_to_enrol_on_the_site(app_of, therapist):
    answer = app_of(language="ru").post(
        "/api/v1/auth/tokens", {"username": therapist.username, "password": PASSWORD, "device_name": "phone"}
    )
    assert answer.status_code == 403 and answer["Content-Type"] == "application/problem+json"
    assert answer.json()["code"] == "second_factor_enrolment_required"
    assert "сайт" in answer.json()["detail"]
    assert not DeviceToken.objects.filter(user=therapist).exists()


def test_wrong_codes_lock_the_name_out_like_the_pages(app_of, therapist, settings, no_otp_throttle):
    settings.API_RATES = {**settings.API_RATES, "sign_in": "100/m"}
    device = TOTPDevice.objects.create(user=therapist, name="authenticator", confirmed=True)
    app = app_of()
    body = {"username": therapist.username, "password": PASSWORD, "device_name": "phone", "otp": "000000"}
    answers = [app.post("/api/v1/auth/tokens", body) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [answer.status_code for answer in answers[:-1]] == [401] * (settings.AXES_FAILURE_LIMIT - 1)
    assert answers[-1].status_code == 429 and answers[-1].json()["code"] == "locked_out"
    locked = app.post("/api/v1/auth/tokens", {**body, "otp": code_for(device)})
    assert locked.status_code == 429 and not DeviceToken.objects.filter(user=therapist).exists()


def test_a_client_without_a_second_factor_signs_in_with_the_password_alone(app_of):
    client = ClientFactory()
    answer = app_of().post(
        "/api/v1/auth/tokens", {"username": client.user.username, "password": PASSWORD, "device_name": "phone"}
    )
    assert answer.status_code == 201


def test_demo_mode_lets_the_demo_therapist_in_without_a_code(app_of, settings):
    settings.DEMO_MODE = True
    demo = TherapistFactory(username="demo-therapist")
    body = {"username": demo.username, "password": PASSWORD, "device_name": "phone"}
    assert app_of().post("/api/v1/auth/tokens", body).status_code == 201
    settings.DEMO_MODE = False
    assert app_of().post("/api/v1/auth/tokens", body).json()["code"] == "second_factor_enrolment_required"


def test_the_browser_session_needs_its_csrf_token_for_changes(db):
    from django.test import Client as Browser

    user = ClientFactory().user
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.get("/api/v1/dreams/feed").status_code == 200
    refused = browser.post("/api/v1/auth/tokens", {}, content_type="application/json")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
