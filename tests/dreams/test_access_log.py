"""Transparency: a client sees who opened their dreams and when (their therapist, moderation, video generation, other
clients of a shared dream), from the audit log, a page at a time, in their language; never other clients' data."""

import re

import pytest
from django.urls import reverse

from dreams import audit
from dreams.models import Dream
from dreams.services import dream_moderate
from tests.factories import ClientFactory, DreamFactory, UserFactory

pytestmark = pytest.mark.django_db


def lines(page: str) -> list[str]:
    """The page's events as text, one a line, tags and spacing removed."""
    items = re.findall(r"<li>(.*?)</li>", page.split('class="list access-log"')[1].split("</ul>")[0], flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


@pytest.fixture
def shared_dream():
    owner = ClientFactory()
    dream = DreamFactory(client=owner, title="A shared meadow", visibility=Dream.Visibility.SHARED)
    return owner, dream


def test_the_client_sees_their_therapist_moderation_generation_and_other_viewers(client, shared_dream):
    owner, dream = shared_dream
    therapist, moderator = owner.therapist, UserFactory(is_staff=True, username="moderator-anna")
    onlooker = ClientFactory(user=UserFactory(username="onlooker-boris"))
    audit.record(actor=therapist, dream_id=dream.pk, action=audit.Action.VIEWED)
    audit.record(actor=therapist, dream_id=dream.pk, action=audit.Action.GENERATED, detail="luma")
    dream_moderate(dream=dream, by=moderator, decision=Dream.Moderation.APPROVED)
    audit.record(actor=onlooker.user, dream_id=dream.pk, action=audit.Action.VIEWED)
    audit.record(actor=owner.user, dream_id=dream.pk, action=audit.Action.VIEWED)  # their own: not listed
    audit.record(actor=therapist, client_id=owner.pk, action=audit.Action.EXPORTED)
    other = DreamFactory(title="Not yours")
    audit.record(actor=other.client.therapist, dream_id=other.pk, action=audit.Action.VIEWED)

    client.force_login(owner.user)
    page = client.get(reverse("access_log"), headers={"accept-language": "en"}).content.decode()
    assert len(lines(page)) == 5
    assert lines(page)[0].startswith(f"Your therapist, {therapist.username} downloaded all your dreams")  # newest first
    joined = "\n".join(lines(page))
    assert f"Your therapist, {therapist.username} downloaded all your dreams" in joined
    assert "Another client (the dream is shared) opened the dream or watched its video · A shared meadow" in joined
    assert "DreamTok moderation approved the shared dream · A shared meadow" in joined
    assert f"Your therapist, {therapist.username} asked for a video (made by: luma) · A shared meadow" in joined
    assert f"Your therapist, {therapist.username} opened the dream or watched its video · A shared meadow" in joined
    for secret in ("onlooker-boris", "moderator-anna", "Not yours", owner.user.username):
        assert secret not in page
    assert f'href="/dreams/{dream.pk}/"' in page


def test_the_log_is_paginated_newest_first(client, shared_dream):
    owner, dream = shared_dream
    for _ in range(35):
        audit.record(actor=owner.therapist, dream_id=dream.pk, action=audit.Action.VIEWED)
    client.force_login(owner.user)
    first = client.get(reverse("access_log"), headers={"accept-language": "en"}).content.decode()
    second = client.get(reverse("access_log") + "?page=2", headers={"accept-language": "en"}).content.decode()
    assert len(lines(first)) == 30 and len(lines(second)) == 5
    assert "Page 1 of 2" in first and 'href="?page=2"' in first and "Page 2 of 2" in second
    assert client.get(reverse("access_log") + "?page=nonsense").status_code == 200  # the first page, not a 500


def test_the_log_speaks_the_clients_language(client, shared_dream):
    owner, dream = shared_dream
    audit.record(actor=owner.therapist, dream_id=dream.pk, action=audit.Action.VIEWED)
    client.force_login(owner.user)
    page = client.get(reverse("access_log"), headers={"accept-language": "ru"}).content.decode()
    assert "Кто видел мои сны" in page and f"Ваш терапевт, {owner.therapist.username}" in page


def test_a_client_with_no_visitors_is_told_so(client, shared_dream):
    client.force_login(shared_dream[0].user)
    page = client.get(reverse("access_log"), headers={"accept-language": "en"}).content.decode()
    assert "Nobody but you has opened your dreams yet." in page
    assert 'href="/my/dreams.zip"' in page


def test_an_expired_video_is_listed_as_the_systems_doing(client, shared_dream):
    owner, dream = shared_dream
    audit.record(actor=None, dream_id=dream.pk, action=audit.Action.VIDEO_EXPIRED, detail="not watched for 30 days")
    client.force_login(owner.user)
    page = client.get(reverse("access_log"), headers={"accept-language": "en"}).content.decode()
    expected = "DreamTok, automatically deleted the video, as nobody had watched it for long"
    assert lines(page) and lines(page)[0].startswith(expected)
