"""The audit log records who viewed, created, changed, generated, shared, approved, rejected, withdrew consent for or
deleted each dream; it holds ids and actions, never the dream's text; staff read it in the admin and cannot edit it."""

import json

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dreams import audit
from dreams.models import AuditEvent, Dream
from tests.factories import DreamFactory, UserFactory, VideoJobFactory, dreams_titled

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Secret lighthouse",
    "content": "Maria and I climbed a lighthouse; a white owl sat at the top.",
    "dreamt_on": "2026-11-01",
    "privacy_mode": "symbols",
    "visibility": "private",
    "consent_video": "on",
    "provider": "local",
}


def trail(dream_id) -> list[tuple[str, str]]:
    return [
        (event.action, event.actor_name) for event in AuditEvent.objects.filter(dream_id=dream_id).order_by("at", "id")
    ]


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    return user


def test_viewing_a_dream_page_is_recorded_with_the_viewer(client):
    dream = DreamFactory()
    client.force_login(dream.client.user)
    client.get(f"/dreams/{dream.pk}/")
    assert trail(dream.pk) == [("viewed", dream.client.user.username)]


def test_a_refused_view_records_nothing(client):
    dream = DreamFactory()
    client.force_login(UserFactory())
    assert client.get(f"/dreams/{dream.pk}/").status_code == 404
    assert trail(dream.pk) == []


def test_creating_a_dream_with_its_video_is_recorded(client):
    therapist = DreamFactory().client.therapist
    client_row = therapist.clients.get()
    client.force_login(therapist)
    response = client.post(f"/clients/{client_row.pk}/dreams/add/", {**FORM, "generate": "on"})
    dream = dreams_titled("Secret lighthouse")[0]
    assert response.status_code == 302
    assert trail(dream.pk) == [("created", therapist.username), ("generated", therapist.username)]


def test_creating_a_shared_dream_records_the_sharing(client):
    dream = DreamFactory()
    client.force_login(dream.author)
    client.post(f"/clients/{dream.client_id}/dreams/add/", {**FORM, "visibility": "shared"})
    created = dreams_titled("Secret lighthouse")[0]
    assert [action for action, _ in trail(created.pk)] == ["created", "shared"]


def test_changing_a_dream_is_recorded(client):
    dream = DreamFactory()
    client.force_login(dream.author)
    client.post(f"/dreams/{dream.pk}/edit/", {**FORM, "title": "Renamed"})
    assert trail(dream.pk) == [("changed", dream.author.username)]


def test_sharing_a_dream_is_recorded_and_sends_it_to_moderation(client):
    dream = DreamFactory(visibility="private", moderation="approved")
    client.force_login(dream.author)
    client.post(f"/dreams/{dream.pk}/edit/", {**FORM, "visibility": "shared"})
    dream.refresh_from_db()
    assert [action for action, _ in trail(dream.pk)] == ["changed", "shared"]
    assert dream.moderation == "pending"


def test_changing_an_approved_shared_dream_sends_it_back_to_moderation(client):
    dream = DreamFactory(visibility="shared", moderation="approved", title="Secret lighthouse")
    client.force_login(dream.author)
    client.post(f"/dreams/{dream.pk}/edit/", {**FORM, "visibility": "shared", "title": "Something else"})
    dream.refresh_from_db()
    assert dream.moderation == "pending"


def test_generating_a_video_is_recorded(client):
    dream = DreamFactory()
    client.force_login(dream.author)
    client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"})
    assert trail(dream.pk) == [("generated", dream.author.username)]


def test_withdrawing_consent_is_recorded_with_who_withdrew(client):
    dream = DreamFactory()
    client.force_login(dream.client.user)
    client.post(f"/dreams/{dream.pk}/withdraw-consent")
    assert trail(dream.pk) == [("consent_withdrawn", dream.client.user.username)]


def test_deleting_a_dream_is_recorded_and_the_trail_outlives_it(client):
    dream = DreamFactory()
    client.force_login(dream.author)
    client.post(f"/dreams/{dream.pk}/delete/")
    assert not Dream.objects.filter(pk=dream.pk).exists()
    assert trail(dream.pk) == [("deleted", dream.author.username)]


def test_the_trail_holds_no_dream_text(client):
    dream = DreamFactory(title="Secret lighthouse", content="Maria and I climbed a lighthouse.")
    client.force_login(dream.author)
    client.get(f"/dreams/{dream.pk}/")
    client.post(f"/dreams/{dream.pk}/edit/", FORM)
    client.post(f"/dreams/{dream.pk}/generate-video", {"provider": "local"})
    rows = list(AuditEvent.objects.values())
    assert len(rows) == 3
    text = repr(rows)
    for secret in ("Secret", "lighthouse", "Maria", "owl"):
        assert secret not in text


def test_recording_an_event_is_one_insert(django_assert_num_queries):
    dream = DreamFactory()
    with django_assert_num_queries(1):
        audit.record(actor=dream.author, dream_id=dream.pk, action=audit.Action.VIEWED)
    with django_assert_num_queries(1):
        audit.record_many(actor=dream.author, events=[(dream.pk, "changed"), (dream.pk, "shared")])


def test_a_deleted_account_keeps_its_name_in_the_trail():
    dream = DreamFactory()
    viewer = UserFactory(username="former-client")
    audit.record(actor=viewer, dream_id=dream.pk, action=audit.Action.VIEWED)
    viewer.delete()
    event = AuditEvent.objects.get()
    assert event.actor is None and event.actor_name == "former-client"


def admin_action(client, action: str, dreams) -> None:
    selected = [str(dream.pk) for dream in dreams]
    client.post(
        "/admin/dreams/dream/", {"action": action, "_selected_action": selected, "reason": "A rule."}, follow=True
    )


def test_approving_and_rejecting_in_the_admin_are_recorded_per_dream(client, staff):
    first, second = DreamFactory(visibility="shared"), DreamFactory(visibility="shared")
    client.force_login(staff)
    admin_action(client, "approve", [first, second])
    admin_action(client, "reject", [second])
    assert trail(first.pk) == [("approved", staff.username)]
    assert trail(second.pk) == [("approved", staff.username), ("rejected", staff.username)]


def test_moderating_on_the_admin_change_page_is_recorded(client, staff):
    dream = DreamFactory(visibility="shared")
    client.force_login(staff)
    client.get(f"/admin/dreams/dream/{dream.pk}/change/")
    data = {
        "client": dream.client_id,
        "author": dream.author_id,
        "title": dream.title,
        "symbols": json.dumps(dream.symbols),
        "initial-symbols": json.dumps(dream.symbols),  # the admin compares against the hidden initial value
        "dreamt_on": "2026-11-01",
        "moderation": "approved",
        "_save": "Save",
    }
    response = client.post(f"/admin/dreams/dream/{dream.pk}/change/", data)
    assert response.status_code == 302
    assert trail(dream.pk) == [("viewed", staff.username), ("approved", staff.username)]


def test_the_admins_own_history_names_a_dream_by_its_id_never_its_title(client, staff):
    """django_admin_log would hold the title in plain text beside the encrypted one."""
    dream = DreamFactory(title="Marmalade lighthouse", visibility="shared")
    client.force_login(staff)
    data = {"client": dream.client_id, "author": dream.author_id, "dreamt_on": "2026-11-01", "_save": "Save"}
    data |= {"symbols": json.dumps(dream.symbols), "initial-symbols": json.dumps(dream.symbols)}
    assert client.post(f"/admin/dreams/dream/{dream.pk}/change/", data | {"moderation": "approved"}).status_code == 302
    client.post(f"/admin/dreams/dream/{dream.pk}/delete/", {"post": "yes"})
    entries = LogEntry.objects.order_by("pk")
    assert [(entry.action_flag, entry.object_repr) for entry in entries] == [
        (CHANGE, f"dream {dream.pk}"),
        (DELETION, f"dream {dream.pk}"),
    ]
    assert json.loads(entries[0].change_message)[0]["changed"]["fields"]  # what changed is still said


def test_deleting_in_the_admin_is_recorded_and_removes_the_files(client, staff, django_capture_on_commit_callbacks):
    dream = DreamFactory()
    dream.video.save("v.mp4", ContentFile(b"\x00" * 16), save=True)
    name = dream.video.name
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/dreams/dream/{dream.pk}/delete/", {"post": "yes"})
    assert not Dream.objects.filter(pk=dream.pk).exists()
    assert [action for action, _ in trail(dream.pk)] == ["deleted"]
    assert not default_storage.exists(name)


def test_staff_cannot_change_consent_or_sharing_in_the_admin(client, staff):
    dream = DreamFactory(visibility="private", consent_video=True)
    client.force_login(staff)
    form = client.get(f"/admin/dreams/dream/{dream.pk}/change/").context["adminform"].form
    assert not {"consent_video", "consent_full_text", "visibility", "privacy_mode"} & set(form.fields)


def test_staff_read_the_audit_log_filtered_by_action_and_searched_by_dream(client, staff):
    seen, other = DreamFactory(), DreamFactory()
    audit.record(actor=seen.author, dream_id=seen.pk, action="viewed")
    audit.record(actor=seen.author, dream_id=seen.pk, action="deleted")
    audit.record(actor=other.author, dream_id=other.pk, action="viewed")
    client.force_login(staff)
    listed = client.get("/admin/dreams/auditevent/")
    assert listed.status_code == 200 and listed.context["cl"].result_count == 3
    by_action = client.get("/admin/dreams/auditevent/", {"action__exact": "deleted"})
    assert by_action.context["cl"].result_count == 1
    by_dream = client.get("/admin/dreams/auditevent/", {"q": str(seen.pk)})
    assert by_dream.context["cl"].result_count == 2
    by_actor = client.get("/admin/dreams/auditevent/", {"q": other.author.username})
    assert by_actor.context["cl"].result_count == 1


def test_the_audit_log_cannot_be_added_to_changed_or_deleted_in_the_admin(client, staff):
    dream = DreamFactory()
    event = audit.record(actor=dream.author, dream_id=dream.pk, action="viewed")
    client.force_login(staff)
    assert client.get("/admin/dreams/auditevent/add/").status_code == 403
    assert client.post(f"/admin/dreams/auditevent/{event.pk}/change/", {"action": "deleted"}).status_code == 403
    assert client.post(f"/admin/dreams/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "viewed"


def test_people_who_are_not_staff_cannot_read_the_audit_log(client):
    dream = DreamFactory()
    client.force_login(dream.author)
    response = client.get("/admin/dreams/auditevent/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_staff_do_not_see_the_prompt_of_a_job_in_the_admin(client, staff):
    dream = DreamFactory(privacy_mode="full", consent_full_text=True)
    job = VideoJobFactory(dream=dream, prompt="Maria climbed the lighthouse at night")
    client.force_login(staff)
    response = client.get(f"/admin/videogen/videojob/{job.pk}/change/")
    assert response.status_code == 200 and "Maria" not in response.content.decode()
