"""A client's dreams as one ZIP, streamed as it is made: a JSON file per dream (schema in docs/export.md), the videos
and posters read from storage in chunks, and an `index.html` journal that opens offline.

Nothing is held whole in memory: each dream's entries are written, then the next dream is read from the database;
only the ZIP's central directory (about 100 bytes a file) grows until the end.
"""

import json
import logging
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, cast

from django.core.files.storage import Storage, default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from zipstream import ZIP_DEFLATED, ZIP_STORED, ZipStream

from . import selectors
from .models import Client, Dream, NightLog, RehearsalSession

if TYPE_CHECKING:  # imported to type-check only: boto3 takes a second to import where no bucket is set
    from storages.backends.s3 import S3Storage

log = logging.getLogger(__name__)

SCHEMA = "dreamtok.dream"
SCHEMA_VERSION = 1
CHUNK_BYTES = 256 * 1024
FOLDER = "dreamtok"


def media_chunks(storage: Storage, name: str, chunk: int = CHUNK_BYTES) -> Iterator[bytes]:
    """A stored file's bytes, `chunk` at a time. On S3 the object's body is read as it arrives (django-storages'
    file object would first copy the whole object into a temporary file); elsewhere through `Storage.open`."""
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:
        key = cast("S3Storage", storage)._normalize_name(name)  # a storage with a bucket is django-storages' S3
        body = bucket.Object(key).get()["Body"]
        try:
            yield from body.iter_chunks(chunk)
        finally:
            body.close()
        return
    with storage.open(name, "rb") as handle:
        while data := handle.read(chunk):
            yield data


def _media_name(dream: Dream, field: str) -> str:
    """The file's name in the archive: media/<dream id><its extension>."""
    suffix = PurePosixPath(getattr(dream, field).name).suffix.lower() or (".mp4" if field == "video" else ".jpg")
    return f"media/{dream.pk}{suffix}"


def _stored(storage: Storage, name: str) -> bool:
    try:
        return bool(name) and storage.exists(name)
    except OSError:
        log.warning("could not check a media file for the export")
        return False


def dream_record(dream: Dream, *, video: str = "", poster: str = "") -> dict:
    """One dream as its JSON file holds it (docs/export.md, version 1): what the client and their therapist wrote,
    the consent and its history, and where its video and poster are in the archive (empty when it has none)."""
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "id": str(dream.pk),
        "title": dream.title,
        "text": dream.content,
        "symbols": list(dream.symbols or []),
        "dreamt_on": dream.dreamt_on.isoformat(),
        "written_at": dream.created_at.isoformat(),
        "updated_at": dream.updated_at.isoformat(),
        "privacy_mode": dream.privacy_mode,
        "visibility": dream.visibility,
        "moderation": dream.moderation,
        "moderation_reason": dream.moderation_reason,
        "distressing": dream.distressing,
        "consent": {
            "video": dream.consent_video,
            "full_text": dream.consent_full_text,
            "recorded_at": dream.consent_recorded_at.isoformat() if dream.consent_recorded_at else None,
            "history": [
                {
                    "at": event.at.isoformat(),
                    "kind": event.kind,
                    "role": event.role,
                    "how": event.how,
                    "full_text": event.full_text,
                    "note": event.note,
                }
                for event in dream.consent_events.all()
            ],
        },
        "video": {
            "file": video,
            "poster": poster,
            "ready_at": dream.video_ready_at.isoformat() if video and dream.video_ready_at else None,
            "has_sound": dream.video_has_audio if video else False,
            "content_credentials": dream.video_credentials if video else {},
        },
    }


LOGS_SCHEMA = "dreamtok.logs"


def logs_record(client: Client) -> dict:
    """The client's imagery-rehearsal logs, oldest first: each morning log and each rehearsal (numbers only)."""
    nights = NightLog.objects.filter(client=client).order_by("night")
    rehearsals = RehearsalSession.objects.filter(client=client).order_by("day", "created_at")
    return {
        "schema": LOGS_SCHEMA,
        "version": SCHEMA_VERSION,
        "nights": [
            {
                "night": log.night.isoformat(),
                "nightmare": log.nightmare,
                "distress": log.distress,
                "was_rescripted": log.was_rescripted,
            }
            for log in nights
        ],
        "rehearsals": [
            {
                "day": session.day.isoformat(),
                "new_version": str(session.rescript_id),
                "minutes": session.minutes,
                "vividness": session.vividness,
                "calm": session.calm,
            }
            for session in rehearsals
        ],
    }


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def archive_name(client: Client, *, own: bool) -> str:
    """The download's file name: ASCII only (a pseudonym may not be), dated."""
    day = timezone.localdate().isoformat()
    return f"dreamtok-my-dreams-{day}.zip" if own else f"dreamtok-client-{client.pk}-{day}.zip"


def stream(client: Client, *, language: str, storage: Storage | None = None) -> Iterator[bytes]:
    """The archive of every dream of `client`, as bytes to send while they are made."""
    storage = storage or default_storage
    archive = ZipStream(compress_type=ZIP_STORED, sized=False)  # videos and posters are compressed already
    exported_at = timezone.now()
    journal = []  # one short line of HTML a dream: the journal is written last, from these
    with translation.override(language):
        head = {"client": client, "exported_at": exported_at, "schema_version": SCHEMA_VERSION}
        archive.add(render_to_string("dreams/export/style.css"), f"{FOLDER}/style.css", compress_type=ZIP_DEFLATED)
        yield from archive.all_files()
        count = 0
        for dream in selectors.export_dreams(client):
            files = {}
            for field in ("video", "poster"):
                name = getattr(dream, field).name
                if dream.consent_video and _stored(storage, name):
                    files[field] = _media_name(dream, field)
                    archive.add(media_chunks(storage, name), f"{FOLDER}/{files[field]}")
            record = dream_record(dream, **files)
            json_name = f"dreams/{dream.dreamt_on.isoformat()}-{dream.pk}.json"
            archive.add(_json(record), f"{FOLDER}/{json_name}", compress_type=ZIP_DEFLATED)
            context = {"dream": dream, "record": record, "json_name": json_name}
            journal.append(render_to_string("dreams/export/_dream.html", context))
            count += 1
            yield from archive.all_files()
        archive.add(_json(logs_record(client)), f"{FOLDER}/logs.json", compress_type=ZIP_DEFLATED)
        page = render_to_string("dreams/export/index.html", {**head, "count": count, "entries": journal})
        archive.add(page, f"{FOLDER}/index.html", compress_type=ZIP_DEFLATED)
        yield from archive.finalize()
