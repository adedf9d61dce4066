"""Rescripts and logs through the API: the same rules and messages as the pages (over 3 hours, a night not over yet,
one log a night), the client's own rehearsal, the therapist's weeks, and nobody else sees any of it."""

import pytest

from dreams.models import AuditEvent, Dream, NightLog, RehearsalSession
from dreams.rehearsal import selectors, services
from tests.factories import ClientFactory, DreamFactory, TherapistFactory, UserFactory, store_video

CALM = "I walk to the sea at dawn; the water is warm and a friendly whale sings to me."


@pytest.fixture
def nightmare(db):
    client = ClientFactory(time_zone="Europe/Moscow")
    return DreamFactory(client=client, title="The chase", symbols=["chase", "darkness"], distressing=True)


@pytest.fixture
def rescript(nightmare):
    return services.rescript_create(
        original=nightmare, author=nightmare.client.therapist, title="The sea at dawn", content=CALM
    )


RESCRIPT = {
    "title": "The sea at dawn",
    "content": CALM,
    "dreamt_on": "2026-11-01",
    "symbols": ["sea", "whale"],
    "generate": False,
}


def test_the_therapist_writes_a_rescript_and_lists_the_nightmares_versions(app_of, nightmare):
    therapist = app_of(nightmare.client.therapist)
    answer = therapist.post(f"/api/v1/dreams/{nightmare.pk}/rescripts", RESCRIPT)
    assert answer.status_code == 201, answer.content
    created = Dream.objects.get(pk=answer.json()["dream"]["id"])
    assert created.rescript_of == nightmare and created.is_current_rescript and created.client == nightmare.client
    second = therapist.post(f"/api/v1/dreams/{created.pk}/rescripts", {**RESCRIPT, "title": "The calm shore"})
    assert Dream.objects.get(pk=second.json()["dream"]["id"]).rescript_of == nightmare  # a version of the nightmare
    listed = therapist.get(f"/api/v1/dreams/{nightmare.pk}/rescripts").json()
    assert [item["title"] for item in listed] == ["The calm shore", "The sea at dawn"]
    assert selectors.current_rescript(nightmare.client).title == "The calm shore"


def test_a_rescript_is_checked_like_the_pages_form(app_of, nightmare):
    answer = app_of(nightmare.client.therapist, language="ru").post(
        f"/api/v1/dreams/{nightmare.pk}/rescripts", {**RESCRIPT, "content": "", "consent_full_text": True}
    )
    assert answer.status_code == 400 and answer["Content-Type"] == "application/problem+json"
    assert {error["field"] for error in answer.json()["errors"]} >= {"content"}
    assert not nightmare.rescripts.exists()


def test_another_therapist_and_staff_cannot_write_a_rescript(app_of, nightmare):
    other = app_of(TherapistFactory()).post(f"/api/v1/dreams/{nightmare.pk}/rescripts", RESCRIPT)
    staff = app_of(UserFactory(is_staff=True)).post(f"/api/v1/dreams/{nightmare.pk}/rescripts", RESCRIPT)
    assert (other.status_code, staff.status_code) == (404, 403)
    assert not nightmare.rescripts.exists()


def test_the_client_reads_the_version_they_rehearse_and_checks_in(app_of, rescript):
    client = app_of(rescript.client.user)
    current = client.get("/api/v1/rehearsal/current")
    assert current.status_code == 200 and current.json()["id"] == str(rescript.pk)
    answer = client.post("/api/v1/rehearsal/check-ins", {"minutes": 12, "vividness": 7, "calm": 8})
    assert answer.status_code == 201, answer.content
    session = RehearsalSession.objects.get()
    assert (session.rescript, session.minutes, session.day) == (rescript, 12, selectors.client_today(rescript.client))


def test_a_client_without_a_rescript_is_told_so(app_of, nightmare):
    client = app_of(nightmare.client.user)
    assert client.get("/api/v1/rehearsal/current").status_code == 404
    refused = client.post("/api/v1/rehearsal/check-ins", {"minutes": 12, "vividness": 7, "calm": 8})
    assert refused.status_code == 404 and "new version" in refused.json()["detail"]


@pytest.mark.parametrize("language,says", [("en", "more than 3 hours"), ("ru", "больше 3 часов")])
def test_a_rehearsal_over_three_hours_is_refused_with_the_pages_message(app_of, rescript, language, says):
    answer = app_of(rescript.client.user, language=language).post(
        "/api/v1/rehearsal/check-ins", {"minutes": 181, "vividness": 7, "calm": 8}
    )
    assert answer.status_code == 400
    assert says in answer.json()["errors"][0]["detail"] and answer.json()["errors"][0]["field"] == "minutes"
    assert not RehearsalSession.objects.exists()


def test_scores_outside_zero_to_ten_are_refused(app_of, rescript):
    answer = app_of(rescript.client.user).post(
        "/api/v1/rehearsal/check-ins", {"minutes": 5, "vividness": 11, "calm": 8}
    )
    assert answer.status_code == 400 and "0 to 10" in str(answer.json()["errors"])


@pytest.mark.parametrize("language,says", [("en", "has not passed yet"), ("ru", "ещё не прошла")])
def test_a_log_for_a_night_not_over_is_refused(app_of, rescript, language, says):
    today = selectors.client_today(rescript.client)
    answer = app_of(rescript.client.user, language=language).post(
        "/api/v1/rehearsal/nights", {"night": today.isoformat(), "nightmare": False}
    )
    assert answer.status_code == 400 and says in str(answer.json()["errors"])
    assert not NightLog.objects.exists()


def test_a_second_log_of_the_same_night_edits_the_first_and_the_client_lists_them(app_of, rescript):
    client = app_of(rescript.client.user)
    night = selectors.last_night(rescript.client).isoformat()
    first = client.post("/api/v1/rehearsal/nights", {"night": night, "nightmare": True, "distress": 7})
    assert first.status_code == 201, first.content
    again = client.post(
        "/api/v1/rehearsal/nights", {"night": night, "nightmare": True, "distress": 3, "was_rescripted": True}
    )
    assert again.status_code == 200
    log = NightLog.objects.get()
    assert (log.distress, log.was_rescripted, log.rescript) == (3, True, rescript)
    listed = client.get("/api/v1/rehearsal/nights").json()
    assert [(item["night"], item["distress"]) for item in listed] == [(night, 3)]


def test_a_nightmare_without_its_distress_is_asked_for(app_of, rescript):
    night = selectors.last_night(rescript.client).isoformat()
    answer = app_of(rescript.client.user).post("/api/v1/rehearsal/nights", {"night": night, "nightmare": True})
    assert answer.status_code == 400 and "how distressing" in str(answer.json()["errors"])


def test_the_therapist_reads_the_weeks_and_nobody_else_does(app_of, rescript):
    client = rescript.client
    services.night_log_record(
        client=client,
        by=client.user,
        night=selectors.last_night(client),
        nightmare=True,
        distress=6,
        was_rescripted=True,
    )
    services.rehearsal_record(client=client, rescript=rescript, by=client.user, minutes=20, vividness=5, calm=6)
    weeks = app_of(client.therapist).get(f"/api/v1/clients/{client.pk}/progress")
    assert weeks.status_code == 200
    (week,) = weeks.json()
    assert (week["nights_logged"], week["nightmare_nights"], week["minutes"]) == (1, 1, 20)
    assert week["mean_distress"] == 6
    assert app_of(TherapistFactory()).get(f"/api/v1/clients/{client.pk}/progress").status_code == 404
    assert app_of(UserFactory(is_staff=True)).get(f"/api/v1/clients/{client.pk}/progress").status_code == 403
    assert app_of(UserFactory(is_staff=True)).get("/api/v1/rehearsal/nights").status_code == 403
    assert app_of(ClientFactory().user).get("/api/v1/rehearsal/nights").json() == []


def test_every_read_and_write_is_in_the_audit_log(app_of, rescript):
    client = app_of(rescript.client.user)
    client.get("/api/v1/rehearsal/current")
    client.get("/api/v1/rehearsal/nights")
    app_of(rescript.client.therapist).get(f"/api/v1/clients/{rescript.client.pk}/progress")
    details = set(AuditEvent.objects.filter(client_id=rescript.client.pk).values_list("detail", flat=True))
    assert {"night logs", "rehearsal progress"} <= details
    assert AuditEvent.objects.filter(dream_id=rescript.pk, action=AuditEvent.Action.VIEWED).exists()


def test_the_feed_and_the_dream_say_which_nightmare_a_new_version_rewrites(app_of, nightmare, rescript):
    store_video(rescript)
    rescript.consent_video = True
    rescript.save(update_fields=["consent_video"])
    app = app_of(nightmare.client.user)
    items = app.get("/api/v1/dreams/feed").json()["results"]
    assert [(item["id"], item["new_version_of"]) for item in items] == [(str(rescript.pk), str(nightmare.pk))]
    therapist = app_of(nightmare.client.therapist)
    assert therapist.get(f"/api/v1/dreams/{rescript.pk}").json()["new_version_of"] == str(nightmare.pk)
    assert therapist.get(f"/api/v1/dreams/{nightmare.pk}").json()["new_version_of"] is None
