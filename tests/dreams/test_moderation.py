"""Staff moderate and do nothing else in the admin: whatever model permissions they hold, only the decision (approve or
reject, with a reason the therapist reads) is theirs; only a superuser moves a dream or a client, through a service
that records it in the audit log."""

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dreams import services
from dreams.models import AuditEvent, Client, Dream
from tests.factories import ClientFactory, DreamFactory, UserFactory, VideoJobFactory
from videogen.models import LedgerEntry, VideoJob

User = get_user_model()

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Anna Petrova climbed the lighthouse on Lenina street."


def moderator(*models, codenames=("view", "change", "add", "delete")):
    """A staff user (not a superuser) holding the given permissions on the given models."""
    user = UserFactory(is_staff=True)
    for model in models:
        name = model._meta.model_name
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label=model._meta.app_label, codename__in=[f"{c}_{name}" for c in codenames]
            )
        )
    return user


def change_form(dream: Dream, **changes) -> dict:
    data = {
        "client": dream.client_id,
        "author": dream.author_id,
        "title": dream.title,
        "symbols": json.dumps(dream.symbols),
        "initial-symbols": json.dumps(dream.symbols),
        "dreamt_on": "2026-11-01",
        "moderation": dream.moderation,
        "moderation_reason": "",
        "_save": "Save",
    }
    return data | changes


def test_a_moderator_cannot_hand_a_dream_to_another_therapist(client):
    """The review's reproduction: view_dream + change_dream, one POST moving client, author, video and poster."""
    dream = DreamFactory(content=SECRET_TEXT, visibility="shared")
    other = ClientFactory()
    client.force_login(moderator(Dream, codenames=("view", "change")))
    data = change_form(
        dream,
        client=other.pk,
        author=other.therapist_id,
        title="Renamed",
        symbols='["sea"]',
        moderation="approved",
        video=SimpleUploadedFile("v.mp4", b"\x00" * 32),
        poster=SimpleUploadedFile("p.jpg", b"\xff\xd8"),
    )
    client.post(f"/admin/dreams/dream/{dream.pk}/change/", data)
    dream.refresh_from_db()
    assert dream.client_id != other.pk and dream.author_id != other.therapist_id
    assert dream.title != "Renamed" and dream.symbols == ["whale", "water", "red"]
    assert not dream.video and not dream.poster
    assert dream.moderation == "approved"  # the one thing staff decide went through
    client.force_login(other.therapist)
    assert client.get(f"/dreams/{dream.pk}/").status_code == 404


def editable_fields(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return set(response.context["adminform"].form.fields)


# What staff may change in each model admin of ours, whatever permissions they hold; a superuser also moves dreams
# and clients (through a service).
STAFF_MAY_CHANGE = {Dream: {"moderation", "moderation_reason"}}
SUPERUSER_MAY_CHANGE = {Dream: {"moderation", "moderation_reason", "client", "author"}, Client: {"therapist", "user"}}


def admin_objects(dream: Dream) -> dict:
    """One object for each model admin of the site, ours, Django's and django-axes' alike."""
    attempt = dict(user_agent="test", ip_address="127.0.0.1", username="someone", http_accept="*/*", path_info="/")
    return {
        Dream: dream,
        Client: dream.client,
        AuditEvent: AuditEvent.objects.create(dream_id=dream.pk, action="viewed"),
        VideoJob: VideoJobFactory(dream=dream),
        LedgerEntry: LedgerEntry.objects.create(provider="luma", amount_usd="0.71", dream_id=dream.pk),
        User: UserFactory(),
        Group: Group.objects.create(name="bystanders"),
        AccessAttempt: AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1),
        AccessLog: AccessLog.objects.create(**attempt),
        AccessFailureLog: AccessFailureLog.objects.create(**attempt),
        TOTPDevice: TOTPDevice.objects.create(user=dream.client.therapist, name="phone", confirmed=True),
        StaticDevice: StaticDevice.objects.create(user=dream.client.therapist, name="recovery codes", confirmed=True),
    }


def test_staff_with_every_permission_change_nothing_but_the_moderation_decision(client):
    dream = DreamFactory(visibility="shared")
    objects = admin_objects(dream)
    assert set(admin.site._registry) == set(objects)  # a new model admin fails here until it is added
    wrong = []
    for model in admin.site._registry:
        options = model._meta
        base = f"/admin/{options.app_label}/{options.model_name}"
        users = [(moderator(model), STAFF_MAY_CHANGE)]
        if model._meta.app_label in ("dreams", "videogen"):  # a superuser administers Django's and axes' models
            users.append((UserFactory(is_staff=True, is_superuser=True), SUPERUSER_MAY_CHANGE))
        for user, allowed in users:
            who = "superuser" if user.is_superuser else "staff"
            client.force_login(user)
            if client.get(f"{base}/add/").status_code != 403:
                wrong.append(f"{who} may add {options.model_name}")
            response = client.get(f"{base}/{objects[model].pk}/change/")
            fields = set(response.context["adminform"].form.fields) if response.status_code == 200 else set()
            if fields != allowed.get(model, set()):
                wrong.append(f"{who} may change {options.model_name}: {fields}")
            if not user.is_superuser and client.get(f"{base}/{objects[model].pk}/delete/").status_code != 403:
                wrong.append(f"{who} may delete {options.model_name}")
    assert wrong == [], "\n".join(wrong)


def test_staff_cannot_make_themselves_superuser_or_change_an_account(client):
    """The review's reproduction: staff holding every permission on accounts and groups escalate to superuser."""
    staff = moderator(User, Group, Permission)
    victim = UserFactory()
    client.force_login(staff)
    response = client.post(
        f"/admin/auth/user/{staff.pk}/change/",
        {
            "username": staff.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "_save": "Save",
        },
    )
    assert response.status_code == 403
    password = client.post(
        f"/admin/auth/user/{victim.pk}/password/", {"password1": "Tr0ub4dor&3x!", "password2": "Tr0ub4dor&3x!"}
    )
    assert password.status_code == 403
    group = Group.objects.create(name="moderators")
    assert client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "x"}).status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "admins"}).status_code == 403
    staff.refresh_from_db()
    victim.refresh_from_db()
    assert not staff.is_superuser and not victim.check_password("Tr0ub4dor&3x!")
    assert Group.objects.filter(name="moderators").exists() and not Group.objects.filter(name="admins").exists()


def test_staff_holding_delete_permissions_cannot_delete_dreams_clients_or_jobs(client):
    dream = DreamFactory(visibility="shared")
    job = VideoJobFactory(dream=dream)
    client.force_login(moderator(Dream, Client, VideoJob))
    for url in (
        f"/admin/dreams/dream/{dream.pk}/delete/",
        f"/admin/dreams/client/{dream.client_id}/delete/",
        f"/admin/videogen/videojob/{job.pk}/delete/",
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    for path, pk in (("dreams/dream", dream.pk), ("dreams/client", dream.client_id)):
        client.post(f"/admin/{path}/", {"action": "delete_selected", "_selected_action": [pk], "post": "yes"})
    assert Dream.objects.filter(pk=dream.pk).exists() and Client.objects.filter(pk=dream.client_id).exists()
    assert VideoJob.objects.filter(pk=job.pk).exists()
    dream.client.user.refresh_from_db()
    assert dream.client.user.is_active


def test_a_superuser_moves_a_dream_through_the_service_and_it_is_recorded(client):
    dream = DreamFactory(content=SECRET_TEXT)
    other = ClientFactory()
    boss = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(boss)
    response = client.post(
        f"/admin/dreams/dream/{dream.pk}/change/", change_form(dream, client=other.pk, author=other.therapist_id)
    )
    assert response.status_code == 302
    before = (dream.client_id, dream.author_id)
    dream.refresh_from_db()
    assert (dream.client_id, dream.author_id) == (other.pk, other.therapist_id)
    event = AuditEvent.objects.get(dream_id=dream.pk, action="transferred")
    assert event.actor == boss
    assert event.detail == f"client {before[0]} → {other.pk}, author {before[1]} → {other.therapist_id}"


def test_a_dream_moves_only_to_an_author_who_is_the_new_clients_therapist(client):
    dream = DreamFactory()
    other = ClientFactory()
    boss = UserFactory(is_staff=True, is_superuser=True)
    with pytest.raises(ValidationError) as refused:
        services.dream_transfer(dream=dream, by=boss, client=other, author=dream.author)
    assert "author" in refused.value.message_dict
    client.force_login(boss)
    response = client.post(
        f"/admin/dreams/dream/{dream.pk}/change/",
        change_form(dream, client=other.pk, author=dream.author_id),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200  # the form again, with the reason next to the author
    assert "the therapist of the dream&#x27;s client" in response.content.decode()
    dream.refresh_from_db()
    assert dream.client_id != other.pk
    assert not AuditEvent.objects.filter(dream_id=dream.pk, action="transferred").exists()


def test_only_a_superuser_may_move_a_dream():
    dream = DreamFactory()
    with pytest.raises(PermissionDenied):
        services.dream_transfer(dream=dream, by=moderator(Dream), client=ClientFactory(), author=dream.author)


def test_a_superuser_moves_a_client_to_another_therapist_and_each_dream_records_it(client):
    first, second = DreamFactory(), DreamFactory()
    second.client = first.client
    second.save()
    new_therapist = ClientFactory().therapist
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        f"/admin/dreams/client/{first.client_id}/change/",
        {"therapist": new_therapist.pk, "user": first.client.user_id, "_save": "Save"},
    )
    assert response.status_code == 302
    assert Client.objects.get(pk=first.client_id).therapist == new_therapist
    moved = set(AuditEvent.objects.filter(action="transferred").values_list("dream_id", flat=True))
    assert moved == {first.pk, second.pk}


def test_a_rejection_carries_a_reason_that_the_therapist_reads_on_the_dream_page(client):
    dream = DreamFactory(visibility="shared", moderation="approved")
    client.force_login(moderator(Dream, codenames=("view", "change")))
    response = client.post(
        "/admin/dreams/dream/",
        {"action": "reject", "_selected_action": [str(dream.pk)], "reason": "Shows a recognisable street."},
    )
    assert response.status_code == 302
    dream.refresh_from_db()
    assert (dream.moderation, dream.moderation_reason) == ("rejected", "Shows a recognisable street.")
    client.force_login(dream.client.therapist)
    assert "Shows a recognisable street." in client.get(f"/dreams/{dream.pk}/").content.decode()


def test_a_rejection_without_a_reason_changes_nothing(client):
    dream = DreamFactory(visibility="shared", moderation="approved")
    client.force_login(moderator(Dream, codenames=("view", "change")))
    client.post("/admin/dreams/dream/", {"action": "reject", "_selected_action": [str(dream.pk)], "reason": " "})
    page = client.get(f"/admin/dreams/dream/{dream.pk}/change/")
    response = client.post(f"/admin/dreams/dream/{dream.pk}/change/", change_form(dream, moderation="rejected"))
    assert response.status_code == 200 and "moderation_reason" in response.context["adminform"].form.errors
    assert page.status_code == 200
    dream.refresh_from_db()
    assert dream.moderation == "approved"
    assert not AuditEvent.objects.filter(action="rejected").exists()


def test_the_change_page_rejects_with_a_reason_through_the_service(client):
    dream = DreamFactory(visibility="shared")
    staff = moderator(Dream, codenames=("view", "change"))
    client.force_login(staff)
    response = client.post(
        f"/admin/dreams/dream/{dream.pk}/change/",
        change_form(dream, moderation="rejected", moderation_reason="Too close to a real person."),
    )
    assert response.status_code == 302
    dream.refresh_from_db()
    assert (dream.moderation, dream.moderation_reason) == ("rejected", "Too close to a real person.")
    assert AuditEvent.objects.filter(dream_id=dream.pk, action="rejected", actor=staff).exists()


def test_moderation_refuses_what_is_not_a_decision_on_a_shared_dream_by_staff():
    private = DreamFactory()
    staff = moderator(Dream)
    with pytest.raises(ValidationError):
        services.dream_moderate(dream=private, by=staff, decision="approved")
    shared = DreamFactory(visibility="shared")
    with pytest.raises(ValidationError):
        services.dream_moderate(dream=shared, by=staff, decision="pending")
    with pytest.raises(PermissionDenied):
        services.dream_moderate(dream=shared, by=shared.author, decision="approved")
    assert Dream.objects.get(pk=shared.pk).moderation == "pending"


@pytest.mark.parametrize(
    ("model", "action"), [(Dream, "approve"), (Dream, "reject"), (VideoJob, "retry"), (VideoJob, "cancel")]
)
def test_staff_who_may_only_view_cannot_run_an_admin_action(client, model, action):
    dream = DreamFactory(visibility="shared")
    state = "failed" if action == "retry" else "rendering"
    job = VideoJobFactory(dream=dream, state=state, attempts=3)
    target = dream if model is Dream else job
    client.force_login(moderator(model, codenames=("view",)))
    client.post(
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/",
        {"action": action, "_selected_action": [str(target.pk)], "reason": "A rule."},
    )
    dream.refresh_from_db()
    job.refresh_from_db()
    assert (dream.moderation, job.state, job.attempts) == ("pending", state, 3)
    assert not AuditEvent.objects.filter(action__in=["approved", "rejected"]).exists()
