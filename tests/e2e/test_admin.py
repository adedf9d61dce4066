"""As staff in a real Chromium: the admin works under our Content-Security-Policy (its scripts run, nothing is
blocked), and a locked-out sign-in shows the lockout page."""

import pytest

from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, DreamFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_change_page_runs_its_scripts_with_no_policy_violation(live_server, desktop):
    dream = DreamFactory(title="Lighthouse", visibility="shared")
    staff = UserFactory(is_staff=True, is_superuser=True)
    console = []
    desktop.on("console", lambda message: console.append(message.text))
    sign_in(desktop, live_server.url, staff.username, PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/admin/")
    response = desktop.goto(f"{live_server.url}/admin/dreams/dream/{dream.pk}/change/")
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    # RelatedObjectLookups (admin JS) opens the look-up of the dream's client (a superuser may move a dream) in a
    # pop-up window: proof the scripts ran.
    with desktop.expect_popup() as lookup:
        desktop.click("#lookup_id_client")
    lookup.value.close()
    assert desktop.evaluate("() => typeof window.django === 'object' && typeof window.django.jQuery === 'function'")
    desktop.select_option("#id_moderation", "approved")
    desktop.click("input[name=_save]")
    desktop.wait_for_url(f"{live_server.url}/admin/dreams/dream/")
    violations = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
    assert violations == []


def test_the_sixth_sign_in_after_five_wrong_passwords_shows_the_lockout_page(live_server, desktop):
    user = UserFactory()
    for _ in range(5):
        sign_in(desktop, live_server.url, user.username, "not-the-password")
    sign_in(desktop, live_server.url, user.username, PASSWORD)
    desktop.wait_for_selector("h1:has-text('Too many attempts to sign in')")
    assert desktop.url.startswith(f"{live_server.url}/accounts/login/")
