"""Private media delivery: the app's own signed media links, checked on every request; then the file is streamed
with HTTP Range (local storage) or the browser is sent to a presigned S3 URL that lives a minute at most.

A page never carries a presigned URL, so on S3 as locally a link stops working for a new request as soon as the dream
stops being viewable (consent withdrawn, sharing rejected, dream deleted); a presigned URL a browser already
followed works until it expires, PRESIGNED_URL_MAX_AGE (60) seconds at most.
"""

import logging
import mimetypes
import re

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dreams import audit, selectors
from dreams.models import Dream
from dreamtok.reverse import reverse_one

log = logging.getLogger(__name__)

SALT = "dreamtok.media"
VIEW_RECORD_SECONDS = 3600
WATCHED_RECORD_SECONDS = 3600
POSTER_MAX_AGE = 60
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _is_local_storage() -> bool:
    return not hasattr(default_storage, "bucket_name")


def signed_url(field_file, user) -> str:
    """The app's link to one stored file, for one user, signed for MEDIA_URL_MAX_AGE seconds; every request through
    it checks the permission again. Call only after a permission check."""
    if not field_file:
        return ""
    token = signing.dumps([field_file.name, user.pk], salt=SALT)
    return reverse_one("media", token)


def presigned_url(name: str) -> str:
    """A presigned URL of an object in the S3 bucket, valid PRESIGNED_URL_MAX_AGE seconds: only ever handed out as the
    answer to a media request whose permission was just checked."""
    # Only called on S3, where default_storage is django-storages' S3Storage, whose url() takes `expire`; the stubs
    # know default_storage only as the base Storage.
    return default_storage.url(name, expire=settings.PRESIGNED_URL_MAX_AGE)  # type: ignore[call-arg]


@require_safe
def media(request, token: str):
    try:
        name, user_id = signing.loads(token, salt=SALT, max_age=settings.MEDIA_URL_MAX_AGE)
    except signing.SignatureExpired:
        return HttpResponseForbidden(_("This link has expired. Reload the page."))
    except (signing.BadSignature, ValueError, TypeError):
        return HttpResponseForbidden(_("This link is not valid."))
    if user_id != request.user.pk:
        return HttpResponseForbidden(_("This link belongs to another account."))
    # The permission is checked again: a link signed before consent was withdrawn, or before a shared dream was
    # rejected, stops working at once rather than when it expires.
    viewable = selectors.media_viewable_by(request.user).filter(Q(video=name) | Q(poster=name), consent_video=True)
    found = viewable.values_list("pk", "video").first()
    local = _is_local_storage()
    if found is None or (local and not default_storage.exists(name)):
        raise Http404
    dream_id, video = found
    is_video = name == video
    if is_video:
        record_view(request.user, dream_id)
        _record_watched(dream_id)
    if not local:
        return _redirect_to_bucket(name)
    return _ranged_file_response(request, name, is_video=is_video)


def _redirect_to_bucket(name: str) -> HttpResponse:
    """Video bytes never pass through the web process on S3: the browser fetches them (with Range) from the bucket."""
    response = HttpResponseRedirect(presigned_url(name))
    # Never cached: each play comes back here, and so past the permission check.
    response["Cache-Control"] = "private, no-store"
    return response


def record_view(user, dream_id) -> None:
    """One VIEWED audit event per user and dream an hour, however many Range requests a player makes."""
    if cache.add(f"dreamtok:viewed:{user.pk}:{dream_id}", 1, timeout=VIEW_RECORD_SECONDS):
        audit.record(actor=user, dream_id=dream_id, action=audit.Action.VIEWED)


def _record_watched(dream_id) -> None:
    """When the video was last delivered, for retention: one UPDATE a dream an hour at most, whoever watches. A write
    that fails (a table SQLite holds locked for a moment) is tried again at the next play: it never keeps the video
    from the viewer."""
    key = f"dreamtok:watched:{dream_id}"
    if cache.add(key, 1, timeout=WATCHED_RECORD_SECONDS):
        try:
            with transaction.atomic():
                Dream.objects.filter(pk=dream_id).update(video_watched_at=timezone.now())
        except OperationalError as error:
            cache.delete(key)
            log.warning("last watched time of dream %s not recorded: %s", dream_id, error)


def _ranged_file_response(request, name: str, *, is_video: bool) -> HttpResponseBase:
    size = default_storage.size(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    headers = {
        "Accept-Ranges": "bytes",
        # A video must not outlive consent in the browser's cache of a shared device: it is never stored. A poster
        # is kept a minute, long enough for the page to use it twice (the frame and the blurred backdrop).
        "Cache-Control": "private, no-store" if is_video else f"private, max-age={POSTER_MAX_AGE}",
        "X-Content-Type-Options": "nosniff",
    }
    header = request.headers.get("Range", "")
    match = _RANGE.match(header.strip()) if header else None
    if header and not match:
        match = None  # several ranges or other units: answer the whole file, as RFC 9110 allows
    if match and (match.group(1) or match.group(2)):
        first, last = match.groups()
        if first:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        else:
            start = max(0, size - int(last))
            end = size - 1
        if start >= size or start > end:
            refusal = HttpResponse(status=416, headers=headers)
            refusal["Content-Range"] = f"bytes */{size}"
            return refusal
        handle = default_storage.open(name, "rb")
        handle.seek(start)
        response = FileResponse(_limited(handle, end - start + 1), status=206, content_type=content_type)
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    for key, value in headers.items():
        response[key] = value
    return response


def _limited(handle, length: int, chunk: int = 256 * 1024):
    try:
        while length > 0:
            data = handle.read(min(chunk, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()
