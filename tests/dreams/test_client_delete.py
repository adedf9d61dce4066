"""Deleting a client, from the admin or from the client's page, goes through one service: every job stopped at its
provider, every copy of every video deleted, the client's account deactivated and signed out, an audit event."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client as Browser

from dreams.models import AuditEvent, Client, Dream
from tests.conftest import configure_fake, fake_stats, files_under
from tests.factories import ClientFactory, DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen import runner
from videogen.models import LedgerEntry
from videogen.services import job_submit, video_job_start

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(fake_providers_configured, tmp_path):
    """A client with a finished video and a video still rendering at Luma, signed in on a browser of their own."""
    configure_fake(fake_providers_configured, render_seconds=30)
    before = files_under(tmp_path)
    client = ClientFactory()
    finished = DreamFactory(client=client)
    assert run_to_end(finished, "local").state == "ready"
    rendering = DreamFactory(client=client)
    with runner.in_process() as steps:
        job = video_job_start(dream=rendering, provider="luma", requested_by=client.therapist)
        job_submit(job.pk)
        steps.clear()
    assert fake_stats(fake_providers_configured)["tasks"] == 1
    browser = Browser()
    browser.force_login(client.user)
    assert browser.get("/feed/").status_code == 200
    return {
        "client": client,
        "dreams": [finished.pk, rendering.pk],
        "browser": browser,
        "fake": fake_providers_configured,
        "var": tmp_path,
        "files_before": before,
    }


def assert_all_gone(world, actor) -> None:
    client = world["client"]
    assert not Client.objects.filter(pk=client.pk).exists()
    assert not Dream.objects.filter(pk__in=world["dreams"]).exists()
    assert files_under(world["var"]) - world["files_before"] == set()  # videos, posters, renders, downloads
    assert fake_stats(world["fake"])["tasks"] == 0  # Luma was told to drop the video it was making
    client.user.refresh_from_db()
    assert not client.user.is_active and not client.user.has_usable_password()
    response = world["browser"].get("/feed/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(client.user.pk)]
    deleted = AuditEvent.objects.filter(action="client_deleted").values_list("client_id", "actor_name")
    assert list(deleted) == [(client.pk, actor.username)]
    assert set(AuditEvent.objects.filter(action="deleted").values_list("dream_id", flat=True)) == set(world["dreams"])
    assert LedgerEntry.objects.filter(provider="luma").count() == 1  # what it cost stays spent


def test_deleting_a_client_in_the_admin_goes_through_the_service(world, staff):
    staff_user = staff.get("/admin/").wsgi_request.user
    response = staff.post(f"/admin/dreams/client/{world['client'].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert_all_gone(world, staff_user)


def test_deleting_clients_with_the_admins_bulk_action_goes_through_the_service(world, staff):
    staff_user = staff.get("/admin/").wsgi_request.user
    response = staff.post(
        "/admin/dreams/client/",
        {"action": "delete_selected", "_selected_action": [world["client"].pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert_all_gone(world, staff_user)


def test_a_therapist_deletes_a_client_from_the_clients_page_after_a_confirmation(world, client):
    therapist = world["client"].therapist
    client.force_login(therapist)
    page = client.get(f"/clients/{world['client'].pk}/", headers={"accept-language": "en"}).content.decode()
    assert f'href="/clients/{world["client"].pk}/delete/"' in page
    confirm = client.get(f"/clients/{world['client'].pk}/delete/", headers={"accept-language": "en"})
    text = confirm.content.decode()
    assert confirm.status_code == 200
    assert "2 dreams" in text and "1 video" in text and "1 video being made" in text
    assert world["client"].user.username in text and "deactivated" in text
    assert Client.objects.filter(pk=world["client"].pk).exists()  # asking is not deleting
    response = client.post(f"/clients/{world['client'].pk}/delete/")
    assert response.status_code == 302 and response.url == "/clients/"
    assert_all_gone(world, therapist)


def test_another_therapist_cannot_delete_the_client(world, client):
    client.force_login(ClientFactory().therapist)
    assert client.post(f"/clients/{world['client'].pk}/delete/").status_code == 404
    assert Client.objects.filter(pk=world["client"].pk).exists()
    world["client"].user.refresh_from_db()
    assert world["client"].user.is_active
