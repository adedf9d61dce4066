"""Telling therapists that a video is ready or failed: in the app (a badge and a list), and by e-mail if they asked.

The e-mail goes through Django's mail framework (the console backend unless EMAIL_BACKEND says otherwise) and carries
a link only: no title, no text of the dream, which would otherwise sit in a mail provider's storage.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Dream, Notification, NotificationPreference


def video_notify(*, dream: Dream, user, ready: bool) -> Notification | None:
    """Tell `user` (the therapist who asked for the video) that it is ready or failed; mail them after the commit if
    they asked for it."""
    if user is None:
        return None
    kind = Notification.Kind.READY if ready else Notification.Kind.FAILED
    notification = Notification.objects.create(user=user, dream=dream, kind=kind)
    if user.email and wants_email(user):
        transaction.on_commit(lambda: _mail(notification))
    return notification


def _mail(notification: Notification) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("dream_detail", args=[notification.dream_id])
    with translation.override(settings.LANGUAGE_CODE):
        if notification.kind == Notification.Kind.READY:
            subject = _("DreamTok: a video is ready")
        else:
            subject = _("DreamTok: a video could not be made")
        body = _("Open the dream in DreamTok: %(link)s") % {"link": link}
    send_mail(subject, body, None, [notification.user.email], fail_silently=True)


def wants_email(user) -> bool:
    return NotificationPreference.objects.filter(user=user, email_on_video=True).exists()


def email_preference_set(*, user, email_on_video: bool) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_on_video": email_on_video}
    )
    return preference


def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


def notifications_for(user) -> QuerySet[Notification]:
    """The user's notifications, newest first, with their dreams' titles (never the text)."""
    return Notification.objects.filter(user=user).select_related("dream").defer("dream__content")[:100]


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()
