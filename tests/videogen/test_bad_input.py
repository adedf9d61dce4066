"""Bad input to the video endpoints: generate-video with any body, video-status with any headers, any media token,
any webhook: a clear refusal or a normal answer, never a 500."""

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import DreamFactory, VideoJobFactory
from tests.properties import FEW, PROPERTY, hostile_text

pytestmark = pytest.mark.django_db

CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "multipart/form-data",
        "text/plain",
        "application/json; charset=latin-1",
        "",
    ]
)
json_bodies = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["provider", "x", ""]), inner),
    max_leaves=6,
)
bodies = st.one_of(st.binary(max_size=3000), hostile_text.map(lambda text: text.encode("utf-8", "surrogatepass")))


@pytest.fixture
def dream(client, settings):
    settings.VIDEOGEN_GENERATE_RATE = "off"  # many requests in a row: exercise the endpoint, not the rate limit
    dream = DreamFactory()
    client.force_login(dream.author)
    return dream


@PROPERTY
@given(body=bodies, content_type=CONTENT_TYPES, accept=st.sampled_from(["application/json", "text/html", "*/*", ""]))
def test_generate_with_any_body_is_an_answer_never_a_500(client, dream, body, content_type, accept):
    response = client.generic(
        "POST", f"/dreams/{dream.pk}/generate-video", body, content_type=content_type, headers={"accept": accept}
    )
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert response.json()["status"] in ("processing", "refused")


@PROPERTY
@given(payload=json_bodies)
def test_generate_with_any_json_is_an_answer_never_a_500(client, dream, payload):
    response = client.post(f"/dreams/{dream.pk}/generate-video", payload, content_type="application/json")
    assert response.status_code in (200, 400)


@FEW
@given(accept=hostile_text, query=st.dictionaries(hostile_text, hostile_text, max_size=3))
def test_video_status_with_any_headers_and_query_is_json(client, dream, accept, query):
    response = client.get(f"/dreams/{dream.pk}/video-status", query, headers={"accept": accept})
    assert response.status_code == 200 and "status" in response.json()


@PROPERTY
@given(token=st.one_of(hostile_text, st.text(alphabet="abcdefABCDEF0123456789:_-.", max_size=200)))
def test_any_media_token_is_refused_never_a_500(client, dream, token):
    response = client.get(f"/media/{quote(token, safe='')}/", headers={"range": "bytes=0-10"})
    assert response.status_code in (403, 404)


@PROPERTY
@given(
    provider=st.one_of(st.sampled_from(["luma", "kling", "replicate", "runway", "local"]), hostile_text),
    token=hostile_text,
    body=bodies,
    content_type=CONTENT_TYPES,
)
def test_any_webhook_is_refused_or_ignored_never_a_500(client, provider, token, body, content_type):
    url = f"/webhooks/{quote(provider, safe='')}/{quote(token, safe='')}/"
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code in (400, 404)


@FEW
@given(body=bodies, content_type=CONTENT_TYPES)
def test_a_webhook_with_a_real_token_and_any_body_is_refused_or_ignored(client, body, content_type):
    job = VideoJobFactory(provider="luma", state="rendering", provider_task_id="gen-1")
    response = client.generic("POST", f"/webhooks/luma/{job.callback_token}/", body, content_type=content_type)
    assert response.status_code in (200, 400)
    job.refresh_from_db()
    assert job.state == "rendering"
