"""Moderators watch what they decide on: a shared dream's video and poster play on its admin page, through the same
signed, permission-checked links as everyone's, and each watch is audit-logged. A private dream's media stay out."""

import re

import pytest
from django.contrib.auth.models import Permission

from dreams.models import AuditEvent
from tests.factories import DreamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_dream", "change_dream"]))
    client.force_login(user)
    return user


def media_links(page: str) -> dict[str, str]:
    return {
        "video": re.search(r'<video[^>]*src="(/media/[^"]+)"', page).group(1),
        "poster": re.search(r'<img[^>]*src="(/media/[^"]+)"', page).group(1),
    }


@pytest.mark.parametrize("moderation", ["pending", "approved"])
def test_a_moderator_watches_a_shared_dreams_video_and_poster_inline(client, moderator, moderation):
    dream = DreamFactory(visibility="shared", moderation=moderation, with_video=True)
    page = client.get(f"/admin/dreams/dream/{dream.pk}/change/").content.decode()
    links = media_links(page)
    video = client.get(links["video"])
    assert video.status_code == 200 and b"".join(video.streaming_content) == b"\x00" * 64
    assert client.get(links["poster"]).status_code == 200
    watched = AuditEvent.objects.filter(dream_id=dream.pk, action="viewed", actor=moderator)
    assert watched.count() == 2  # the admin page, then the video


def test_a_private_dreams_media_are_not_on_its_admin_page_nor_reachable(client, moderator):
    dream = DreamFactory(with_video=True)
    page = client.get(f"/admin/dreams/dream/{dream.pk}/change/").content.decode()
    assert "<video" not in page and "/media/" not in page


def test_view_on_site_is_offered_only_where_staff_can_open_it(client, moderator):
    pending = DreamFactory(visibility="shared", moderation="pending", with_video=True)
    approved = DreamFactory(visibility="shared", moderation="approved", with_video=True)
    for dream, offered in ((pending, False), (approved, True)):
        page = client.get(f"/admin/dreams/dream/{dream.pk}/change/").content.decode()
        link = re.search(r'href="([^"]+)" class="viewsitelink"', page)
        assert bool(link) == offered
        if link:
            assert client.get(link.group(1), follow=True).status_code == 200
