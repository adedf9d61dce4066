"""Demo data for `make run`: a therapist, two clients, a staff moderator, the seed's example dreams, and for
demo-client a rescripted nightmare with two weeks of rehearsals and morning logs."""

import datetime
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from dreams.models import Client, therapists_group
from dreams.rehearsal.demo import seed_rehearsal
from dreams.services import dream_create

DREAMS = {
    "demo-client": [
        ("Красный кит", "Кит плавал в воде, он был большим и красным, как будто хотел со мной поговорить.", False),
        (
            "Полёт над горящим городом",
            "Я летела ночью над горящим городом, внизу искры и дым, а мне было не страшно.",
            True,
        ),
        ("Зеркало", "Я смотрела в зеркало, и отражение улыбалось, хотя я не улыбалась.", False),
        (
            "Snow garden",
            "I walked through a silent garden under falling snow; the trees were white and the moon was full.",
            False,
        ),
    ],
    "demo-client2": [
        ("Лестница в лесу", "В лесу стояла бесконечная лестница, я поднималась по ней к звёздам.", False),
        ("The old ship", "My father and I sailed an old ship through thick fog, and an owl sat on the mast.", False),
    ],
}


class Command(BaseCommand):
    help = "Create the demo therapist, clients, staff and dreams (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "dreamtok")
        users = get_user_model().objects
        therapists = therapists_group()

        def account(username, **extra):
            user, created = users.get_or_create(username=username, defaults=extra)
            if created:
                user.set_password(password)
                user.save()
            return user

        therapist = account("demo-therapist", first_name="Demo")
        therapist.groups.add(therapists)
        account("demo-staff", is_staff=True, is_superuser=True)
        made = 0
        for index, (username, dreams) in enumerate(DREAMS.items()):
            user = account(username)
            client, _ = Client.objects.get_or_create(
                user=user, defaults={"therapist": therapist, "pseudonym": f"Client {chr(65 + index)}"}
            )
            # Titles are stored encrypted: compared here, not by the database.
            titles = set(client.dreams.values_list("title", flat=True))
            for days_ago, (title, content, distressing) in enumerate(dreams):
                if title in titles:
                    continue
                dream_create(
                    author=therapist,
                    client=client,
                    title=title,
                    content=content,
                    dreamt_on=timezone.localdate() - datetime.timedelta(days=days_ago + 1),
                    consent_video=True,
                    distressing=distressing,
                    provider="local",
                )
                made += 1
            if username == "demo-client" and seed_rehearsal(client=client, therapist=therapist):
                made += 2  # a nightmare and its new version, with two weeks of rehearsals and morning logs
        self.stdout.write(
            f"Demo data ready ({made} new dreams). Sign in as demo-therapist, demo-client, demo-client2 "
            f"or demo-staff with the password {'from DEMO_PASSWORD' if 'DEMO_PASSWORD' in os.environ else 'dreamtok'}."
        )
        if not settings.DEMO_MODE:
            self.stdout.write("DEMO_MODE is off: demo-therapist and demo-staff enrol a second factor on first sign-in.")
