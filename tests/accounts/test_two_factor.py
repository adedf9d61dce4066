"""Two-factor sign-in: therapists and staff enrol an authenticator on their first sign-in and type a code after their
password from then on (the admin too); recovery codes work once; wrong codes lock out like wrong passwords; clients
may turn it on; DEMO_MODE lets the demo accounts in and production refuses it."""

import re
import subprocess
import sys
from base64 import b32decode

import pytest
from django.conf import settings as django_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import recovery_codes_renew, user_requires_second_factor, verify_second_factor
from dreams.models import therapists_group
from tests.conftest import encryption_env
from tests.factories import PASSWORD, ClientFactory, TherapistFactory, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
ADDRESS = "203.0.113.9"


def sign_in(client, username, password=PASSWORD, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ADDRESS, **ENGLISH)


def code_for(device: TOTPDevice, ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def send_code(client, code, url="/accounts/two-factor/verify/"):
    return client.post(url, {"code": code}, REMOTE_ADDR=ADDRESS, **ENGLISH)


@pytest.fixture
def no_demo_mode(settings):
    settings.DEMO_MODE = False


@pytest.fixture(autouse=True)
def _no_device_throttle(settings):
    """django-otp also slows each device down after a wrong code (1 s, 2 s, 4 s…): off here, where codes follow each
    other at once; `test_a_device_is_throttled_after_a_wrong_code` keeps it."""
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_a_therapist_without_a_second_factor_must_enrol_before_anything_else(client, no_demo_mode):
    therapist = TherapistFactory()
    assert sign_in(client, therapist.username).status_code == 302
    for page in ("/clients/", "/feed/", "/accounts/", "/clients/add/"):
        response = client.get(page, **ENGLISH)
        assert response.status_code == 302 and response.url.startswith("/accounts/two-factor/setup/"), page
    assert client.get("/feed/items", HTTP_ACCEPT="application/json").status_code == 401
    setup = client.get("/accounts/two-factor/setup/", **ENGLISH)
    page = setup.content.decode()
    assert setup.status_code == 200 and '<svg xmlns="http://www.w3.org/2000/svg"' in page
    key = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=therapist, confirmed=False)
    assert b32decode(key + "=" * (-len(key) % 8)) == device.bin_key
    assert "otpauth://" not in page  # the key is in the QR code and in groups to type, never as a link
    assert 'href="/clients/"' not in page and 'href="/accounts/"' not in page  # the menu offers only signing out
    wrong = send_code(client, "000000", "/accounts/two-factor/setup/")
    assert wrong.status_code == 200 and wrong.context["form"].errors
    done = send_code(client, code_for(device), "/accounts/two-factor/setup/")
    codes = done.context["codes"]
    assert len(codes) == 10 and "no-store" in done["Cache-Control"]
    assert 'href="/clients/"' in client.get("/clients/").content.decode()


def test_a_therapist_with_an_authenticator_types_a_code_after_the_password(client, no_demo_mode):
    therapist = TherapistFactory()
    device = enrolled(therapist)
    sign_in(client, therapist.username)
    response = client.get("/clients/")
    assert response.url.startswith("/accounts/two-factor/verify/")
    # Signed in with the password alone, the authenticator cannot be replaced.
    assert client.get("/accounts/two-factor/setup/").url == "/accounts/two-factor/verify/"
    assert send_code(client, "123456").status_code == 200
    assert client.get("/clients/").status_code == 302
    answer = client.post("/accounts/two-factor/verify/", {"code": code_for(device), "next": "/clients/"})
    assert answer.status_code == 302 and answer.url == "/clients/"
    assert client.get("/clients/").status_code == 200


def test_staff_need_the_second_factor_for_the_admin(client, no_demo_mode):
    staff = UserFactory(is_staff=True, is_superuser=True)
    device = enrolled(staff)
    assert sign_in(client, staff.username, url="/admin/login/?next=/admin/").status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin.url.startswith("/accounts/two-factor/verify/")
    send_code(client, code_for(device))
    assert client.get("/admin/").status_code == 200


def test_the_admin_site_itself_refuses_a_session_without_the_second_factor(rf, no_demo_mode):
    from django.contrib.admin import site
    from django.contrib.sessions.backends.db import SessionStore

    staff = UserFactory(is_staff=True, is_superuser=True)
    request = rf.get("/admin/")
    request.user, request.session = staff, SessionStore()
    staff.is_verified = lambda: False
    assert site.has_permission(request) is False
    staff.is_verified = lambda: True
    assert site.has_permission(request) is True


def test_a_recovery_code_works_once(client, no_demo_mode):
    therapist = TherapistFactory()
    enrolled(therapist)
    codes = recovery_codes_renew(user=therapist)
    sign_in(client, therapist.username)
    assert send_code(client, codes[0]).status_code == 302
    assert client.get("/clients/").status_code == 200
    client.logout()
    sign_in(client, therapist.username)
    again = send_code(client, codes[0])
    assert again.status_code == 200 and again.context["form"].errors
    assert verify_second_factor(therapist, codes[1]) is True
    assert verify_second_factor(therapist, codes[1]) is False


def test_wrong_codes_lock_out_like_wrong_passwords(client, settings, no_demo_mode):
    settings.AXES_FAILURE_LIMIT = 5
    therapist = TherapistFactory()
    device = enrolled(therapist)
    sign_in(client, therapist.username)
    answers = [send_code(client, f"00000{n}").status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    assert "_auth_user_id" not in client.session  # the half-signed-in session ended
    # Signing in again does not wipe the count: the password is refused as well, and so is the right code.
    assert sign_in(client, therapist.username).status_code == 429
    assert "_auth_user_id" not in client.session
    device.refresh_from_db()
    assert send_code(client, code_for(device)).status_code == 302  # anonymous again: sent to sign in


def test_a_right_code_resets_the_count(client, settings, no_demo_mode):
    settings.AXES_FAILURE_LIMIT = 5
    therapist = TherapistFactory()
    codes = recovery_codes_renew(user=therapist)
    sign_in(client, therapist.username)
    for n in range(4):
        send_code(client, f"00000{n}")
    assert send_code(client, codes[0]).status_code == 302
    client.logout()
    sign_in(client, therapist.username)
    assert [send_code(client, f"11111{n}").status_code for n in range(4)] == [200] * 4


def test_a_client_may_turn_it_on_and_then_needs_it(client, no_demo_mode):
    patient = ClientFactory()
    assert user_requires_second_factor(patient.user) is False
    sign_in(client, patient.user.username)
    assert client.get("/feed/").status_code == 200
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=patient.user)
    send_code(client, code_for(device), "/accounts/two-factor/setup/")
    assert user_requires_second_factor(patient.user) is True
    client.logout()
    sign_in(client, patient.user.username)
    assert client.get("/feed/").url.startswith("/accounts/two-factor/verify/")
    send_code(client, code_for(device, ahead=1))
    assert client.get("/feed/").status_code == 200
    assert client.post("/accounts/two-factor/remove").status_code == 302
    assert user_requires_second_factor(patient.user) is False


def test_a_therapist_cannot_turn_it_off(client, no_demo_mode):
    therapist = TherapistFactory()
    client.force_login(therapist)
    client.post("/accounts/two-factor/remove")
    assert user_requires_second_factor(therapist) is True and TOTPDevice.objects.filter(user=therapist).exists()


@pytest.mark.parametrize("username", ["demo-therapist", "demo-staff"])
def test_demo_mode_lets_the_demo_accounts_in_without_a_second_factor(client, settings, username):
    user = UserFactory(username=username, is_staff=username == "demo-staff")
    if username == "demo-therapist":
        user.groups.add(therapists_group())
    settings.DEMO_MODE = True
    assert user_requires_second_factor(user) is False
    sign_in(client, username)
    assert client.get("/admin/" if username == "demo-staff" else "/clients/").status_code == 200
    settings.DEMO_MODE = False
    assert user_requires_second_factor(user) is True


def test_production_refuses_demo_mode():
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'dreamtok.settings'; django.setup()"
    environment = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "DEMO_MODE": "true",
        "SECRET_KEY": "x" * 60,
        "C2PA_ENABLED": "false",
        "DREAMTOK_VAR_DIR": str(django_settings.VAR_DIR),
        **encryption_env(),
    }
    run = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "DEMO_MODE" in run.stderr and "ImproperlyConfigured" in run.stderr
    environment["DEMO_MODE"] = "false"
    allowed = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, timeout=60)
    assert allowed.returncode == 0, allowed.stderr


def test_a_device_is_throttled_after_a_wrong_code_and_the_page_says_how_long_to_wait(client, settings, no_demo_mode):
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 1
    therapist = TherapistFactory()
    device = enrolled(therapist)
    codes = recovery_codes_renew(user=therapist)
    sign_in(client, therapist.username)
    refused = send_code(client, "000000")
    assert "Wait 1 second" in refused.content.decode()
    assert verify_second_factor(therapist, code_for(device)) is False  # at once after a wrong one: not even tried
    # A mistyped authenticator code does not hold up the recovery codes.
    assert send_code(client, codes[0]).status_code == 302
