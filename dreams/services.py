"""Write-side domain operations: clients, dreams, consent. They own transactions and storage clean-up."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dreamtok.text.anonymize import one_pass
from videogen import services as videogen_services

from . import audit, selectors
from .media import dream_media_delete, media_files_delete
from .models import AuditEvent, Client, ConsentEvent, Dream, Favourite
from .sessions import end_sessions
from .symbols import DISTRESSING_SYMBOLS
from .symbols.safety import suggest_symbols


def client_create(*, therapist, pseudonym: str) -> Client:
    """A client of `therapist`, known by a pseudonym only; they get their own sign-in through an invitation
    (accounts.invitations), never a password their therapist chose."""
    client = Client.objects.create(therapist=therapist, pseudonym=pseudonym)
    audit.record(actor=therapist, client_id=client.pk, action=audit.Action.CLIENT_CREATED)
    return client


def _validate(dream: Dream) -> None:
    """The model's own checks (symbols a list of short words, known choices…), as the admin and the forms run them;
    the owners are set by the services themselves, so they are not looked up again."""
    dream.full_clean(
        exclude=["client", "author", "consent_recorded_by"], validate_unique=False, validate_constraints=False
    )


def _mark_distressing(dream: Dream) -> None:
    """A dream with a symbol from the distressing set (death, blood, chase…) always asks before it plays."""
    dream.distressing = dream.distressing or bool(DISTRESSING_SYMBOLS.intersection(dream.symbols or []))


def _suggest_symbols(dream: Dream) -> None:
    """Symbols the therapist left empty are suggested from the text, as the form's preview shows them."""
    if not dream.symbols:
        dream.symbols = suggest_symbols(dream.content)


class ConsentRefused(Exception):
    """Consent cannot be recorded this way; `message` says why, for the therapist."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


CLIENT_WITHDREW = gettext_lazy(
    "The client withdrew this consent themselves. Record it again only with a note of the new consent they gave in "
    "session, or let the client give it on their dream's page."
)


def consent_role(dream: Dream, user) -> str:
    """Whose consent decision this is: the dream's client's, or their therapist's (recording it)."""
    if user is not None and user.pk == dream.client.user_id:
        return ConsentEvent.Role.CLIENT
    if user is not None and user.pk == dream.client.therapist_id:
        return ConsentEvent.Role.THERAPIST
    return ConsentEvent.Role.OTHER


def check_consent_giving(dream: Dream, *, by, note: str = "") -> None:
    """Only the client or their therapist gives consent; after the client withdrew it themselves, the therapist only
    with a note of the new consent the client gave in session."""
    role = consent_role(dream, by)
    if role == ConsentEvent.Role.OTHER:
        raise PermissionDenied
    if role == ConsentEvent.Role.THERAPIST and not note.strip() and selectors.consent_withdrawn_by_client(dream):
        raise ConsentRefused(str(CLIENT_WITHDREW))


def _consent_event(dream: Dream, *, by, kind: str, how: str, note: str = "") -> ConsentEvent:
    if kind == ConsentEvent.Kind.GIVEN and note.strip():
        how = ConsentEvent.How.IN_SESSION
    actor, actor_name = audit.actor_of(by)
    return ConsentEvent.objects.create(
        dream=dream,
        kind=kind,
        role=consent_role(dream, by),
        how=how,
        full_text=dream.consent_full_text,
        note=note.strip(),
        actor=actor,
        actor_name=actor_name,
    )


def _record_consent(dream: Dream, *, by, previously: bool) -> None:
    if dream.consent_video and not previously:
        dream.consent_recorded_by = by
        dream.consent_recorded_at = timezone.now()
    if not dream.consent_video:
        dream.consent_full_text = False


@one_pass()  # suggesting symbols and building the prompt share one anonymization of the text
def dream_create(
    *, author, client: Client, generate: bool = True, provider: str = "", consent_note: str = "", **fields
) -> Dream:
    """Save a dream; with consent (and `generate`), its video job is queued once the transaction commits."""
    with transaction.atomic():
        dream = Dream(author=author, client=client, **fields)
        _validate(dream)
        _suggest_symbols(dream)
        _mark_distressing(dream)
        _record_consent(dream, by=author, previously=False)
        dream.save()
        if dream.consent_video:
            _consent_event(
                dream, by=author, kind=ConsentEvent.Kind.GIVEN, how=ConsentEvent.How.DREAM_FORM, note=consent_note
            )
        events = [(dream.pk, audit.Action.CREATED)]
        if dream.visibility == Dream.Visibility.SHARED:
            events.append((dream.pk, audit.Action.SHARED))
        audit.record_many(actor=author, events=events)
        if generate and dream.consent_video:
            videogen_services.video_job_start(dream=dream, provider=provider, requested_by=author)
    return dream


# What other clients see of a shared dream: changing any of it sends the dream back to moderation.
MODERATED_FIELDS = ("title", "content", "symbols", "privacy_mode", "distressing")


@one_pass()  # suggesting symbols and building the prompt share one anonymization of the text
def dream_update(
    *, dream: Dream, by, generate: bool = False, provider: str = "", consent_note: str = "", **fields
) -> Dream:
    """Save the therapist's changes; ticking consent again is checked against its history (ConsentRefused)."""
    before = Dream.objects.filter(pk=dream.pk).values("consent_video", "visibility", *MODERATED_FIELDS).first() or {}
    previously = before.get("consent_video")
    given = fields.get("consent_video", previously) and not previously
    if given:
        check_consent_giving(dream, by=by, note=consent_note)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(dream, name, value)
        _validate(dream)
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
        if given:
            _consent_event(
                dream, by=by, kind=ConsentEvent.Kind.GIVEN, how=ConsentEvent.How.DREAM_FORM, note=consent_note
            )
        if previously and not dream.consent_video:
            consent_withdraw(dream=dream, by=by, how=ConsentEvent.How.DREAM_FORM)
        elif generate and dream.consent_video:
            videogen_services.video_job_start(dream=dream, provider=provider, requested_by=by)
    return dream


def consent_withdraw(*, dream: Dream, by, how: str = ConsentEvent.How.DREAM_PAGE) -> Dream:
    """The client no longer agrees: stop every job, delete every copy of the video once this commits. An approval was
    of that video, so a shared dream goes back to moderation."""
    with transaction.atomic():
        videogen_services.video_jobs_discard(dream=dream)
        dream.consent_video = False
        dream.consent_full_text = False
        dream.consent_recorded_by = by
        dream.consent_recorded_at = timezone.now()
        dream_media_delete(dream=dream)
        if dream.visibility == Dream.Visibility.SHARED:
            dream.moderation = Dream.Moderation.PENDING
        dream.save()
        _consent_event(dream, by=by, kind=ConsentEvent.Kind.WITHDRAWN, how=how)
        audit.record(actor=by, dream_id=dream.pk, action=audit.Action.CONSENT_WITHDRAWN)
    return dream


def consent_give(*, dream: Dream, by, note: str = "") -> Dream:
    """Consent to a video of the dream, given by the client on its page, or recorded by their therapist (after the
    client's own withdrawal only with a note of the new consent given in session). No video is started here."""
    check_consent_giving(dream, by=by, note=note)
    if dream.consent_video:
        return dream
    with transaction.atomic():
        dream.consent_video = True
        _record_consent(dream, by=by, previously=False)
        dream.save(update_fields=["consent_video", "consent_recorded_by", "consent_recorded_at", "updated_at"])
        how = (
            ConsentEvent.How.DREAM_PAGE
            if consent_role(dream, by) == ConsentEvent.Role.CLIENT
            else ConsentEvent.How.DREAM_FORM
        )
        _consent_event(dream, by=by, kind=ConsentEvent.Kind.GIVEN, how=how, note=note)
    return dream


def dream_delete(*, dream: Dream, by=None) -> None:
    """Delete the dream: stop every job, delete every copy of its video once this commits. A nightmare's new versions
    go the same way first (their rehearsal logs with them)."""
    with transaction.atomic():
        for rescript in dream.rescripts.all():
            dream_delete(dream=rescript, by=by)
        audit.record(actor=by, dream_id=dream.pk, action=audit.Action.DELETED)
        videogen_services.video_jobs_discard(dream=dream)
        dream_media_delete(dream=dream)
        dream.delete()


def client_delete(*, client: Client, by) -> None:
    """Erase a client and all of theirs, for their therapist's page and the admin alike: every running job stopped at
    its provider, every copy of every video and poster deleted once this commits, the rows deleted by client (so
    whatever belongs to the client follows by cascade: dreams, rescripts, logs, consent history, favourites, jobs),
    their sign-in account erased and signed out everywhere. The audit log keeps ids and actions, never content."""
    account = client.user
    with transaction.atomic():
        dreams = list(Dream.objects.filter(client=client).only("pk", "client", "video", "poster"))
        for dream in dreams:
            videogen_services.video_jobs_discard(dream=dream)
        media_files_delete(names=[f.name for dream in dreams for f in (dream.video, dream.poster) if f])
        audit.record_many(actor=by, events=[(dream.pk, audit.Action.DELETED) for dream in dreams])
        audit.record(actor=by, client_id=client.pk, action=audit.Action.CLIENT_DELETED, detail=f"{len(dreams)} dreams")
        client_id = client.pk
        client.delete()
        if account is not None:
            account_erase(user=account, label=f"erased client {client_id}")


def account_erase(*, user, label: str) -> None:
    """Delete a client's sign-in account and its sessions (database and cache) once this commits; the audit events
    they made stay, under `label` instead of their sign-in name, and the sign-in attempts kept under that name go.
    A therapist's or staff account is only closed: it is a colleague's, and dreams name it as their author."""
    if not selectors.account_is_erasable(user):
        account_close(user=user)
        return
    user_id, username = user.pk, user.get_username()
    AuditEvent.objects.filter(actor=user).update(actor_name=label)
    for record in (AccessAttempt, AccessLog, AccessFailureLog):
        record.objects.filter(username=username).delete()
    user.delete()
    transaction.on_commit(lambda: end_sessions(user_id))


def account_close(*, user) -> None:
    """The account can no longer sign in, and every session it has ends once this commits.

    The account stays (deactivated), so the audit trail and the sign-in name keep pointing at it.
    """
    user.is_active = False
    user.set_unusable_password()  # also fails the session hash check of any session not found below
    user.save(update_fields=["is_active", "password"])
    transaction.on_commit(lambda: end_sessions(user.pk))


def dreams_exported(*, client: Client, by) -> None:
    """Record that `by` downloaded the client's dreams (GDPR Art. 15/20): who, whose, when; nothing of what."""
    audit.record(actor=by, client_id=client.pk, action=audit.Action.EXPORTED)


def moderation_errors(*, dream: Dream, decision: str, reason: str) -> dict[str, str]:
    """What is wrong with this decision, by field: only shared dreams are approved, and a rejection says why."""
    errors = {}
    if decision not in (Dream.Moderation.APPROVED, Dream.Moderation.REJECTED):
        errors["moderation"] = _("Choose to approve or to reject the dream.")
    elif decision == Dream.Moderation.APPROVED and dream.visibility != Dream.Visibility.SHARED:
        errors["moderation"] = _("Only a shared dream can be approved; this one is private.")
    elif decision == Dream.Moderation.REJECTED and not reason.strip():
        errors["moderation_reason"] = _("Say why the dream is rejected: its therapist reads the reason.")
    return errors


def dream_moderate(*, dream: Dream, by, decision: str, reason: str = "") -> Dream:
    """A moderator approves or rejects a shared dream; the one way staff change a dream, recorded in the audit log."""
    if not (by.is_staff and by.is_active):
        raise PermissionDenied
    errors = moderation_errors(dream=dream, decision=decision, reason=reason)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dream.moderation = decision
        dream.moderation_reason = reason.strip()
        dream.save(update_fields=["moderation", "moderation_reason", "updated_at"])
        action = audit.Action.APPROVED if decision == Dream.Moderation.APPROVED else audit.Action.REJECTED
        audit.record(actor=by, dream_id=dream.pk, action=action)
    return dream


def _require_superuser(user) -> None:
    """Who owns a dream is changed by a superuser only, never by a moderator, whatever permissions they hold."""
    if not (user.is_superuser and user.is_active):
        raise PermissionDenied


def transfer_errors(*, client: Client, author) -> dict[str, str]:
    """What is wrong with moving a dream to this client and author, by field: the author is the client's therapist."""
    if author is None or client is None or author.pk != client.therapist_id:
        return {"author": _("The author must be the therapist of the dream's client.")}
    return {}


def dream_transfer(*, dream: Dream, by, client: Client, author) -> Dream:
    """Move a dream to another client and/or author (a superuser's correction); the audit log says from where."""
    _require_superuser(by)
    errors = transfer_errors(client=client, author=author)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        was_client, was_author = Dream.objects.select_for_update().values_list("client", "author").get(pk=dream.pk)
        dream.client, dream.author = client, author
        dream.save(update_fields=["client", "author", "updated_at"])
        detail = f"client {was_client} → {client.pk}, author {was_author} → {author.pk}"
        audit.record(actor=by, dream_id=dream.pk, action=audit.Action.TRANSFERRED, detail=detail)
    return dream


def client_transfer(*, client: Client, by, therapist, user) -> Client:
    """Give a client to another therapist or sign-in account (a superuser's correction); each dream records it."""
    _require_superuser(by)
    with transaction.atomic():
        was_therapist, was_user = Client.objects.select_for_update().values_list("therapist", "user").get(pk=client.pk)
        client.therapist, client.user = therapist, user
        client.save(update_fields=["therapist", "user"])
        detail = (
            f"client {client.pk}: therapist {was_therapist} → {therapist.pk}, "
            f"account {was_user} → {user.pk if user else None}"
        )
        events = [(pk, audit.Action.TRANSFERRED) for pk in client.dreams.values_list("pk", flat=True)]
        audit.record_many(actor=by, events=events, detail=detail)
    return client


def favourite_set(*, user, dream: Dream, marked: bool) -> bool:
    """Mark (or unmark) a dream the user may open as one of their favourites; says whether it is marked now."""
    if marked:
        Favourite.objects.get_or_create(user=user, dream=dream)
    else:
        Favourite.objects.filter(user=user, dream=dream).delete()
    return marked
