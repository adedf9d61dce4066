"""The live preview says it is updating while a request is in flight, and stops saying so when the answer is in."""

import time

import pytest

from tests.e2e.conftest import sign_in, wait_js

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_preview_shows_updating_while_the_server_answers(live_server, desktop):
    from tests.factories import PASSWORD, ClientFactory

    patient = ClientFactory()
    page = desktop
    sign_in(page, live_server.url, patient.therapist.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/clients/")
    page.goto(f"{live_server.url}/clients/{patient.pk}/dreams/add/", wait_until="networkidle")
    held = []

    def slow(route):  # the answer comes a second late, as the first preview after a cold start did
        held.append(route)
        time.sleep(1.0)
        route.continue_()

    page.route("**/dreams/prompt-preview", slow)
    page.fill("#id_content", "A white owl sat on the lighthouse.")
    wait_js(page, "() => !document.getElementById('preview-status').hidden")
    assert page.get_attribute(".preview", "aria-busy") == "true"
    wait_js(page, "() => document.getElementById('prompt-preview').textContent.includes('owl')")
    wait_js(page, "() => document.getElementById('preview-status').hidden")
    assert page.get_attribute(".preview", "aria-busy") == "false" and held
