"""Write-side domain operations: clients, dreams, consent. They own transactions and storage clean-up."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from dreamtok.usernames import canonical_username

from . import audit
from .models import Client, Dream

log = logging.getLogger(__name__)


def client_create(*, therapist, pseudonym: str, username: str = "", password: str = "") -> Client:
    """A client of `therapist`; with a username (checked by clean_new_username), an account to sign in with."""
    with transaction.atomic():
        user = None
        if username:
            username = canonical_username(username)
            user = get_user_model().objects.create_user(username=username, password=password or None)
        return Client.objects.create(therapist=therapist, pseudonym=pseudonym, user=user)


def _mark_distressing(dream: Dream) -> None:
    """A dream with a symbol from the distressing set (death, blood, chase…) always asks before it plays."""
    from .symbols import DISTRESSING_SYMBOLS

    dream.distressing = dream.distressing or bool(DISTRESSING_SYMBOLS.intersection(dream.symbols or []))


def _suggest_symbols(dream: Dream) -> None:
    """Symbols the therapist left empty are suggested from the text, as the form's preview shows them."""
    from videogen.prompts.symbols import suggest_symbols

    if not dream.symbols:
        dream.symbols = suggest_symbols(dream.content)


def _record_consent(dream: Dream, *, by, previously: bool) -> None:
    if dream.consent_video and not previously:
        dream.consent_recorded_by = by
        dream.consent_recorded_at = timezone.now()
    if not dream.consent_video:
        dream.consent_full_text = False


def dream_create(*, author, client: Client, generate: bool = True, provider: str = "", **fields) -> Dream:
    """Save a dream; with consent (and `generate`), its video job is queued once the transaction commits."""
    from videogen.services import video_job_start

    with transaction.atomic():
        dream = Dream(author=author, client=client, **fields)
        _suggest_symbols(dream)
        _mark_distressing(dream)
        _record_consent(dream, by=author, previously=False)
        dream.save()
        events = [(dream.pk, audit.Action.CREATED)]
        if dream.visibility == Dream.Visibility.SHARED:
            events.append((dream.pk, audit.Action.SHARED))
        audit.record_many(actor=author, events=events)
        if generate and dream.consent_video:
            video_job_start(dream=dream, provider=provider, requested_by=author)
    return dream


# What other clients see of a shared dream: changing any of it sends the dream back to moderation.
MODERATED_FIELDS = ("title", "content", "symbols", "privacy_mode", "distressing")


def dream_update(*, dream: Dream, by, generate: bool = False, provider: str = "", **fields) -> Dream:
    from videogen.services import video_job_start

    before = Dream.objects.filter(pk=dream.pk).values("consent_video", "visibility", *MODERATED_FIELDS).first() or {}
    previously = before.get("consent_video")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(dream, name, value)
        _suggest_symbols(dream)
        _mark_distressing(dream)
        _record_consent(dream, by=by, previously=bool(previously))
        events = [(dream.pk, audit.Action.CHANGED)]
        if dream.visibility == Dream.Visibility.SHARED:
            newly_shared = before.get("visibility") != Dream.Visibility.SHARED
            if newly_shared:
                events.append((dream.pk, audit.Action.SHARED))
            if newly_shared or any(before.get(name) != getattr(dream, name) for name in MODERATED_FIELDS):
                dream.moderation = Dream.Moderation.PENDING
        dream.save()
        audit.record_many(actor=by, events=events)
        if previously and not dream.consent_video:
            consent_withdraw(dream=dream, by=by)
        elif generate and dream.consent_video:
            video_job_start(dream=dream, provider=provider, requested_by=by)
    return dream


def dream_media_delete(*, dream: Dream) -> None:
    """Remove the video and poster files from storage (after commit) and clear the fields."""
    names = [f.name for f in (dream.video, dream.poster) if f]
    storage = dream.video.storage

    def remove():
        for name in names:
            try:
                storage.delete(name)
            except OSError:
                log.exception("could not delete media file of dream %s", dream.pk)

    transaction.on_commit(remove)
    dream.video = ""
    dream.poster = ""
    dream.video_ready_at = None


def consent_withdraw(*, dream: Dream, by) -> Dream:
    """The client no longer agrees: stop every job, delete every copy of the video once this commits."""
    from videogen.services import video_jobs_discard

    with transaction.atomic():
        video_jobs_discard(dream=dream)
        dream.consent_video = False
        dream.consent_full_text = False
        dream.consent_recorded_by = by
        dream.consent_recorded_at = timezone.now()
        dream_media_delete(dream=dream)
        dream.save()
        audit.record(actor=by, dream_id=dream.pk, action=audit.Action.CONSENT_WITHDRAWN)
    return dream


def dream_delete(*, dream: Dream, by=None) -> None:
    """Delete the dream: stop every job, delete every copy of its video once this commits."""
    from videogen.services import video_jobs_discard

    with transaction.atomic():
        audit.record(actor=by, dream_id=dream.pk, action=audit.Action.DELETED)
        video_jobs_discard(dream=dream)
        dream_media_delete(dream=dream)
        dream.delete()


def client_delete(*, client: Client, by) -> None:
    """Delete a client and all of theirs: each dream as `dream_delete` does it (jobs stopped at their providers, every
    copy of the media deleted once this commits), their sign-in account deactivated and signed out; recorded."""
    account = client.user
    with transaction.atomic():
        for dream in client.dreams.all():
            dream_delete(dream=dream, by=by)
        audit.record(actor=by, client_id=client.pk, action=audit.Action.CLIENT_DELETED)
        client.delete()
        if account is not None:
            account_close(user=account)


def account_close(*, user) -> None:
    """The account can no longer sign in, and every session it has ends once this commits.

    The account stays (deactivated), so the audit trail and the sign-in name keep pointing at it.
    """
    user.is_active = False
    user.set_unusable_password()  # also fails the session hash check of any session not found below
    user.save(update_fields=["is_active", "password"])
    transaction.on_commit(lambda: _end_sessions(user.pk))


def _end_sessions(user_id: int) -> None:
    """Delete the user's sessions through the session engine, so a cached copy goes too."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            store(session_key=session.session_key).delete()
