"""The feed: who sees what, newest first, 20 a page by cursor, a constant number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dreams.models import Dream, Favourite
from tests.factories import ClientFactory, DreamFactory

pytestmark = pytest.mark.django_db


def ready_dream(**fields) -> Dream:
    fields.setdefault("video", "videos/x.mp4")
    fields.setdefault("poster", "posters/x.jpg")
    return DreamFactory(**fields)


def titles(response) -> list[str]:
    return re.findall(r'<article class="feed-item[^"]*"[^>]*aria-label="([^,]+),', response.content.decode())


def make_many(owner, count: int) -> list[Dream]:
    dreams = [ready_dream(client=owner, title=f"D{i:03d}") for i in range(count)]
    start = timezone.now() - datetime.timedelta(days=1)
    for i, dream in enumerate(dreams):  # distinct, increasing creation times: D000 oldest
        Dream.objects.filter(pk=dream.pk).update(created_at=start + datetime.timedelta(seconds=i))
    return dreams


def test_client_sees_only_their_own_ready_videos(client):
    mine = ready_dream(title="Mine")
    DreamFactory(client=mine.client, title="NoVideo")
    ready_dream(title="NotMine")
    ready_dream(client=mine.client, title="Withdrawn", consent_video=False)
    client.force_login(mine.client.user)
    assert titles(client.get("/feed/")) == ["Mine"]


def test_therapist_sees_their_clients_ready_videos(client):
    dream = ready_dream(title="Ours")
    ready_dream(title="Other therapist's")
    client.force_login(dream.author)
    assert titles(client.get("/feed/")) == ["Ours"]


def test_shared_tab_shows_approved_shared_dreams_of_others_without_their_text(client):
    viewer = ClientFactory()
    ready_dream(title="Approved", visibility="shared", moderation="approved", content="SECRET-TEXT")
    ready_dream(title="Pending", visibility="shared", moderation="pending")
    ready_dream(title="Private", visibility="private", moderation="approved")
    client.force_login(viewer.user)
    response = client.get("/feed/?tab=shared")
    assert titles(response) == ["Approved"]
    assert "SECRET-TEXT" not in response.content.decode()


def test_feed_is_newest_first_twenty_a_page_with_a_cursor(client):
    owner = ClientFactory()
    make_many(owner, 45)
    client.force_login(owner.user)
    first = client.get("/feed/")
    assert titles(first) == [f"D{i:03d}" for i in range(44, 24, -1)]
    next_url = re.search(r'data-next="([^"]+)"', first.content.decode()).group(1).replace("&amp;", "&")
    second = client.get(next_url)
    assert titles(second) == [f"D{i:03d}" for i in range(24, 4, -1)]
    third_url = re.search(r'data-next="([^"]+)"', second.content.decode()).group(1).replace("&amp;", "&")
    third = client.get(third_url)
    assert titles(third) == [f"D{i:03d}" for i in range(4, -1, -1)]
    assert "data-next" not in third.content.decode()


def test_queries_per_page_do_not_grow_with_depth(client):
    owner = ClientFactory()
    make_many(owner, 65)
    client.force_login(owner.user)
    client.get("/feed/")
    with CaptureQueriesContext(connection) as first:
        page = client.get("/feed/")
    url = re.search(r'data-next="([^"]+)"', page.content.decode()).group(1).replace("&amp;", "&")
    for _ in range(2):
        with CaptureQueriesContext(connection) as deeper:
            page = client.get(url)
        url = re.search(r'data-next="([^"]+)"', page.content.decode()).group(1).replace("&amp;", "&")
    assert len(deeper) <= len(first) <= 8


def test_a_tampered_cursor_is_a_clear_400(client):
    owner = ClientFactory()
    client.force_login(owner.user)
    response = client.get("/feed/items?cursor=forged")
    assert response.status_code == 400


def test_a_distressing_dream_carries_its_opt_in_screen(client):
    dream = ready_dream(title="Chase", distressing=True)
    client.force_login(dream.client.user)
    page = client.get("/feed/").content.decode()
    assert "feed-item distressing" in page and 'class="button primary watch"' in page


def test_skip_all_distressing_dreams_hides_them(client):
    calm = ready_dream(title="Calm")
    ready_dream(client=calm.client, title="Nightmare", distressing=True)
    client.force_login(calm.client.user)
    client.post("/feed/preferences", {"skip_distressing": "on"})
    assert titles(client.get("/feed/")) == ["Calm"]


def test_empty_feed_says_videos_are_being_made(client):
    from videogen.models import VideoJob

    dream = DreamFactory()
    VideoJob.objects.create(dream=dream, provider="local")
    client.force_login(dream.client.user)
    response = client.get("/feed/", headers={"accept-language": "en"})
    assert "still being made" in response.content.decode()


def test_favourite_toggles_and_stays_private(client):
    dream = ready_dream()
    client.force_login(dream.client.user)
    response = client.post(f"/dreams/{dream.pk}/favourite", headers={"accept": "application/json"})
    assert response.json() == {"favourite": True}
    assert Favourite.objects.filter(user=dream.client.user, dream=dream).exists()
    client.post(f"/dreams/{dream.pk}/favourite", headers={"accept": "application/json"})
    assert not Favourite.objects.exists()


def test_every_item_is_labelled_ai_generated_and_the_list_is_a_feed(client):
    dream = ready_dream()
    client.force_login(dream.client.user)
    page = client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    assert 'role="feed"' in page and 'role="article"' in page and "AI-generated" in page


def test_a_client_can_open_an_approved_shared_dream_by_its_link_but_not_a_private_one(client):
    viewer = ClientFactory()
    shared = ready_dream(visibility="shared", moderation="approved", content="HIDDEN-TEXT")
    private = ready_dream()
    client.force_login(viewer.user)
    page = client.get(f"/dreams/{shared.pk}/")
    assert page.status_code == 200 and "HIDDEN-TEXT" not in page.content.decode()
    assert client.get(f"/dreams/{private.pk}/").status_code == 404
