"""Favourites: a client marks dreams of their feed, their own or shared ones, and finds them on a tab of their own,
paged by the feed's cursor; a double tap only ever marks; nobody marks a dream they may not open."""

import datetime

import pytest
from django.utils import timezone

from dreams.favourites import favourite_set
from dreams.models import Dream, Favourite
from tests.factories import ClientFactory

from .test_feed import ready_dream, titles, titles_of_every_page

pytestmark = pytest.mark.django_db

JSON = {"accept": "application/json"}


def test_a_client_marks_a_shared_dream_and_finds_it_on_the_favourites_tab(client):
    viewer = ClientFactory()
    shared = ready_dream(title="Shared whale", visibility="shared", moderation="approved")
    ready_dream(title="Shared but unmarked", visibility="shared", moderation="approved")
    own = ready_dream(client=viewer, title="My own")
    ready_dream(client=viewer, title="Mine unmarked")
    client.force_login(viewer.user)
    assert client.post(f"/dreams/{shared.pk}/favourite", headers=JSON).json() == {"favourite": True}
    assert client.post(f"/dreams/{own.pk}/favourite", headers=JSON).json() == {"favourite": True}
    page = client.get("/feed/?tab=favourites")
    assert sorted(titles(page)) == ["My own", "Shared whale"]
    assert page.content.decode().count('aria-pressed="true"') == 2


def test_the_shared_tab_shows_the_heart_pressed_for_a_marked_dream(client):
    viewer = ClientFactory()
    shared = ready_dream(visibility="shared", moderation="approved")
    Favourite.objects.create(user=viewer.user, dream=shared)
    client.force_login(viewer.user)
    page = client.get("/feed/?tab=shared").content.decode()
    assert 'class="favourite" aria-pressed="true"' in page


def test_a_double_tap_marks_and_never_unmarks(client):
    dream = ready_dream()
    client.force_login(dream.client.user)
    for _ in range(2):
        answer = client.post(f"/dreams/{dream.pk}/favourite", {"state": "on"}, headers=JSON)
        assert answer.json() == {"favourite": True}
    assert Favourite.objects.filter(dream=dream).count() == 1
    assert client.post(f"/dreams/{dream.pk}/favourite", {"state": "off"}, headers=JSON).json() == {"favourite": False}
    assert not Favourite.objects.exists()


def test_the_service_sets_toggles_and_clears(db):
    dream = ready_dream()
    user = dream.client.user
    assert favourite_set(user=user, dream=dream) is True
    assert favourite_set(user=user, dream=dream, favourite=True) is True
    assert favourite_set(user=user, dream=dream) is False
    assert not Favourite.objects.exists()


def test_nobody_marks_a_private_dream_of_another_client_nor_a_shared_one_awaiting_moderation(client):
    viewer = ClientFactory()
    private = ready_dream()
    pending = ready_dream(visibility="shared", moderation="pending")
    client.force_login(viewer.user)
    for dream in (private, pending):
        assert client.post(f"/dreams/{dream.pk}/favourite", {"state": "on"}, headers=JSON).status_code == 404
    assert not Favourite.objects.exists()


def test_a_favourite_that_stops_being_shared_leaves_the_tab(client):
    viewer = ClientFactory()
    shared = ready_dream(title="Was shared", visibility="shared", moderation="approved")
    Favourite.objects.create(user=viewer.user, dream=shared)
    Dream.objects.filter(pk=shared.pk).update(moderation="rejected")
    client.force_login(viewer.user)
    assert titles(client.get("/feed/?tab=favourites")) == []


def test_the_favourites_tab_pages_by_the_feeds_cursor_without_gaps_or_repeats(client, monkeypatch):
    viewer = ClientFactory()
    start = timezone.now() - datetime.timedelta(days=1)
    expected = []
    for i in range(7):
        fields = {"client": viewer} if i % 2 else {"visibility": "shared", "moderation": "approved"}
        dream = ready_dream(title=f"F{i}", dreamt_on=datetime.date(2026, 11, 1 + i % 3), **fields)
        Dream.objects.filter(pk=dream.pk).update(created_at=start + datetime.timedelta(minutes=i))
        Favourite.objects.create(user=viewer.user, dream=dream)
        expected.append((dream.dreamt_on, i, f"F{i}"))
    ready_dream(client=viewer, title="Unmarked")
    monkeypatch.setattr("dreams.selectors.FEED_PAGE_SIZE", 2)
    client.force_login(viewer.user)
    assert titles_of_every_page(client, "/feed/?tab=favourites") == [t for *_, t in sorted(expected, reverse=True)]


def test_a_therapist_has_no_hearts_and_no_favourites_tab(client):
    dream = ready_dream()
    client.force_login(dream.author)
    page = client.get("/feed/").content.decode()
    assert "favourite-form" not in page and "tab=favourites" not in page


def test_the_favourites_tab_is_named_in_both_languages(client):
    viewer = ClientFactory()
    client.force_login(viewer.user)
    assert "Favourites" in client.get("/feed/", headers={"accept-language": "en"}).content.decode()
    assert "Избранное" in client.get("/feed/", headers={"accept-language": "ru"}).content.decode()
    empty = client.get("/feed/?tab=favourites", headers={"accept-language": "en"}).content.decode()
    assert "No favourites yet" in empty
