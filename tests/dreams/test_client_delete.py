"""Erasing a client, from the admin or from the client's page, goes through one service: every job stopped at its
provider, every copy of every video deleted, every row of theirs deleted, the client's account deleted and signed out
everywhere (database and cached sessions), an audit event without content; afterwards nothing names the client."""

import pytest
from axes.models import AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.db.models import CharField, JSONField, TextField
from django.test import Client as Browser

from dreams.models import AuditEvent, Client, Dream, Favourite, FeedPreference
from dreams.services import consent_give, consent_withdraw
from tests.conftest import configure_fake, fake_stats, files_under
from tests.factories import ClientFactory, DreamFactory
from tests.videogen.pipeline import run_to_end
from videogen import runner
from videogen.models import LedgerEntry, VideoJob
from videogen.services import video_job_start
from videogen.services.steps import job_submit

User = get_user_model()

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
    assert not User.objects.filter(pk=client.user.pk).exists()
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


def test_the_admins_confirmation_names_what_erasure_takes(world, staff):
    page = staff.get(f"/admin/dreams/client/{world['client'].pk}/delete/", headers={"accept-language": "en"})
    text = page.content.decode()
    assert page.status_code == 200 and "Erasing the client" in text
    assert "2 dreams" in text and "1 video being made" in text and "Video jobs: 2" in text
    assert f"The sign-in account “{world['client'].user.username}” is deleted" in text
    assert Client.objects.filter(pk=world["client"].pk).exists()  # asking is not deleting


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
    assert world["client"].user.username in text and "is deleted and signed out everywhere" in text
    assert "Video jobs: 2" in text and "Submissions: 2" in text  # what goes with them, by its name
    assert "The audit log keeps 2 events" in text  # the two videos asked for
    assert Client.objects.filter(pk=world["client"].pk).exists()  # asking is not deleting
    response = client.post(f"/clients/{world['client'].pk}/delete/")
    assert response.status_code == 302 and response.url == "/clients/"
    assert_all_gone(world, therapist)


def test_another_therapist_cannot_delete_the_client(world, client):
    client.force_login(ClientFactory().therapist)
    assert client.post(f"/clients/{world['client'].pk}/delete/").status_code == 404
    assert Client.objects.filter(pk=world["client"].pk).exists()
    assert User.objects.get(pk=world["client"].user.pk).is_active


@pytest.fixture(params=["cached_db", "cache"])
def cached_sessions(request, settings, redis_url):
    """Sessions in a Redis cache: written through to the database (cached_db, as production has them), or kept in
    the cache alone (cache). The prefix of the engine's cache keys."""
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url, "KEY_PREFIX": "erase"}
    settings.CACHES = {"default": redis}
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{request.param}"
    yield f"django.contrib.sessions.{request.param}"
    caches["default"].clear()


def rows_naming(*, users: list[int], clients: list[int], dreams: list, words: list[str]) -> list[str]:
    """Every row of every table that points at one of these accounts, clients or dreams, or holds one of these words
    in a text column."""
    targets = {User: users, Client: clients, Dream: dreams}
    found = []
    for model in apps.get_models():
        rows = model._base_manager
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in targets:
                count = rows.filter(**{f"{field.attname}__in": targets[field.related_model]}).count()
                found += [f"{model._meta.label}.{field.name}: {count} rows"] if count else []
            elif isinstance(field, CharField | TextField | JSONField):
                # Read in Python: an encrypted column is decrypted on reading, and the database cannot search it.
                values = [str(value).lower() for value in rows.values_list(field.attname, flat=True)]
                for word in words:
                    hit = any(word.lower() in value for value in values)
                    found += [f"{model._meta.label}.{field.name} holds {word!r}"] if hit else []
    return found


def test_erasing_a_client_leaves_nothing_that_names_them(cached_sessions, world, client):
    """After erasure no row of any table points at the client, their account or their dreams, no text column holds
    their sign-in name, pseudonym, dream titles or texts, no file is left in storage, and no session is left in the
    database or the cache. The audit log keeps ids and actions, with the client's own events under a neutral name."""
    owner, browser = world["client"], world["browser"]
    account = owner.user
    account.username = "vera-erasable-7f3a"  # no other name holds it (user1 would be found in user12)
    account.save(update_fields=["username"])
    for number, pk in enumerate(world["dreams"]):  # words no other dream has (the factory's text is everyone's)
        Dream.objects.filter(pk=pk).update(content=f"Only {owner.pseudonym} dreamt of the {number} blue owls.")
    dreams = list(Dream.objects.filter(client=owner))
    prompts = [
        f"videogen:prompt:{value}"
        for value in VideoJob.objects.filter(dream__client=owner).values_list("prompt_hash", flat=True)
    ]
    assert prompts and all(cache.get(key) is not None for key in prompts)  # the prompts built are in the cache
    words = [account.username, owner.pseudonym, *(d.title for d in dreams), *(d.content for d in dreams)]
    # What a client leaves behind in a few weeks of use: views, a favourite (also on another client's shared dream),
    # a feed choice, consent given and withdrawn, a wrong password.
    other = DreamFactory(title="Someone else's meadow")
    Favourite.objects.create(user=account, dream=dreams[0])
    Favourite.objects.create(user=account, dream=other)
    FeedPreference.objects.create(user=account, skip_distressing=True)
    consent_withdraw(dream=Dream.objects.get(pk=dreams[0].pk), by=account)
    consent_give(dream=Dream.objects.get(pk=dreams[0].pk), by=account)
    browser.get(f"/dreams/{dreams[0].pk}/")
    AccessLog.objects.create(username=account.username, ip_address="127.0.0.1", user_agent="test", path_info="/")
    session_key = browser.session.session_key
    in_database = cached_sessions.endswith("cached_db")
    assert cache.get(f"{cached_sessions}{session_key}") is not None
    assert Session.objects.filter(session_key=session_key).exists() == in_database

    client.force_login(owner.therapist)
    assert client.post(f"/clients/{owner.pk}/delete/").status_code == 302

    ids = {"users": [account.pk], "clients": [owner.pk], "dreams": [d.pk for d in dreams]}
    assert rows_naming(**ids, words=words) == []
    assert files_under(world["var"]) - world["files_before"] == set()
    assert not Session.objects.filter(session_key=session_key).exists()
    assert cache.get(f"{cached_sessions}{session_key}") is None
    assert [key for key in prompts if cache.get(key) is not None] == []
    assert world["browser"].get("/feed/").url.startswith("/accounts/login/")
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(account.pk)]
    own_events = AuditEvent.objects.filter(actor_name=f"erased client {owner.pk}")
    assert {event.action for event in own_events} == {"consent_withdrawn", "viewed"}
    assert Dream.objects.filter(pk=other.pk).exists()  # another client's dream stays, without the favourite
