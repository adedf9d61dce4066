"""What the dream's page says of its video job, as the server renders it: progress, errors, which service made it."""

import pytest

from tests.factories import DreamFactory, VideoJobFactory

pytestmark = pytest.mark.django_db


def page_of(client, dream, language="en") -> str:
    client.force_login(dream.author)
    return client.get(f"/dreams/{dream.pk}/", headers={"accept-language": language}).content.decode()


def test_the_server_rendered_progress_is_in_percent(client):
    dream = DreamFactory()
    VideoJobFactory(dream=dream, state="rendering", progress=0.42)
    page = page_of(client, dream)
    assert "42%" in page and "0%" not in page.replace("42%", "")
