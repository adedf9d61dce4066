"""The morning-log reminder by email (Django's email framework; the console backend unless configured). It names no
dream and carries no text the client wrote: only that last night's log is waiting."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Client
from . import selectors, services

log = logging.getLogger(__name__)


def reminder_send(*, client: Client, now: datetime.datetime | None = None) -> bool:
    """Email the client once for last night (claimed first, so a second beat run sends nothing); True if sent."""
    night = selectors.last_night(client, now or timezone.now())
    if not services.reminder_mark_sent(client=client, night=night):
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("DreamTok: how was last night?")
        body = _(
            "Good morning. Your morning log for last night is waiting: it takes less than 20 seconds.\n\n"
            "Open %(url)s to fill it in.\n\nYou get this email because you asked for a morning reminder; turn it off "
            "on the same page."
        ) % {"url": settings.SITE_URL.rstrip("/") + reverse("morning_log")}
    send_mail(subject, body, None, [client.reminder_email])
    log.info("morning reminder sent to client %s", client.pk)
    return True


def reminders_send_due(now: datetime.datetime | None = None) -> int:
    """Every reminder due now; how many were sent."""
    return sum(reminder_send(client=client, now=now) for client in selectors.reminders_due(now))
