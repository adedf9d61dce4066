"""In a real Chromium on a phone: a therapist's first sign-in enrols an authenticator (QR code shown under the strict
CSP), they invite a client whose phone opens the link, chooses a sign-in and lands in their feed; the link then dies."""

import os
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import authenticator_code
from tests.factories import PASSWORD, ClientFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Where to save the pages for a look (DREAMTOK_SCREENSHOTS=folder); nothing is written otherwise.
SHOTS = os.environ.get("DREAMTOK_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        language = page.evaluate("() => document.documentElement.lang")
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{language}.png"), full_page=True)


def drawn(page, selector: str) -> bool:
    """The SVG is on the page, drawn at a usable size."""
    box = page.evaluate(f"() => document.querySelector('{selector}').getBoundingClientRect().toJSON()")
    return box["width"] >= 150 and abs(box["width"] - box["height"]) < 2


@pytest.mark.parametrize("locale", ["en-US", "ru-RU"])
def test_enrolment_then_an_invitation_scanned_by_the_clients_phone(live_server, browser, settings, locale):
    settings.DEMO_MODE = False
    phone_size = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": locale}
    therapists_phone = browser.new_context(**phone_size)
    phone = therapists_phone.new_page()
    patient = ClientFactory(pseudonym="River", user=None)
    violations = []
    phone.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else 0)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", patient.therapist.username)
    phone.fill("#id_password", PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/accounts/two-factor/setup/**")
    assert drawn(phone, "svg.qr")
    shot(phone, "enrolment")
    device = TOTPDevice.objects.get(user=patient.therapist, confirmed=False)
    phone.fill("#id_code", authenticator_code(device))
    phone.click("main button[type=submit]")
    assert phone.locator("ul.codes li").count() == 10
    phone.click("main a.button.primary")
    phone.wait_for_url(f"{live_server.url}/clients/")

    phone.goto(f"{live_server.url}/clients/{patient.pk}/access/")
    phone.click("main button.primary")
    assert drawn(phone, "svg.qr")
    link = phone.input_value("#invitation-link")
    shot(phone, "invitation")

    context = browser.new_context(**phone_size)
    client_phone = context.new_page()
    client_phone.goto(link)
    client_phone.fill("#id_username", "river@example.org")
    client_phone.fill("#id_password1", "violet-harbour-1947")
    client_phone.fill("#id_password2", "violet-harbour-1947")
    shot(client_phone, "invitation-accept")
    client_phone.click("main button[type=submit]")
    client_phone.wait_for_url(f"{live_server.url}/feed/**")
    again = client_phone.goto(link)
    assert again.status == 404
    context.close()
    therapists_phone.close()
    assert violations == []
