"""Withdrawing consent asks first, for the therapist and for the client, and says what will be deleted."""

import pytest

from tests.factories import DreamFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["client", "therapist"])
def test_the_dream_page_links_to_a_confirmation_instead_of_withdrawing_at_once(client, who):
    dream = DreamFactory(with_video=True)
    client.force_login(dream.client.user if who == "client" else dream.author)
    page = client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()
    assert f'action="/dreams/{dream.pk}/withdraw-consent"' not in page
    assert f'href="/dreams/{dream.pk}/withdraw-consent"' in page


@pytest.mark.parametrize("who", ["client", "therapist"])
def test_the_confirmation_says_what_is_deleted_and_changes_nothing(client, who):
    dream = DreamFactory(with_video=True)
    client.force_login(dream.client.user if who == "client" else dream.author)
    response = client.get(f"/dreams/{dream.pk}/withdraw-consent", headers={"accept-language": "en"})
    assert response.status_code == 200
    page = response.content.decode()
    assert dream.title in page and "the video and its poster" in page and "every feed" in page
    assert f'action="/dreams/{dream.pk}/withdraw-consent"' in page and 'method="post"' in page
    dream.refresh_from_db()
    assert dream.consent_video and dream.video


def test_confirming_withdraws_and_deletes(client):
    dream = DreamFactory(with_video=True)
    client.force_login(dream.client.user)
    response = client.post(f"/dreams/{dream.pk}/withdraw-consent")
    assert response.status_code == 302
    dream.refresh_from_db()
    assert not dream.consent_video and not dream.video


def test_the_confirmation_speaks_russian(client):
    dream = DreamFactory(with_video=True)
    client.force_login(dream.client.user)
    page = client.get(f"/dreams/{dream.pk}/withdraw-consent", headers={"accept-language": "ru"}).content.decode()
    assert "Отозвать согласие" in page
