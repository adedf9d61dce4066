"""The imagery-rehearsal part of the demo data: one nightmare of demo-client, its new version (both with videos from
the local renderer), and two weeks of rehearsals and morning logs ending last night, so the progress chart has
something to show after `make run`. Used by seed_demo."""

import datetime

from django.utils import timezone

from dreams.models import Client, Dream, NightLog, RehearsalSession
from dreams.rehearsal import selectors
from dreams.rehearsal.services import rescript_create
from dreams.services import dream_create

NIGHTMARE = (
    "Погоня в тёмном коридоре",
    "Меня преследует тень по тёмному коридору, двери заперты, я падаю и не могу кричать.",
)
RESCRIPT = (
    "Коридор выводит к морю",
    "Я выхожу к тёплому морю на рассвете: коридор кончается берегом. Рядом идёт мой старый пёс, мы гуляем по "
    "берегу, и мне спокойно.",
)
# Fourteen nights, oldest first: (a nightmare?, distress, was it the rescripted one?, minutes rehearsed that day).
NIGHTS = [
    (True, 8, True, 10),
    (True, 7, True, 12),
    (False, None, False, 8),
    (True, 8, True, 10),
    (True, 6, False, 15),
    (False, None, False, 10),
    (True, 7, True, 5),
    (False, None, False, 10),
    (True, 5, True, 12),
    (False, None, False, 10),
    (False, None, False, 0),
    (True, 4, False, 10),
    (False, None, False, 15),
    (False, None, False, 10),
]


def seed_rehearsal(*, client: Client, therapist) -> bool:
    """Add the demo nightmare, its rescript and two weeks of logs, unless the client already rehearses one."""
    if Dream.objects.filter(client=client, rescript_of__isnull=False).exists():
        return False
    last_night = selectors.last_night(client)
    first_night = last_night - datetime.timedelta(days=len(NIGHTS) - 1)
    nightmare = dream_create(
        author=therapist,
        client=client,
        title=NIGHTMARE[0],
        content=NIGHTMARE[1],
        dreamt_on=first_night - datetime.timedelta(days=2),
        consent_video=True,
        distressing=True,
        provider="local",
    )
    rescript = rescript_create(
        original=nightmare,
        author=therapist,
        title=RESCRIPT[0],
        content=RESCRIPT[1],
        consent_video=True,
        provider="local",
    )
    # The rescript was written in session on the day of the first logged night: the weeks count from there.
    started = timezone.now() - datetime.timedelta(days=len(NIGHTS))
    Dream.objects.filter(pk__in=[nightmare.pk, rescript.pk]).update(created_at=started)
    for offset, (nightmare_came, distress, rescripted, minutes) in enumerate(NIGHTS):
        night = first_night + datetime.timedelta(days=offset)
        NightLog.objects.create(
            client=client,
            rescript=rescript,
            night=night,
            nightmare=nightmare_came,
            distress=distress,
            was_rescripted=rescripted,
        )
        if minutes:
            # Rehearsed in the evening before that night.
            RehearsalSession.objects.create(
                client=client,
                rescript=rescript,
                day=night,
                minutes=minutes,
                vividness=min(10, 4 + offset // 3),
                calm=min(10, 3 + offset // 2),
            )
    return True
