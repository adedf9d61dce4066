"""The feed marks a new version of a nightmare and, by default while the client rehearses, shows only the new
versions of rescripted nightmares; the client can turn that off."""

import pytest
from django.test import Client as Browser

from dreams.models import FeedPreference
from dreams.rehearsal import services
from tests.factories import ClientFactory, DreamFactory, store_video


@pytest.fixture
def feed(db):
    client = ClientFactory()
    nightmare = DreamFactory(client=client, title="Falling teeth", with_video="nightmare")
    DreamFactory(client=client, title="A quiet lake", with_video="other")
    rescript = services.rescript_create(
        original=nightmare,
        author=client.therapist,
        title="New teeth of pearl",
        content="Calm sea at dawn.",
        consent_video=True,
        generate=False,
    )
    browser = Browser(headers={"accept-language": "en"})
    browser.force_login(client.user)
    return {"client": client, "nightmare": nightmare, "rescript": rescript, "browser": browser}


def titles(browser) -> str:
    return browser.get("/feed/items").content.decode()


def test_a_nightmare_stays_until_its_new_version_has_a_video(feed):
    page = titles(feed["browser"])
    assert "Falling teeth" in page and "New teeth of pearl" not in page


def test_while_rehearsing_only_the_new_version_shows_with_its_label(feed):
    store_video(feed["rescript"], "rescript")
    page = titles(feed["browser"])
    assert "New teeth of pearl" in page and "Falling teeth" not in page and "A quiet lake" in page
    assert page.count('class="new-version"') == 1


def test_the_client_can_see_both_versions_again(feed):
    store_video(feed["rescript"], "rescript")
    browser = feed["browser"]
    menu = browser.get("/feed/").content.decode()
    assert 'name="only_new_versions" checked' in menu
    response = browser.post("/feed/preferences", {"only_new_versions_shown": "1"})
    assert response.status_code == 302
    assert FeedPreference.objects.get(user=feed["client"].user).only_new_versions is False
    page = titles(browser)
    assert "New teeth of pearl" in page and "Falling teeth" in page
    assert page.index("New teeth of pearl") < page.index("Falling teeth")  # next to it: the same night, newer entry


def test_the_skip_form_alone_leaves_the_new_versions_choice_as_it_was(feed):
    browser = feed["browser"]
    browser.post("/feed/preferences", {"skip_distressing": "on"})
    assert FeedPreference.objects.get(user=feed["client"].user).only_new_versions is None
