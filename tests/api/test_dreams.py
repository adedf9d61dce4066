"""Dreams through the API: what the pages do (the same forms' rules, services, selectors, audit), as JSON."""

import pytest

from dreams.models import AuditEvent, Dream, Favourite
from tests.factories import ClientFactory, DreamFactory, TherapistFactory
from videogen.models import VideoJob

NEW_DREAM = {"title": "The red whale", "content": "I swam with a red whale.", "dreamt_on": "2026-11-01"}


@pytest.fixture
def client_record(db):
    return ClientFactory(therapist=TherapistFactory())


def test_a_therapist_creates_a_dream_and_its_video_is_queued(app_of, client_record):
    app = app_of(client_record.therapist)
    answer = app.post("/api/v1/dreams", {**NEW_DREAM, "client": client_record.pk, "consent_video": True})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    dream = Dream.objects.get(pk=body["dream"]["id"])
    assert dream.client == client_record and dream.symbols  # suggested from the text, as the form does
    assert body["job"]["state"] == "queued" and VideoJob.objects.get(dream=dream).pk == body["job"]["id"]
    assert body["dream"]["content"] == "I swam with a red whale."
    assert AuditEvent.objects.filter(dream_id=dream.pk, action="created").exists()


def test_without_consent_no_video_is_queued(app_of, client_record):
    app = app_of(client_record.therapist)
    answer = app.post("/api/v1/dreams", {**NEW_DREAM, "client": client_record.pk, "generate": False})
    assert answer.status_code == 201 and answer.json()["job"] is None
    assert not VideoJob.objects.exists()


def test_bad_input_is_refused_field_by_field_in_the_users_language(app_of, client_record):
    app = app_of(client_record.therapist, language="ru")
    answer = app.post(
        "/api/v1/dreams",
        {"client": client_record.pk, "title": " ", "content": "x", "dreamt_on": "2099-01-01", "generate": True},
    )
    assert answer.status_code == 400 and answer["Content-Type"] == "application/problem+json"
    errors = {error["field"]: error["detail"] for error in answer.json()["errors"]}
    assert set(errors) >= {"title", "dreamt_on", "consent_video"}
    assert "дата" in errors["dreamt_on"]
    assert not Dream.objects.exists()


def test_a_therapist_cannot_write_for_another_therapists_client(app_of, client_record):
    answer = app_of(TherapistFactory()).post("/api/v1/dreams", {**NEW_DREAM, "client": client_record.pk})
    assert answer.status_code == 404 and not Dream.objects.exists()


def test_a_therapist_lists_their_clients_and_a_clients_dreams(app_of, client_record):
    dream = DreamFactory(client=client_record)
    app = app_of(client_record.therapist)
    assert app.get("/api/v1/clients").json() == [
        {"id": client_record.pk, "pseudonym": client_record.pseudonym, "dream_count": 1}
    ]
    listed = app.get(f"/api/v1/clients/{client_record.pk}/dreams").json()
    assert [item["id"] for item in listed] == [str(dream.pk)] and listed[0]["video_state"] is None


def test_reading_a_dream_is_audited_and_its_text_is_only_the_therapists(app_of, client_record):
    dream = DreamFactory(client=client_record)
    by_client = app_of(client_record.user).get(f"/api/v1/dreams/{dream.pk}").json()
    by_therapist = app_of(client_record.therapist).get(f"/api/v1/dreams/{dream.pk}").json()
    assert by_client["content"] is None and by_client["title"] == dream.title
    assert by_therapist["content"] == dream.content
    assert AuditEvent.objects.filter(dream_id=dream.pk, action="viewed").count() == 2


def test_the_therapist_changes_symbols_through_the_forms_rules(app_of, client_record):
    dream = DreamFactory(client=client_record)
    app = app_of(client_record.therapist)
    answer = app.patch(f"/api/v1/dreams/{dream.pk}", {"symbols": ["луна", "sea"]})
    assert answer.status_code == 200, answer.content
    dream.refresh_from_db()
    assert dream.symbols == ["moon", "sea"]  # a Russian word becomes its English symbol, as in the form
    refused = app.patch(f"/api/v1/dreams/{dream.pk}", {"symbols": ["Moscow"]})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "symbols"


def test_the_client_withdraws_consent_and_the_video_goes(app_of, client_record):
    dream = DreamFactory(client=client_record, with_video=True)
    app = app_of(client_record.user)
    answer = app.patch(f"/api/v1/dreams/{dream.pk}", {"consent_video": False})
    assert answer.status_code == 200 and answer.json()["consent_video"] is False
    dream.refresh_from_db()
    assert not dream.video and not dream.consent_video
    assert app.patch(f"/api/v1/dreams/{dream.pk}", {"consent_video": True}).json()["consent_video"] is True


def test_a_client_cannot_change_the_symbols(app_of, client_record):
    dream = DreamFactory(client=client_record)
    answer = app_of(client_record.user).patch(f"/api/v1/dreams/{dream.pk}", {"symbols": ["moon"]})
    assert answer.status_code == 403
    dream.refresh_from_db()
    assert dream.symbols == ["whale", "water", "red"]


def test_the_therapist_deletes_a_dream(app_of, client_record):
    dream = DreamFactory(client=client_record, with_video=True)
    assert app_of(client_record.user).delete(f"/api/v1/dreams/{dream.pk}").status_code == 403
    assert app_of(client_record.therapist).delete(f"/api/v1/dreams/{dream.pk}").status_code == 204
    assert not Dream.objects.exists()
    assert AuditEvent.objects.filter(dream_id=dream.pk, action="deleted").exists()


def test_generate_video_queues_a_job_and_status_follows_it(app_of, client_record):
    dream = DreamFactory(client=client_record)
    app = app_of(client_record.therapist)
    started = app.post(f"/api/v1/dreams/{dream.pk}/generate-video", {"provider": "local"})
    assert started.status_code == 202 and started.json()["job"]["provider"] == "local"
    status = app.get(f"/api/v1/dreams/{dream.pk}/video-status").json()
    assert status["status"] == "queued" and status["provider"] == "local"
    unknown = app.post(f"/api/v1/dreams/{dream.pk}/generate-video", {"provider": "nowhere"})
    assert unknown.status_code == 400 and unknown.json()["code"] == "generation_refused"


def test_the_generation_rate_of_the_pages_applies(app_of, client_record, settings):
    settings.VIDEOGEN_GENERATE_RATE = "2/m"
    dream = DreamFactory(client=client_record)
    app = app_of(client_record.therapist)
    answers = [app.post(f"/api/v1/dreams/{dream.pk}/generate-video") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [202, 202, 429]
    assert int(answers[-1]["Retry-After"]) > 0 and "videos" in answers[-1].json()["detail"]


def test_the_budget_of_the_pages_applies(app_of, client_record, settings):
    settings.VIDEOGEN_PROVIDERS = ["luma", "local"]
    settings.LUMA_API_KEY = "key"
    settings.VIDEOGEN_THERAPIST_DAILY_BUDGET_USD = 0.0
    dream = DreamFactory(client=client_record)
    answer = app_of(client_record.therapist).post(f"/api/v1/dreams/{dream.pk}/generate-video", {"provider": "luma"})
    assert answer.status_code == 400 and answer.json()["code"] == "generation_refused"
    assert not VideoJob.objects.exists()


def test_api_requests_are_rate_limited_per_user(app_of, client_record, settings):
    settings.API_RATES = {**settings.API_RATES, "user": "3/m"}
    app, other = app_of(client_record.user), app_of(client_record.therapist)
    answers = [app.get("/api/v1/dreams/feed").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert other.get("/api/v1/dreams/feed").status_code == 200


def test_the_feed_pages_by_keyset_with_signed_links(app_of, client_record, settings):
    settings.FEED_PAGE_SIZE = 2
    import dreams.selectors

    dreams.selectors.FEED_PAGE_SIZE = 2
    try:
        made = [DreamFactory(client=client_record, with_video=True) for _ in range(3)]
        DreamFactory(client=client_record, consent_video=False)  # no video: not in the feed
        app = app_of(client_record.user)
        first = app.get("/api/v1/dreams/feed").json()
        second = app.get("/api/v1/dreams/feed", cursor=first["next_cursor"]).json()
    finally:
        dreams.selectors.FEED_PAGE_SIZE = 20
    ids = [item["id"] for item in first["results"] + second["results"]]
    assert sorted(ids) == sorted(str(dream.pk) for dream in made) and second["next_cursor"] is None
    item = first["results"][0]
    assert item["video_url"].startswith("/media/") and item["is_own"] is True and item["is_favourite"] is False
    assert app.get(item["video_url"]).status_code == 200  # with the token that asked for the feed
    assert app.browser.get(item["video_url"]).status_code != 200  # not without it


def test_a_forged_cursor_is_a_clear_problem(app_of, client_record):
    answer = app_of(client_record.user).get("/api/v1/dreams/feed", cursor="forged")
    assert answer.status_code == 400 and answer.json()["code"] == "bad_cursor"


def test_favourites_are_marked_and_unmarked(app_of, client_record):
    dream = DreamFactory(client=client_record, with_video=True)
    app = app_of(client_record.user)
    assert app.put(f"/api/v1/dreams/{dream.pk}/favourite").json() == {"favourite": True}
    assert app.get("/api/v1/dreams/feed").json()["results"][0]["is_favourite"] is True
    assert app.delete(f"/api/v1/dreams/{dream.pk}/favourite").json() == {"favourite": False}
    assert not Favourite.objects.exists()


def test_a_feed_page_costs_the_same_few_queries_however_many_dreams(app_of, client_record, django_assert_num_queries):
    app = app_of(client_record.user)
    DreamFactory(client=client_record, with_video=True)
    app.get("/api/v1/dreams/feed")  # the token's last use is written once, not on every request
    with django_assert_num_queries(3):  # the token and its account, the viewer, the page
        assert len(app.get("/api/v1/dreams/feed").json()["results"]) == 1
    for _ in range(5):
        DreamFactory(client=client_record, with_video=True)
    with django_assert_num_queries(3):
        assert len(app.get("/api/v1/dreams/feed").json()["results"]) == 6


def test_a_media_link_opens_only_with_the_token_of_the_account_it_was_signed_for(app_of, client_record):
    DreamFactory(client=client_record, with_video=True)
    owner, stranger = app_of(client_record.user), app_of(ClientFactory().user)
    link = owner.get("/api/v1/dreams/feed").json()["results"][0]["video_url"]
    assert owner.get(link).status_code == 200
    assert stranger.get(link).status_code == 403
