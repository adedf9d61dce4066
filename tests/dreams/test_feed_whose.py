"""The therapist's feed says whose dream is playing; nobody else's feed names a client."""

import re

import pytest

from tests.factories import ClientFactory, DreamFactory

pytestmark = pytest.mark.django_db


def ready_dream(**fields):
    return DreamFactory(video="videos/x.mp4", poster="posters/x.jpg", **fields)


def whose(page: str) -> list[str]:
    return re.findall(r'<span class="whose">([^<]+)</span>', page)


def test_the_therapists_feed_names_the_client_of_each_dream(client):
    anna = ClientFactory(pseudonym="Anna K.")
    boris = ClientFactory(therapist=anna.therapist, pseudonym="Boris")
    ready_dream(client=anna, title="One")
    ready_dream(client=boris, title="Two")
    client.force_login(anna.therapist)
    assert sorted(whose(client.get("/feed/").content.decode())) == ["Anna K.", "Boris"]


def test_a_clients_feeds_name_nobody(client):
    anna = ClientFactory(pseudonym="Anna K.")
    ready_dream(client=anna, title="Mine")
    ready_dream(client=ClientFactory(pseudonym="Other person"), visibility="shared", moderation="approved")
    client.force_login(anna.user)
    for tab in ("mine", "shared"):
        page = client.get("/feed/", {"tab": tab}).content.decode()
        assert whose(page) == [] and "Other person" not in page
