"""As a therapist in a real browser: sign in, add a dream for a client, see it in the list."""

import pytest
from django.core.management import call_command

from tests.e2e.conftest import sign_in, wait_js

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_therapist_adds_a_dream_and_sees_it(live_server, desktop, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    call_command("seed_demo")
    page = desktop
    sign_in(page, live_server.url, "demo-therapist", "dreamtok")
    page.wait_for_url(f"{live_server.url}/clients/")
    page.click("text=Client A")
    page.click("text=Add a dream")
    page.fill("#id_title", "Lighthouse in the fog")
    page.fill("#id_content", "Mary Jones and I climbed a lighthouse in thick fog; a white owl sat at the top.")
    page.check("#id_consent_video")
    page.check("input[name=privacy_mode][value=anonymized]")
    # The preview shows the exact prompt that would leave the server, with the name removed.
    wait_js(page, "() => document.getElementById('prompt-preview').textContent.includes('owl')")
    preview = page.text_content("#prompt-preview")
    assert "Mary" not in preview and "Jones" not in preview
    page.uncheck("#id_generate")
    page.click("button[type=submit]:has-text('Save')")
    page.wait_for_selector("h1:has-text('Lighthouse in the fog')")
    page.click("text=← Client A")
    assert page.is_visible("text=Lighthouse in the fog")


def test_names_after_an_emoji_and_a_blank_line_are_marked_exactly(live_server, desktop):
    from tests.factories import PASSWORD, ClientFactory

    patient = ClientFactory()
    page = desktop
    sign_in(page, live_server.url, patient.therapist.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/clients/")
    page.goto(f"{live_server.url}/clients/{patient.pk}/dreams/add/")
    page.fill("#id_content", "Кит плавал 🐋🌊 и Маша махала.\n\n\nSarah waved back 👋 at Henderson.")
    page.check("input[name=privacy_mode][value=anonymized]")
    wait_js(page, "() => document.querySelectorAll('#redacted-text mark').length === 3")
    marks = page.eval_on_selector_all("#redacted-text mark", "marks => marks.map(m => [m.textContent, m.title])")
    assert marks == [["Маша", "name"], ["Sarah", "name"], ["Henderson", "name"]]
    shown = page.text_content("#redacted-text")
    assert shown == "Кит плавал 🐋🌊 и Маша махала.\n\n\nSarah waved back 👋 at Henderson."
    preview = page.text_content("#prompt-preview")
    for name in ("Маша", "Sarah", "Henderson"):
        assert name not in preview
