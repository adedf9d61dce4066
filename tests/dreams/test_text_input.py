"""Text as typed into the dream form: limits counted on the stored (normalised) text, joined emoji and direction marks
kept as text, bytes that are not UTF-8 refused with a message, and every refused field named next to itself."""

from urllib.parse import quote

import pytest

from dreams.forms import MAX_DREAM_CHARS, DreamForm
from dreams.models import Dream
from tests.dreams.test_forms import form_data
from tests.factories import ClientFactory, TherapistFactory

pytestmark = pytest.mark.django_db

# U+0958 (DEVANAGARI QA) has no composed form: Unicode normalisation (NFC) turns it into two characters.
QA = "\u0958"


@pytest.fixture
def therapist_client(client):
    therapist = TherapistFactory()
    client.force_login(therapist)
    return client, ClientFactory(therapist=therapist)


def dream_form(**overrides) -> DreamForm:
    return DreamForm(form_data(**overrides), providers=[("local", "Local")])


def test_a_text_that_normalisation_makes_longer_than_the_limit_is_refused():
    form = dream_form(content=QA * MAX_DREAM_CHARS)
    assert not form.is_valid()
    assert form.errors.as_data()["content"][0].code == "too_long"


def test_a_text_within_the_limit_once_normalised_is_stored_within_the_limit_and_can_be_edited(therapist_client):
    http, owner = therapist_client
    content = QA * (MAX_DREAM_CHARS // 2)  # 5,000 characters typed, 10,000 stored
    assert http.post(f"/clients/{owner.pk}/dreams/add/", form_data(content=content)).status_code == 302
    dream = Dream.objects.get()
    assert len(dream.content) == MAX_DREAM_CHARS
    response = http.post(f"/dreams/{dream.pk}/edit/", form_data(content=dream.content, title="Edited"))
    assert response.status_code == 302
    dream.refresh_from_db()
    assert dream.title == "Edited"


def test_a_title_that_normalisation_makes_too_long_is_refused_next_to_the_field():
    form = dream_form(title=QA * 150)  # 150 characters typed, 300 once normalised; the limit is 200
    assert not form.is_valid()
    assert form.errors.as_data()["title"][0].code == "too_long"


@pytest.mark.parametrize(
    "text",
    [
        "Мы всей семьёй 👨\u200d👩\u200d👧 плыли на лодке",  # a family emoji: three emoji joined by U+200D
        "Я видела радугу 🏳\ufe0f\u200d🌈 над морем",
        "\u200fשלום\u200e и кит плавал",  # right-to-left and left-to-right marks around Hebrew
    ],
)
def test_joined_emoji_and_direction_marks_are_text_not_control_characters(text):
    form = dream_form(content=text, title=text)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["content"] == text


@pytest.mark.parametrize("invisible", ["\u202e", "\u200b", "\u2066", "\ufeff", "\x00"])
def test_overrides_and_invisible_characters_are_still_refused(invisible):
    form = dream_form(content=f"Кит{invisible} плавал")
    assert not form.is_valid() and "content" in form.errors


def test_bytes_that_are_not_utf8_get_a_clear_message_and_the_form_keeps_the_rest(therapist_client):
    http, owner = therapist_client
    body = "&".join(f"{key}={quote(value)}" for key, value in form_data(title="Kept title").items() if key != "content")
    body += "&content=" + quote("Кит плавал ".encode() + b"\xff\xfe" + " в воде".encode(), safe="")
    response = http.generic(
        "POST", f"/clients/{owner.pk}/dreams/add/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["content"]
    assert errors[0].code == "invalid_encoding"
    page = response.content.decode()
    assert "UTF-8" in page and "Kept title" in page and "в воде" in page
    assert not Dream.objects.exists()


def test_an_invalid_visibility_shows_a_message_next_to_the_field(therapist_client):
    http, owner = therapist_client
    response = http.post(f"/clients/{owner.pk}/dreams/add/", form_data(visibility="public-to-all"))
    assert response.status_code == 200
    assert "visibility" in response.context["form"].errors
    page = response.content.decode()
    legend = page.index(f"<legend>{response.context['form']['visibility'].label}</legend>")
    assert "public-to-all" in page[legend : page.index("</fieldset>", legend)]
    assert not Dream.objects.exists()
