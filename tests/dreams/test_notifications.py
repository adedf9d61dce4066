"""Therapists are told when a video is ready or failed: a badge in the nav, a list that marks them read, and, when
they ask for it, an e-mail through Django's mail framework that carries no dream text."""

import re

import pytest
from django.core import mail

from dreams.models import Notification
from tests.factories import DreamFactory, VideoJobFactory
from tests.videogen.pipeline import run_to_end
from videogen import runner
from videogen.services import outcomes


def badge(page: str) -> str | None:
    found = re.search(r'<span class="badge count"[^>]*>(\d+)</span>', page)
    return found.group(1) if found else None


@pytest.mark.django_db(transaction=True)
def test_a_ready_video_puts_a_badge_in_the_nav_and_a_line_in_the_list(client):
    dream = DreamFactory(title="The glass lighthouse")
    job = run_to_end(dream, "local")
    assert job.state == "ready"
    client.force_login(dream.author)
    assert badge(client.get("/clients/").content.decode()) == "1"
    page = client.get("/notifications/", headers={"accept-language": "en"}).content.decode()
    assert "The glass lighthouse" in page and "video is ready" in page
    client.post("/notifications/")
    assert badge(client.get("/clients/").content.decode()) is None
    assert Notification.objects.get().read_at is not None


@pytest.mark.django_db
def test_a_failed_video_is_told_and_mailed_when_asked_without_dream_text(
    client, settings, django_capture_on_commit_callbacks
):
    settings.VIDEOGEN_PROVIDERS = ["local"]
    dream = DreamFactory(title="Secret title", content="A private text about my mother.")
    dream.author.email = "therapist@example.org"
    dream.author.save()
    client.force_login(dream.author)
    client.post("/notifications/preferences", {"email_on_video": "on"})
    job = VideoJobFactory(dream=dream, providers_tried=["local"], requested_by=dream.author)
    with runner.in_process(), django_capture_on_commit_callbacks(execute=True):
        outcomes.handle_failure(job, "x", retryable=False)
    assert Notification.objects.get().kind == "failed"
    page = client.get("/notifications/", headers={"accept-language": "en"}).content.decode()
    assert "Secret title" in page and "video failed" in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["therapist@example.org"]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "mother" not in body and "Secret title" not in body and f"/dreams/{dream.pk}/" in body


@pytest.mark.django_db
def test_no_mail_unless_the_therapist_asked(client, settings, django_capture_on_commit_callbacks):
    settings.VIDEOGEN_PROVIDERS = ["local"]
    dream = DreamFactory()
    dream.author.email = "therapist@example.org"
    dream.author.save()
    job = VideoJobFactory(dream=dream, providers_tried=["local"], requested_by=dream.author)
    with runner.in_process(), django_capture_on_commit_callbacks(execute=True):
        outcomes.handle_failure(job, "x", retryable=False)
    assert Notification.objects.count() == 1 and mail.outbox == []


@pytest.mark.django_db
def test_a_client_has_no_notifications_page(client):
    dream = DreamFactory()
    client.force_login(dream.client.user)
    assert client.get("/notifications/").status_code == 403
