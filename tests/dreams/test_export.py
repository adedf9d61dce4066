"""Export (GDPR Art. 15/20): a client, or their therapist, downloads every dream as one ZIP streamed as it is made: a
JSON file per dream (docs/export.md), the videos and posters as stored, and an index.html journal that opens offline;
each download is an audit event."""

import io
import json
import re
import tracemalloc
import zipfile

import pytest
from django.core.files.storage import default_storage

from dreams import export
from dreams.models import AuditEvent, Dream
from dreams.services import consent_withdraw
from tests.factories import ClientFactory, DreamFactory, TherapistFactory, store_video
from tests.videogen.test_storage_s3 import bucket, s3_endpoint  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40
POSTER = b"\xff\xd8\xff\xe0 a poster \xff\xd9"


def with_media(dream: Dream, video: bytes = VIDEO, poster: bytes = POSTER) -> Dream:
    return store_video(dream, str(dream.pk), video=video, poster=poster)


def download(browser, url: str, language: str = "en") -> tuple[object, zipfile.ZipFile]:
    response = browser.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    assert response.streaming and response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    return response, zipfile.ZipFile(io.BytesIO(body))


@pytest.fixture
def client_with_dreams():
    owner = ClientFactory(pseudonym="Вера")
    whale = with_media(DreamFactory(client=owner, title="The red whale", content="A whale sang.\n\nThen it rained."))
    no_video = DreamFactory(client=owner, title="Морской маяк", content="Маяк горел синим.", consent_video=False)
    return {"client": owner, "whale": whale, "no_video": no_video}


def test_a_client_downloads_every_dream_as_json_with_its_video_and_poster(client, client_with_dreams):
    owner, whale = client_with_dreams["client"], client_with_dreams["whale"]
    DreamFactory(title="Someone else's dream")  # another client's: never in the archive
    client.force_login(owner.user)
    response, archive = download(client, "/my/dreams.zip")
    disposition = response["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="dreamtok-my-dreams-\d{4}-\d\d-\d\d\.zip"', disposition)
    assert archive.testzip() is None
    names = archive.namelist()
    records = [json.loads(archive.read(name)) for name in names if name.startswith("dreamtok/dreams/")]
    assert sorted(record["title"] for record in records) == ["The red whale", "Морской маяк"]
    record = next(record for record in records if record["id"] == str(whale.pk))
    assert record["schema"] == "dreamtok.dream" and record["version"] == 1
    assert record["text"] == "A whale sang.\n\nThen it rained." and record["symbols"] == ["whale", "water", "red"]
    assert record["dreamt_on"] == "2026-11-01" and record["consent"]["video"] is True
    assert archive.read(f"dreamtok/{record['video']['file']}") == VIDEO
    assert archive.read(f"dreamtok/{record['video']['poster']}") == POSTER
    without = next(record for record in records if record["title"] == "Морской маяк")
    assert without["video"]["file"] == "" and without["consent"]["video"] is False
    assert "Someone else's dream" not in archive.read("dreamtok/index.html").decode()


def test_the_schema_document_names_every_field_a_dream_record_has(client_with_dreams):
    from django.conf import settings

    document = (settings.BASE_DIR / "docs" / "export.md").read_text()
    record = export.dream_record(client_with_dreams["whale"], video="media/x.mp4", poster="media/x.jpg")

    def fields(data: dict, prefix: str = "") -> list[str]:
        found = []
        for key, value in data.items():
            found.append(prefix + key)
            if isinstance(value, dict) and key != "content_credentials":
                found += fields(value, f"{prefix}{key}.")
        return found

    assert [name for name in fields(record) if f"`{name}`" not in document] == []
    assert f"version {export.SCHEMA_VERSION}" in document.lower() or f"`{export.SCHEMA_VERSION}`" in document


def test_the_journal_works_offline_with_relative_links_and_no_script(client, client_with_dreams):
    client.force_login(client_with_dreams["client"].user)
    _, archive = download(client, "/my/dreams.zip")
    page = archive.read("dreamtok/index.html").decode()
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert "The red whale" in page and "Маяк горел синим." in page and "<video" in page
    links = re.findall(r'(?:src|href|poster)="([^"]+)"', page)
    assert links and all(f"dreamtok/{link}" in archive.namelist() for link in links)


def test_the_journal_is_in_the_readers_language(client, client_with_dreams):
    client.force_login(client_with_dreams["client"].user)
    _, archive = download(client, "/my/dreams.zip", language="ru")
    page = archive.read("dreamtok/index.html").decode()
    assert 'lang="ru"' in page and "Дневник снов: Вера" in page


def test_a_withdrawn_consent_leaves_the_video_out(client, client_with_dreams):
    whale = client_with_dreams["whale"]
    consent_withdraw(dream=whale, by=client_with_dreams["client"].user)
    client.force_login(client_with_dreams["client"].user)
    _, archive = download(client, "/my/dreams.zip")
    assert not [name for name in archive.namelist() if name.startswith("dreamtok/media/")]


def test_the_therapist_downloads_the_same_for_one_client_and_both_are_audited(client, client_with_dreams):
    owner = client_with_dreams["client"]
    client.force_login(owner.therapist)
    response, archive = download(client, f"/clients/{owner.pk}/export.zip")
    assert f"dreamtok-client-{owner.pk}-" in response["Content-Disposition"]
    assert len([name for name in archive.namelist() if name.startswith("dreamtok/dreams/")]) == 2
    client.force_login(owner.user)
    download(client, "/my/dreams.zip")
    events = AuditEvent.objects.filter(action="exported").order_by("at", "id")
    assert [(e.client_id, e.actor_name, e.dream_id, e.detail) for e in events] == [
        (owner.pk, owner.therapist.username, None, ""),
        (owner.pk, owner.user.username, None, ""),
    ]


def test_another_therapist_gets_nothing_and_nothing_is_recorded(client, client_with_dreams):
    client.force_login(TherapistFactory())
    assert client.get(f"/clients/{client_with_dreams['client'].pk}/export.zip").status_code == 404
    assert not AuditEvent.objects.filter(action="exported").exists()


def test_the_archive_is_streamed_in_small_pieces_with_flat_memory():
    """Forty dreams of 3 MB videos: 120 MB of archive, never a piece over 300 KB, and Python's peak allocation during
    the whole stream under 8 MB."""
    owner = ClientFactory()
    big = bytes(range(256)) * (3 * 4096)
    first = with_media(DreamFactory(client=owner), video=big)
    for _ in range(39):
        dream = DreamFactory(client=owner)
        Dream.objects.filter(pk=dream.pk).update(video=first.video.name, poster=first.poster.name)
    total = largest = 0
    tracemalloc.start()
    try:
        for piece in export.stream(owner, language="en"):
            total += len(piece)
            largest = max(largest, len(piece))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 40 * len(big)
    assert largest <= export.CHUNK_BYTES + 64 * 1024
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


@pytest.mark.django_db(transaction=True)
def test_an_export_reads_videos_and_posters_from_s3(client, bucket):  # noqa: F811
    owner = ClientFactory()
    dream = with_media(DreamFactory(client=owner, title="On S3"))
    assert default_storage.bucket_name == bucket["name"]
    client.force_login(owner.user)
    _, archive = download(client, "/my/dreams.zip")
    record = json.loads(next(archive.read(n) for n in archive.namelist() if n.startswith("dreamtok/dreams/")))
    assert record["id"] == str(dream.pk)
    assert archive.read(f"dreamtok/{record['video']['file']}") == VIDEO
    assert archive.read(f"dreamtok/{record['video']['poster']}") == POSTER


def test_the_archive_holds_the_clients_rehearsal_and_morning_logs(client, client_with_dreams):
    import datetime

    from dreams.models import NightLog, RehearsalSession

    owner, whale = client_with_dreams["client"], client_with_dreams["whale"]
    NightLog.objects.create(client=owner, night=datetime.date(2026, 11, 2), nightmare=True, distress=7)
    NightLog.objects.create(client=owner, night=datetime.date(2026, 11, 1), nightmare=False)
    RehearsalSession.objects.create(
        client=owner, rescript=whale, day=datetime.date(2026, 11, 2), minutes=12, vividness=6, calm=8
    )
    client.force_login(owner.user)
    _response, archive = download(client, "/my/dreams.zip")
    logs = json.loads(archive.read("dreamtok/logs.json"))
    assert logs["schema"] == "dreamtok.logs" and logs["version"] == export.SCHEMA_VERSION
    assert logs["nights"] == [
        {"night": "2026-11-01", "nightmare": False, "distress": None, "was_rescripted": False},
        {"night": "2026-11-02", "nightmare": True, "distress": 7, "was_rescripted": False},
    ]
    assert logs["rehearsals"] == [
        {"day": "2026-11-02", "new_version": str(whale.pk), "minutes": 12, "vividness": 6, "calm": 8}
    ]
