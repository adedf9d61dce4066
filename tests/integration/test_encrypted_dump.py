"""A dump of the PostgreSQL database holds none of the dreams' words: dreams made through the services, with their
consent notes, prompts in every privacy mode, videos rendered locally and a moderation decision, then pg_dump."""

import json
import re
import subprocess

import pytest
from django.db import connection

from dreams.services import client_create, dream_create, dream_moderate
from tests.factories import TherapistFactory, UserFactory
from videogen import runner
from videogen.models import VideoJob

pytestmark = pytest.mark.integration

DREAMS = [
    {
        "title": "Vermillion Quokka Parade",
        "content": "I walked with Ottoline Fairweather through the glimmerwood near Zanzibarque; "
        "a quokka carried a lantern over the river.",
        "privacy_mode": "full",
        "consent_full_text": True,
        "consent_note": "Agreed in session about the marmalade lighthouse",
    },
    {
        "title": "Квазиморда и стеклянный пароход",
        "content": "Мне снилось, что Фрося Жемчугова звонила из Пятигорска, а стеклянный пароход тонул в молоке.",
        "privacy_mode": "anonymized",
        "consent_note": "",
    },
    {
        "title": "Snorkelbridge at dusk",
        "content": "A wolf sang under the snorkelbridge while the moon melted into honey.",
        "privacy_mode": "symbols",
        "visibility": "shared",
        "consent_note": "",
    },
]
WORDS = ["Quokka", "Ottoline", "Fairweather", "glimmerwood", "Zanzibarque", "marmalade", "Квазиморда", "Фрося",
         "Жемчугова", "Пятигорск", "пароход", "молоке", "Snorkelbridge", "melted", "Bewilderfish"]  # fmt: skip


def pg_dump() -> str:
    settings = connection.settings_dict
    command = ["pg_dump", "--no-owner", "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    command += ["-U", settings["USER"] or "postgres", "-d", settings["NAME"]]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def test_a_database_dump_holds_none_of_the_dreams_words(postgres, client):
    therapist = TherapistFactory()
    client_record = client_create(therapist=therapist, pseudonym="Client Pelerine")
    with runner.in_process() as steps:
        dreams = [
            dream_create(author=therapist, client=client_record, dreamt_on="2026-11-01", consent_video=True,
                         provider="local", **fields)
            for fields in DREAMS
        ]  # fmt: skip
        runner.drain(steps, VideoJob.objects.values_list("pk", flat=True), timeout=120)
    jobs = list(VideoJob.objects.order_by("pk"))
    assert [job.state for job in jobs] == ["ready"] * 3, [job.error for job in jobs]
    assert "Ottoline" in jobs[0].prompt and "пароход" in jobs[1].prompt  # full and anonymized send dream text
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # the admin keeps a history of its own
    change = {"client": client_record.pk, "author": therapist.pk, "dreamt_on": "2026-11-01", "moderation": "approved"}
    change |= {"symbols": json.dumps(dreams[2].symbols), "initial-symbols": json.dumps(dreams[2].symbols)}
    assert client.post(f"/admin/dreams/dream/{dreams[2].pk}/change/", change | {"_save": "Save"}).status_code == 302
    dreams[2].refresh_from_db()
    dream_moderate(dream=dreams[2], by=UserFactory(is_staff=True), decision="rejected", reason="Bewilderfish shown")
    symbols = {symbol for dream in dreams for symbol in dream.symbols}
    assert {"wolf", "moon"} <= symbols

    dump = pg_dump()
    assert "Client Pelerine" in dump  # the dump is of these rows (a pseudonym is no dream text)
    found = [word for word in WORDS if word.casefold() in dump.casefold()]
    found += [symbol for symbol in symbols if re.search(rf"\b{re.escape(symbol)}\b", dump, flags=re.IGNORECASE)]
    assert found == []
    assert len(re.findall(r"gAAAAA[\w-]{90,}={0,2}", dump)) >= 3 * 4  # titles, texts, symbols, prompts: ciphertext
