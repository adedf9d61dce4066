"""A therapist finds a client by name, and sorts and filters a client's dreams by date, distress and video state."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile

from tests.factories import ClientFactory, DreamFactory, VideoJobFactory

pytestmark = pytest.mark.django_db


def titles(page: str) -> list[str]:
    return re.findall(r"<strong>([^<]+)</strong>", page)


def test_client_search_finds_by_part_of_the_pseudonym_in_any_case(client):
    anna = ClientFactory(pseudonym="Anna K.")
    ClientFactory(therapist=anna.therapist, pseudonym="Boris")
    ClientFactory(pseudonym="Anna of another therapist")
    client.force_login(anna.therapist)
    page = client.get("/clients/", {"q": "anna"}).content.decode()
    assert titles(page) == ["Anna K."]
    assert 'value="anna"' in page  # the search stays in its box


@pytest.fixture
def dreams(client):
    patient = ClientFactory()
    old = DreamFactory(client=patient, title="Old calm", dreamt_on=datetime.date(2026, 1, 5))
    DreamFactory(client=patient, title="Scary", dreamt_on=datetime.date(2026, 6, 1), distressing=True)
    failed = DreamFactory(client=patient, title="Failed one", dreamt_on=datetime.date(2026, 3, 1))
    VideoJobFactory(dream=failed, state="failed")
    old.video.save("old.mp4", ContentFile(b"x"), save=True)
    VideoJobFactory(dream=old, state="ready")
    client.force_login(patient.therapist)
    return patient


def listed(client, patient, **params) -> list[str]:
    response = client.get(f"/clients/{patient.pk}/", params, headers={"accept-language": "en"})
    assert response.status_code == 200
    return titles(response.content.decode())


def test_dreams_sort_by_the_night_dreamt_either_way(client, dreams):
    assert listed(client, dreams) == ["Scary", "Failed one", "Old calm"]
    assert listed(client, dreams, sort="oldest") == ["Old calm", "Failed one", "Scary"]


def test_dreams_filter_by_distress_and_video_state(client, dreams):
    assert listed(client, dreams, distressing="yes") == ["Scary"]
    assert listed(client, dreams, distressing="no") == ["Failed one", "Old calm"]
    assert listed(client, dreams, video="failed") == ["Failed one"]
    assert listed(client, dreams, video="ready") == ["Old calm"]
    assert listed(client, dreams, video="none") == ["Scary"]


def test_an_unknown_filter_value_is_said_and_the_list_stays(client, dreams):
    response = client.get(f"/clients/{dreams.pk}/", {"video": "burnt"}, headers={"accept-language": "en"})
    page = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in page
    assert titles(page) == ["Scary", "Failed one", "Old calm"]
