"""Consent has a history (who gave or withdrew it, in which role, when, how); a client's withdrawal is undone only by
the client, or by the therapist with a note of the new consent given in session; and approval does not outlive what
it approved: withdrawing consent or a new video sends a shared dream back to moderation."""

import pytest

from dreams import services
from dreams.models import ConsentEvent, Dream
from tests.factories import DreamFactory, dreams_titled
from tests.videogen.pipeline import run_to_end

pytestmark = pytest.mark.django_db

NOTE = "In the session of 3 March the client said she wants the video again."


def edit_form(dream: Dream, **changes) -> dict:
    data = {
        "title": dream.title,
        "content": dream.content,
        "dreamt_on": "2026-11-01",
        "symbols": ", ".join(dream.symbols),
        "consent_video": "on",
        "privacy_mode": dream.privacy_mode,
        "visibility": dream.visibility,
        "provider": "local",
    }
    return {name: value for name, value in (data | changes).items() if value is not None}


def history(dream: Dream) -> list[tuple[str, str, str, str]]:
    events = ConsentEvent.objects.filter(dream=dream).order_by("at", "id")
    return [(event.kind, event.role, event.how, event.actor_name) for event in events]


def approved_shared_dream() -> Dream:
    return DreamFactory(visibility="shared", moderation="approved", with_video=True)


def test_after_the_client_withdrew_the_therapist_cannot_simply_tick_consent_again(client):
    """The review's sequence: an approved shared dream, the client withdraws, the therapist ticks consent again."""
    dream = approved_shared_dream()
    client.force_login(dream.client.user)
    client.post(f"/dreams/{dream.pk}/withdraw-consent")
    client.force_login(dream.author)
    response = client.post(f"/dreams/{dream.pk}/edit/", edit_form(dream))
    assert response.status_code == 200
    form = response.context["form"]
    assert "consent_note" in form.errors and form["title"].value() == dream.title  # said next to the field, input kept
    dream.refresh_from_db()
    assert not dream.consent_video
    assert dream.moderation == "pending"  # the approval went with the video it approved
    assert history(dream) == [("withdrawn", "client", "dream_page", dream.client.user.username)]


def test_a_note_of_new_consent_given_in_session_lets_the_therapist_record_it(client):
    dream = DreamFactory()
    services.consent_withdraw(dream=dream, by=dream.client.user)
    client.force_login(dream.author)
    response = client.post(f"/dreams/{dream.pk}/edit/", edit_form(dream, consent_note=NOTE))
    assert response.status_code == 302
    dream.refresh_from_db()
    assert dream.consent_video and dream.consent_recorded_by == dream.author
    event = ConsentEvent.objects.filter(dream=dream).latest("at")
    assert (event.kind, event.role, event.how, event.note, event.actor) == (
        "given",
        "therapist",
        "in_session",
        NOTE,
        dream.author,
    )


def test_the_service_refuses_the_therapist_without_a_note_after_the_clients_withdrawal():
    dream = DreamFactory()
    services.consent_withdraw(dream=dream, by=dream.client.user)
    with pytest.raises(services.ConsentRefused):
        services.consent_give(dream=dream, by=dream.author)
    dream.refresh_from_db()
    assert not dream.consent_video


def test_the_client_gives_consent_again_on_their_own_dream_page(client):
    dream = DreamFactory()
    client.force_login(dream.client.user)
    client.post(f"/dreams/{dream.pk}/withdraw-consent")
    page = client.get(f"/dreams/{dream.pk}/").content.decode()
    assert f"/dreams/{dream.pk}/give-consent" in page
    response = client.post(f"/dreams/{dream.pk}/give-consent")
    assert response.status_code == 302
    dream.refresh_from_db()
    assert dream.consent_video and dream.consent_recorded_by == dream.client.user
    assert [kind for kind, *_ in history(dream)] == ["withdrawn", "given"]
    assert history(dream)[-1][1:3] == ("client", "dream_page")


def test_only_the_client_gives_consent_on_the_dream_page(client):
    dream = DreamFactory(consent_video=False)
    client.force_login(dream.author)
    assert client.post(f"/dreams/{dream.pk}/give-consent").status_code == 403
    dream.refresh_from_db()
    assert not dream.consent_video and not ConsentEvent.objects.exists()


def test_a_therapist_who_withdrew_consent_may_record_it_again_without_a_note(client):
    dream = DreamFactory()
    client.force_login(dream.author)
    client.post(f"/dreams/{dream.pk}/edit/", edit_form(dream, consent_video=None))
    response = client.post(f"/dreams/{dream.pk}/edit/", edit_form(dream))
    assert response.status_code == 302
    dream.refresh_from_db()
    assert dream.consent_video
    assert [event[:3] for event in history(dream)] == [
        ("withdrawn", "therapist", "dream_form"),
        ("given", "therapist", "dream_form"),
    ]


def test_the_history_records_who_gave_and_withdrew_consent_when_and_how(client):
    dream = DreamFactory(consent_video=False)
    client.force_login(dream.author)
    client.post(f"/dreams/{dream.pk}/edit/", edit_form(dream))
    client.force_login(dream.client.user)
    client.post(f"/dreams/{dream.pk}/withdraw-consent")
    client.post(f"/dreams/{dream.pk}/give-consent")
    therapist, owner = dream.author.username, dream.client.user.username
    assert history(dream) == [
        ("given", "therapist", "dream_form", therapist),
        ("withdrawn", "client", "dream_page", owner),
        ("given", "client", "dream_page", owner),
    ]
    assert all(event.at for event in ConsentEvent.objects.all())


def test_the_therapist_reads_the_consent_history_on_the_dream_page(client):
    dream = DreamFactory()
    services.consent_withdraw(dream=dream, by=dream.client.user)
    services.consent_give(dream=dream, by=dream.author, note=NOTE)
    client.force_login(dream.author)
    page = client.get(f"/dreams/{dream.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "Consent history" in page and NOTE in page
    assert page.index("withdrawn") < page.index(NOTE)


def test_creating_a_dream_with_consent_starts_its_history(client):
    dream = DreamFactory(consent_video=False)
    client.force_login(dream.author)
    client.post(f"/clients/{dream.client_id}/dreams/add/", edit_form(dream, title="Second", consent_full_text="on"))
    created = dreams_titled("Second")[0]
    event = ConsentEvent.objects.get(dream=created)
    assert (event.kind, event.role, event.how, event.full_text) == ("given", "therapist", "dream_form", True)


def test_withdrawing_consent_sends_an_approved_shared_dream_back_to_moderation():
    dream = approved_shared_dream()
    services.consent_withdraw(dream=dream, by=dream.author)
    dream.refresh_from_db()
    assert dream.moderation == "pending"


@pytest.mark.django_db(transaction=True)
def test_a_new_video_of_an_approved_shared_dream_sends_it_back_to_moderation():
    dream = approved_shared_dream()
    job = run_to_end(dream, "local")
    assert job.state == "ready", job.error_message
    assert dream.moderation == "pending"
    assert dream.video.name.endswith(f"-{job.pk}.mp4")


@pytest.mark.django_db(transaction=True)
def test_a_new_video_of_a_private_dream_keeps_its_moderation():
    dream = DreamFactory(moderation="approved")
    run_to_end(dream, "local")
    assert dream.moderation == "approved"


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_by_the_client_before_the_history_existed_still_binds_the_therapist():
    """The migration starts each dream's history from what was recorded: who last gave or withdrew consent."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)
        return executor.loader.project_state(target).apps

    old = migrate([("dreams", "0006_audit_refused_lookups")])
    users = old.get_model("auth", "User").objects
    therapist, owner = users.create(username="t"), users.create(username="c")
    client_row = old.get_model("dreams", "Client").objects.create(therapist=therapist, pseudonym="A", user=owner)
    make = old.get_model("dreams", "Dream").objects.create
    fields = {"client": client_row, "author": therapist, "title": "x", "content": "y", "dreamt_on": "2026-11-01"}
    withdrawn = make(**fields, consent_video=False, consent_recorded_by=owner)
    given = make(**fields, consent_video=True, consent_recorded_by=therapist, consent_full_text=True)
    never = make(**fields, consent_video=False)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    events = ConsentEvent.objects.all()
    assert {(e.dream_id, e.kind, e.role, e.how, e.full_text) for e in events} == {
        (withdrawn.pk, "withdrawn", "client", "earlier", False),
        (given.pk, "given", "therapist", "earlier", True),
    }
    assert not ConsentEvent.objects.filter(dream_id=never.pk).exists()
    with pytest.raises(services.ConsentRefused):
        services.consent_give(dream=Dream.objects.get(pk=withdrawn.pk), by=therapist)
