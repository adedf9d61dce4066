"""Private media: signed links bound to one file and one user, streamed with HTTP Range."""

import re

import pytest
from django.core import signing
from django.core.cache import cache

from dreams.delivery import SALT, signed_url
from dreams.models import AuditEvent
from dreams.services import dream_delete
from tests.factories import DreamFactory, UserFactory, store_video

pytestmark = pytest.mark.django_db

BODY = bytes(range(256)) * 40  # 10,240 bytes


@pytest.fixture
def stored(client):
    dream = store_video(DreamFactory(), video=BODY, poster=b"\xff\xd8\xff poster")
    client.force_login(dream.client.user)
    return dream, signed_url(dream.video, dream.client.user)


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_whole_file_with_type_length_and_cache_headers(client, stored):
    response = client.get(stored[1])
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4" and response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(BODY)) and "private" in response["Cache-Control"]
    assert content(response) == BODY


def max_age(response) -> int | None:
    found = re.search(r"max-age=(\d+)", response["Cache-Control"])
    return int(found.group(1)) if found else None


@pytest.mark.parametrize("header", [None, "bytes=100-199"], ids=["whole", "range"])
def test_a_video_is_never_kept_in_the_browsers_cache(client, stored, header):
    """On a shared device a cached video would outlive the client's withdrawn consent."""
    response = client.get(stored[1], headers={"range": header} if header else {})
    assert response.status_code == (206 if header else 200)
    assert response["Cache-Control"] == "private, no-store" and max_age(response) is None


def test_a_poster_is_kept_a_minute_at_most_and_only_privately(client, stored):
    dream, _ = stored
    response = client.get(signed_url(dream.poster, dream.client.user))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"] and 0 < max_age(response) <= 60


def test_watching_a_video_is_recorded_once_an_hour_however_many_ranges_it_takes(client, stored):
    dream, url = stored
    for header in ("bytes=0-99", "bytes=100-", "bytes=0-"):
        assert client.get(url, headers={"range": header}).status_code == 206
    events = AuditEvent.objects.filter(dream_id=dream.pk)
    assert [(event.action, event.actor_name) for event in events] == [("viewed", dream.client.user.username)]


def test_a_locked_table_never_keeps_the_video_from_the_viewer_and_the_mark_is_tried_again(client, stored, monkeypatch):
    """A browser asks for a video's ranges at once; on SQLite one thread's write may find the table locked."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    dream, url = stored
    update = QuerySet.update

    def locked(queryset, **values):
        if "video_watched_at" in values:
            raise OperationalError("database table is locked: dreams_dream")
        return update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", locked)
    assert client.get(url, headers={"range": "bytes=0-99"}).status_code == 206
    dream.refresh_from_db()
    assert dream.video_watched_at is None
    monkeypatch.setattr(QuerySet, "update", update)
    assert client.get(url, headers={"range": "bytes=100-"}).status_code == 206
    dream.refresh_from_db()
    assert dream.video_watched_at is not None


def test_an_hour_later_watching_again_is_recorded_again(client, stored):
    dream, url = stored
    client.get(url)
    cache.clear()  # what an hour does to the key
    client.get(url)
    assert AuditEvent.objects.filter(dream_id=dream.pk, action="viewed").count() == 2


def test_each_viewer_of_a_shared_dream_is_recorded(client, stored):
    dream, url = stored
    dream.visibility, dream.moderation = "shared", "approved"
    dream.save()
    client.get(url)
    other = DreamFactory().client.user
    client.force_login(other)
    client.get(signed_url(dream.video, other))
    viewers = AuditEvent.objects.filter(dream_id=dream.pk, action="viewed").values_list("actor_name", flat=True)
    assert sorted(viewers) == sorted([dream.client.user.username, other.username])


def test_a_poster_or_a_refused_link_records_no_view(client, stored):
    dream, url = stored
    client.get(signed_url(dream.poster, dream.client.user))
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(dream_id=dream.pk).exists()


def test_a_player_signed_out_gets_401_not_the_sign_in_page(client, stored):
    client.logout()
    response = client.get(stored[1], headers={"sec-fetch-mode": "no-cors", "sec-fetch-dest": "video"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    "header,start,end",
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, len(BODY) - 1),
        ("bytes=-50", len(BODY) - 50, len(BODY) - 1),
        ("bytes=10000-99999", 10000, len(BODY) - 1),
    ],
)
def test_range_requests_answer_206_with_the_right_bytes(client, stored, header, start, end):
    response = client.get(stored[1], headers={"range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(BODY)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert content(response) == BODY[start : end + 1]


def test_unsatisfiable_range_answers_416(client, stored):
    response = client.get(stored[1], headers={"range": f"bytes={len(BODY)}-"})
    assert response.status_code == 416 and response["Content-Range"] == f"bytes */{len(BODY)}"


def test_tampered_link_answers_403(client, stored):
    assert client.get(stored[1][:-3] + "xyz/").status_code == 403


def test_expired_link_answers_403(client, stored, settings):
    settings.MEDIA_URL_MAX_AGE = -1
    assert client.get(stored[1]).status_code == 403


def test_a_link_signed_for_another_user_answers_403(client, stored):
    dream, _ = stored
    other = signing.dumps([dream.video.name, dream.author.pk], salt=SALT, compress=True)
    assert client.get(f"/media/{other}/").status_code == 403


def test_a_link_to_a_file_no_dream_owns_answers_404(client, stored):
    dream, _ = stored
    token = signing.dumps(["videos/../../etc/passwd", dream.client.user.pk], salt=SALT, compress=True)
    assert client.get(f"/media/{token}/").status_code == 404


def test_the_file_of_a_deleted_dream_answers_404(client, stored, django_capture_on_commit_callbacks):
    dream, url = stored
    with django_capture_on_commit_callbacks(execute=True):
        dream_delete(dream=dream)
    assert client.get(url).status_code == 404


def test_a_link_stops_working_as_soon_as_consent_is_withdrawn(client, stored):
    dream, url = stored
    dream.consent_video = False  # even before the files are gone from storage
    dream.save()
    assert client.get(url).status_code == 404


def test_a_shared_dreams_link_stops_working_once_it_is_rejected(client, stored):
    dream, _ = stored
    dream.visibility, dream.moderation = "shared", "approved"
    dream.save()
    other = DreamFactory().client.user
    client.force_login(other)
    url = signed_url(dream.video, other)
    assert client.get(url).status_code == 200
    dream.moderation = "rejected"
    dream.save()
    assert client.get(url).status_code == 404


def test_a_link_stops_working_when_the_dream_is_no_longer_the_users(client, stored):
    dream, url = stored
    dream.client.user = UserFactory()  # the client's account was replaced
    dream.client.save()
    assert client.get(url).status_code == 404
