"""Markup that screen readers rely on: every help text a field points at exists; a content warning is a group of
the page, not a dialog that never opens."""

import re

import pytest

from tests.factories import ClientFactory, DreamFactory

pytestmark = pytest.mark.django_db


def test_every_help_text_a_field_points_at_exists(client):
    owner = ClientFactory()
    client.force_login(owner.therapist)
    for url in (f"/clients/{owner.pk}/dreams/add/", "/clients/add/"):
        page = client.get(url).content.decode()
        described = set(re.findall(r'aria-describedby="([^"]+)"', page))
        assert described, url
        assert all(f'id="{name}"' in page for name in described), (url, described)


def test_a_content_warning_is_no_dialog(client):
    dream = DreamFactory(distressing=True, video="videos/x.mp4", poster="posters/x.jpg")
    client.force_login(dream.client.user)
    for url in ("/feed/", f"/dreams/{dream.pk}/"):
        page = client.get(url).content.decode()
        assert 'class="warning" role="group"' in page and 'role="dialog"' not in page
