"""Job errors are stored as a code with its parameters, and read in the language of whoever reads them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from tests.factories import UserFactory, VideoJobFactory
from videogen.models import VideoJob
from videogen.services import steps

ENGLISH = "The provider's video link is not a web address we accept."
RUSSIAN = translation.trans_real.translation("ru").gettext(ENGLISH)


def a_job_failed_by_a_russian_worker() -> VideoJob:
    job = VideoJobFactory(providers_tried=["local"], state="downloading", output_url="ftp://x/clip.mp4")
    with translation.override("ru"):
        steps.job_finalize(job.pk)
    job.refresh_from_db()
    assert job.state == "failed"
    return job


@pytest.mark.django_db
def test_the_catalogue_translates_the_error_used_here():
    assert RUSSIAN != ENGLISH


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected", "other"), [("en", ENGLISH, RUSSIAN), ("ru", RUSSIAN, ENGLISH)])
def test_a_therapist_reads_the_error_in_their_language(client, language, expected, other):
    job = a_job_failed_by_a_russian_worker()
    client.force_login(job.dream.author)
    page = client.get(f"/dreams/{job.dream_id}/", headers={"accept-language": language}).content.decode()
    status = client.get(f"/dreams/{job.dream_id}/video-status", headers={"accept-language": language}).json()
    assert expected.replace("'", "&#x27;") in page and other.replace("'", "&#x27;") not in page
    assert status["error"] == expected


@pytest.mark.django_db
def test_staff_read_the_error_in_their_language_in_the_admin(client):
    job = a_job_failed_by_a_russian_worker()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/videogen/videojob/{job.pk}/change/", headers={"accept-language": "en"})
    assert ENGLISH.replace("'", "&#x27;") in page.content.decode()


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_stored_texts_into_codes_where_it_can():
    old = migrate([("videogen", "0008_drawn_symbols"), ("dreams", "0010_video_sound_and_credentials")])
    user = old.get_model("auth", "User").objects.create(username="t")
    client = old.get_model("dreams", "Client").objects.create(therapist=user, pseudonym="A")
    dream = old.get_model("dreams", "Dream").objects.create(
        client=client, author=user, title="x", content="y", dreamt_on="2026-11-01"
    )
    jobs = old.get_model("videogen", "VideoJob").objects
    ru = translation.trans_real.translation("ru").gettext
    texts = [
        ru("The %(provider)s API key was refused.") % {"provider": "Luma"},
        "Kling could not make this video.",
        "something no catalogue knows",
    ]
    made = [
        jobs.create(dream=dream, provider="luma", error=text, callback_token=str(n)) for n, text in enumerate(texts)
    ]
    new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = {job.pk: job for job in new.get_model("videogen", "VideoJob").objects.all()}
    assert (rows[made[0].pk].error_code, rows[made[0].pk].error_params) == (
        "The %(provider)s API key was refused.",
        {"provider": "Luma"},
    )
    assert (rows[made[1].pk].error_code, rows[made[1].pk].error_params) == ("Kling could not make this video.", {})
    assert (rows[made[2].pk].error_code, rows[made[2].pk].error) == ("", "something no catalogue knows")
