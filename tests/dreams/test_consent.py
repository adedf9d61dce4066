"""Withdrawing consent or deleting a dream removes its video and poster from storage and from every feed."""

import pytest
from django.core.files.storage import default_storage

from dreams.models import Dream
from dreams.services import consent_withdraw, dream_delete
from tests.factories import DreamFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_withdrawing_consent_deletes_the_video_and_poster_files():
    dream = DreamFactory(with_video=True)
    names = [dream.video.name, dream.poster.name]
    assert all(default_storage.exists(name) for name in names)
    consent_withdraw(dream=dream, by=dream.client.user)
    assert not any(default_storage.exists(name) for name in names)
    dream.refresh_from_db()
    assert dream.consent_video is False and not dream.video and not dream.poster
    assert dream.consent_recorded_by == dream.client.user


def test_deleting_a_dream_deletes_its_files():
    dream = DreamFactory(with_video=True)
    names = [dream.video.name, dream.poster.name]
    dream_delete(dream=dream)
    assert not Dream.objects.filter(pk=dream.pk).exists()
    assert not any(default_storage.exists(name) for name in names)


def test_a_client_can_withdraw_consent_from_the_dream_page(client):
    dream = DreamFactory(with_video=True)
    client.force_login(dream.client.user)
    response = client.post(f"/dreams/{dream.pk}/withdraw-consent", follow=True)
    assert response.status_code == 200
    dream.refresh_from_db()
    assert not dream.consent_video and not dream.video


def test_unticking_consent_in_the_edit_form_withdraws_it(client):
    dream = DreamFactory(with_video=True)
    name = dream.video.name
    client.force_login(dream.author)
    response = client.post(
        f"/dreams/{dream.pk}/edit/",
        {
            "title": dream.title,
            "content": dream.content,
            "dreamt_on": "2026-11-01",
            "symbols": "whale",
            "privacy_mode": "symbols",
            "visibility": "private",
            "provider": "local",
        },
    )
    assert response.status_code == 302
    dream.refresh_from_db()
    assert not dream.consent_video and not default_storage.exists(name)
