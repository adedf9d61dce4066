"""Bad input to the dream pages: any text in the dream form (control characters, right-to-left overrides, null bytes,
100 KB), any cursor, any id in a path: a form error or a normal answer, never an exception or a 500. Forms and
posts that reference another therapist's clients or dreams are refused."""

import datetime
from urllib.parse import quote

import pytest
from django.core import signing
from hypothesis import event, example, given
from hypothesis import strategies as st

from dreams.cursor import CURSOR_SALT
from dreams.forms import DreamForm
from dreams.models import Dream
from dreams.services import dream_create
from tests.factories import ClientFactory, DreamFactory, TherapistFactory, dreams_titled
from tests.properties import FEW, NASTY, PROPERTY, any_text, hostile_text
from videogen.models import VideoJob

pytestmark = pytest.mark.django_db

MODES = st.one_of(st.sampled_from(["symbols", "anonymized", "full"]), st.text(max_size=12))
VALID_MODES = st.sampled_from(["symbols", "anonymized"])
DATES = st.one_of(st.dates(max_value=datetime.date(2026, 1, 1)).map(str), st.text(max_size=12))
# Any printable text in any script (emoji, combining marks, Cyrillic, Arabic…): what a form should mostly accept.
printable = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs")), min_size=1, max_size=300)


def form_data(title, content, symbols="", mode="symbols", day="2026-11-01", **more) -> dict:
    return {
        "title": title,
        "content": content,
        "symbols": symbols,
        "dreamt_on": day,
        "privacy_mode": mode,
        "visibility": "private",
        **more,
    }


@pytest.fixture
def patient():
    return ClientFactory()


@PROPERTY
@given(
    title=st.one_of(printable, hostile_text),
    content=st.one_of(printable, any_text),
    symbols=st.one_of(st.just(""), hostile_text),
    mode=st.one_of(VALID_MODES, MODES),
    day=st.one_of(st.just("2025-12-31"), DATES),
    consent=st.booleans(),
)
@example(title="Кит", content="\u202eтихо\u202c" * 10, symbols="", mode="symbols", day="2026-11-01", consent=True)
@example(title="x", content="a\x00b", symbols="", mode="symbols", day="2026-11-01", consent=False)
@example(title="x", content="кит " * 25_000, symbols="", mode="symbols", day="2026-11-01", consent=False)
def test_the_dream_form_gives_an_error_or_saves_the_dream(patient, title, content, symbols, mode, day, consent):
    data = form_data(title, content, symbols, mode, day, consent_video="on" if consent else "")
    form = DreamForm(data, providers=[("local", "Local")])
    if not form.is_valid():
        assert form.errors  # a clear message next to a field, the input kept
        event("refused with a form error")
        return
    event("saved")
    fields = {k: v for k, v in form.cleaned_data.items() if k not in ("generate", "provider")}
    dream = dream_create(author=patient.therapist, client=patient, generate=False, **fields)
    saved = Dream.objects.get(pk=dream.pk)
    assert saved.content == form.cleaned_data["content"] and saved.title == form.cleaned_data["title"]
    assert not any(char in saved.content + saved.title for char in "\x00\u202e\u202d\u2066")


def test_control_characters_and_overrides_are_a_form_error_not_a_saved_dream():
    for bad in ("a\x00b", "a\u202eb", "a\u2067b", "a\x1bb", "a\ufeffb"):
        form = DreamForm(form_data("Title", bad), providers=[("local", "Local")])
        assert not form.is_valid() and "content" in form.errors, repr(bad)


def test_a_100_kb_text_is_refused_as_too_long():
    form = DreamForm(form_data("Title", "кит " * 25_000), providers=[("local", "Local")])
    assert not form.is_valid()
    assert form.errors.as_data()["content"][0].code == "too_long"


@FEW
@given(title=hostile_text, content=any_text, mode=MODES)
def test_posting_the_dream_form_never_fails(client, patient, title, content, mode):
    client.force_login(patient.therapist)
    response = client.post(f"/clients/{patient.pk}/dreams/add/", form_data(title, content, mode=mode))
    assert response.status_code in (200, 302)


@FEW
@given(
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "text/plain", "application/json"]
    ),
)
def test_a_raw_body_of_any_bytes_never_fails_the_dream_form(client, patient, body, content_type):
    client.force_login(patient.therapist)
    response = client.generic("POST", f"/clients/{patient.pk}/dreams/add/", body, content_type=content_type)
    assert response.status_code in (200, 302, 400)


@PROPERTY
@given(cursor=st.one_of(st.text(max_size=300), st.text(alphabet=NASTY, max_size=50)))
def test_any_feed_cursor_is_a_normal_answer_or_a_clear_400(client, patient, cursor):
    client.force_login(patient.user)
    assert client.get("/feed/items", {"cursor": cursor, "tab": "shared"}).status_code in (200, 400)
    assert client.get("/feed/", {"cursor": cursor}).status_code in (200, 302)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@PROPERTY
@given(payload=json_values)
@example(payload=["2026-11-01T00:00:00+00:00", 5])
@example(payload=["2026-11-01T00:00:00+00:00", "not-a-uuid"])
@example(payload=["not a date", str(datetime.date.today())])
def test_even_a_validly_signed_but_malformed_cursor_is_a_clear_400(client, patient, payload):
    """Only the server can sign a cursor, but an old or tampered-with format must still not break the feed."""
    client.force_login(patient.user)
    cursor = signing.dumps(payload, salt=CURSOR_SALT, compress=True)
    assert client.get("/feed/items", {"cursor": cursor}).status_code in (200, 400)
    assert client.get("/feed/", {"cursor": cursor}).status_code in (200, 302)


DREAM_PATHS = ["/", "/edit/", "/delete/", "/video-status", "/favourite", "/withdraw-consent", "/generate-video"]


@PROPERTY
@given(
    dream_id=st.one_of(st.text(max_size=60), st.uuids().map(str), st.text(alphabet="0123456789abcdef-", max_size=40)),
    suffix=st.sampled_from(DREAM_PATHS),
    method=st.sampled_from(["get", "post"]),
)
def test_any_dream_id_in_a_path_is_a_404_never_a_500(client, patient, dream_id, suffix, method):
    client.force_login(patient.therapist)
    response = getattr(client, method)(f"/dreams/{quote(dream_id, safe='')}{suffix}")
    assert response.status_code in (404, 405)


@FEW
@given(number=st.one_of(st.integers(), st.text(max_size=20)))
def test_any_client_id_in_a_path_is_a_404_never_a_500(client, patient, number):
    client.force_login(patient.therapist)
    segment = quote(str(number), safe="")
    for path in (f"/clients/{segment}/", f"/clients/{segment}/dreams/add/"):
        assert client.get(path).status_code in (200, 404)


@FEW
@given(pseudonym=hostile_text)
def test_the_client_form_gives_an_error_or_adds_the_client(client, patient, pseudonym):
    client.force_login(patient.therapist)
    response = client.post("/clients/add/", {"pseudonym": pseudonym})
    assert response.status_code in (200, 302)


@FEW
@given(content=any_text, symbols=hostile_text, mode=st.text(max_size=12), provider=st.text(max_size=12))
def test_the_prompt_preview_always_answers_json(client, patient, content, symbols, mode, provider):
    client.force_login(patient.therapist)
    data = {"content": content, "symbols": symbols, "privacy_mode": mode, "provider": provider}
    response = client.post("/dreams/prompt-preview", data)
    assert response.status_code in (200, 400) and response["Content-Type"] == "application/json"


# Fields and posts that reference another therapist's objects.


@pytest.fixture
def two_practices():
    mine, theirs = TherapistFactory(), TherapistFactory()
    return {
        "me": mine,
        "my_client": ClientFactory(therapist=mine),
        "their_client": ClientFactory(therapist=theirs),
        "their_dream": DreamFactory(client=ClientFactory(therapist=theirs), title="Theirs"),
    }


def test_the_dream_form_for_another_therapists_client_is_refused(client, two_practices):
    client.force_login(two_practices["me"])
    response = client.post(
        f"/clients/{two_practices['their_client'].pk}/dreams/add/", form_data("Planted", "A calm sea.")
    )
    assert response.status_code == 404
    assert not dreams_titled("Planted")


def test_editing_another_therapists_dream_is_refused(client, two_practices):
    client.force_login(two_practices["me"])
    dream = two_practices["their_dream"]
    response = client.post(f"/dreams/{dream.pk}/edit/", form_data("Overwritten", "A calm sea."))
    assert response.status_code == 404
    dream.refresh_from_db()
    assert dream.title == "Theirs"


@pytest.mark.parametrize("action", ["generate-video", "delete/", "withdraw-consent", "favourite"])
def test_acting_on_another_therapists_dream_is_refused(client, two_practices, action):
    client.force_login(two_practices["me"])
    dream = two_practices["their_dream"]
    response = client.post(f"/dreams/{dream.pk}/{action}", {"provider": "local"})
    assert response.status_code == 404
    dream.refresh_from_db()
    assert dream.consent_video and not VideoJob.objects.filter(dream=dream).exists()


def test_a_client_cannot_generate_a_video_of_their_own_dream(client):
    dream = DreamFactory()
    client.force_login(dream.client.user)
    assert client.post(f"/dreams/{dream.pk}/generate-video").status_code == 403
    assert not VideoJob.objects.exists()


def test_the_dream_form_ignores_fields_that_would_move_the_dream_or_skip_moderation(client, two_practices):
    client.force_login(two_practices["me"])
    dream = DreamFactory(client=two_practices["my_client"], visibility="shared", moderation="pending")
    planted = {
        "client": two_practices["their_client"].pk,
        "author": two_practices["their_client"].therapist.pk,
        "moderation": "approved",
        "consent_recorded_by": two_practices["their_client"].therapist.pk,
        "video": "videos/someone-elses.mp4",
    }
    response = client.post(f"/dreams/{dream.pk}/edit/", {**form_data("Mine", "A calm sea."), **planted})
    assert response.status_code == 302
    dream.refresh_from_db()
    assert dream.client == two_practices["my_client"] and dream.author == two_practices["me"]
    assert dream.moderation == "pending" and dream.video.name == ""


@pytest.mark.parametrize(
    "target", ["//evil.example/feed/", "https://evil.example/", "/\\evil.example", "\\\\evil.example", "javascript:x"]
)
def test_the_favourite_button_never_redirects_off_the_site(client, target):
    dream = DreamFactory()
    client.force_login(dream.client.user)
    response = client.post(f"/dreams/{dream.pk}/favourite", {"next": target})
    assert response.status_code == 302 and response.url == "/feed/"


def test_the_favourite_button_comes_back_to_the_page_it_was_pressed_on(client):
    dream = DreamFactory()
    client.force_login(dream.client.user)
    response = client.post(f"/dreams/{dream.pk}/favourite", {"next": "/feed/?tab=mine"})
    assert response.url == "/feed/?tab=mine"
