"""The Russian admin names a model in the case its phrase needs ("Выберите задачу видео", not "задача видео")."""

import re

import pytest

from tests.factories import ClientFactory, DreamFactory, VideoJobFactory

pytestmark = pytest.mark.django_db


def title(client, url: str, language: str = "ru") -> str:
    page = client.get(url, headers={"accept-language": language}).content.decode()
    return re.sub(r"\s+", " ", re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)).strip()


def test_titles_put_the_model_in_the_accusative(staff):
    job = VideoJobFactory(state="failed")
    patient = ClientFactory()
    assert title(staff, "/admin/videogen/videojob/") == "Выберите задачу видео для изменения"
    assert title(staff, f"/admin/videogen/videojob/{job.pk}/change/") == "Изменить задачу видео"
    assert title(staff, "/admin/dreams/client/") == "Выберите клиента для изменения"
    assert title(staff, f"/admin/dreams/client/{patient.pk}/change/") == "Изменить клиента"
    assert title(staff, "/admin/dreams/dream/") == "Выберите сон для изменения"
    assert title(staff, "/admin/dreams/auditevent/") == "Выберите событие журнала для просмотра"


def test_english_titles_are_unchanged(staff):
    assert title(staff, "/admin/videogen/videojob/", "en") == "Select video job to change"


def test_the_saved_message_does_not_guess_a_gender(staff):
    dream = DreamFactory(visibility="shared", moderation="pending")
    data = {"moderation": "approved", "moderation_reason": "", "client": dream.client_id, "author": dream.author_id}
    response = staff.post(
        f"/admin/dreams/dream/{dream.pk}/change/", data, headers={"accept-language": "ru"}, follow=True
    )
    page = response.content.decode()
    assert "был успешно изменен" not in page and "Изменения сохранены" in page
