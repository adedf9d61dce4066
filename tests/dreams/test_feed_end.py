"""The feed's last card: it closes the last page of a tab, never an earlier one, in the tab's own words."""

import pytest

from tests.factories import ClientFactory

from .test_feed import make_many, ready_dream

pytestmark = pytest.mark.django_db


def test_the_last_page_ends_with_the_card_and_an_earlier_page_does_not(client, monkeypatch):
    owner = ClientFactory()
    make_many(owner, 3)
    monkeypatch.setattr("dreams.selectors.FEED_PAGE_SIZE", 2)
    client.force_login(owner.user)
    first = client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    assert "feed-end" not in first and "data-next" in first
    monkeypatch.setattr("dreams.selectors.FEED_PAGE_SIZE", 20)
    whole = client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    assert 'class="feed-end"' in whole and "You have seen all your dreams" in whole


@pytest.mark.parametrize(
    ("tab", "text"),
    [("shared", "Вы посмотрели все общие сны"), ("mine", "Вы посмотрели все свои сны")],
)
def test_the_card_speaks_the_tabs_words_in_russian(client, tab, text):
    viewer = ClientFactory()
    ready_dream(client=viewer)
    ready_dream(visibility="shared", moderation="approved")
    client.force_login(viewer.user)
    page = client.get(f"/feed/?tab={tab}", headers={"accept-language": "ru"}).content.decode()
    assert text in page


def test_an_empty_feed_has_no_end_card_but_its_empty_state(client):
    viewer = ClientFactory()
    client.force_login(viewer.user)
    page = client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    assert "feed-end" not in page and "No dream videos yet" in page
