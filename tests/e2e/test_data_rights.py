"""As a client in a real browser: "My data" shows who opened their dreams; the download is a ZIP whose journal opens
from disk without a connection and plays the dream's video."""

import zipfile

import pytest

from dreams import audit
from tests.e2e.conftest import sign_in, wait_js
from tests.factories import PASSWORD, ClientFactory, DreamFactory, store_video

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_client_sees_who_opened_their_dreams_and_takes_them_along_offline(
    live_server, phone, browser, rendered_clip, tmp_path
):
    video, poster = rendered_clip
    owner = ClientFactory(pseudonym="Vera")
    dream = DreamFactory(client=owner, title="The red whale", content="A red whale sang under the ice.")
    store_video(dream, str(dream.pk), video=video, poster=poster)
    audit.record(actor=owner.therapist, dream_id=dream.pk, action=audit.Action.VIEWED)

    page = phone
    sign_in(page, live_server.url, owner.user.username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/feed/")
    page.goto(f"{live_server.url}/my/access/")
    assert page.is_visible("h1:has-text('Who has seen my dreams')")
    assert page.is_visible(f"text=Your therapist, {owner.therapist.username}")
    with page.expect_download() as download:
        page.click("text=Download all my dreams")
    archive = tmp_path / "export.zip"
    download.value.save_as(archive)
    zipfile.ZipFile(archive).extractall(tmp_path / "unpacked")

    offline = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", offline=True)
    try:
        journal = offline.new_page()
        journal.goto((tmp_path / "unpacked" / "dreamtok" / "index.html").as_uri())
        assert journal.is_visible("h1:has-text('Dream journal of Vera')")
        assert journal.is_visible("text=A red whale sang under the ice.")
        wait_js(journal, "() => document.querySelector('video').readyState >= 1")  # the clip's metadata was read
        assert journal.evaluate("() => getComputedStyle(document.body).maxWidth") == "760px"  # style.css applied
    finally:
        offline.close()
