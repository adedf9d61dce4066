"""Media on a real S3 API (moto's standalone server on loopback): store, presigned Range reads, deletion, privacy;
the storage is the one dreamtok/settings.py builds (dreamtok/s3.py's s3_storage), and once loaded from AWS_* variables
as in production."""

import re
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from django.core.files.storage import default_storage
from storages.backends.s3 import S3Storage

from dreams.delivery import _is_local_storage, signed_url
from dreams.models import Dream
from dreams.services import consent_withdraw, dream_delete
from dreamtok.s3 import s3_storage
from tests.conftest import encryption_env, files_under
from tests.dreamtok.settings_process import with_settings
from tests.factories import ClientFactory, DreamFactory
from tests.net import free_port, port_open, wait_for
from tests.videogen.pipeline import run_to_end

pytestmark = pytest.mark.django_db(transaction=True)

REGION = "us-east-1"
KEYS = {"access_key": "testing-access-key", "secret_key": "testing-secret-key"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    wait_for(lambda: port_open("127.0.0.1", port), 20, what="moto's S3 server")
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A private bucket of its own, and the default storage pointed at it as settings.py builds it for S3."""
    name = f"dreamtok-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    s3.create_bucket(Bucket=name, ACL="private")
    s3.put_public_access_block(
        Bucket=name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    storage = s3_storage(
        bucket_name=name, endpoint_url=s3_endpoint, region_name=REGION, **KEYS, max_age=settings.PRESIGNED_URL_MAX_AGE
    )
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    return {"name": name, "client": s3, "endpoint": s3_endpoint}


def stored_object(bucket, key: str) -> bytes:
    return bucket["client"].get_object(Bucket=bucket["name"], Key=key)["Body"].read()


def object_exists(bucket, key: str) -> bool:
    try:
        bucket["client"].head_object(Bucket=bucket["name"], Key=key)
    except ClientError as error:
        assert error.response["Error"]["Code"] in ("404", "NoSuchKey")
        return False
    return True


@pytest.fixture
def finished(bucket, fake_providers_configured, settings):
    """A dream taken through the real pipeline (fake Luma, download, probe, poster, finalize) onto S3."""
    settings.VIDEOGEN_PROVIDERS = ["luma"]
    dream = DreamFactory(symbols=["whale"])
    job = run_to_end(dream, "luma")
    assert job.state == "ready", job.error_message
    return dream


def test_the_pipeline_stores_video_and_poster_as_private_objects(bucket, finished):
    assert finished.video.name.startswith("videos/") and finished.poster.name.startswith("posters/")
    assert stored_object(bucket, finished.video.name)[4:8] == b"ftyp"
    assert stored_object(bucket, finished.poster.name)[:2] == b"\xff\xd8"
    grants = bucket["client"].get_object_acl(Bucket=bucket["name"], Key=finished.video.name)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers / AuthenticatedUsers grant


MEDIA_LINK = re.compile(r"/media/[^/\"'\s<>]+/")


def test_pages_carry_the_apps_own_media_links_never_a_presigned_url(bucket, finished, client):
    client.force_login(finished.client.user)
    pages = {
        "dream page": client.get(f"/dreams/{finished.pk}/").content.decode(),
        "feed": client.get("/feed/").content.decode(),
        "video status": client.get(f"/dreams/{finished.pk}/video-status").content.decode(),
    }
    for name, page in pages.items():
        assert MEDIA_LINK.search(page), name
        assert bucket["endpoint"] not in page and "X-Amz-" not in page, name


def test_a_media_link_redirects_to_a_presigned_url_of_a_minute_at_most_that_answers_a_range_request(
    bucket, finished, client
):
    client.force_login(finished.client.user)
    response = client.get(signed_url(finished.video, finished.client.user))
    assert response.status_code == 302 and response["Cache-Control"] == "private, no-store"
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}" == bucket["endpoint"]
    assert 0 < int(parse_qs(target.query)["X-Amz-Expires"][0]) <= 60
    whole = stored_object(bucket, finished.video.name)
    ranged = requests.get(response["Location"], headers={"Range": "bytes=100-1123"}, timeout=10)
    assert ranged.status_code == 206
    assert ranged.headers["Content-Range"] == f"bytes 100-1123/{len(whole)}"
    assert ranged.content == whole[100:1124]
    poster = client.get(signed_url(finished.poster, finished.client.user))
    assert requests.get(poster["Location"], timeout=10).content[:2] == b"\xff\xd8"


def test_after_withdrawal_a_fresh_request_for_the_same_link_is_refused(bucket, finished, client):
    user = finished.client.user
    client.force_login(user)
    url = signed_url(finished.video, user)
    assert client.get(url).status_code == 302
    consent_withdraw(dream=finished, by=user)
    assert client.get(url).status_code == 404


def test_after_rejection_a_fresh_request_for_a_shared_dreams_link_is_refused(bucket, finished, client):
    finished.visibility, finished.moderation = Dream.Visibility.SHARED, Dream.Moderation.APPROVED
    finished.save()
    viewer = ClientFactory().user  # another client, who sees the shared dream in their feed
    client.force_login(viewer)
    url = signed_url(finished.video, viewer)
    assert client.get(url).status_code == 302
    Dream.objects.filter(pk=finished.pk).update(moderation=Dream.Moderation.REJECTED)  # as staff's reject does
    assert client.get(url).status_code == 404


def test_an_anonymous_read_of_an_object_is_refused(bucket, finished):
    for name in (finished.video.name, finished.poster.name):
        response = requests.get(f"{bucket['endpoint']}/{bucket['name']}/{name}", timeout=10)
        assert response.status_code == 403, name


def test_withdrawing_consent_deletes_both_objects(bucket, finished, django_capture_on_commit_callbacks):
    names = [finished.video.name, finished.poster.name]
    url = default_storage.url(finished.video.name)  # a presigned URL taken before: the object is gone all the same
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(dream=finished, by=finished.client.user)
    assert [object_exists(bucket, name) for name in names] == [False, False]
    assert requests.get(url, timeout=10).status_code == 404
    finished.refresh_from_db()
    assert not finished.video and not finished.poster


def keys_in(bucket) -> set[str]:
    listing = bucket["client"].list_objects_v2(Bucket=bucket["name"])
    return {item["Key"] for item in listing.get("Contents", [])}


@pytest.mark.parametrize("end", ["withdraw", "delete"])
@pytest.mark.parametrize("provider", ["local", "luma"])
def test_nothing_of_the_dream_is_left_in_the_bucket_or_the_var_folder(
    bucket, fake_providers_configured, settings, tmp_path, provider, end
):
    """Every key in the bucket and every file under this test's var folder, before the video and after the end."""
    settings.VIDEOGEN_PROVIDERS = [provider]
    keys, files = keys_in(bucket), files_under(tmp_path)
    dream = DreamFactory(symbols=["whale"])
    assert run_to_end(dream, provider).state == "ready"
    assert keys_in(bucket) - keys == {dream.video.name, dream.poster.name}
    if end == "withdraw":
        consent_withdraw(dream=dream, by=dream.client.user)
    else:
        dream_delete(dream=dream, by=dream.author)
    assert (keys_in(bucket) - keys, files_under(tmp_path) - files) == (set(), set())


def test_health_check_writes_and_deletes_a_probe_in_the_bucket(bucket, client):
    response = client.get("/healthz")
    assert response.json()["checks"]["storage"]["ok"] is True
    assert "Contents" not in bucket["client"].list_objects_v2(Bucket=bucket["name"])


def test_delivery_takes_the_s3_storage_for_what_it_is(bucket):
    assert default_storage.bucket_name == bucket["name"]
    assert isinstance(default_storage._wrapped, S3Storage)
    assert not _is_local_storage()


SAVE_AND_PRESIGN = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from dreams.delivery import presigned_url
names = [default_storage.save("videos/probe.mp4", ContentFile(bytes(range(256)) * 8)) for _ in range(2)]
result = {
    "names": names,
    "url": presigned_url(names[0]),
    "storage_url": default_storage.url(names[0]),
    "policy": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
}
"""


def test_settings_built_from_aws_variables_store_privately_and_presign_for_a_minute_at_most(bucket, tmp_path):
    """settings.py itself, loaded from AWS_* variables pointing at moto: private objects, never overwritten, a SigV4
    presigned URL that lives 60 s whatever MEDIA_URL_MAX_AGE says and answers a Range request, from a host the policy
    allows (the media link's redirect goes there)."""
    environment = {
        "SECRET_KEY": "x" * 50,
        **encryption_env(),
        "DREAMTOK_VAR_DIR": str(tmp_path),
        "CELERY_BROKER_URL": "memory://",
        "AWS_STORAGE_BUCKET_NAME": bucket["name"],
        "AWS_S3_ENDPOINT_URL": bucket["endpoint"],
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": KEYS["access_key"],
        "AWS_SECRET_ACCESS_KEY": KEYS["secret_key"],
        "MEDIA_URL_MAX_AGE": "120",
        "C2PA_ENABLED": "false",  # storage only; production's refusal without credentials has its own test
    }
    signed_at = datetime.now(UTC)
    made = with_settings(environment, SAVE_AND_PRESIGN)
    first, second = made["names"]
    assert first != second and object_exists(bucket, first) and object_exists(bucket, second)  # no overwrite
    grants = bucket["client"].get_object_acl(Bucket=bucket["name"], Key=first)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers / AuthenticatedUsers grant
    assert requests.get(f"{bucket['endpoint']}/{bucket['name']}/{first}", timeout=10).status_code == 403

    url = urlsplit(made["url"])
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256" and query["X-Amz-Signature"]
    assert query["X-Amz-Expires"] == "60"  # signed together with the date: nobody can stretch it
    assert parse_qs(urlsplit(made["storage_url"]).query)["X-Amz-Expires"] == ["60"]  # whoever asks the storage
    signed = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((signed - signed_at).total_seconds()) < 60
    response = requests.get(made["url"], headers={"Range": "bytes=10-19"}, timeout=10)
    assert response.status_code == 206 and response.content == bytes(range(10, 20))

    origin = f"{url.scheme}://{url.netloc}"
    assert origin == bucket["endpoint"]
    assert origin in made["policy"]["img-src"] and origin in made["policy"]["media-src"]
    assert "https:" not in made["policy"]["img-src"] + made["policy"]["media-src"]
